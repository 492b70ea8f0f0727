/**
 * 新增/编辑监测点位. The type sets the engineering unit; a gas detector shows its GB/T 50493 set-points (applied by the
 * server when every limit is left empty, or filled in with one click); limits are checked as typed with the domain's
 * rules and the server's field errors land on their fields.
 */
import { gasAlarmDefaults, limitConfigErrors, SENSOR_TYPES, type SensorType } from "@anguan/domain";
import { Alert, App, Button, type ButtonProps, Col, Divider, Form, Input, InputNumber, Modal, Row, Select, Switch } from "antd";
import { useMemo, useState } from "react";
import { useTranslation } from "react-i18next";
import { EnterprisePicker } from "../../components/EnterprisePicker";
import { reportFormError } from "../../lib/errors";
import { useIsMobile } from "../../lib/useIsMobile";
import { fmtNum, useSensorLabels } from "./labels";
import { monitoringPaths, useGateways, useMonitoringWrite, useUnitOptions } from "./queries";
import type { Sensor } from "./types";

interface Props {
  open: boolean;
  sensor: Sensor | null;
  /** The enterprise of a new sensor when the page has one. */
  enterpriseId?: string;
  unitId?: string;
  gatewayId?: string;
  onClose: () => void;
  onSaved?: (id: number) => void;
}

type Num = number | null | undefined;
interface Values {
  enterpriseId?: string;
  gatewayId?: string;
  unitId?: string | null;
  tag: string;
  name: string;
  type: SensorType;
  engineeringUnit?: string;
  oelPpm?: Num;
  idlhPpm?: Num;
  rangeLow?: Num;
  rangeHigh?: Num;
  hh?: Num;
  h?: Num;
  l?: Num;
  ll?: Num;
  deadband?: Num;
  delaySeconds?: Num;
  rateLimit?: Num;
  periodSeconds?: Num;
  offlineAfterSeconds?: Num;
  enabled: boolean;
}

const LIMITS = ["hh", "h", "l", "ll"] as const;
const NUMBERS = ["rangeLow", "rangeHigh", "hh", "h", "l", "ll", "deadband", "delaySeconds", "rateLimit", "periodSeconds", "offlineAfterSeconds"] as const;
const KNOWN = ["enterpriseId", "gatewayId", "unitId", "tag", "name", "type", "engineeringUnit", "oelPpm", "idlhPpm", ...NUMBERS, "enabled"];
const GAS: string[] = ["combustible_gas", "toxic_gas", "oxygen"];
const num = (v: Num) => (v === undefined || v === null || Number.isNaN(v) ? null : v);

