/** 题库: the enterprise's questions (single, multiple, true/false); managers add, edit and delete them. */
import { DeleteOutlined, EditOutlined, MinusCircleOutlined, PlusOutlined } from "@ant-design/icons";
import { JUDGE_OPTIONS } from "@anguan/domain";
import { Alert, App, AutoComplete, Button, Checkbox, Form, Input, InputNumber, Modal, Popconfirm, Radio, Select, Space, Table, Tag, Typography } from "antd";
import type { ButtonProps } from "antd";
import type { ColumnsType } from "antd/es/table";
import { useMemo, useState } from "react";
import { useTranslation } from "react-i18next";
import { errorMessage } from "../../lib/errors";
import { formatNumber } from "../../lib/format";
import { reportFieldErrors } from "../risks/formErrors";
import { questionKindLabel, useStewardEnterprise } from "./common";
import { useDeleteQuestion, useQuestions, useSaveQuestion } from "./queries";
import type { Question, QuestionKind } from "./types";

const KINDS: QuestionKind[] = ["single", "multiple", "judge"];
const KIND_COLORS: Record<string, string> = { single: "blue", multiple: "purple", judge: "cyan" };
const LETTERS = "ABCDEFGH";

export function QuestionKindTag({ kind }: { kind: string }) {
  const { t } = useTranslation();
  return (
    <Tag color={KIND_COLORS[kind] ?? "default"} bordered={false}>
      {questionKindLabel(t, kind)}
    </Tag>
  );
}

export function QuestionsTab() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const ctx = useStewardEnterprise();
  const [bank, setBank] = useState<string | undefined>();
  const [kind, setKind] = useState<string | undefined>();
  const [page, setPage] = useState(1);
  const list = useQuestions({ enterpriseId: ctx.enterpriseId, bank, kind, page, pageSize: 20 });
  const all = useQuestions({ enterpriseId: ctx.enterpriseId, pageSize: 200 });
  const banks = useMemo(() => [...new Set((all.data?.items ?? []).map((q) => q.bank))], [all.data]);
  const del = useDeleteQuestion();
  const [editing, setEditing] = useState<Question | null | undefined>(undefined);
  const canWrite = ctx.manager && !!ctx.enterpriseId;

  const columns: ColumnsType<Question> = [
    { title: t("training.kind"), dataIndex: "kind", width: 90, render: (k: string) => <QuestionKindTag kind={k} /> },
    {
      title: t("training.stem"),
      dataIndex: "stem",
      render: (stem: string, q) => (
        <div>
          <div>{stem}</div>
          {q.kind !== "judge" && (
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {q.options.map((o) => `${o.key}. ${o.text}`).join("　")}
            </Typography.Text>
          )}
        </div>
      ),
    },
    {
      title: t("training.answer"),
      dataIndex: "answer",
      width: 90,
      render: (a: string[], q) =>
        q.kind === "judge" ? (q.options.find((o) => o.key === a[0])?.text ?? (a[0] === "T" ? t("training.judgeTrue") : t("training.judgeFalse"))) : a.join(""),
    },
    { title: t("training.bank"), dataIndex: "bank", width: 170 },
    { title: t("training.points"), dataIndex: "points", width: 70 },
  ];
  if (canWrite)
    columns.push({
      title: t("common.actions"),
      key: "actions",
      width: 100,
      render: (_: unknown, q) => (
        <Space size={0}>
          <Button type="link" size="small" icon={<EditOutlined />} aria-label={t("common.edit")} onClick={() => setEditing(q)} />
          <Popconfirm
            title={t("common.deleteConfirm")}
            onConfirm={() =>
              del.mutateAsync(q.id).then(
                () => message.success(t("common.deleted")),
                (e) => message.error(errorMessage(e, t)),
              )
            }
          >
            <Button type="link" size="small" danger icon={<DeleteOutlined />} aria-label={t("common.delete")} />
          </Popconfirm>
        </Space>
      ),
    });

  return (
    <>
      <div className="filter-bar">
        <Select
          allowClear
          style={{ width: 160 }}
          placeholder={t("training.bank")}
          value={bank}
          onChange={(v?: string) => {
            setBank(v);
            setPage(1);
          }}
          options={banks.map((b) => ({ value: b, label: b }))}
        />
        <Select
          allowClear
          style={{ width: 130 }}
          placeholder={t("training.kind")}
          value={kind}
          onChange={(v?: string) => {
            setKind(v);
            setPage(1);
          }}
          options={KINDS.map((k) => ({ value: k, label: questionKindLabel(t, k) }))}
        />
        {canWrite && (
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing(null)} data-testid="question-add">
            {t("training.addQuestion")}
          </Button>
        )}
      </div>
      {list.error && <Alert type="error" showIcon title={errorMessage(list.error, t)} style={{ marginBottom: 16 }} />}
      <Table
        data-testid="questions-table"
        rowKey="id"
        size="middle"
        columns={columns}
        dataSource={list.data?.items ?? []}
        loading={list.isFetching && !list.data}
        scroll={{ x: "max-content" }}
        pagination={{
          current: page,
          pageSize: 20,
          total: list.data?.total ?? 0,
          onChange: setPage,
          showTotal: (n) => t("common.total", { total: formatNumber(n) }),
        }}
      />
      <QuestionModal open={editing !== undefined} question={editing} enterpriseId={ctx.enterpriseId} banks={banks} onClose={() => setEditing(undefined)} />
    </>
  );
}

