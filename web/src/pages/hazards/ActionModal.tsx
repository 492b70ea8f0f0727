import type { HazardAction } from "@anguan/domain";
import { Alert, App, type ButtonProps, DatePicker, Form, Input, Modal } from "antd";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import type { Evidence, HazardDetail } from "../../api/types";
import { EvidenceUpload, evidenceIds } from "../../components/EvidenceUpload";
import { ApiError } from "../../api/client";
import { errorMessage } from "../../lib/errors";
import { dayjs, TZ } from "../../lib/format";
import { ConfirmFields } from "./ConfirmFields";
import { useHazardLabels } from "./labels";
import { isConflict, useHazardAction } from "./queries";

/** The end of the picked day in Asia/Shanghai, as an ISO instant (deadlines run to the end of their day). */
export const endOfDay = (d: dayjs.Dayjs) => dayjs.tz(d.format("YYYY-MM-DD"), TZ).endOf("day").toISOString();

/** "body/rectification/deadline" → ["rectification", "deadline"]; evidenceIds is the photos' field. */
function fieldPath(raw: string): (string | number)[] {
  const parts = raw
    .replace(/^(body|query|params)[./]/, "")
    .split(/[./[\]]/)
    .filter(Boolean)
    .map((p) => (/^\d+$/.test(p) ? Number(p) : p));
  if (parts[0] === "evidenceIds") return ["evidence"];
  if (parts[0] === "rectification" && parts[1] === "rectifierUserId") return ["rectifierUserId"];
  return parts;
}

const DANGER_ACTIONS: readonly HazardAction[] = ["dismiss", "reject", "reject_extension"];

type Values = Record<string, unknown> & {
  rectification?: Record<string, unknown> & { deadline?: dayjs.Dayjs };
  newDeadline?: dayjs.Dayjs;
  deadline?: dayjs.Dayjs;
  evidence?: Evidence[];
};

/** The request body of each action from the form's values (docs/dual-prevention.md). */
function bodyOf(action: HazardAction, v: Values): Record<string, unknown> {
  switch (action) {
    case "confirm": {
      const major = v.level === "major";
      const r = v.rectification ?? {};
      return {
        level: v.level,
        dangerType: v.dangerType,
        source: v.source,
        manageType: v.manageType,
        category: v.category,
        standardItemCode: major ? v.standardItemCode : undefined,
        governancePlan: major ? v.governancePlan : undefined,
        rectification: {
          measures: r.measures,
          liablePerson: r.liablePerson,
          rectifierUserId: v.rectifierUserId || undefined,
          funds: r.funds,
          deadline: r.deadline ? endOfDay(r.deadline) : undefined,
          contingencyPlan: r.contingencyPlan,
        },
      };
    }
    case "submit_rectification":
      return { note: v.note, evidenceIds: evidenceIds(v.evidence) };
    case "accept":
      return { comment: v.comment, evidenceIds: evidenceIds(v.evidence) };
    case "reject":
    case "dismiss":
      return { reason: v.reason };
    case "request_extension":
      return { newDeadline: v.newDeadline ? endOfDay(v.newDeadline) : undefined, reason: v.reason };
    case "supervise":
      return { note: v.note, deadline: v.deadline ? endOfDay(v.deadline) : undefined };
    default:
      return { comment: v.comment || undefined };
  }
}

function initialValues(action: HazardAction, h: HazardDetail): Values {
  if (action !== "confirm") return {};
  return {
    level: h.level,
    dangerType: h.dangerType ?? undefined,
    source: h.source,
    manageType: "deadline",
    category: h.category ?? 0,
    rectification: { liablePerson: "", measures: "", contingencyPlan: "" },
  };
}

interface Props {
  h: HazardDetail;
  action: HazardAction | null;
  onClose: () => void;
  /** After a 409: the page refetches and shows what changed. */
  onConflict: () => void;
}

