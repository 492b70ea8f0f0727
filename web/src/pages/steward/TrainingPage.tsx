/**
 * 安全学习 (/training): tabs 课程 (courses with their materials, "学习完成"), 题库 (questions, managers), 考试 (exams:
 * create, take) and 我的记录 / 培训记录 (training records). Regulators and experts read with an enterprise picker.
 */
import { Alert, Card, Select, Table, Tabs, Tag } from "antd";
import type { ColumnsType } from "antd/es/table";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { Link, useSearchParams } from "react-router";
import { EnterprisePicker } from "../../components/EnterprisePicker";
import { PageHeader } from "../../components/PageHeader";
import { errorMessage } from "../../lib/errors";
import { trainingKindLabel, useMyPerson, useStewardEnterprise } from "./common";
import { CoursesTab } from "./CoursesTab";
import { ExamsTab } from "./ExamsTab";
import { usePersonnel, useTrainingRecords } from "./queries";
import { QuestionsTab } from "./QuestionsTab";
import type { Person, TrainingRecord } from "./types";
import "./steward.css";

export default function TrainingPage() {
  const { t } = useTranslation();
  const ctx = useStewardEnterprise();
  const [params, setParams] = useSearchParams();
  const { person } = useMyPerson(ctx.own ?? undefined);
  const seesAll = ctx.manager || ctx.multi;
  const tab = params.get("tab") ?? "courses";
  const setTab = (k: string) =>
    setParams(
      (prev) => {
        const next = new URLSearchParams(prev);
        if (k === "courses") next.delete("tab");
        else next.set("tab", k);
        return next;
      },
      { replace: true },
    );
  const items = [
    { key: "courses", label: t("training.tabCourses"), children: <CoursesTab myPerson={person} /> },
    ...(seesAll ? [{ key: "questions", label: t("training.tabQuestions"), children: <QuestionsTab /> }] : []),
    { key: "exams", label: t("training.tabExams"), children: <ExamsTab canTake={!!ctx.own} /> },
    { key: "records", label: seesAll ? t("training.tabRecords") : t("training.tabMine"), children: <RecordsTab myPerson={person} seesAll={seesAll} /> },
  ];
  return (
    <>
      <PageHeader
        title={t("training.title")}
        sub={t("training.subtitle")}
        extra={ctx.multi && <EnterprisePicker data-testid="training-enterprise" style={{ width: 260 }} value={ctx.enterpriseId} onChange={ctx.setEnterprise} />}
      />
      {!ctx.enterpriseId ? (
        <Alert type="info" showIcon title={t("training.pickEnterprise")} />
      ) : (
        <Card>
          <Tabs activeKey={items.some((i) => i.key === tab) ? tab : "courses"} onChange={setTab} items={items} />
        </Card>
      )}
    </>
  );
}

function RecordsTab({ myPerson, seesAll }: { myPerson: Person | null; seesAll: boolean }) {
  const { t } = useTranslation();
  const ctx = useStewardEnterprise();
  const [personId, setPersonId] = useState<string | undefined>(seesAll ? undefined : myPerson?.id);
  const people = usePersonnel({ enterpriseId: ctx.enterpriseId, pageSize: 200 }, seesAll);
  const who = seesAll ? personId : myPerson?.id;
  const records = useTrainingRecords({ enterpriseId: ctx.enterpriseId, personId: who }, seesAll || !!myPerson);
  const columns: ColumnsType<TrainingRecord> = [
    { title: t("training.recordDay"), dataIndex: "day", width: 120 },
    ...(seesAll
      ? [{ title: t("personnel.name"), dataIndex: "personName", render: (n: string, r: TrainingRecord) => <Link to={`/personnel/${r.personId}`}>{n}</Link> }]
      : []),
    { title: t("training.recordKind"), dataIndex: "kind", width: 110, render: (k: string) => <Tag bordered={false}>{trainingKindLabel(t, k)}</Tag> },
    { title: t("training.recordTitle"), dataIndex: "title" },
    { title: t("training.hours"), dataIndex: "hours", width: 80 },
    { title: t("training.result"), dataIndex: "result" },
  ];
  if (!seesAll && !myPerson) return <Alert type="info" showIcon title={t("training.noPerson")} />;
  const total = (records.data?.items ?? []).reduce((s, r) => s + (Number(r.hours) || 0), 0);
  return (
    <>
      {seesAll && (
        <div className="filter-bar">
          <Select
            allowClear
            showSearch={{ optionFilterProp: "label" }}
            style={{ width: 220 }}
            placeholder={t("personnel.name")}
            value={personId}
            onChange={(v?: string) => setPersonId(v)}
            options={(people.data?.items ?? []).map((p) => ({ value: p.id, label: p.name }))}
          />
        </div>
      )}
      {records.error && <Alert type="error" showIcon title={errorMessage(records.error, t)} style={{ marginBottom: 16 }} />}
      <Table
        data-testid="training-records"
        rowKey="id"
        size="middle"
        columns={columns}
        dataSource={records.data?.items ?? []}
        loading={records.isFetching && !records.data}
        scroll={{ x: "max-content" }}
        pagination={{ pageSize: 20, hideOnSinglePage: true }}
        footer={() => t("training.totalHours", { hours: Math.round(total * 100) / 100 })}
      />
    </>
  );
}
