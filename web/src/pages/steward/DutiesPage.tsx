/**
 * 履职事项 (/duties): the catalogue duties of the enterprise for a year with their plans and periods (coloured chips:
 * done / overdue / due / pending), "提交计划" and "记录完成" (with evidence files); open duty alarms at the top in red.
 * Regulators reach an enterprise's page with ?enterpriseId= (read only).
 */
import { AlertOutlined, CheckOutlined, FormOutlined } from "@ant-design/icons";
import { DUTY_CYCLES, DUTY_SUBJECTS } from "@anguan/domain";
import { Alert, Button, Card, Col, Empty, Row, Select, Space, Statistic, Table, Tag, Tooltip, Typography } from "antd";
import type { ColumnsType } from "antd/es/table";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { useSearchParams } from "react-router";
import { EnterprisePicker } from "../../components/EnterprisePicker";
import { PageHeader } from "../../components/PageHeader";
import { errorMessage } from "../../lib/errors";
import { formatDate, formatDateTime, todayShanghai } from "../../lib/format";
import { pick } from "../../i18n/labels";
import { PERIOD_COLORS, periodStatusLabel, useStewardEnterprise } from "./common";
import { DutyCompletionModal, DutyPlanModal } from "./DutyDialogs";
import { useDutyAlarms, useDutyCatalogue, useDuties } from "./queries";
import type { DutyAlarm, DutyItem, DutyPeriod } from "./types";
import "./steward.css";

export function cycleLabel(cycle: string, lang: string): string {
  return pick((DUTY_CYCLES as Record<string, { zh: string; en: string }>)[cycle], lang, cycle);
}

export default function DutiesPage() {
  const { t, i18n } = useTranslation();
  const ctx = useStewardEnterprise();
  const [params, setParams] = useSearchParams();
  const thisYear = Number(todayShanghai().slice(0, 4));
  const year = Number(params.get("year")) || thisYear;
  const duties = useDuties(ctx.enterpriseId, year);
  const catalogue = useDutyCatalogue();
  const alarms = useDutyAlarms({ enterpriseId: ctx.enterpriseId, open: "true", pageSize: 100 }, !!ctx.enterpriseId);
  const [planFor, setPlanFor] = useState<DutyItem | null>(null);
  const [doneFor, setDoneFor] = useState<DutyItem | null>(null);
  const canWrite = duties.data?.abilities?.edit ?? ctx.manager;

  const items = (duties.data?.items ?? []).map((d) => {
    const c = catalogue.data?.find((x) => x.code === d.code);
    return { ...d, basis: d.basis ?? c?.basis, description: d.description ?? c?.description, subject: d.subject ?? c?.subject };
  });
  const periods = items.flatMap((d) => d.periods);
  const count = (s: string) => periods.filter((p) => p.status === s).length;
  const openAlarms = alarms.data?.items ?? [];

  const columns: ColumnsType<DutyItem> = [
    {
      title: t("duties.duty"),
      dataIndex: "name",
      width: 300,
      render: (name: string, d) => (
        <div>
          <Typography.Text strong>{name}</Typography.Text>
          <div style={{ fontSize: 12, color: "#6b7280" }}>
            {d.subject && (
              <Tag bordered={false}>{pick((DUTY_SUBJECTS as Record<string, { zh: string; en: string }>)[d.subject], i18n.language, d.subject)}</Tag>
            )}
            {d.basis}
          </div>
        </div>
      ),
    },
    { title: t("duties.cycle"), dataIndex: "cycle", width: 90, render: (c: string, d) => d.cycleName ?? cycleLabel(c, i18n.language) },
    {
      title: t("duties.plan"),
      key: "plan",
      width: 200,
      render: (_: unknown, d) =>
        d.plan ? (
          <Tooltip title={d.plan.planText}>
            <Tag color="green" data-testid="duty-plan-state" data-state="submitted">
              {t("duties.planSubmitted")}
            </Tag>
            <div style={{ fontSize: 12, color: "#6b7280", whiteSpace: "nowrap" }}>
              {t("duties.owner")}：{d.plan.ownerName} · {formatDate(d.plan.submittedAt)}
            </div>
          </Tooltip>
        ) : (
          <Tag color={d.noPlan ? "red" : "orange"} data-testid="duty-plan-state" data-state={d.noPlan ? "missing" : "none"}>
            {d.noPlan ? t("duties.alarmNoPlan") : t("duties.noPlan")}
          </Tag>
        ),
    },
    {
      title: t("duties.periods"),
      key: "periods",
      width: 340,
      render: (_: unknown, d) => (
        <div className="duty-periods">
          {d.periods.map((p) => (
            <PeriodChip key={p.key} period={p} />
          ))}
        </div>
      ),
    },
  ];
  if (canWrite)
    columns.push({
      title: t("common.actions"),
      key: "actions",
      width: 130,
      render: (_: unknown, d) => (
        <Space orientation="vertical" size={4}>
          <Button size="small" icon={<FormOutlined />} onClick={() => setPlanFor(d)} data-testid="duty-plan">
            {d.plan ? t("duties.editPlan") : t("duties.submitPlan")}
          </Button>
          <Button
            size="small"
            type="primary"
            ghost
            icon={<CheckOutlined />}
            disabled={d.periods.every((p) => p.status === "done")}
            onClick={() => setDoneFor(d)}
            data-testid="duty-complete"
          >
            {t("duties.recordCompletion")}
          </Button>
        </Space>
      ),
    });

  return (
    <>
      <PageHeader
        title={t("duties.title")}
        sub={t("duties.subtitle")}
        extra={
          <>
            {ctx.multi && <EnterprisePicker data-testid="duties-enterprise" style={{ width: 260 }} value={ctx.enterpriseId} onChange={ctx.setEnterprise} />}
            <Select
              style={{ width: 110 }}
              value={year}
              data-testid="duties-year"
              onChange={(y: number) =>
                setParams(
                  (prev) => {
                    const next = new URLSearchParams(prev);
                    if (y === thisYear) next.delete("year");
                    else next.set("year", String(y));
                    return next;
                  },
                  { replace: true },
                )
              }
              options={[thisYear + 1, thisYear, thisYear - 1, thisYear - 2].map((y) => ({ value: y, label: t("duties.year", { year: y }) }))}
            />
          </>
        }
      />
      {!ctx.enterpriseId ? (
        <Alert type="info" showIcon title={t("duties.pickEnterprise")} />
      ) : (
        <>
          {openAlarms.length > 0 && <DutyAlarms alarms={openAlarms} />}
          <Row gutter={[16, 16]} style={{ marginBottom: 16 }} data-testid="duty-counts">
            <Col xs={12} md={6}>
              <Card size="small">
                <Statistic
                  title={t("duties.countPlanned")}
                  value={items.filter((d) => d.plan).length}
                  suffix={`/ ${items.length}`}
                  loading={duties.isPending}
                />
              </Card>
            </Col>
            <Col xs={12} md={6}>
              <Card size="small">
                <Statistic title={t("duties.periodStatus.done")} value={count("done")} styles={{ content: { color: "#389e0d" } }} loading={duties.isPending} />
              </Card>
            </Col>
            <Col xs={12} md={6}>
              <Card size="small">
                <Statistic
                  title={t("duties.periodStatus.due")}
                  value={count("due")}
                  styles={{ content: count("due") ? { color: "#d46b08" } : undefined }}
                  loading={duties.isPending}
                />
              </Card>
            </Col>
            <Col xs={12} md={6}>
              <Card size="small">
                <Statistic
                  title={t("duties.periodStatus.overdue")}
                  value={count("overdue")}
                  styles={{ content: count("overdue") ? { color: "#cf1322" } : undefined }}
                  loading={duties.isPending}
                  data-testid="duty-overdue-count"
                />
              </Card>
            </Col>
          </Row>
          <Card>
            <div className="duty-legend">
              {(["done", "overdue", "due", "pending"] as const).map((s) => (
                <Tag key={s} color={PERIOD_COLORS[s]}>
                  {periodStatusLabel(t, s)}
                </Tag>
              ))}
            </div>
            {duties.error && <Alert type="error" showIcon title={errorMessage(duties.error, t)} style={{ marginBottom: 16 }} />}
            <Table
              data-testid="duties-table"
              rowKey="code"
              size="middle"
              columns={columns}
              dataSource={items}
              loading={duties.isPending}
              pagination={false}
              scroll={{ x: "max-content" }}
              onRow={(d) => ({ "data-testid": "duty-row", "data-code": d.code }) as React.HTMLAttributes<HTMLElement>}
              locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t("duties.empty")} /> }}
            />
          </Card>
          <DutyPlanModal duty={planFor} enterpriseId={ctx.enterpriseId} year={year} defaultOwner={ctx.me.displayName} onClose={() => setPlanFor(null)} />
          <DutyCompletionModal duty={doneFor} enterpriseId={ctx.enterpriseId} onClose={() => setDoneFor(null)} />
        </>
      )}
    </>
  );
}

