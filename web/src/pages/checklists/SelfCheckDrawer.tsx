/** 自查: pass / fail / not applicable for every item of a confirmed list; a failed item needs a note and may carry photos. */
import { SELF_CHECK_RESULTS } from "@anguan/domain";
import { App, Button, Drawer, Form, Input, Radio, Space, Typography } from "antd";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import type { EnterpriseChecklist, Evidence, SelfCheck } from "../../api/types";
import { EvidenceUpload } from "../../components/EvidenceUpload";
import { pick, useLabels } from "../../i18n/labels";
import { useIsMobile } from "../../lib/useIsMobile";
import { reportFieldErrors } from "../risks/formErrors";
import { useChecklistWrites } from "./api";

type Result = "pass" | "fail" | "na";
interface Row {
  result: Result;
  note?: string;
  evidence?: Evidence[];
}

export function SelfCheckDrawer({
  list,
  open,
  onClose,
  onDone,
}: {
  list: EnterpriseChecklist;
  open: boolean;
  onClose: () => void;
  onDone: (s: SelfCheck) => void;
}) {
  const { t } = useTranslation();
  const labels = useLabels();
  const { message } = App.useApp();
  const isMobile = useIsMobile();
  const [form] = Form.useForm<{ rows: Row[] }>();
  const writes = useChecklistWrites(list.enterpriseId);
  const [busy, setBusy] = useState(0);
  const items = list.items ?? [];
  const rows = (Form.useWatch("rows", form) ?? []) as Row[];

  const submit = async () => {
    const v = await form.validateFields().catch(() => null);
    if (!v) return;
    try {
      const s = await writes.selfCheck.mutateAsync({
        id: list.id,
        body: {
          results: items.map((it, i) => {
            const r = v.rows[i] ?? { result: "pass" };
            return { itemId: it.id ?? String(i), result: r.result, note: (r.note ?? "").trim(), evidenceIds: (r.evidence ?? []).map((e) => e.id) };
          }),
        },
      });
      onDone(s);
    } catch (e) {
      reportFieldErrors(
        form,
        e,
        items.flatMap((_, i) => [`rows.${i}.note`, `rows.${i}.result`]),
        (m) => void message.error(m),
        t,
      );
    }
  };

  return (
    <Drawer
      open={open}
      onClose={onClose}
      title={t("checklists.selfCheckTitle", { name: list.name })}
      size={isMobile ? "100%" : 720}
      destroyOnHidden
      extra={
        <Button type="primary" onClick={() => void submit()} loading={writes.selfCheck.isPending} disabled={busy > 0} data-testid="self-check-submit">
          {t("checklists.submitSelfCheck")}
        </Button>
      }
    >
      <Typography.Paragraph type="secondary">{t("checklists.selfCheckHint")}</Typography.Paragraph>
      <Form
        form={form}
        layout="vertical"
        className="self-check-form"
        initialValues={{ rows: items.map(() => ({ result: "pass" as Result })) }}
        data-testid="self-check-form"
      >
        {items.map((it, i) => (
          <div key={it.id ?? i} data-testid="self-check-item" style={{ padding: "10px 0", borderBottom: "1px solid #f0f0f0" }}>
            <Typography.Text strong>
              {i + 1}. {it.content}
            </Typography.Text>
            {it.basis && (
              <Typography.Text type="secondary" style={{ display: "block", fontSize: 12 }}>
                {it.basis}
              </Typography.Text>
            )}
            <Form.Item name={["rows", i, "result"]} style={{ margin: "6px 0" }}>
              <Radio.Group
                optionType="button"
                buttonStyle="solid"
                options={(Object.keys(SELF_CHECK_RESULTS) as Result[]).map((k) => ({ value: k, label: pick(SELF_CHECK_RESULTS[k], labels.lang) }))}
              />
            </Form.Item>
            {rows[i]?.result === "fail" && (
              <Space orientation="vertical" style={{ width: "100%" }}>
                <Form.Item
                  name={["rows", i, "note"]}
                  style={{ marginBottom: 4 }}
                  rules={[{ required: true, whitespace: true, message: t("checklists.failNoteRequired") }]}
                >
                  <Input.TextArea rows={2} maxLength={1000} placeholder={t("checklists.failNote")} data-testid="fail-note" />
                </Form.Item>
                <Form.Item name={["rows", i, "evidence"]} style={{ marginBottom: 4 }}>
                  <EvidenceUpload enterpriseId={list.enterpriseId} onBusy={(b) => setBusy((n) => n + (b ? 1 : -1))} data-testid="fail-evidence" />
                </Form.Item>
              </Space>
            )}
          </div>
        ))}
      </Form>
    </Drawer>
  );
}
