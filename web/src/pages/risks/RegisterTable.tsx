/** The register as one tree table: analysis objects → units → events → control measures. */
import {
  ApartmentOutlined,
  DeleteOutlined,
  EditOutlined,
  MoreOutlined,
  PauseCircleOutlined,
  PlayCircleOutlined,
  PlusOutlined,
  ScheduleOutlined,
} from "@ant-design/icons";
import { Button, Dropdown, type MenuProps, Space, Table, Tag, Typography } from "antd";
import type { ColumnsType } from "antd/es/table";
import { useTranslation } from "react-i18next";
import type { ControlMeasure, RiskEvent, RiskObject, RiskUnit } from "../../api/types";
import { type Labels, pick, useLabels } from "../../i18n/labels";
import { formatDateTime } from "../../lib/format";
import { useIsMobile } from "../../lib/useIsMobile";
import { AssessmentBrief } from "./Assessment";
import { CLASSIFY1, CLASSIFY2, CONTROL_LEVELS, DATA_SOURCES, RISK_OBJECT_KINDS } from "./codes";
import { GradeTag, highestGrade } from "./grade";

export type Row =
  | { key: string; kind: "object"; object: RiskObject; children?: Row[] }
  | { key: string; kind: "unit"; unit: RiskUnit; object: RiskObject; children?: Row[] }
  | { key: string; kind: "event"; event: RiskEvent; unit: RiskUnit; children?: Row[] }
  | { key: string; kind: "measure"; measure: ControlMeasure; event: RiskEvent; unit: RiskUnit };

const nonEmpty = <T,>(a: T[]) => (a.length ? a : undefined);

export function toRows(objects: RiskObject[]): Row[] {
  return objects.map((object) => ({
    key: `o:${object.id}`,
    kind: "object" as const,
    object,
    children: nonEmpty(
      (object.units ?? []).map((unit) => ({
        key: `u:${unit.id}`,
        kind: "unit" as const,
        unit,
        object,
        children: nonEmpty(
          (unit.events ?? []).map((event) => ({
            key: `e:${event.id}`,
            kind: "event" as const,
            event,
            unit,
            children: nonEmpty((event.measures ?? []).map((measure) => ({ key: `m:${measure.id}`, kind: "measure" as const, measure, event, unit }))),
          })),
        ),
      })),
    ),
  }));
}

/** Every key that has children (for "expand all"). */
export function parentKeys(rows: Row[]): string[] {
  const out: string[] = [];
  const walk = (rs: Row[]) => {
    for (const r of rs) {
      if ("children" in r && r.children?.length) {
        out.push(r.key);
        walk(r.children);
      }
    }
  };
  walk(rows);
  return out;
}

/** An open 停用检维修 of a unit, whichever way the server sends it. */
export function openShutdown(u: RiskUnit) {
  return u.shutdown && !u.shutdown.endAt ? u.shutdown : null;
}

export type RowAction =
  | { type: "add-unit"; object: RiskObject }
  | { type: "add-event"; unit: RiskUnit }
  | { type: "add-measure"; event: RiskEvent }
  | { type: "edit"; row: Row }
  | { type: "delete"; row: Row }
  | { type: "shutdown"; unit: RiskUnit }
  | { type: "end-shutdown"; unit: RiskUnit }
  | { type: "add-task"; measure: ControlMeasure; unit: RiskUnit };

const DEPTH: Record<Row["kind"], number> = { object: 0, unit: 1, event: 2, measure: 3 };
const KIND_TAG: Record<Row["kind"], string> = { object: "geekblue", unit: "cyan", event: "purple", measure: "default" };

function nameOf(r: Row): string {
  switch (r.kind) {
    case "object":
      return r.object.name;
    case "unit":
      return r.unit.name;
    case "event":
      return r.event.name;
    case "measure":
      return r.measure.description;
  }
}

export function rowName(r: Row) {
  return nameOf(r);
}

