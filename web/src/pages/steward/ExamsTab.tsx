/** 考试: the enterprise's exams; managers create one from the question bank; everybody with a person record takes them. */
import { EditOutlined, PlusOutlined } from "@ant-design/icons";
import { Alert, App, Button, Col, DatePicker, Form, Input, InputNumber, Modal, Row, Select, Space, Switch, Table, Tag, Typography } from "antd";
import type { ButtonProps } from "antd";
import type { ColumnsType } from "antd/es/table";
import { useMemo, useState } from "react";
import { useTranslation } from "react-i18next";
import { useNavigate } from "react-router";
import { type dayjs, formatDateTime } from "../../lib/format";
import { errorMessage } from "../../lib/errors";
import { useIsMobile } from "../../lib/useIsMobile";
import { reportFieldErrors } from "../risks/formErrors";
import { questionKindLabel, useStewardEnterprise } from "./common";
import { useCourses, useCreateExam, useExams, useQuestions } from "./queries";
import type { Exam } from "./types";

export function ExamsTab({ canTake }: { canTake: boolean }) {
  const { t } = useTranslation();
  const ctx = useStewardEnterprise();
  const mobile = useIsMobile();
  const navigate = useNavigate();
  const exams = useExams({ enterpriseId: ctx.enterpriseId, pageSize: 100 });
  const [creating, setCreating] = useState(false);
  const canWrite = ctx.manager && !!ctx.enterpriseId;
  const now = Date.now();
  const isOpen = (e: Exam) => (!e.openFrom || Date.parse(e.openFrom) <= now) && (!e.openUntil || Date.parse(e.openUntil) >= now);

  const columns: ColumnsType<Exam> = [
    {
      title: t("training.examTitle"),
      dataIndex: "title",
      render: (v: string, e) => (
        <span data-testid="exam-title">
          {v}
          {e.courseTitle ? <Typography.Text type="secondary"> · {e.courseTitle}</Typography.Text> : null}
        </span>
      ),
    },
    { title: t("training.questionCount"), key: "n", render: (_: unknown, e) => e.questionCount ?? e.questionIds?.length ?? "—" },
    { title: t("training.timeLimit"), dataIndex: "timeLimitMin", render: (m: number) => t("training.minutes", { count: m }) },
    { title: t("training.passMark"), key: "pass", render: (_: unknown, e) => `${e.passMark} / ${e.totalPoints}` },
    {
      title: t("training.openWindow"),
      key: "window",
      render: (_: unknown, e) =>
        e.openFrom || e.openUntil ? (
          <span style={{ fontSize: 12 }}>
            {formatDateTime(e.openFrom) || "…"} ~ {formatDateTime(e.openUntil) || "…"}
          </span>
        ) : (
          t("training.alwaysOpen")
        ),
    },
    {
      title: t("training.myResult"),
      key: "mine",
      render: (_: unknown, e) =>
        e.myBest ? (
          <Tag color={e.myBest.passed ? "green" : "red"}>{t(e.myBest.passed ? "training.passedScore" : "training.failedScore", { score: e.myBest.score })}</Tag>
        ) : null,
    },
  ];
  if (canTake)
    columns.push({
      title: t("common.actions"),
      key: "take",
      width: 120,
      render: (_: unknown, e) => (
        <Button
          type="primary"
          size="small"
          icon={<EditOutlined />}
          disabled={!isOpen(e)}
          onClick={() => navigate(mobile ? `/m/exams/${e.id}` : `/training/exams/${e.id}`)}
          data-testid="exam-take"
        >
          {t("training.takeExam")}
        </Button>
      ),
    });

  return (
    <>
      {canWrite && (
        <div className="filter-bar">
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)} data-testid="exam-add">
            {t("training.addExam")}
          </Button>
        </div>
      )}
      {exams.error && <Alert type="error" showIcon title={errorMessage(exams.error, t)} style={{ marginBottom: 16 }} />}
      <Table
        data-testid="exams-table"
        rowKey="id"
        size="middle"
        columns={columns}
        dataSource={exams.data?.items ?? []}
        loading={exams.isPending}
        scroll={{ x: "max-content" }}
        onRow={() => ({ "data-testid": "exam-row" }) as React.HTMLAttributes<HTMLElement>}
        pagination={false}
      />
      <ExamModal open={creating} enterpriseId={ctx.enterpriseId} onClose={() => setCreating(false)} />
    </>
  );
}

interface ExamValues {
  title: string;
  courseId?: string;
  questionIds: string[];
  timeLimitMin: number;
  passMark: number;
  shuffle: boolean;
  window?: [dayjs.Dayjs | null, dayjs.Dayjs | null] | null;
}