/** One modal form per action; the server decides (the button only exists when `actions` lists it). */
export function ActionModal({ h, action, onClose, onConflict }: Props) {
  const { t } = useTranslation();
  const hl = useHazardLabels();
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const mutation = useHazardAction(h);
  if (!action) return null;

  const submit = async () => {
    // A form with errors shows them on its fields; nothing more to do (and no unhandled rejection).
    const values = await form.validateFields().catch(() => null);
    if (!values) return;
    setError(null);
    try {
      await mutation.mutateAsync({ action, body: bodyOf(action, values) });
      message.success(t("hazards.actionDone", { action: hl.action(action) }));
      onClose();
    } catch (e) {
      if (isConflict(e)) {
        message.warning(t("hazards.conflict"));
        setError(`${t("hazards.conflict")}（${errorMessage(e, t)}）`);
        onConflict();
        return;
      }
      // Field errors go onto their fields (nested paths like rectification.deadline) and, in any case, into the alert.
      if (e instanceof ApiError && e.fields.length) {
        form.setFields(e.fields.map((f) => ({ name: fieldPath(f.field), errors: [f.message] })));
        setError(e.fields.map((f) => f.message).join("；"));
      } else setError(errorMessage(e, t));
    }
  };

  const text = (name: string, label: string, required = true, rows = 3) => (
    <Form.Item name={name} label={label} rules={required ? [{ required: true, whitespace: true, message: t("common.required", { label }) }] : []}>
      <Input.TextArea rows={rows} maxLength={2000} data-testid={`field-${name}`} />
    </Form.Item>
  );
  const photos = (required: boolean) => (
    <Form.Item
      name="evidence"
      label={t("hazards.photos")}
      required={required}
      valuePropName="value"
      rules={required ? [{ validator: (_, v?: Evidence[]) => (v?.length ? Promise.resolve() : Promise.reject(new Error(t("hazards.photoRequired")))) }] : []}
    >
      <EvidenceUpload enterpriseId={h.enterpriseId} onBusy={setBusy} data-testid="action-evidence" />
    </Form.Item>
  );
  const date = (name: string, label: string, required: boolean) => (
    <Form.Item name={name} label={label} rules={required ? [{ required: true, message: t("common.required", { label }) }] : []}>
      <DatePicker style={{ width: "100%" }} disabledDate={(d) => d.isBefore(dayjs().startOf("day"))} data-testid={`field-${name}`} />
    </Form.Item>
  );

  let fields: React.ReactNode;
  switch (action) {
    case "confirm":
      fields = <ConfirmFields h={h} />;
      break;
    case "submit_rectification":
      fields = (
        <>
          {text("note", t("hazards.rectifyNote"))}
          {photos(true)}
        </>
      );
      break;
    case "accept":
      fields = (
        <>
          {text("comment", t("hazards.acceptComment"))}
          {photos(false)}
        </>
      );
      break;
    case "reject":
      fields = text("reason", t("hazards.rejectReason"));
      break;
    case "dismiss":
      fields = text("reason", t("hazards.dismissReason"));
      break;
    case "request_extension":
      fields = (
        <>
          {date("newDeadline", t("hazards.newDeadline"), true)}
          {text("reason", t("hazards.extensionReason"))}
        </>
      );
      break;
    case "supervise":
      fields = (
        <>
          {text("note", t("hazards.supervisionNote"))}
          {date("deadline", t("hazards.supervisionDeadline"), false)}
        </>
      );
      break;
    case "sign_off":
      fields = text("comment", t("hazards.signOffComment"));
      break;
    default:
      fields = text("comment", t("hazards.comment"), false);
  }

  return (
    <Modal
      open
      title={hl.action(action)}
      width={action === "confirm" ? 820 : 560}
      onCancel={onClose}
      onOk={() => void submit()}
      okText={hl.action(action)}
      okButtonProps={{ loading: mutation.isPending, disabled: busy, danger: DANGER_ACTIONS.includes(action), "data-testid": "action-submit" } as ButtonProps}
      destroyOnHidden
      maskClosable={false}
      data-testid="action-modal"
    >
      {action === "approve_extension" || action === "reject_extension"
        ? h.extension && (
            <Alert
              style={{ marginBottom: 12 }}
              type="info"
              showIcon
              title={t("hazards.extensionPending", { name: h.extension.requestedByName, date: dayjs(h.extension.newDeadline).tz(TZ).format("YYYY-MM-DD") })}
              description={h.extension.reason}
            />
          )
        : null}
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} data-testid="action-error" />}
      <Form form={form} layout="vertical" initialValues={initialValues(action, h)} requiredMark="optional" preserve={false}>
        {fields}
      </Form>
    </Modal>
  );
}
