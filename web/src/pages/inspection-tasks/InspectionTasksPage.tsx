/** 排查任务: an enterprise's inspection tasks and the day's task instances (待检/已检/逾期补检/漏检/停用). */
import { INSTANCE_STATUSES, WORK_TYPES } from "@anguan/domain";
import { DeleteOutlined, EditOutlined } from "@ant-design/icons";
import { Alert, App, Button, Card, DatePicker, Popconfirm, Segmented, Select, Space, Table, Tabs, Tag, Typography } from "antd";
import type { ColumnsType } from "antd/es/table";
import { useMemo, useState } from "react";
import { useTranslation } from "react-i18next";
import { Link, useParams, useSearchParams } from "react-router";
import { ApiError } from "../../api/client";
import { useEnterprise } from "../../api/queries";
import type { InspectionInstance, InspectionTask, InstanceStatus } from "../../api/types";
import { NotFound } from "../../components/NotFound";
import { PageHeader } from "../../components/PageHeader";
import { pick, useLabels } from "../../i18n/labels";
import { errorMessage } from "../../lib/errors";
import { dayjs, formatDateTime, todayShanghai } from "../../lib/format";
import { useIsMobile } from "../../lib/useIsMobile";
import { useRiskRegister } from "../risks/api";
import { useCanManageTasks } from "../risks/useCanManage";
import { useInspectionInstances, useInspectionTasks, useTaskWrite } from "./api";
import { cycleText, windowText } from "./cycle";
import { TaskModal } from "./TaskModal";

export const STATUS_COLOR: Record<InstanceStatus, string> = { pending: "blue", done: "green", late: "orange", missed: "red", suspended: "default" };
const STATUSES = Object.keys(STATUS_COLOR) as InstanceStatus[];

export function InstanceStatusTag({ status }: { status: InstanceStatus }) {
  const labels = useLabels();
  return (
    <Tag color={STATUS_COLOR[status] ?? "default"} data-testid="instance-status" data-status={status}>
      {pick(INSTANCE_STATUSES[status], labels.lang, status)}
    </Tag>
  );
}

/** unit and measure names from the register, for responses that carry only ids. */
function useNames(enterpriseId: string) {
  const register = useRiskRegister(enterpriseId);
  return useMemo(() => {
    const units = new Map<string, string>();
    const measures = new Map<string, string>();
    for (const o of register.data?.objects ?? [])
      for (const u of o.units ?? []) {
        units.set(u.id, u.name);
        for (const e of u.events ?? []) for (const m of e.measures ?? []) measures.set(m.id, m.description);
      }
    return { units, measures, register };
  }, [register]);
}

export default function InspectionTasksPage() {
  const { id = "" } = useParams();
  const { t } = useTranslation();
  const enterprise = useEnterprise(id);
  const [params, setParams] = useSearchParams();
  const tab = params.get("tab") === "today" ? "today" : "tasks";
  const set = (patch: Record<string, string | null>) =>
    setParams(
      (prev) => {
        const next = new URLSearchParams(prev);
        for (const [k, v] of Object.entries(patch)) {
          if (v) next.set(k, v);
          else next.delete(k);
        }
        return next;
      },
      { replace: true },
    );

  if (enterprise.error instanceof ApiError && enterprise.error.status < 500) return <NotFound message={t("enterprise.notFound")} />;
  return (
    <>
      <PageHeader
        title={t("inspectionTasks.title")}
        sub={enterprise.data?.name}
        extra={
          <Link to={`/enterprises/${id}/risks`}>
            <Button>{t("risks.title")}</Button>
          </Link>
        }
      />
      <Card styles={{ body: { paddingTop: 8 } }}>
        <Tabs
          activeKey={tab}
          onChange={(k) => set({ tab: k === "tasks" ? null : k })}
          destroyOnHidden
          items={[
            {
              key: "tasks",
              label: t("inspectionTasks.tasksTab"),
              children: <TasksTab enterpriseId={id} unitId={params.get("unitId")} onUnit={(u) => set({ unitId: u })} />,
            },
            {
              key: "today",
              label: t("inspectionTasks.todayTab"),
              children: <InstancesTab enterpriseId={id} date={params.get("date") ?? todayShanghai()} status={params.get("status")} onChange={(p) => set(p)} />,
            },
          ]}
        />
      </Card>
    </>
  );
}