function Details({ r, labels }: { r: Row; labels: Labels }) {
  const { t } = useTranslation();
  const sep = <Typography.Text type="secondary"> · </Typography.Text>;
  switch (r.kind) {
    case "object":
      return (
        <span>
          {pick(RISK_OBJECT_KINDS[r.object.kind], labels.lang, r.object.kind)}
          {r.object.hazardCode && (
            <>
              {sep}
              {t("risks.object.hazardCode")} {r.object.hazardCode}
            </>
          )}
          {r.object.department && (
            <>
              {sep}
              {r.object.department}
            </>
          )}
        </span>
      );
    case "unit": {
      const sd = openShutdown(r.unit);
      return (
        <span>
          {sd && (
            <Tag color="default" icon={<PauseCircleOutlined />} data-testid="unit-shutdown-tag">
              {t("risks.shutdown.active", { at: formatDateTime(sd.startAt).slice(0, 16) })}
            </Tag>
          )}
          {[r.unit.department, r.unit.location].filter(Boolean).join(" · ")}
        </span>
      );
    }
    case "event":
      return (
        <Space size={4} wrap>
          <Tag>{t(`risks.methods.${r.event.method === "ls" ? "ls" : "lec"}`)}</Tag>
          <AssessmentBrief a={r.event.inherent} label={t("risks.inherentShort")} testId="event-inherent" />
          <AssessmentBrief a={r.event.residual} label={t("risks.residualShort")} testId="event-residual" />
        </Space>
      );
    case "measure": {
      const m = r.measure;
      return (
        <div style={{ maxWidth: 520, minWidth: 240 }}>
          <Space size={4} wrap>
            <Tag>{pick(CLASSIFY1[m.classify1], labels.lang, m.classify1)}</Tag>
            <Tag>
              {m.classify2} {pick(CLASSIFY2[m.classify2], labels.lang, "")}
            </Tag>
            {m.classify3 && <Tag>{m.classify3}</Tag>}
            <Tag color="blue">{pick(CONTROL_LEVELS[m.controlLevel], labels.lang, m.controlLevel)}</Tag>
            <Tag color={Number(m.dataSrc) === 1 ? "cyan" : "default"}>{pick(DATA_SOURCES[String(m.dataSrc)], labels.lang, String(m.dataSrc))}</Tag>
          </Space>
          {m.troubleshootContent && (
            <Typography.Paragraph type="secondary" ellipsis={{ rows: 1, tooltip: m.troubleshootContent }} style={{ margin: "2px 0 0", fontSize: 12 }}>
              {t("risks.measure.checkShort", { content: m.troubleshootContent })}
            </Typography.Paragraph>
          )}
        </div>
      );
    }
  }
}

function gradeOf(r: Row) {
  switch (r.kind) {
    case "object":
      return highestGrade((r.object.units ?? []).map((u) => u.riskGrade));
    case "unit":
      return r.unit.riskGrade;
    case "event":
      return r.event.riskGrade;
    default:
      return undefined;
  }
}

function personOf(r: Row) {
  switch (r.kind) {
    case "object":
      return r.object.liablePerson;
    case "unit":
      return r.unit.liablePerson;
    case "measure":
      return r.measure.responsiblePerson;
    default:
      return "";
  }
}

