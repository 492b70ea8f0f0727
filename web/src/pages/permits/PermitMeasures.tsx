/**
 * The permit's safety-measure checklist (安全措施): each item involved or not (answered while the permit is a draft),
 * and confirmed on site by whom and when — with a live photo where the item requires one.
 */
import { CameraOutlined, CheckCircleFilled } from "@ant-design/icons";
import { Alert, App, Button, type ButtonProps, Modal, Switch, Tag, Typography } from "antd";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import type { Evidence } from "../../api/types";
import { EvidenceUpload } from "../../components/EvidenceUpload";
import { errorMessage } from "../../lib/errors";
import { formatDateTime } from "../../lib/format";
import { refusalMessages, usePermitWrite } from "./queries";
import type { PermitDetail, PermitMeasure } from "./types";

export function PermitMeasures({ p, large }: { p: PermitDetail; large?: boolean }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const write = usePermitWrite(p.id);
  const [confirming, setConfirming] = useState<PermitMeasure | null>(null);
  const [photos, setPhotos] = useState<Evidence[]>([]);
  const [uploading, setUploading] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const editable = (p.abilities.answerMeasures ?? p.abilities.edit) && p.status === "draft";

  const toggle = async (m: PermitMeasure, involved: boolean) => {
    const items = p.measures
      .map((x) => ({ no: x.no, involved: x.no === m.no ? involved : x.involved }))
      .filter((x): x is { no: number; involved: boolean } => x.involved !== null && x.involved !== undefined);
    try {
      await write.mutateAsync({ kind: "measures", items, version: p.version });
    } catch (e) {
      message.error(refusalMessages(e).join("；") || errorMessage(e, t));
    }
  };

  const confirm = async (m: PermitMeasure, evidenceId?: string) => {
    setError(null);
    try {
      await write.mutateAsync({ kind: "confirm", no: m.no, evidenceId });
      message.success(t("permits.measure.confirmed", { no: m.no }));
      setConfirming(null);
    } catch (e) {
      const msg = refusalMessages(e).join("；") || errorMessage(e, t);
      if (confirming) setError(msg);
      else message.error(msg);
    }
  };

  const open = (m: PermitMeasure) => {
    setPhotos([]);
    setError(null);
    setConfirming(m);
  };

  const unanswered = p.measures.filter((m) => m.involved === null || m.involved === undefined).length;
  return (
    <div data-testid="permit-measures">
      {editable && unanswered > 0 && (
        <Alert
          type="info"
          showIcon
          style={{ marginBottom: 8 }}
          title={t("permits.measure.answerAll", { count: unanswered })}
          data-testid="measures-unanswered"
        />
      )}
      {p.measures.map((m) => (
        <div key={m.no} className="permit-measure" data-testid={`measure-${m.no}`} data-involved={String(m.involved)} data-confirmed={String(!!m.confirmedAt)}>
          <div className="permit-measure-text">
            {m.no}. {m.text} {m.photoRequired && <Tag color="blue">{t("permits.photoRequired")}</Tag>}
          </div>
          <div className="permit-measure-state">
            {editable ? (
              <Switch
                checked={!!m.involved}
                loading={write.isPending}
                checkedChildren={t("permits.involved")}
                unCheckedChildren={m.involved === false ? t("permits.notInvolved") : t("permits.unanswered")}
                onChange={(v) => void toggle(m, v)}
                data-testid={`measure-${m.no}-involved`}
              />
            ) : (
              <Tag color={m.involved ? "blue" : m.involved === false ? "default" : "warning"}>
                {m.involved ? t("permits.involved") : m.involved === false ? t("permits.notInvolved") : t("permits.unanswered")}
              </Tag>
            )}
            {m.confirmedAt ? (
              <Typography.Text type="success" style={{ fontSize: 13 }} data-testid={`measure-${m.no}-confirmed`}>
                <CheckCircleFilled /> {t("permits.measure.confirmedBy", { name: m.confirmedByName ?? "", at: formatDateTime(m.confirmedAt) })}
                {m.evidenceId && (
                  <>
                    {" "}
                    <CameraOutlined />
                  </>
                )}
              </Typography.Text>
            ) : (
              m.involved &&
              p.abilities.confirmMeasures && (
                <Button
                  size={large ? "large" : "small"}
                  type="primary"
                  ghost
                  icon={m.photoRequired ? <CameraOutlined /> : undefined}
                  loading={write.isPending && !confirming}
                  data-testid={`measure-${m.no}-confirm`}
                  onClick={() => (m.photoRequired ? open(m) : void confirm(m))}
                >
                  {m.photoRequired ? t("permits.measure.confirmWithPhoto") : t("permits.measure.confirm")}
                </Button>
              )
            )}
          </div>
        </div>
      ))}
      <Modal
        open={confirming !== null}
        title={confirming ? t("permits.measure.confirmTitle", { no: confirming.no }) : ""}
        okText={t("permits.measure.confirm")}
        cancelText={t("common.cancel")}
        okButtonProps={{ disabled: !photos.length || uploading, "data-testid": "measure-confirm-ok" } as ButtonProps}
        confirmLoading={write.isPending}
        onOk={() => confirming && void confirm(confirming, photos[0]?.id)}
        onCancel={() => setConfirming(null)}
        destroyOnHidden
      >
        {confirming && <Typography.Paragraph>{confirming.text}</Typography.Paragraph>}
        {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} data-testid="measure-confirm-error" />}
        <Typography.Paragraph type="secondary" style={{ fontSize: 13 }}>
          {t("permits.measure.photoHelp")}
        </Typography.Paragraph>
        <EvidenceUpload
          data-testid="measure-photo"
          value={photos}
          onChange={setPhotos}
          enterpriseId={p.enterpriseId}
          allowGallery={false}
          large
          max={1}
          onBusy={setUploading}
        />
      </Modal>
    </div>
  );
}