function PeriodChip({ period: p }: { period: DutyPeriod }) {
  const { t } = useTranslation();
  const c = p.completion;
  const title = (
    <div>
      <div>{p.label}</div>
      <div>
        {periodStatusLabel(t, p.status)} · {t("duties.dueOn", { date: p.due })}
      </div>
      {c && (
        <div>
          {t("duties.completedOn")}：{c.completedOn}
          {c.recordedByName ? ` · ${c.recordedByName}` : ""}
          {c.files?.length ? ` · ${t("duties.filesCount", { count: c.files.length })}` : ""}
        </div>
      )}
    </div>
  );
  return (
    <Tooltip title={title}>
      <Tag color={PERIOD_COLORS[p.status] ?? "default"} className="duty-chip" data-testid="duty-period" data-key={p.key} data-status={p.status}>
        {shortPeriod(p.label)}
        {p.status === "overdue" || p.status === "due" || p.key.length === 4 ? ` · ${periodStatusLabel(t, p.status)}` : ""}
      </Tag>
    </Tooltip>
  );
}

/** Chips stay short: "2026年第三季度" → "第三季度", "2026年3月" → "3月"; the year's own period keeps its label. */
function shortPeriod(label: string): string {
  return label.replace(/^\d{4}年/, "") || label;
}

function DutyAlarms({ alarms }: { alarms: DutyAlarm[] }) {
  const { t } = useTranslation();
  return (
    <Alert
      type="error"
      showIcon
      icon={<AlertOutlined />}
      style={{ marginBottom: 16 }}
      data-testid="duty-alarms"
      title={t("duties.alarmsTitle", { count: alarms.length })}
      description={
        <ul className="duty-alarm-list">
          {alarms.map((a) => (
            <li key={a.id} data-testid="duty-alarm" data-kind={a.kind} data-code={a.dutyCode}>
              <Tag color="red" bordered={false}>
                {a.kind === "no_plan" ? t("duties.alarmNoPlan") : t("duties.alarmOverdue")}
              </Tag>
              <Typography.Text strong>{a.dutyName}</Typography.Text> <span>{a.periodLabel ?? a.periodKey}</span>
              <Typography.Text type="secondary" style={{ marginInlineStart: 8, fontSize: 12 }}>
                {t("duties.raisedAt", { at: formatDateTime(a.raisedAt) })}
              </Typography.Text>
            </li>
          ))}
        </ul>
      }
    />
  );
}
