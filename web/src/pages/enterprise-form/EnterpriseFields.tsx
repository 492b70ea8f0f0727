import { HAZARDOUS_PROCESSES, OPERATING_STATUSES, SECTORS, SUPERVISION_LEVELS } from "@anguan/domain";
import { Card, Col, Form, Input, InputNumber, Row, Select, Switch } from "antd";
import type { ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { useCurrentUser } from "../../components/MeContext";
import { RegionTreeSelect } from "../../components/RegionTreeSelect";
import { useLabels } from "../../i18n/labels";
import type { MessageKey } from "../../lib/i18nKeys";
import { asNullable, asText, zodRule } from "../../lib/zodRule";
import { shape } from "./formModel";

type Name = keyof typeof shape;

const REQUIRED: readonly Name[] = ["name", "creditCode", "regionCode", "sector"];
const NUMERIC: readonly Name[] = ["lat", "lng", "employeeCount"];
const BOOLEAN: readonly Name[] = ["isAboveScale", "hasMajorHazard"];
/** Chosen from a list: an empty one reads "请选择…" rather than the schema's message about codes. */
const CHOSEN: readonly Name[] = ["regionCode", "sector"];

function useItem(locked: readonly string[]) {
  const { t } = useTranslation();
  return (name: Name, input: ReactNode, opts: { span?: number; valuePropName?: string } = {}) => {
    const isLocked = locked.includes(name);
    const prepare = NUMERIC.includes(name)
      ? asNullable
      : BOOLEAN.includes(name)
        ? (v: unknown) => !!v
        : name === "hazardousProcesses"
          ? (v: unknown) => v ?? []
          : asText;
    const label = t(`fields.${name}` as MessageKey);
    const required = REQUIRED.includes(name)
      ? [{ required: true, whitespace: true, message: CHOSEN.includes(name) ? t("common.pleaseSelect", { label }) : t("common.required", { label }) }]
      : [];
    return (
      <Col xs={24} md={opts.span ?? 12} key={name}>
        <Form.Item
          name={name}
          label={label}
          required={REQUIRED.includes(name)}
          valuePropName={opts.valuePropName}
          validateFirst
          rules={[...required, zodRule(shape[name], prepare)]}
          extra={isLocked ? t("form.locked") : undefined}
        >
          {input}
        </Form.Item>
      </Col>
    );
  };
}

export function EnterpriseFields({ locked }: { locked: readonly string[] }) {
  const { t } = useTranslation();
  const labels = useLabels();
  const me = useCurrentUser();
  const item = useItem(locked);
  const off = (n: Name) => locked.includes(n);
  const scopeSectors = me.scope.sectors?.length ? me.scope.sectors : undefined;
  const processOptions = HAZARDOUS_PROCESSES.map((_, i) => ({ value: i + 1, label: `${i + 1}. ${labels.process(i + 1)}` }));

  return (
    <>
      <Card title={t("form.basic")} style={{ marginBottom: 16 }}>
        <Row gutter={16}>
          {item("name", <Input maxLength={100} disabled={off("name")} data-testid="field-name" />)}
          {item("creditCode", <Input maxLength={18} disabled={off("creditCode")} style={{ fontFamily: "monospace" }} data-testid="field-creditCode" />)}
          {item("regionCode", <RegionTreeSelect disabled={off("regionCode")} placeholder={t("form.selectRegion")} data-testid="field-regionCode" />)}
          {item(
            "sector",
            <Select
              disabled={off("sector")}
              showSearch={{ optionFilterProp: "label" }}
              options={labels.options(SECTORS, scopeSectors)}
              placeholder={t("common.pleaseSelect", { label: t("fields.sector") })}
              data-testid="field-sector"
            />,
          )}
          {item("address", <Input maxLength={200} disabled={off("address")} />, { span: 24 })}
          {item("lng", <InputNumber style={{ width: "100%" }} min={73} max={136} step={0.000001} disabled={off("lng")} />)}
          {item("lat", <InputNumber style={{ width: "100%" }} min={3} max={54} step={0.000001} disabled={off("lat")} />)}
          {item("operatingStatus", <Select disabled={off("operatingStatus")} options={labels.options(OPERATING_STATUSES)} />)}
          {item("supervisionLevel", <Select disabled={off("supervisionLevel")} options={labels.options(SUPERVISION_LEVELS)} />)}
          {item("isAboveScale", <Switch disabled={off("isAboveScale")} />, { valuePropName: "checked" })}
          {item("employeeCount", <InputNumber style={{ width: "100%" }} min={0} precision={0} disabled={off("employeeCount")} />)}
        </Row>
      </Card>
      <Card title={t("form.leaders")} style={{ marginBottom: 16 }}>
        <Row gutter={16}>
          {item("legalRepresentative", <Input maxLength={50} disabled={off("legalRepresentative")} />)}
          <Col xs={0} md={12} />
          {item("mainLeader", <Input maxLength={50} disabled={off("mainLeader")} />)}
          {item("mainLeaderPhone", <Input inputMode="tel" disabled={off("mainLeaderPhone")} />)}
          {item("safetyManager", <Input maxLength={50} disabled={off("safetyManager")} />)}
          {item("safetyManagerPhone", <Input inputMode="tel" disabled={off("safetyManagerPhone")} />)}
        </Row>
      </Card>
      <Card title={t("form.safety")} style={{ marginBottom: 16 }}>
        <Row gutter={16}>
          {item("hasMajorHazard", <Switch disabled={off("hasMajorHazard")} />, { valuePropName: "checked" })}
          {item(
            "hazardousProcesses",
            <Select
              mode="multiple"
              allowClear
              disabled={off("hazardousProcesses")}
              placeholder={t("form.selectProcesses")}
              options={processOptions}
              showSearch={{ optionFilterProp: "label" }}
              data-testid="field-processes"
            />,
            { span: 24 },
          )}
        </Row>
      </Card>
    </>
  );
}