export function RegisterTable({
  rows,
  expanded,
  onExpand,
  canManage,
  canManageTasks,
  onAction,
}: {
  rows: Row[];
  expanded: string[];
  onExpand: (keys: string[]) => void;
  canManage: boolean;
  /** Inspection tasks are the enterprise's own (regulators keep the register but not the rounds). */
  canManageTasks: boolean;
  onAction: (a: RowAction) => void;
}) {
  const { t } = useTranslation();
  const labels = useLabels();
  const compact = useIsMobile();

  const addChild = (r: Row) => {
    switch (r.kind) {
      case "object":
        return { label: t("risks.unit.add"), testId: "add-unit", act: { type: "add-unit", object: r.object } as RowAction };
      case "unit":
        return { label: t("risks.event.add"), testId: "add-event", act: { type: "add-event", unit: r.unit } as RowAction };
      case "event":
        return { label: t("risks.measure.add"), testId: "add-measure", act: { type: "add-measure", event: r.event } as RowAction };
      case "measure":
        if (!canManageTasks) return null;
        return {
          label: t("risks.measure.addTask"),
          testId: "add-task",
          act: { type: "add-task", measure: r.measure, unit: r.unit } as RowAction,
          icon: <ScheduleOutlined />,
        };
    }
  };

  const more = (r: Row): MenuProps["items"] => {
    const items: MenuProps["items"] = [{ key: "edit", icon: <EditOutlined />, label: t("common.edit") }];
    if (r.kind === "unit") {
      items.push(
        openShutdown(r.unit)
          ? { key: "end-shutdown", icon: <PlayCircleOutlined />, label: t("risks.shutdown.end") }
          : { key: "shutdown", icon: <PauseCircleOutlined />, label: t("risks.shutdown.start") },
      );
    }
    items.push({ type: "divider" }, { key: "delete", icon: <DeleteOutlined />, label: t("common.delete"), danger: true });
    return items;
  };

  const onMore = (r: Row, key: string) => {
    if (key === "edit") onAction({ type: "edit", row: r });
    else if (key === "delete") onAction({ type: "delete", row: r });
    else if (key === "shutdown" && r.kind === "unit") onAction({ type: "shutdown", unit: r.unit });
    else if (key === "end-shutdown" && r.kind === "unit") onAction({ type: "end-shutdown", unit: r.unit });
  };

  const columns: ColumnsType<Row> = [
    {
      title: t("risks.columns.name"),
      key: "name",
      width: compact ? 200 : 300,
      render: (_, r) => (
        <span
          data-testid={`row-${r.kind}`}
          data-name={nameOf(r)}
          style={{
            display: "inline-flex",
            alignItems: "flex-start",
            gap: 6,
            verticalAlign: "top",
            // Leaves room for the tree's indent and expand icon, so long names wrap beside them.
            maxWidth: `calc(100% - ${DEPTH[r.kind] * (compact ? 8 : 16) + 28}px)`,
          }}
        >
          <Tag color={KIND_TAG[r.kind]} style={{ marginInlineEnd: 0, flex: "none" }}>
            {t(`risks.kinds.${r.kind}`)}
          </Tag>
          <span style={{ fontWeight: r.kind === "measure" ? 400 : 500 }}>{nameOf(r)}</span>
        </span>
      ),
    },
    {
      title: t("risks.columns.grade"),
      key: "grade",
      width: 110,
      render: (_, r) => (r.kind === "measure" ? null : <GradeTag grade={gradeOf(r)} testId={`grade-${r.kind}`} />),
    },
    { title: t("risks.columns.details"), key: "details", render: (_, r) => <Details r={r} labels={labels} /> },
    { title: t("risks.liablePerson"), key: "person", width: 120, render: (_, r) => personOf(r) || "—" },
  ];
  if (canManage) {
    columns.push({
      title: t("common.actions"),
      key: "actions",
      fixed: "right",
      width: compact ? 84 : 176,
      render: (_, r) => {
        const a = addChild(r);
        return (
          <Space size={4}>
            {a && (
              <Button size="small" icon={a.icon ?? <PlusOutlined />} data-testid={a.testId} aria-label={a.label} onClick={() => onAction(a.act)}>
                {!compact && a.label}
              </Button>
            )}
            <Dropdown menu={{ items: more(r), onClick: ({ key }) => onMore(r, key) }} trigger={["click"]}>
              <Button size="small" icon={<MoreOutlined />} aria-label={t("risks.more")} data-testid="row-more" />
            </Dropdown>
          </Space>
        );
      },
    });
  }

  return (
    <Table<Row>
      data-testid="risk-register"
      rowKey="key"
      size="middle"
      columns={columns}
      dataSource={rows}
      pagination={false}
      scroll={{ x: "max-content" }}
      expandable={{ expandedRowKeys: expanded, onExpandedRowsChange: (k) => onExpand(k as string[]), indentSize: compact ? 8 : 16 }}
      locale={{
        emptyText: (
          <Typography.Text type="secondary">
            <ApartmentOutlined /> {t("risks.empty")}
          </Typography.Text>
        ),
      }}
    />
  );
}
