import { GOVERNANCE_PLAN_ELEMENTS } from "@anguan/domain";
import { Col, DatePicker, Divider, Form, Input, InputNumber, Row, Select } from "antd";
import { useTranslation } from "react-i18next";
import type { HazardDetail } from "../../api/types";
import { pick } from "../../i18n/labels";
import { dayjs } from "../../lib/format";
import { PLAN_KEYS } from "./HazardInfo";
import { useHazardLabels } from "./labels";
import { useAssignableUsers, useStandards } from "./queries";

const req = (message: string) => [{ required: true, whitespace: true, message }];

/** The five elements (五到位); `rectifierUserId` picks who rectifies among the enterprise's users. */
export function RectificationFields({ h }: { h: HazardDetail }) {
  const { t } = useTranslation();
  const users = useAssignableUsers(h.enterpriseId);
  const form = Form.useFormInstance();
  return (
    <>
      <Form.Item name={["rectification", "measures"]} label={t("hazards.measures")} rules={req(t("common.required", { label: t("hazards.measures") }))}>
        <Input.TextArea rows={2} maxLength={2000} data-testid="field-measures" />
      </Form.Item>
      <Row gutter={12}>
        <Col xs={24} md={12}>
          <Form.Item name="rectifierUserId" label={t("hazards.rectifier")}>
            <Select
              data-testid="field-rectifier"
              allowClear
              showSearch={{ optionFilterProp: "label" }}
              loading={users.isPending}
              placeholder={t("hazards.rectifierPlaceholder")}
              options={(users.data ?? []).map((u) => ({ value: u.id, label: u.displayName }))}
              onChange={(id?: string) => {
                const u = users.data?.find((x) => x.id === id);
                if (u && !form.getFieldValue(["rectification", "liablePerson"])) form.setFieldValue(["rectification", "liablePerson"], u.displayName);
              }}
            />
          </Form.Item>
        </Col>
        <Col xs={24} md={12}>
          <Form.Item
            name={["rectification", "liablePerson"]}
            label={t("hazards.liablePerson")}
            rules={req(t("common.required", { label: t("hazards.liablePerson") }))}
          >
            <Input maxLength={100} data-testid="field-liable-person" />
          </Form.Item>
        </Col>
        <Col xs={24} md={12}>
          <Form.Item
            name={["rectification", "funds"]}
            label={t("hazards.fundsYuan")}
            rules={[{ required: true, message: t("common.required", { label: t("hazards.funds") }) }]}
          >
            <InputNumber min={0} step={100} style={{ width: "100%" }} data-testid="field-funds" />
          </Form.Item>
        </Col>
        <Col xs={24} md={12}>
          <Form.Item
            name={["rectification", "deadline"]}
            label={t("hazards.deadline")}
            rules={[{ required: true, message: t("common.required", { label: t("hazards.deadline") }) }]}
          >
            <DatePicker style={{ width: "100%" }} disabledDate={(d) => d.isBefore(dayjs().startOf("day"))} data-testid="field-deadline" />
          </Form.Item>
        </Col>
      </Row>
      <Form.Item
        name={["rectification", "contingencyPlan"]}
        label={t("hazards.contingencyPlan")}
        rules={req(t("common.required", { label: t("hazards.contingencyPlan") }))}
      >
        <Input.TextArea rows={2} maxLength={2000} data-testid="field-contingency" />
      </Form.Item>
    </>
  );
}

/** confirm: classification, and for a major hazard the determination standard item and the six-element plan. */
export function ConfirmFields({ h }: { h: HazardDetail }) {
  const { t, i18n } = useTranslation();
  const hl = useHazardLabels();
  const level = Form.useWatch("level");
  const major = level === "major";
  const standards = useStandards(major);
  return (
    <>
      <Row gutter={12}>
        <Col xs={12} md={6}>
          <Form.Item name="level" label={t("hazards.level")} rules={[{ required: true }]}>
            <Select data-testid="field-level" options={hl.levelOptions()} />
          </Form.Item>
        </Col>
        <Col xs={12} md={6}>
          <Form.Item
            name="dangerType"
            label={t("hazards.dangerType")}
            rules={[{ required: true, message: t("common.required", { label: t("hazards.dangerType") }) }]}
          >
            <Select data-testid="field-danger-type" options={hl.typeOptions()} />
          </Form.Item>
        </Col>
        <Col xs={12} md={6}>
          <Form.Item
            name="manageType"
            label={t("hazards.manageType")}
            rules={[{ required: true, message: t("common.required", { label: t("hazards.manageType") }) }]}
          >
            <Select data-testid="field-manage-type" options={hl.manageTypeOptions()} />
          </Form.Item>
        </Col>
        <Col xs={12} md={6}>
          <Form.Item name="category" label={t("hazards.category")}>
            <Select data-testid="field-category" options={hl.categoryOptions()} />
          </Form.Item>
        </Col>
        <Col xs={24} md={12}>
          <Form.Item name="source" label={t("hazards.source")}>
            <Select data-testid="field-source" showSearch={{ optionFilterProp: "label" }} options={hl.sourceOptions()} />
          </Form.Item>
        </Col>
      </Row>
      {major && (
        <>
          <Form.Item
            name="standardItemCode"
            label={t("hazards.standardItem")}
            rules={[{ required: true, message: t("hazards.standardItemRequired") }]}
            extra={t("hazards.standardItemHelp")}
          >
            <Select
              data-testid="field-standard-item"
              showSearch={{ optionFilterProp: "label" }}
              loading={standards.isPending}
              placeholder={t("hazards.standardItemPlaceholder")}
              popupMatchSelectWidth={false}
              styles={{ popup: { root: { maxWidth: 640 } } }}
              options={groupStandards(standards.data ?? [])}
            />
          </Form.Item>
          <Divider titlePlacement="start" plain>
            {t("hazards.governancePlan")}
          </Divider>
          <Row gutter={12}>
            {PLAN_KEYS.map((k) => (
              <Col xs={24} md={12} key={k}>
                <Form.Item
                  name={["governancePlan", k]}
                  label={pick(GOVERNANCE_PLAN_ELEMENTS[k], i18n.language)}
                  rules={req(t("common.required", { label: pick(GOVERNANCE_PLAN_ELEMENTS[k], i18n.language) }))}
                >
                  <Input.TextArea rows={2} maxLength={2000} data-testid={`field-plan-${k}`} />
                </Form.Item>
              </Col>
            ))}
          </Row>
        </>
      )}
      <Divider titlePlacement="start" plain>
        {t("hazards.fiveElements")}
      </Divider>
      <RectificationFields h={h} />
    </>
  );
}

function groupStandards(items: { code: string; standardName: string; seq: number; text: string }[]) {
  const groups = new Map<string, { label: string; options: { value: string; label: string }[] }>();
  for (const s of items) {
    const g = groups.get(s.standardName) ?? { label: s.standardName, options: [] };
    g.options.push({ value: s.code, label: `${s.seq}. ${s.text}` });
    groups.set(s.standardName, g);
  }
  return [...groups.values()];
}
