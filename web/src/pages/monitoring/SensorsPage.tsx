/**
 * 监测点位: the sensors and gateways in scope (?enterpriseId=&unitId= narrow them), with their current values, and the
 * forms to register and change them for those who manage the enterprise (its leader / safety manager, regulators).
 */
import { DeleteOutlined, EditOutlined, PlusOutlined } from "@ant-design/icons";
import { Alert, App, Button, type ButtonProps, Card, Input, Popconfirm, Select, Space, Table, Tabs, Tag, Typography } from "antd";
import type { ColumnsType } from "antd/es/table";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { Link, useSearchParams } from "react-router";
import { EnterprisePicker } from "../../components/EnterprisePicker";
import { useCurrentUser } from "../../components/MeContext";
import { PageHeader } from "../../components/PageHeader";
import { errorMessage } from "../../lib/errors";
import { formatDateTime } from "../../lib/format";
import { GatewayFormModal } from "./GatewayFormModal";
import { fmtNum, limitsLine, useSensorLabels } from "./labels";
import { StateTag, stateOf } from "./parts";
import { monitoringPaths, useGateways, useMonitoringWrite, useSensors, useUnitOptions } from "./queries";
import { SensorFormModal } from "./SensorFormModal";
import type { Gateway, Sensor } from "./types";

const MANAGERS = ["admin", "regulator", "enterprise_leader", "enterprise_safety"];

