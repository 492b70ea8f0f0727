/**
 * The permit's actions for this caller (the server's `abilities.actions`) as buttons. Each asks what it needs —
 * approve: an opinion and the phone's position (navigator.geolocation); return: a reason; cancel: the reason;
 * suspend: why — and sends the version the user saw. Refusals (409 wrong status / version, 403, 422 failed checks)
 * are shown with every detail message.
 */
import type { PermitAction } from "@anguan/domain";
import { EnvironmentOutlined, LoadingOutlined } from "@ant-design/icons";
import { Alert, App, Button, type ButtonProps, Input, Modal, Space, Typography } from "antd";
import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { ApiError } from "../../api/client";
import { errorMessage } from "../../lib/errors";
import { usePermitLabels } from "./labels";
import { refusalMessages, usePermitWrite } from "./queries";
import type { PermitDetail } from "./types";

const ORDER: PermitAction[] = ["submit", "approve", "start", "resume", "complete", "accept", "suspend", "return", "cancel"];
const PRIMARY: readonly PermitAction[] = ["submit", "approve", "start", "resume", "complete", "accept"];
const DANGER: readonly PermitAction[] = ["cancel", "return"];

type Position = { state: "idle" | "locating" | "ok" | "failed"; lat?: number; lng?: number; error?: string };

/** Asks the phone for its position when `enabled` turns on. */
function usePosition(enabled: boolean): Position {
  const [pos, setPos] = useState<Position>({ state: "idle" });
  useEffect(() => {
    if (!enabled) return;
    if (!("geolocation" in navigator)) {
      setPos({ state: "failed", error: "geolocation unavailable" });
      return;
    }
    setPos({ state: "locating" });
    let live = true;
    navigator.geolocation.getCurrentPosition(
      (p) => live && setPos({ state: "ok", lat: Number(p.coords.latitude.toFixed(6)), lng: Number(p.coords.longitude.toFixed(6)) }),
      (e) => live && setPos({ state: "failed", error: e.message }),
      { enableHighAccuracy: true, timeout: 15_000, maximumAge: 60_000 },
    );
    return () => {
      live = false;
    };
  }, [enabled]);
  return pos;
}

export function PermitActions({ p, size = "middle", onConflict }: { p: PermitDetail; size?: "middle" | "large"; onConflict?: () => void }) {
  const { t } = useTranslation();
  const pl = usePermitLabels();
  const { message } = App.useApp();
  const write = usePermitWrite(p.id);
  const [action, setAction] = useState<PermitAction | null>(null);
  const [text, setText] = useState("");
  const [errors, setErrors] = useState<string[]>([]);
  const pos = usePosition(action === "approve");
  const actions = ORDER.filter((a) => p.abilities.actions.includes(a));

  const open = (a: PermitAction) => {
    setText("");
    setErrors([]);
    setAction(a);
  };

  const send = async () => {
    if (!action) return;
    if (action === "cancel" && !text.trim()) {
      setErrors([t("permits.act.reasonRequired")]);
      return;
    }
    setErrors([]);
    const body: Record<string, unknown> = { version: p.version };
    const note = text.trim();
    if (action === "approve") {
      if (note) body.opinion = note;
      if (pos.lat !== undefined && pos.lng !== undefined) {
        body.lat = pos.lat;
        body.lng = pos.lng;
      }
    } else if (action === "cancel") body.reason = note;
    else if (action === "return") {
      if (note) {
        body.opinion = note;
        body.note = note;
      }
    } else if (note) body.note = note;
    try {
      await write.mutateAsync({ kind: "action", action, body });
      message.success(t("permits.act.done", { action: pl.action(action) }));
      setAction(null);
    } catch (e) {
      const list = refusalMessages(e);
      const head = errorMessage(e, t);
      setErrors(list.length ? (list.includes(head) ? list : [head, ...list]) : [head]);
      if (e instanceof ApiError && e.code === "VERSION_CONFLICT") onConflict?.();
    }
  };

  if (!actions.length) return null;
  // Every action takes a text: the opinion (approve), the reason (cancel, return) or a note for the record.
  const needsText = action !== null;
  const textLabel =
    action === "approve"
      ? t("permits.act.opinion")
      : action === "cancel"
        ? t("permits.act.reason")
        : action === "return"
          ? t("permits.act.returnReason")
          : t("permits.act.note");

  return (
    <>
      <Space wrap size={[8, 8]} data-testid="permit-actions" className="permit-action-buttons">
        {actions.map((a) => (
          <Button
            key={a}
            size={size}
            type={PRIMARY.includes(a) ? "primary" : "default"}
            danger={DANGER.includes(a)}
            data-testid={`action-${a}`}
            onClick={() => open(a)}
          >
            {pl.action(a)}
          </Button>
        ))}
      </Space>
      <Modal
        open={action !== null}
        title={action ? `${pl.action(action)}：${p.code}` : ""}
        okText={action ? pl.action(action) : undefined}
        cancelText={t("common.cancel")}
        okButtonProps={{ "data-testid": "action-ok", danger: action ? DANGER.includes(action) : false } as ButtonProps}
        confirmLoading={write.isPending}
        onOk={() => void send()}
        onCancel={() => setAction(null)}
        destroyOnHidden
        data-testid="action-modal"
      >
        {errors.length > 0 && (
          <Alert
            type="error"
            showIcon
            style={{ marginBottom: 12 }}
            data-testid="action-error"
            title={errors[0]}
            description={
              errors.length > 1 ? (
                <ul className="permit-list">
                  {errors.slice(1).map((m) => (
                    <li key={m}>{m}</li>
                  ))}
                </ul>
              ) : undefined
            }
          />
        )}
        {action && <Typography.Paragraph type="secondary">{t(`permits.act.help.${action}`)}</Typography.Paragraph>}
        {action === "approve" && (
          <div className="permit-location" data-testid="action-location" data-state={pos.state}>
            {pos.state === "locating" ? <LoadingOutlined /> : <EnvironmentOutlined />}{" "}
            {pos.state === "ok"
              ? t("permits.act.located", { latitude: pos.lat, longitude: pos.lng })
              : pos.state === "failed"
                ? t("permits.act.locateFailed", { error: pos.error ?? "" })
                : t("permits.act.locating")}
          </div>
        )}
        {needsText && (
          <>
            <div className="permit-label">{textLabel}</div>
            <Input.TextArea data-testid="action-text" rows={3} maxLength={1000} value={text} onChange={(e) => setText(e.target.value)} />
          </>
        )}
        {(action === "start" || action === "complete" || action === "resume") && (p.blockers?.[action] ?? []).length > 0 && (
          <Alert
            type="warning"
            showIcon
            style={{ marginTop: 12 }}
            title={t(`permits.blockers.${action}`)}
            description={
              <ul className="permit-list">
                {(p.blockers[action] ?? []).map((b) => (
                  <li key={`${b.code}-${b.message}`}>{b.message}</li>
                ))}
              </ul>
            }
          />
        )}
      </Modal>
    </>
  );
}
