import { Button, DatePicker, Form, Input } from "antd";
import type { Dayjs } from "dayjs";
import { useTranslation } from "react-i18next";

export interface AuditFilterValues {
  actor?: string;
  action?: string;
  targetType?: string;
  range?: [Dayjs, Dayjs] | null;
}

const clean = (s?: string) => s?.trim() || undefined;

export function AuditFilters({ onSearch }: { onSearch: (f: AuditFilterValues) => void }) {
  const { t } = useTranslation();
  const [form] = Form.useForm<AuditFilterValues>();
  const submit = (v: AuditFilterValues) =>
    onSearch({ actor: clean(v.actor), action: clean(v.action), targetType: clean(v.targetType), range: v.range ?? null });
  return (
    <Form form={form} layout="inline" onFinish={submit} style={{ rowGap: 8, marginBottom: 16 }} data-testid="audit-filters">
      <Form.Item name="actor">
        <Input allowClear placeholder={t("audit.actor")} />
      </Form.Item>
      <Form.Item name="action">
        <Input allowClear placeholder={t("audit.action")} />
      </Form.Item>
      <Form.Item name="targetType">
        <Input allowClear placeholder={t("audit.targetType")} />
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