export default function SensorsPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const me = useCurrentUser();
  const sl = useSensorLabels();
  const [params, setParams] = useSearchParams();
  const own = me.abilities.ownEnterpriseId ?? undefined;
  const enterpriseId = params.get("enterpriseId") ?? own;
  const unitId = params.get("unitId") ?? undefined;
  const type = params.get("type") ?? undefined;
  const q = params.get("q") ?? undefined;
  const tab = params.get("tab") ?? "sensors";
  const page = Number(params.get("page") ?? 1) || 1;
  const pageSize = Number(params.get("pageSize") ?? 50) || 50;
  const [text, setText] = useState(q ?? "");
  const set = (patch: Record<string, string | undefined>) => {
    const next = new URLSearchParams(params);
    for (const [k, v] of Object.entries(patch)) {
      if (v === undefined || v === "") next.delete(k);
      else next.set(k, v);
    }
    if (!("page" in patch)) next.delete("page");
    setParams(next, { replace: true });
  };

  const sensors = useSensors({ enterpriseId, unitId, type, q, page, pageSize }, { refetchInterval: 30_000 });
  const gateways = useGateways(enterpriseId);
  const units = useUnitOptions(enterpriseId);
  const write = useMonitoringWrite();
  const canManage = sensors.data?.abilities.create ?? MANAGERS.includes(me.role);
  const [editSensor, setEditSensor] = useState<Sensor | "new" | null>(null);
  const [editGateway, setEditGateway] = useState<Gateway | "new" | null>(null);
  const unitName = unitId
    ? (units.data?.items.find((u) => u.id === unitId)?.name ?? sensors.data?.items.find((s) => s.unitId === unitId)?.unitName ?? unitId)
    : null;

  const remove = (path: string) =>
    write.mutateAsync({ method: "DELETE", path }).then(
      () => void message.success(t("common.deleted")),
      (e: unknown) => void message.error(errorMessage(e, t)),
    );

  const sensorColumns: ColumnsType<Sensor> = [
    {
      title: t("monitoring.sensor.tag"),
      dataIndex: "tag",
      width: 120,
      fixed: "left",
      render: (tag: string, s) => (
        <Link to={`/sensors/${s.id}`} data-testid="sensor-link">
          {tag}
        </Link>
      ),
    },
    { title: t("monitoring.sensor.name"), dataIndex: "name", ellipsis: true },
    { title: t("monitoring.sensor.type"), dataIndex: "type", width: 100, render: (c: string) => sl.type(c) },
    ...(!enterpriseId ? [{ title: t("monitoring.enterprise"), dataIndex: "enterpriseName", ellipsis: true }] : []),
    {
      title: t("monitoring.unit"),
      dataIndex: "unitName",
      ellipsis: true,
      render: (n: string | null) => n ?? <Typography.Text type="secondary">—</Typography.Text>,
    },
    { title: t("monitoring.gateway.title"), dataIndex: "gatewayId", width: 130, ellipsis: true },
    { title: t("monitoring.sensor.limits"), key: "limits", width: 200, render: (_: unknown, s) => <span style={{ fontSize: 12 }}>{limitsLine(s)}</span> },
    {
      title: t("monitoring.current"),
      key: "current",
      width: 190,
      render: (_: unknown, s) => (
        <Space size={6}>
          <span data-testid="sensor-value">
            {fmtNum(s.current?.value)} {s.current?.value != null ? s.engineeringUnit : ""}
          </span>
          <StateTag state={stateOf(s)} />
          {!s.enabled && <Tag>{t("monitoring.disabled")}</Tag>}
        </Space>
      ),
    },
  ];
  if (canManage)
    sensorColumns.push({
      title: t("common.actions"),
      key: "actions",
      width: 110,
      fixed: "right",
      render: (_: unknown, s) => (
        <Space size={0}>
          <Button type="link" size="small" icon={<EditOutlined />} aria-label={t("common.edit")} data-testid="edit-sensor" onClick={() => setEditSensor(s)} />
          <Popconfirm
            title={t("monitoring.sensor.deleteConfirm", { tag: s.tag })}
            okButtonProps={{ danger: true, "data-testid": "confirm-delete" } as ButtonProps}
            onConfirm={() => remove(monitoringPaths.sensor(s.id))}
          >
            <Button type="link" size="small" danger icon={<DeleteOutlined />} aria-label={t("common.delete")} data-testid="delete-sensor" />
          </Popconfirm>
        </Space>
      ),
    });

  const gatewayColumns: ColumnsType<Gateway> = [
    { title: t("monitoring.gateway.id"), dataIndex: "id", width: 160, render: (id: string) => <Typography.Text code>{id}</Typography.Text> },
    { title: t("monitoring.gateway.name"), dataIndex: "name", ellipsis: true },
    ...(!enterpriseId ? [{ title: t("monitoring.enterprise"), dataIndex: "enterpriseName", ellipsis: true }] : []),
    { title: t("monitoring.gateway.sensorCount"), dataIndex: "sensorCount", width: 100, align: "right" as const },
    {
      title: t("monitoring.enabled"),
      dataIndex: "enabled",
      width: 90,
      render: (v: boolean) => (v ? <Tag color="success">{t("common.yes")}</Tag> : <Tag>{t("common.no")}</Tag>),
    },
    { title: t("monitoring.gateway.lastSeenAt"), dataIndex: "lastSeenAt", width: 170, render: (v: string | null) => (v ? formatDateTime(v) : "—") },
  ];
  if (canManage)
    gatewayColumns.push({
      title: t("common.actions"),
      key: "actions",
      width: 110,
      render: (_: unknown, g) => (
        <Space size={0}>
          <Button type="link" size="small" icon={<EditOutlined />} aria-label={t("common.edit")} data-testid="edit-gateway" onClick={() => setEditGateway(g)} />
          <Popconfirm
            title={t("monitoring.gateway.deleteConfirm", { id: g.id, n: g.sensorCount })}
            okButtonProps={{ danger: true, "data-testid": "confirm-delete" } as ButtonProps}
            onConfirm={() => remove(monitoringPaths.gateway(g.id))}
          >
            <Button type="link" size="small" danger icon={<DeleteOutlined />} aria-label={t("common.delete")} data-testid="delete-gateway" />
          </Popconfirm>
        </Space>
      ),
    });

  const err = sensors.error ?? gateways.error;
  return (
    <>
      <PageHeader
        title={t("monitoring.sensorsTitle")}
        sub={enterpriseId && sensors.data?.items[0] ? sensors.data.items[0].enterpriseName : undefined}
        extra={
          canManage && (
            <>
              <Button icon={<PlusOutlined />} data-testid="add-gateway" onClick={() => setEditGateway("new")}>
                {t("monitoring.gateway.add")}
              </Button>
              <Button type="primary" icon={<PlusOutlined />} data-testid="add-sensor" onClick={() => setEditSensor("new")}>
                {t("monitoring.sensor.add")}
              </Button>
            </>
          )
        }
      />
      <Card size="small" style={{ marginBottom: 12 }}>
        <Space wrap>
          {!own && (
            <EnterprisePicker
              data-testid="sensors-enterprise"
              value={enterpriseId}
              onChange={(id) => set({ enterpriseId: id, unitId: undefined })}
              style={{ width: 280 }}
            />
          )}
          <Select
            data-testid="sensors-type"
            allowClear
            placeholder={t("monitoring.sensor.type")}
            style={{ width: 160 }}
            value={type}
            onChange={(v?: string) => set({ type: v })}
            options={sl.typeOptions()}
          />
          <Input.Search
            data-testid="sensors-search"
            allowClear
            placeholder={t("monitoring.searchPlaceholder")}
            style={{ width: 240 }}
            value={text}
            onChange={(e) => setText(e.target.value)}
            onSearch={(v) => set({ q: v.trim() || undefined })}
          />
          {unitId && (
            <Tag closable onClose={() => set({ unitId: undefined })} data-testid="unit-filter">
              {t("monitoring.unit")}：{unitName}
            </Tag>
          )}
          {enterpriseId && (
            <Link to={`/duty?enterpriseId=${enterpriseId}`}>
              <Button type="link">{t("monitoring.dutyTitle")}</Button>
            </Link>
          )}
        </Space>
      </Card>
      {err && <Alert type="error" showIcon title={errorMessage(err, t)} style={{ marginBottom: 12 }} />}
      <Card size="small" styles={{ body: { paddingTop: 0 } }}>
        <Tabs
          activeKey={tab}
          onChange={(k) => set({ tab: k === "sensors" ? undefined : k })}
          items={[
            {
              key: "sensors",
              label: `${t("monitoring.sensorsTab")}（${sensors.data?.total ?? 0}）`,
              children: (
                <Table<Sensor>
                  data-testid="sensors-table"
                  size="small"
                  rowKey="id"
                  loading={sensors.isFetching && !sensors.data}
                  dataSource={sensors.data?.items ?? []}
                  columns={sensorColumns}
                  scroll={{ x: 1100 }}
                  pagination={{
                    current: page,
                    pageSize,
                    total: sensors.data?.total ?? 0,
                    showSizeChanger: true,
                    pageSizeOptions: [20, 50, 100, 200],
                    showTotal: (n) => t("common.total", { total: n }),
                    onChange: (p, ps) => set({ page: String(p), pageSize: String(ps) }),
                  }}
                />
              ),
            },
            {
              key: "gateways",
              label: `${t("monitoring.gatewaysTab")}（${gateways.data?.items.length ?? 0}）`,
              children: (
                <Table<Gateway>
                  data-testid="gateways-table"
                  size="small"
                  rowKey="id"
                  loading={gateways.isFetching && !gateways.data}
                  dataSource={gateways.data?.items ?? []}
                  columns={gatewayColumns}
                  scroll={{ x: 800 }}
                  pagination={{ pageSize: 50, hideOnSinglePage: true }}
                />
              ),
            },
          ]}
        />
      </Card>
      <SensorFormModal
        open={editSensor !== null}
        sensor={editSensor === "new" ? null : editSensor}
        enterpriseId={enterpriseId}
        unitId={unitId}
        onClose={() => setEditSensor(null)}
      />
      <GatewayFormModal
        open={editGateway !== null}
        gateway={editGateway === "new" ? null : editGateway}
        enterpriseId={enterpriseId}
        onClose={() => setEditGateway(null)}
      />
    </>
  );
}
