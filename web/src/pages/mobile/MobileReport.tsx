import { CheckCircleFilled } from "@ant-design/icons";
import { Alert, App, Button, Input, Result, Switch, Tag, Typography } from "antd";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { ApiError, api } from "../../api/client";
import type { Evidence, HazardDetail } from "../../api/types";
import { EnterprisePicker } from "../../components/EnterprisePicker";
import { EvidenceUpload, evidenceIds, useGeolocation } from "../../components/EvidenceUpload";
import { useCurrentUser } from "../../components/MeContext";
import { errorMessage } from "../../lib/errors";
import { useHazardLabels } from "../hazards/labels";

/** A title from the description: its first line, at most 30 characters. */
export function titleFrom(description: string): string {
  const line = description.trim().split(/\r?\n/)[0]?.trim() ?? "";
  return line.length > 30 ? `${line.slice(0, 30)}…` : line;
}

/** 隐患随手拍: photos on the spot, a description, where — reported in under a minute. */
export default function MobileReport() {
  const { t } = useTranslation();
  const hl = useHazardLabels();
  const me = useCurrentUser();
  const { message } = App.useApp();
  const own = me.scope.kind === "enterprise" ? (me.scope.enterpriseId ?? me.abilities.ownEnterpriseId ?? undefined) : undefined;
  const [enterpriseId, setEnterpriseId] = useState<string | undefined>(own);
  const [photos, setPhotos] = useState<Evidence[]>([]);
  const [description, setDescription] = useState("");
  const [location, setLocation] = useState("");
  const [dangerType, setDangerType] = useState<number | undefined>();
  const [major, setMajor] = useState(false);
  const [busy, setBusy] = useState(false);
  const [submitting, setSubmitting] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [created, setCreated] = useState<HazardDetail | null>(null);
  const position = useGeolocation();

  const missing = !enterpriseId
    ? t("mobile.needEnterprise")
    : !photos.length
      ? t("mobile.needPhoto")
      : !description.trim()
        ? t("mobile.needDescription")
        : null;

  const submit = async () => {
    if (missing) {
      setError(missing);
      return;
    }
    setSubmitting(true);
    setError(null);
    try {
      const h = await api.post<HazardDetail>("/api/hazards", {
        enterpriseId,
        title: titleFrom(description),
        description: description.trim(),
        location: location.trim() || undefined,
        lat: position.current?.lat,
        lng: position.current?.lng,
        dangerType,
        level: major ? "major" : undefined,
        source: me.role === "regulator" ? "regulator" : me.role === "expert" ? "third_party" : undefined,
        evidenceIds: evidenceIds(photos),
      });
      setCreated(h);
      message.success(t("mobile.reported"));
    } catch (e) {
      setError(e instanceof ApiError && e.fields.length ? e.fields.map((f) => f.message).join("；") : errorMessage(e, t));
    } finally {
      setSubmitting(false);
    }
  };

  if (created) {
    return (
      <div className="m-card" data-testid="m-report-done">
        <Result
          icon={<CheckCircleFilled style={{ color: "#52c41a" }} />}
          title={t("mobile.reported")}
          subTitle={
            <span>
              {t("mobile.reportedCode")}{" "}
              <Typography.Text code data-testid="m-report-code">
                {created.code}
              </Typography.Text>
            </span>
          }
          extra={[
            <Link key="view" to={`/m/hazards/${created.id}`}>
              <Button type="primary" size="large">
                {t("mobile.viewHazard")}
              </Button>
            </Link>,
            <Button
              key="again"
              size="large"
              onClick={() => {
                setCreated(null);
                setPhotos([]);
                setDescription("");
                setLocation("");
                setDangerType(undefined);
                setMajor(false);
              }}
            >
              {t("mobile.reportAnother")}
            </Button>,
          ]}
        />
      </div>
    );
  }

  return (
    <>
      <div className="m-card">
        <h3>{t("mobile.enterprise")}</h3>
        {own ? (
          <Typography.Text strong data-testid="m-report-enterprise">
            {me.org.name}
          </Typography.Text>
        ) : (
          <EnterprisePicker size="large" style={{ width: "100%" }} value={enterpriseId} onChange={setEnterpriseId} data-testid="m-report-enterprise" />
        )}
      </div>
      <div className="m-card">
        <h3>{t("mobile.photos")}</h3>
        <EvidenceUpload large value={photos} onChange={setPhotos} enterpriseId={enterpriseId} onBusy={setBusy} data-testid="m-report-photos" />
      </div>
      <div className="m-card">
        <h3>{t("mobile.whatIsWrong")}</h3>
        <Input.TextArea
          data-testid="m-report-description"
          rows={3}
          maxLength={2000}
          placeholder={t("mobile.descriptionPlaceholder")}
          value={description}
          onChange={(e) => setDescription(e.target.value)}
        />
        <div className="m-field-label">{t("hazards.location")}</div>
        <Input
          size="large"
          data-testid="m-report-location"
          maxLength={200}
          placeholder={t("mobile.locationPlaceholder")}
          value={location}
          onChange={(e) => setLocation(e.target.value)}
        />
        <div className="m-field-label">{t("mobile.typeOptional")}</div>
        <div className="m-chip-row" data-testid="m-report-type">
          {hl.typeOptions().map((o) => (
            <Tag.CheckableTag key={o.value} checked={dangerType === o.value} onChange={(on) => setDangerType(on ? o.value : undefined)}>
              {o.label}
            </Tag.CheckableTag>
          ))}
        </div>
        <div className="m-field-label" style={{ display: "flex", alignItems: "center", gap: 8 }}>
          <Switch checked={major} onChange={setMajor} data-testid="m-report-major" />
          {t("mobile.maybeMajor")}
        </div>
      </div>
      {error && <Alert type="error" showIcon title={error} data-testid="m-report-error" style={{ marginBottom: 12 }} />}
      <div className="m-footer">
        <Button type="primary" size="large" loading={submitting} disabled={busy} onClick={() => void submit()} data-testid="m-report-submit">
          {busy ? t("mobile.uploading") : t("mobile.submitReport")}
        </Button>
      </div>
    </>
  );
}