export function SensorFormModal({ open, sensor, enterpriseId, unitId, gatewayId, onClose, onSaved }: Props) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const isMobile = useIsMobile();
  const sl = useSensorLabels();
  const [form] = Form.useForm<Values>();
  const write = useMonitoringWrite();
  const [saving, setSaving] = useState(false);
  const ent = Form.useWatch("enterpriseId", form) ?? sensor?.enterpriseId ?? enterpriseId;
  const type = Form.useWatch("type", form) as SensorType | undefined;
  const oelPpm = Form.useWatch("oelPpm", form) as Num;
  const idlhPpm = Form.useWatch("idlhPpm", form) as Num;
  const rangeHigh = Form.useWatch("rangeHigh", form) as Num;
  const gateways = useGateways(ent);
  const units = useUnitOptions(ent);

  // The form is mounted afresh at each opening (destroyOnHidden): its initial values are the sensor's or the defaults.
  const initialValues = useMemo<Partial<Values>>(
    () =>
      sensor
        ? {
            gatewayId: sensor.gatewayId,
            unitId: sensor.unitId,
            tag: sensor.tag,
            name: sensor.name,
            type: sensor.type,
            engineeringUnit: sensor.engineeringUnit,
            ...Object.fromEntries(NUMBERS.map((k) => [k, sensor[k]])),
            enabled: sensor.enabled,
          }
        : {
            enterpriseId,
            unitId: unitId ?? null,
            gatewayId,
            type: "temperature",
            engineeringUnit: SENSOR_TYPES.temperature.unit,
            deadband: 0,
            delaySeconds: 0,
            periodSeconds: 10,
            enabled: true,
          },
    [sensor, enterpriseId, unitId, gatewayId],
  );

  const defaults = useMemo(
    () => (type ? gasAlarmDefaults({ type, oelPpm: num(oelPpm), idlhPpm: num(idlhPpm), rangeHigh: num(rangeHigh) }) : null),
    [type, oelPpm, idlhPpm, rangeHigh],
  );

  const onTypeChange = (next: SensorType) => {
    form.setFieldValue("engineeringUnit", SENSOR_TYPES[next]?.unit ?? "");
  };

  const fillDefaults = () => {
    if (!defaults) return;
    form.setFieldsValue({ h: defaults.h, hh: defaults.hh, l: defaults.l ?? null, ll: null });
    void form.validateFields([...LIMITS]).catch(() => {});
  };

  /** The domain's consistency rules, on the limits as they will be saved. */
  const localErrors = (v: Values) => {
    const blank = LIMITS.every((k) => num(v[k]) === null);
    const d = !sensor && blank ? defaults : null;
    return limitConfigErrors({
      hh: d ? d.hh : num(v.hh),
      h: d ? d.h : num(v.h),
      l: d ? (d.l ?? null) : num(v.l),
      ll: d ? null : num(v.ll),
      deadband: num(v.deadband) ?? 0,
      rangeLow: num(v.rangeLow),
      rangeHigh: num(v.rangeHigh),
    });
  };

  /** A field rule: the domain's message for this field, re-checked whenever another limit changes. */
  const consistent = (name: string) => ({
    validator: () => {
      const e = localErrors(form.getFieldsValue(true) as Values)[name];
      return e ? Promise.reject(new Error(e)) : Promise.resolve();
    },
  });

  const submit = async () => {
    const v = await form.validateFields().catch(() => null);
    if (!v) return;
    const numbers: Record<string, number | null> = Object.fromEntries(NUMBERS.map((k) => [k, num(v[k])]));
    const common = {
      unitId: v.unitId ?? null,
      gatewayId: v.gatewayId,
      tag: v.tag.trim(),
      name: v.name.trim(),
      type: v.type,
      engineeringUnit: v.engineeringUnit?.trim() || undefined,
      enabled: v.enabled,
    };
    setSaving(true);
    try {
      if (sensor) {
        const body: Record<string, unknown> = { ...common, ...numbers, version: sensor.version };
        // deadband / delay / period are numbers on the server: an emptied field keeps the default.
        for (const k of ["deadband", "delaySeconds", "periodSeconds"]) if (body[k] === null) delete body[k];
        if (v.type === "toxic_gas" && num(v.oelPpm) !== null) body.oelPpm = num(v.oelPpm);
        await write.mutateAsync({ method: "PATCH", path: monitoringPaths.sensor(sensor.id), body });
        onSaved?.(sensor.id);
      } else {
        const body: Record<string, unknown> = { enterpriseId: v.enterpriseId, ...common };
        // Left empty: not sent, so the server applies its defaults (GB/T 50493 for gas detectors).
        for (const [k, x] of Object.entries(numbers)) if (x !== null) body[k] = x;
        if (v.type === "toxic_gas") {
          if (num(v.oelPpm) !== null) body.oelPpm = num(v.oelPpm);
          if (num(v.idlhPpm) !== null) body.idlhPpm = num(v.idlhPpm);
        }
        const created = (await write.mutateAsync({ method: "POST", path: monitoringPaths.sensors, body })) as { id: number };
        onSaved?.(created.id);
      }
      message.success(t("common.saved"));
      onClose();
    } catch (e) {
      reportFormError(form, e, KNOWN, (m) => void message.error(m), t);
    } finally {
      setSaving(false);
    }
  };

  const checked = ["hh", "h", "l", "ll", "deadband", "rangeLow", "rangeHigh"];
  const numItem = (name: (typeof NUMBERS)[number] | "oelPpm" | "idlhPpm", label: string, extra?: string, min?: number) => (
    <Form.Item
      name={name}
      label={label}
      extra={extra}
      rules={checked.includes(name) ? [consistent(name)] : undefined}
      dependencies={checked.includes(name) ? checked.filter((k) => k !== name) : undefined}
    >
      <InputNumber data-testid={`sensor-${name}`} style={{ width: "100%" }} min={min} />
    </Form.Item>
  );
  const col = isMobile ? 24 : 12;
  const quarter = isMobile ? 12 : 6;
  const unit = Form.useWatch("engineeringUnit", form) ?? "";

  return (
    <Modal
      open={open}
      title={sensor ? t("monitoring.sensor.edit", { tag: sensor.tag }) : t("monitoring.sensor.add")}
      onCancel={onClose}
      onOk={() => void submit()}
      okText={t("common.save")}
      confirmLoading={saving}
      okButtonProps={{ "data-testid": "sensor-form-save" } as ButtonProps}
      destroyOnHidden
      width={isMobile ? "100%" : 760}
      style={isMobile ? { top: 8, maxWidth: "calc(100vw - 16px)" } : undefined}
    >
      <Form form={form} layout="vertical" data-testid="sensor-form" preserve={false} initialValues={initialValues}>
        <Row gutter={12}>
          {!sensor &&
            (enterpriseId ? (
              <Form.Item name="enterpriseId" hidden>
                <Input />
              </Form.Item>
            ) : (
              <Col span={24}>
                <Form.Item
                  name="enterpriseId"
                  label={t("monitoring.enterprise")}
                  rules={[{ required: true, message: t("common.required", { label: t("monitoring.enterprise") }) }]}
                >
                  <EnterprisePicker data-testid="sensor-enterprise" onChange={() => form.setFieldsValue({ gatewayId: undefined, unitId: null })} />
                </Form.Item>
              </Col>
            ))}
          <Col span={col}>
            <Form.Item
              name="gatewayId"
              label={t("monitoring.gateway.title")}
              rules={[{ required: true, message: t("common.required", { label: t("monitoring.gateway.title") }) }]}
            >
              <Select
                data-testid="sensor-gateway"
                loading={gateways.isFetching}
                options={(gateways.data?.items ?? [])
                  .filter((g) => !ent || g.enterpriseId === ent)
                  .map((g) => ({ value: g.id, label: `${g.name}（${g.id}）` }))}
                notFoundContent={t("monitoring.gateway.none")}
              />
            </Form.Item>
          </Col>
          <Col span={col}>
            <Form.Item name="unitId" label={t("monitoring.unit")}>
              <Select
                data-testid="sensor-unit"
                allowClear
                loading={units.isFetching}
                placeholder={t("monitoring.sensor.noUnit")}
                options={(units.data?.items ?? []).map((u) => ({ value: u.id, label: u.name }))}
              />
            </Form.Item>
          </Col>
          <Col span={col}>
            <Form.Item
              name="tag"
              label={t("monitoring.sensor.tag")}
              extra={t("monitoring.sensor.tagHelp")}
              rules={[
                { required: true, whitespace: true, message: t("common.required", { label: t("monitoring.sensor.tag") }) },
                { pattern: /^\S+$/, message: t("monitoring.sensor.tagPattern") },
              ]}
            >
              <Input data-testid="sensor-tag" maxLength={64} />
            </Form.Item>
          </Col>
          <Col span={col}>
            <Form.Item
              name="name"
              label={t("monitoring.sensor.name")}
              rules={[{ required: true, whitespace: true, message: t("common.required", { label: t("monitoring.sensor.name") }) }]}
            >
              <Input data-testid="sensor-name" maxLength={100} />
            </Form.Item>
          </Col>
          <Col span={col}>
            <Form.Item name="type" label={t("monitoring.sensor.type")} rules={[{ required: true }]}>
              <Select data-testid="sensor-type" options={sl.typeOptions()} onChange={onTypeChange} />
            </Form.Item>
          </Col>
          <Col span={col}>
            <Form.Item name="engineeringUnit" label={t("monitoring.sensor.unit")}>
              <Input data-testid="sensor-engineeringUnit" maxLength={20} />
            </Form.Item>
          </Col>
          {type === "toxic_gas" && (
            <>
              <Col span={col}>{numItem("oelPpm", t("monitoring.sensor.oelPpm"), t("monitoring.sensor.oelHelp"), 0)}</Col>
              <Col span={col}>{numItem("idlhPpm", t("monitoring.sensor.idlhPpm"), undefined, 0)}</Col>
            </>
          )}
        </Row>
        {type && GAS.includes(type) && (
          <Alert
            type={defaults ? "info" : "warning"}
            showIcon
            style={{ marginBottom: 12 }}
            data-testid="gas-defaults"
            title={
              defaults
                ? t("monitoring.sensor.gasDefaults", {
                    basis: defaults.basis,
                    h: `${fmtNum(defaults.h)} ${unit}`,
                    hh: `${fmtNum(defaults.hh)} ${unit}`,
                  })
                : t("monitoring.sensor.toxicNeedsOel")
            }
            description={!sensor && defaults ? t("monitoring.sensor.gasDefaultsBlank") : undefined}
            action={
              defaults ? (
                <Button size="small" onClick={fillDefaults} data-testid="apply-gas-defaults">
                  {t("monitoring.sensor.applyDefaults")}
                </Button>
              ) : undefined
            }
          />
        )}
        <Divider titlePlacement="start" plain style={{ margin: "4px 0 12px" }}>
          {t("monitoring.sensor.limits")}
        </Divider>
        <Row gutter={12}>
          <Col span={quarter}>{numItem("hh", t("monitoring.limit.hh"))}</Col>
          <Col span={quarter}>{numItem("h", t("monitoring.limit.h"))}</Col>
          <Col span={quarter}>{numItem("l", t("monitoring.limit.l"))}</Col>
          <Col span={quarter}>{numItem("ll", t("monitoring.limit.ll"))}</Col>
          <Col span={quarter}>{numItem("rangeLow", t("monitoring.sensor.rangeLow"))}</Col>
          <Col span={quarter}>{numItem("rangeHigh", t("monitoring.sensor.rangeHigh"))}</Col>
          <Col span={quarter}>{numItem("deadband", t("monitoring.sensor.deadband"), undefined, 0)}</Col>
          <Col span={quarter}>{numItem("rateLimit", t("monitoring.sensor.rateLimit"), t("monitoring.sensor.rateHelp"), 0)}</Col>
          <Col span={quarter}>{numItem("delaySeconds", t("monitoring.sensor.delaySeconds"), undefined, 0)}</Col>
          <Col span={quarter}>{numItem("periodSeconds", t("monitoring.sensor.periodSeconds"), undefined, 1)}</Col>
          <Col span={quarter * 2}>{numItem("offlineAfterSeconds", t("monitoring.sensor.offlineAfterSeconds"), t("monitoring.sensor.offlineHelp"), 1)}</Col>
        </Row>
        <Form.Item name="enabled" label={t("monitoring.enabled")} valuePropName="checked">
          <Switch data-testid="sensor-enabled" />
        </Form.Item>
      </Form>
    </Modal>
  );
}
