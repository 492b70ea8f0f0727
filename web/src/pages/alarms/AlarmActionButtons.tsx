/**
 * The duty actions of one alarm (确认 / 现场核实 / 处置反馈 / 消警) as buttons, for the alarm page and the duty screen.
 * The buttons are the server's `actions` for this caller; each request carries the version the user saw, and a 409
 * (someone else acted first, or the reading is still in alarm) refreshes the alarm and says so.
 */
import type { AlarmAction, AlarmCause } from "@anguan/domain";
import { Alert, App, Button, Form, Input, Modal, Popconfirm, Select, Space } from "antd";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { ApiError } from "../../api/client";
import type { AlarmDetail } from "../../api/types";
import { applyFieldErrors, errorMessage } from "../../lib/errors";
import { useAlarmLabels } from "./labels";
import { isAlarmConflict, useAlarm, useAlarmAction } from "./queries";

const ORDER: AlarmAction[] = ["acknowledge", "verify", "dispose", "clear"];

interface Props {
  alarmId: string;
  size?: "small" | "middle" | "large";
  /** Show a short line when there is nothing to do (the detail page); the duty screen shows nothing. */
  showEmpty?: boolean;
  /** Called with the fresh alarm after an action succeeded. */
  onDone?: (alarm: AlarmDetail) => void;
}

interface FormValues {
  cause?: AlarmCause;
  note?: string;
  feedback?: string;
}

export function AlarmActionButtons({ alarmId, size = "middle", showEmpty = false, onDone }: Props) {
  const { t } = useTranslation();
  const al = useAlarmLabels();
  const { message } = App.useApp();
  const q = useAlarm(alarmId);
  const mutation = useAlarmAction(alarmId);
  const [form] = Form.useForm<FormValues>();
  const [modal, setModal] = useState<"verify" | "dispose" | null>(null);
  const [error, setError] = useState<string | null>(null);
  const a = q.data;
  if (!a) return null;
  const actions = ORDER.filter((x) => a.actions.includes(x));
  if (actions.length === 0) return showEmpty ? <span style={{ color: "#6b7280" }}>{t("alarms.noActions")}</span> : null;

  /** Sends the action; true when done. Field errors go onto the open form, anything else into the modal or a toast. */
  const send = async (action: AlarmAction, extra: FormValues = {}): Promise<boolean> => {
    setError(null);
    try {
      const fresh = await mutation.mutateAsync({
        action,
        version: a.version,
        ...(extra.cause ? { cause: extra.cause } : {}),
        ...(extra.note?.trim() ? { note: extra.note.trim() } : {}),
        ...(extra.feedback !== undefined ? { feedback: extra.feedback } : {}),
      });
      message.success(t("alarms.actionDone", { action: al.action(action) }));
      onDone?.(fresh);
      return true;
    } catch (e) {
      if (isAlarmConflict(e)) {
        // Someone else acted first: say so; a refusal of the state (the reading still in alarm…) in the server's words.
        message.warning(e instanceof ApiError && e.code === "VERSION_CONFLICT" ? t("alarms.conflict") : errorMessage(e, t));
        void q.refetch();
        setModal(null);
        return false;
      }
      const leftover = modal ? applyFieldErrors(form, e, ["cause", "note", "feedback"]) : [];
      const hadFields = modal !== null && e instanceof ApiError && e.fields.length > 0;
      if (!hadFields) {
        if (modal) setError(errorMessage(e, t));
        else message.error(errorMessage(e, t));
      } else if (leftover.length) setError(leftover.join("；"));
      return false;
    }
  };

  const open = (m: "verify" | "dispose") => {
    form.resetFields();
    setError(null);
    setModal(m);
  };

  const submit = async () => {
    const values = await form.validateFields().catch(() => null);
    if (!values || !modal) return;
    if (await send(modal, values)) setModal(null);
  };

  const busy = mutation.isPending;
  return (
    <>
      <Space wrap size={[8, 8]} data-testid="alarm-actions">
        {actions.map((x) => {
          const label = al.action(x);
          if (x === "acknowledge")
            return (
              <Button key={x} size={size} type="primary" danger loading={busy} data-testid="alarm-action-acknowledge" onClick={() => void send("acknowledge")}>
                {label}
              </Button>
            );
          if (x === "clear")
            return (
              <Popconfirm key={x} title={t("alarms.clearConfirm")} onConfirm={() => send("clear")} okButtonProps={{ loading: busy }}>
                <Button size={size} type="primary" loading={busy} data-testid="alarm-action-clear">
                  {label}
                </Button>
              </Popconfirm>
            );
          return (
            <Button key={x} size={size} type="primary" data-testid={`alarm-action-${x}`} onClick={() => open(x as "verify" | "dispose")}>
              {label}
            </Button>
          );
        })}
      </Space>
      <Modal
        open={modal !== null}
        title={modal ? `${al.action(modal)}：${a.sensorName}（${a.tag}）` : ""}
        okText={modal ? al.action(modal) : undefined}
        cancelText={t("common.cancel")}
        confirmLoading={busy}
        onOk={() => void submit()}
        onCancel={() => setModal(null)}
        destroyOnHidden
        data-testid="alarm-action-modal"
      >
        {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} data-testid="alarm-action-error" />}
        <Form form={form} layout="vertical" preserve={false}>
          {modal === "verify" && (
            <>
              <Form.Item name="cause" label={t("alarms.cause")} rules={[{ required: true, message: t("alarms.causeRequired") }]}>
                <Select data-testid="alarm-cause" options={al.causeOptions()} placeholder={t("alarms.causeRequired")} />
              </Form.Item>
              <Form.Item name="note" label={t("alarms.note")}>
                <Input.TextArea data-testid="alarm-note" rows={3} maxLength={2000} showCount placeholder={t("alarms.notePlaceholder")} />
              </Form.Item>
            </>
          )}
          {modal === "dispose" && (
            <Form.Item name="feedback" label={t("alarms.feedback")} rules={[{ required: true, whitespace: true, message: t("alarms.feedbackRequired") }]}>
              <Input.TextArea data-testid="alarm-feedback" rows={4} maxLength={2000} showCount placeholder={t("alarms.feedbackPlaceholder")} />
            </Form.Item>
          )}
        </Form>
      </Modal>
    </>
  );
}

export default AlarmActionButtons;