function ExamModal({ open, enterpriseId, onClose }: { open: boolean; enterpriseId?: string; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<ExamValues>();
  const questions = useQuestions({ enterpriseId, pageSize: 200 }, open);
  const courses = useCourses({ enterpriseId, pageSize: 100 }, open);
  const create = useCreateExam();
  const chosen = (Form.useWatch("questionIds", form) ?? []) as string[];
  const byId = useMemo(() => new Map((questions.data?.items ?? []).map((q) => [q.id, q])), [questions.data]);
  const total = chosen.reduce((s, id) => s + (byId.get(id)?.points ?? 0), 0);
  const banks = [...new Set((questions.data?.items ?? []).map((q) => q.bank))];

  const submit = async () => {
    const v = await form.validateFields();
    try {
      await create.mutateAsync({
        enterpriseId,
        title: v.title.trim(),
        ...(v.courseId ? { courseId: v.courseId } : {}),
        questionIds: v.questionIds,
        timeLimitMin: v.timeLimitMin,
        passMark: v.passMark,
        shuffle: v.shuffle,
        ...(v.window?.[0] ? { openFrom: v.window[0].toISOString() } : {}),
        ...(v.window?.[1] ? { openUntil: v.window[1].toISOString() } : {}),
      });
      message.success(t("common.saved"));
      onClose();
    } catch (e) {
      reportFieldErrors(
        form,
        e,
        ["title", "courseId", "questionIds", "timeLimitMin", "passMark", "shuffle", "openFrom", "openUntil"],
        (m) => message.error(m),
        t,
      );
    }
  };

  return (
    <Modal
      open={open}
      title={t("training.addExam")}
      onCancel={onClose}
      onOk={() => void submit()}
      okButtonProps={{ loading: create.isPending, "data-testid": "exam-save" } as ButtonProps}
      destroyOnHidden
      width={720}
      afterOpenChange={(o) => {
        if (o) form.setFieldsValue({ timeLimitMin: 30, passMark: 60, shuffle: true, questionIds: [] });
      }}
    >
      <Form form={form} layout="vertical">
        <Form.Item
          name="title"
          label={t("training.examTitle")}
          rules={[{ required: true, whitespace: true, message: t("common.required", { label: t("training.examTitle") }) }]}
        >
          <Input maxLength={100} data-testid="exam-title-input" />
        </Form.Item>
        <Form.Item name="courseId" label={t("training.course")}>
          <Select allowClear options={(courses.data?.items ?? []).map((c) => ({ value: c.id, label: c.title }))} />
        </Form.Item>
        <Form.Item
          name="questionIds"
          label={
            <Space>
              {t("training.questions")}
              <Typography.Text type="secondary">{t("training.chosenSummary", { count: chosen.length, points: total })}</Typography.Text>
            </Space>
          }
          rules={[{ required: true, type: "array", min: 1, message: t("training.questionsRequired") }]}
        >
          <Select
            mode="multiple"
            showSearch={{ optionFilterProp: "label" }}
            loading={questions.isPending}
            maxTagCount="responsive"
            data-testid="exam-questions"
            options={(questions.data?.items ?? []).map((q) => ({ value: q.id, label: `[${questionKindLabel(t, q.kind)}] ${q.stem}` }))}
          />
        </Form.Item>
        {banks.length > 0 && (
          <Space wrap style={{ marginTop: -12, marginBottom: 12 }}>
            {banks.map((b) => (
              <Button
                key={b}
                size="small"
                onClick={() =>
                  form.setFieldValue("questionIds", [...new Set([...chosen, ...(questions.data?.items ?? []).filter((q) => q.bank === b).map((q) => q.id)])])
                }
              >
                {t("training.addBank", { bank: b })}
              </Button>
            ))}
          </Space>
        )}
        <Row gutter={12}>
          <Col xs={12} sm={8}>
            <Form.Item name="timeLimitMin" label={t("training.timeLimitMin")} rules={[{ required: true }]}>
              <InputNumber min={1} max={600} style={{ width: "100%" }} />
            </Form.Item>
          </Col>
          <Col xs={12} sm={8}>
            <Form.Item name="passMark" label={t("training.passMark")} extra={total ? t("training.ofTotal", { total }) : undefined} rules={[{ required: true }]}>
              <InputNumber min={0} max={1000} style={{ width: "100%" }} />
            </Form.Item>
          </Col>
          <Col xs={24} sm={8}>
            <Form.Item name="shuffle" label={t("training.shuffle")} valuePropName="checked">
              <Switch />
            </Form.Item>
          </Col>
        </Row>
        <Form.Item name="window" label={t("training.openWindow")}>
          <DatePicker.RangePicker showTime={{ format: "HH:mm" }} format="YYYY-MM-DD HH:mm" allowEmpty={[true, true]} style={{ width: "100%" }} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
