/** 提交计划 and 记录完成 dialogs of the legal-duty plans. */
import { App, DatePicker, Form, Input, Modal, Select, Typography } from "antd";
import type { ButtonProps } from "antd";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { dayjs, todayShanghai } from "../../lib/format";
import { reportFieldErrors } from "../risks/formErrors";
import { periodStatusLabel } from "./common";
import { type AttachedFile, FileListInput } from "./FileListInput";
import { useRecordDutyCompletion, useSaveDutyPlan } from "./queries";
import type { DutyItem } from "./types";

interface PlanValues {
  planText: string;
  ownerName: string;
  schedule?: Record<string, dayjs.Dayjs | null | undefined>;
}

export function DutyPlanModal({
  duty,
  enterpriseId,
  year,
  defaultOwner,
  onClose,
}: {
  duty: DutyItem | null;
  enterpriseId: string;
  year: number;
  defaultOwner: string;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<PlanValues>();
  const save = useSaveDutyPlan();
  const submit = async () => {
    if (!duty) return;
    const v = await form.validateFields();
    const schedule: Record<string, string> = {};
    for (const [k, d] of Object.entries(v.schedule ?? {})) if (d) schedule[k] = d.format("YYYY-MM-DD");
    try {
      await save.mutateAsync({
        code: duty.code,
        enterpriseId,
        year,
        planText: v.planText.trim(),
        ownerName: v.ownerName.trim(),
        schedule,
        ...(duty.plan ? { version: duty.plan.version } : {}),
      });
      message.success(t("duties.planSaved"));
      onClose();
    } catch (e) {
      reportFieldErrors(form, e, ["planText", "ownerName", "schedule"], (m) => message.error(m), t);
    }
  };
  return (
    <Modal
      open={!!duty}
      title={duty ? `${t("duties.submitPlan")} · ${duty.name}` : ""}
      onCancel={onClose}
      onOk={() => void submit()}
      okButtonProps={{ loading: save.isPending, "data-testid": "duty-plan-save" } as ButtonProps}
      destroyOnHidden
      width={600}
      afterOpenChange={(o) => {
        if (!o || !duty) return;
        const schedule: Record<string, dayjs.Dayjs> = {};
        for (const [k, d] of Object.entries(duty.plan?.schedule ?? {})) schedule[k] = dayjs(d);
        form.setFieldsValue({ planText: duty.plan?.planText ?? "", ownerName: duty.plan?.ownerName ?? defaultOwner, schedule });
      }}
    >
      {duty?.basis && (
        <Typography.Paragraph type="secondary" style={{ fontSize: 13 }}>
          {t("duties.basis")}：{duty.basis}
          {duty.description ? <br /> : null}
          {duty.description}
        </Typography.Paragraph>
      )}
      <Form form={form} layout="vertical">
        <Form.Item
          name="planText"
          label={t("duties.planText")}
          rules={[{ required: true, whitespace: true, message: t("common.required", { label: t("duties.planText") }) }]}
        >
          <Input.TextArea rows={4} maxLength={2000} placeholder={t("duties.planTextPlaceholder")} data-testid="duty-plan-text" />
        </Form.Item>
        <Form.Item
          name="ownerName"
          label={t("duties.owner")}
          rules={[{ required: true, whitespace: true, message: t("common.required", { label: t("duties.owner") }) }]}
        >
          <Input maxLength={50} data-testid="duty-plan-owner" />
        </Form.Item>
        {duty && duty.periods.length > 0 && (
          <>
            <Typography.Text type="secondary">{t("duties.scheduleHelp")}</Typography.Text>
            <div className="duty-schedule">
              {duty.periods.map((p) => (
                <Form.Item key={p.key} name={["schedule", p.key]} label={p.label} style={{ marginBottom: 8 }}>
                  <DatePicker style={{ width: "100%" }} placeholder={p.due} disabledDate={(d) => d.year() !== year || d.format("YYYY-MM-DD") > p.due} />
                </Form.Item>
              ))}
            </div>
          </>
        )}
      </Form>
    </Modal>
  );
}

interface CompletionValues {
  periodKey: string;
  completedOn: dayjs.Dayjs;
  note?: string;
  files?: AttachedFile[];
}

export function DutyCompletionModal({ duty, enterpriseId, onClose }: { duty: DutyItem | null; enterpriseId: string; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<CompletionValues>();
  const record = useRecordDutyCompletion();
  const [uploading, setUploading] = useState(false);
  const open = (duty?.periods ?? []).filter((p) => p.status !== "done");
  const submit = async () => {
    if (!duty) return;
    const v = await form.validateFields();
    try {
      await record.mutateAsync({
        code: duty.code,
        enterpriseId,
        periodKey: v.periodKey,
        completedOn: v.completedOn.format("YYYY-MM-DD"),
        note: v.note?.trim() ?? "",
        files: (v.files ?? []).map((f) => ({ sha256: f.sha256, name: f.name })),
      });
      message.success(t("duties.completionSaved"));
      onClose();
    } catch (e) {
      reportFieldErrors(form, e, ["periodKey", "completedOn", "note", "files"], (m) => message.error(m), t);
    }
  };
  return (
    <Modal
      open={!!duty}
      title={duty ? `${t("duties.recordCompletion")} · ${duty.name}` : ""}
      onCancel={onClose}
      onOk={() => void submit()}
      okButtonProps={{ loading: record.isPending, disabled: uploading, "data-testid": "duty-completion-save" } as ButtonProps}
      destroyOnHidden
      afterOpenChange={(o) => {
        if (!o || !duty) return;
        const first = open.find((p) => p.status === "overdue") ?? open.find((p) => p.status === "due") ?? open[0];
        form.setFieldsValue({ periodKey: first?.key, completedOn: dayjs(todayShanghai()), files: [] });
      }}
    >
      <Form form={form} layout="vertical">
        <Form.Item name="periodKey" label={t("duties.period")} rules={[{ required: true, message: t("common.pleaseSelect", { label: t("duties.period") }) }]}>
          <Select
            data-testid="duty-completion-period"
            options={open.map((p) => ({ value: p.key, label: `${p.label}（${periodStatusLabel(t, p.status)}，${t("duties.dueOn", { date: p.due })}）` }))}
          />
        </Form.Item>
        <Form.Item
          name="completedOn"
          label={t("duties.completedOn")}
          rules={[{ required: true, message: t("common.pleaseSelect", { label: t("duties.completedOn") }) }]}
        >
          <DatePicker style={{ width: "100%" }} disabledDate={(d) => d.format("YYYY-MM-DD") > todayShanghai()} />
        </Form.Item>
        <Form.Item name="note" label={t("duties.note")}>
          <Input.TextArea rows={3} maxLength={2000} data-testid="duty-completion-note" />
        </Form.Item>
        <Form.Item name="files" label={t("duties.evidence")} extra={t("duties.evidenceHelp")}>
          <FileListInput onBusy={setUploading} data-testid="duty-completion-files" />
        </Form.Item>
      </Form>
    </Modal>
  );
}