interface QuestionValues {
  bank?: string;
  kind: QuestionKind;
  stem: string;
  options: { text: string }[];
  answer: string[] | string;
  explanation?: string;
  points: number;
}

function QuestionModal({
  open,
  question,
  enterpriseId,
  banks,
  onClose,
}: {
  open: boolean;
  question?: Question | null;
  enterpriseId?: string;
  banks: string[];
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<QuestionValues>();
  const save = useSaveQuestion(question?.id);
  const kind = Form.useWatch("kind", form) ?? "single";
  const options = (Form.useWatch("options", form) ?? []) as { text?: string }[];
  const keys = kind === "judge" ? JUDGE_OPTIONS.map((o) => o.key) : options.map((_, i) => LETTERS[i]!);
  const labelOf = (k: string, i: number) =>
    kind === "judge" ? (k === "T" ? t("training.judgeTrue") : t("training.judgeFalse")) : `${k}${options[i]?.text ? `. ${options[i]!.text}` : ""}`;

  const submit = async () => {
    const v = await form.validateFields();
    const answer = Array.isArray(v.answer) ? v.answer : v.answer ? [v.answer] : [];
    try {
      await save.mutateAsync({
        ...(question ? {} : { enterpriseId }),
        bank: v.bank?.trim() || undefined,
        kind: v.kind,
        stem: v.stem.trim(),
        options: v.kind === "judge" ? JUDGE_OPTIONS.map((o) => ({ ...o })) : v.options.map((o, i) => ({ key: LETTERS[i]!, text: o.text.trim() })),
        answer,
        explanation: v.explanation?.trim() ?? "",
        points: v.points,
      });
      message.success(t("common.saved"));
      onClose();
    } catch (e) {
      reportFieldErrors(form, e, ["bank", "kind", "stem", "options", "answer", "explanation", "points"], (m) => message.error(m), t);
    }
  };

  return (
    <Modal
      open={open}
      title={question ? t("training.editQuestion") : t("training.addQuestion")}
      onCancel={onClose}
      onOk={() => void submit()}
      okButtonProps={{ loading: save.isPending, "data-testid": "question-save" } as ButtonProps}
      destroyOnHidden
      width={640}
      afterOpenChange={(o) => {
        if (!o) return;
        form.setFieldsValue(
          question
            ? {
                bank: question.bank,
                kind: question.kind,
                stem: question.stem,
                options: question.kind === "judge" ? [] : question.options.map((x) => ({ text: x.text })),
                answer: question.kind === "multiple" ? question.answer : question.answer[0],
                explanation: question.explanation,
                points: question.points,
              }
            : { kind: "single", options: [{ text: "" }, { text: "" }, { text: "" }, { text: "" }], points: 1, bank: banks[0] },
        );
      }}
    >
      <Form form={form} layout="vertical">
        <Space wrap style={{ width: "100%" }} size={12}>
          <Form.Item name="kind" label={t("training.kind")} rules={[{ required: true }]}>
            <Radio.Group
              optionType="button"
              options={KINDS.map((k) => ({ value: k, label: questionKindLabel(t, k) }))}
              onChange={(e) => form.setFieldValue("answer", e.target.value === "multiple" ? [] : undefined)}
            />
          </Form.Item>
          <Form.Item name="bank" label={t("training.bank")}>
            <AutoComplete style={{ width: 180 }} options={banks.map((b) => ({ value: b }))} placeholder={t("training.defaultBank")} />
          </Form.Item>
          <Form.Item name="points" label={t("training.points")} rules={[{ required: true }]}>
            <InputNumber min={1} max={100} />
          </Form.Item>
        </Space>
        <Form.Item
          name="stem"
          label={t("training.stem")}
          rules={[{ required: true, whitespace: true, message: t("common.required", { label: t("training.stem") }) }]}
        >
          <Input.TextArea rows={2} maxLength={1000} data-testid="question-stem" />
        </Form.Item>
        {kind !== "judge" && (
          <Form.List name="options">
            {(fields, { add, remove }) => (
              <Form.Item label={t("training.options")} required>
                {fields.map((f, i) => (
                  <Space key={f.key} align="baseline" style={{ display: "flex" }}>
                    <span style={{ width: 16, display: "inline-block" }}>{LETTERS[i]}</span>
                    <Form.Item
                      name={[f.name, "text"]}
                      rules={[{ required: true, whitespace: true, message: t("training.optionRequired") }]}
                      style={{ marginBottom: 8, flex: 1, minWidth: 360 }}
                    >
                      <Input maxLength={300} />
                    </Form.Item>
                    {fields.length > 2 && <MinusCircleOutlined onClick={() => remove(f.name)} aria-label={t("common.delete")} />}
                  </Space>
                ))}
                {fields.length < LETTERS.length && (
                  <Button type="dashed" icon={<PlusOutlined />} onClick={() => add({ text: "" })}>
                    {t("training.addOption")}
                  </Button>
                )}
              </Form.Item>
            )}
          </Form.List>
        )}
        <Form.Item name="answer" label={t("training.answer")} rules={[{ required: true, message: t("common.pleaseSelect", { label: t("training.answer") }) }]}>
          {kind === "multiple" ? (
            <Checkbox.Group options={keys.map((k, i) => ({ value: k, label: labelOf(k, i) }))} />
          ) : (
            <Radio.Group options={keys.map((k, i) => ({ value: k, label: labelOf(k, i) }))} />
          )}
        </Form.Item>
        <Form.Item name="explanation" label={t("training.explanation")}>
          <Input.TextArea rows={2} maxLength={1000} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
