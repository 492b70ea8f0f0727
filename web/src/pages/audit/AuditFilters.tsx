import { Button, DatePicker, Form, Input, Select } from "antd";
import type { Dayjs } from "dayjs";
import { useTranslation } from "react-i18next";
import { AUDIT_ACTIONS, AUDIT_TARGETS, eventLabel, targetLabel } from "../../lib/auditLabels";

export interface AuditFilterValues {
  actor?: string;
  action?: string;
  targetType?: string;
  range?: [Dayjs, Dayjs] | null;
}

const clean = (s?: string) => s?.trim() || undefined;

/** Actor (free text), object type and action (chosen by their Chinese names, sent as codes) and a date range. */
export function AuditFilters({ onSearch }: { onSearch: (f: AuditFilterValues) => void }) {
  const { t } = useTranslation();
  const [form] = Form.useForm<AuditFilterValues>();
  const targetType = Form.useWatch("targetType", form);
  const actions = AUDIT_ACTIONS.filter((a) => !targetType || a.startsWith(`${targetType}.`));
  const submit = (v: AuditFilterValues) =>
    onSearch({ actor: clean(v.actor), action: clean(v.action), targetType: clean(v.targetType), range: v.range ?? null });
  return (
    <Form form={form} layout="inline" onFinish={submit} className="audit-filters" data-testid="audit-filters">
      <Form.Item name="actor">
        <Input allowClear className="audit-filter-actor" placeholder={t("audit.actor")} aria-label={t("audit.actor")} />
      </Form.Item>
      <Form.Item name="targetType">
        <Select
          allowClear
          className="audit-filter-target"
          placeholder={t("audit.targetType")}
          aria-label={t("audit.targetType")}
          onChange={() => form.setFieldValue("action", undefined)}
          options={AUDIT_TARGETS.map((c) => ({ value: c, label: targetLabel(t, c) }))}
        />
      </Form.Item>
      <Form.Item name="action">
        <Select
          allowClear
          showSearch={{ optionFilterProp: "label" }}
          className="audit-filter-action"
          placeholder={t("audit.action")}
          aria-label={t("audit.action")}
          options={actions.map((a) => ({ value: a, label: eventLabel(t, a) }))}
        />
      </Form.Item>
      <Form.Item name="range">
        <DatePicker.RangePicker aria-label={t("audit.range")} />
      </Form.Item>
      <Form.Item>
        <Button type="primary" htmlType="submit">
          {t("common.search")}
        </Button>
      </Form.Item>
      <Form.Item>
        <Button
          onClick={() => {
            form.resetFields();
            onSearch({});
          }}
        >
          {t("common.reset")}
        </Button>
      </Form.Item>
    </Form>
  );
}