function TasksTab({ enterpriseId, unitId, onUnit }: { enterpriseId: string; unitId: string | null; onUnit: (u: string | null) => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const compact = useIsMobile();
  const labels = useLabels();
  const tasks = useInspectionTasks(enterpriseId);
  const names = useNames(enterpriseId);
  const canManage = useCanManageTasks();
  const write = useTaskWrite(enterpriseId);
  const [editing, setEditing] = useState<InspectionTask | null>(null);
  const rows = (tasks.data ?? []).filter((x) => !unitId || x.unitId === unitId);

  const columns: ColumnsType<InspectionTask> = [
    { title: t("inspectionTasks.unit"), key: "unit", width: 150, render: (_, r) => r.unitName ?? names.units.get(r.unitId) ?? "—" },
    {
      title: t("inspectionTasks.content"),
      key: "content",
      render: (_, r) => (
        <div style={{ minWidth: 200, maxWidth: 360 }}>
          <div>{r.content}</div>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {t("inspectionTasks.measureLine", { measure: r.measureDescription ?? names.measures.get(r.measureId) ?? "—" })}
          </Typography.Text>
        </div>
      ),
    },
    { title: t("inspectionTasks.cycle"), key: "cycle", render: (_, r) => <span data-testid="task-cycle-text">{cycleText(t, r)}</span> },
    {
      title: t("inspectionTasks.workType"),
      key: "workType",
      render: (_, r) => (
        <Tag color={r.workType ? "purple" : "default"}>
          {pick(WORK_TYPES[r.workType as 0 | 1 | 2 | 3], labels.lang, String(r.workType))}
          {r.workType && r.taskNum ? ` · ${t("inspectionTasks.itemN", { n: r.taskNum })}` : ""}
        </Tag>
      ),
    },
    {
      title: t("inspectionTasks.assignee"),
      key: "assignee",
      // Name and post on two lines: the table stays narrow enough to show the next window beside the actions.
      render: (_, r) =>
        r.assigneeName || r.assigneePost ? (
          <div>
            <div>{r.assigneeName ?? "—"}</div>
            {r.assigneePost && (
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {r.assigneePost}
              </Typography.Text>
            )}
          </div>
        ) : (
          "—"
        ),
    },
    {
      title: t("inspectionTasks.next"),
      key: "next",
      render: (_, r) =>
        r.unitStatus === "shutdown" ? (
          <Tag>{t("inspectionTasks.suspended")}</Tag>
        ) : r.nextOccurrence ? (
          windowText(t, r.nextOccurrence.dueFrom, r.nextOccurrence.dueTo, true)
        ) : (
          "—"
        ),
    },
  ];
  if (canManage)
    columns.push({
      title: t("common.actions"),
      key: "actions",
      fixed: "right",
      width: compact ? 84 : 160,
      render: (_, r) => (
        <Space size={4}>
          <Button size="small" icon={<EditOutlined />} aria-label={t("common.edit")} data-testid="task-edit" onClick={() => setEditing(r)}>
            {!compact && t("common.edit")}
          </Button>
          <Popconfirm
            title={t("common.deleteConfirm")}
            okText={t("common.delete")}
            okButtonProps={{ danger: true }}
            onConfirm={() =>
              write.remove.mutateAsync(r.id).then(
                () => void message.success(t("common.deleted")),
                (e: unknown) => void message.error(errorMessage(e, t)),
              )
            }
          >
            <Button size="small" danger icon={<DeleteOutlined />} aria-label={t("common.delete")} data-testid="task-delete">
              {!compact && t("common.delete")}
            </Button>
          </Popconfirm>
        </Space>
      ),
    });

  const unitOptions = [...names.units].map(([value, label]) => ({ value, label }));
  return (
    <>
      <div className="filter-bar">
        <Select
          allowClear
          style={{ minWidth: 200 }}
          placeholder={t("inspectionTasks.allUnits")}
          value={unitId ?? undefined}
          onChange={(v?: string) => onUnit(v ?? null)}
          options={unitOptions}
          showSearch={{ optionFilterProp: "label" }}
          data-testid="task-unit-filter"
        />
        {canManage && (
          <Typography.Text type="secondary" style={{ alignSelf: "center" }}>
            {t("inspectionTasks.createHint")}
          </Typography.Text>
        )}
      </div>
      {tasks.error && <Alert type="error" showIcon title={errorMessage(tasks.error, t)} style={{ marginBottom: 12 }} />}
      <Table<InspectionTask>
        data-testid="task-table"
        rowKey="id"
        size="middle"
        columns={columns}
        dataSource={rows}
        loading={tasks.isFetching}
        scroll={{ x: "max-content" }}
        pagination={{ pageSize: 50, hideOnSinglePage: true }}
      />
      <TaskModal open={!!editing} enterpriseId={enterpriseId} task={editing} measure={null} onClose={() => setEditing(null)} />
    </>
  );
}

/** Missed instances stand out in red, late ones in orange. */
const ROW_STYLES = ".row-missed > td { background: #fff1f0 !important; } .row-late > td { background: #fff7e6 !important; }";

function InstancesTab({
  enterpriseId,
  date,
  status,
  onChange,
}: {
  enterpriseId: string;
  date: string;
  status: string | null;
  onChange: (p: Record<string, string | null>) => void;
}) {
  const { t } = useTranslation();
  const labels = useLabels();
  const compact = useIsMobile();
  const all = useInspectionInstances(enterpriseId, { date });
  const names = useNames(enterpriseId);
  const list = all.data ?? [];
  const rows = status ? list.filter((r) => r.status === status) : list;
  const count = (s: InstanceStatus) => list.filter((r) => r.status === s).length;

  const columns: ColumnsType<InspectionInstance> = [
    { title: t("inspectionTasks.window"), key: "window", width: 130, render: (_, r) => windowText(t, r.dueFrom, r.dueTo) },
    { title: t("inspectionTasks.unit"), key: "unit", render: (_, r) => r.unitName ?? names.units.get(r.unitId) ?? "—" },
    { title: t("inspectionTasks.content"), key: "content", render: (_, r) => <div style={{ minWidth: 180, maxWidth: 420 }}>{r.content ?? "—"}</div> },
    { title: t("inspectionTasks.assignee"), key: "assignee", render: (_, r) => r.assigneeName || "—" },
    { title: t("inspectionTasks.status"), key: "status", render: (_, r) => <InstanceStatusTag status={r.status} /> },
    { title: t("inspectionTasks.doneAt"), key: "doneAt", render: (_, r) => (r.doneAt ? formatDateTime(r.doneAt).slice(5, 16) : "—") },
  ];
  // Phones: one column, each round as a small block (time · unit, what to check, who and the status).
  const phoneColumns: ColumnsType<InspectionInstance> = [
    {
      key: "round",
      render: (_, r) => (
        <div>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {windowText(t, r.dueFrom, r.dueTo)} · {r.unitName ?? names.units.get(r.unitId) ?? "—"}
          </Typography.Text>
          <div>{r.content ?? "—"}</div>
          <Space size={6} style={{ marginTop: 4 }}>
            <InstanceStatusTag status={r.status} />
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {r.assigneeName || ""}
              {r.doneAt ? ` ${formatDateTime(r.doneAt).slice(11, 16)}` : ""}
            </Typography.Text>
          </Space>
        </div>
      ),
    },
  ];

  return (
    <>
      <style>{ROW_STYLES}</style>
      <div className="filter-bar">
        <DatePicker
          value={dayjs(date)}
          allowClear={false}
          onChange={(d) => onChange({ date: d && d.format("YYYY-MM-DD") !== todayShanghai() ? d.format("YYYY-MM-DD") : null })}
          data-testid="instance-date"
        />
        <Segmented
          data-testid="instance-status-filter"
          value={status ?? "all"}
          onChange={(v) => onChange({ status: v === "all" ? null : String(v) })}
          options={[
            { value: "all", label: `${t("common.all")} ${list.length}` },
            ...STATUSES.map((s) => ({ value: s, label: `${pick(INSTANCE_STATUSES[s], labels.lang)} ${count(s)}` })),
          ]}
          style={{ maxWidth: "100%", overflowX: "auto" }}
        />
      </div>
      {count("missed") > 0 && <Alert type="error" showIcon style={{ marginBottom: 12 }} title={t("inspectionTasks.missedAlert", { count: count("missed") })} />}
      {all.error && <Alert type="error" showIcon title={errorMessage(all.error, t)} style={{ marginBottom: 12 }} />}
      <Table<InspectionInstance>
        data-testid="instance-table"
        rowKey="id"
        size="middle"
        columns={compact ? phoneColumns : columns}
        showHeader={!compact}
        dataSource={rows}
        loading={all.isFetching}
        scroll={{ x: "max-content" }}
        rowClassName={(r) => (r.status === "missed" ? "row-missed" : r.status === "late" ? "row-late" : "")}
        pagination={{ pageSize: 50, hideOnSinglePage: true }}
      />
    </>
  );
}
