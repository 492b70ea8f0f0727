/**
 * 参加考试 (/training/exams/:id, /m/exams/:id): start an attempt, a countdown to its deadline, one question per card
 * (single / multiple / true-false), a navigator, submit → the score, pass or fail and the correct answers.
 * The time left is counted from the attempt's own duration, so a phone whose clock is off still shows it right.
 */
import { CheckCircleFilled, ClockCircleOutlined, CloseCircleFilled, LeftOutlined, RightOutlined } from "@ant-design/icons";
import { JUDGE_OPTIONS } from "@anguan/domain";
import { Alert, App, Button, Checkbox, Descriptions, Progress, Radio, Result, Space, Tag, Typography } from "antd";
import type { ButtonProps } from "antd";
import { useCallback, useEffect, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { useNavigate, useParams } from "react-router";
import { ApiError, api } from "../../api/client";
import { NotFound } from "../../components/NotFound";
import { PageHeader } from "../../components/PageHeader";
import { PageLoading } from "../../components/PageLoading";
import { errorMessage } from "../../lib/errors";
import { useInMobileShell } from "./common";
import { useExam, useStartAttempt, useSubmitAttempt } from "./queries";
import { QuestionKindTag } from "./QuestionsTab";
import type { Attempt, AttemptQuestion, AttemptResult } from "./types";
import "./steward.css";

function mmss(ms: number): string {
  const s = Math.max(0, Math.ceil(ms / 1000));
  const m = Math.floor(s / 60);
  return `${String(m).padStart(2, "0")}:${String(s % 60).padStart(2, "0")}`;
}

const optionsOf = (q: AttemptQuestion) => (q.kind === "judge" && !q.options?.length ? JUDGE_OPTIONS.map((o) => ({ ...o })) : q.options);
/** Options are shown A, B, C… in the order this attempt gives them (the keys stay the bank's, for the answers). */
const LETTERS = "ABCDEFGHIJ";
const letterOf = (q: AttemptQuestion, key: string) => {
  const i = optionsOf(q).findIndex((o) => o.key === key);
  return i >= 0 ? (LETTERS[i] ?? key) : key;
};

export default function ExamTakePage() {
  const { id = "" } = useParams();
  const { t } = useTranslation();
  const { message, modal } = App.useApp();
  const phone = useInMobileShell();
  const navigate = useNavigate();
  const exam = useExam(id);
  const start = useStartAttempt(id);
  const submitAttempt = useSubmitAttempt();
  const [attempt, setAttempt] = useState<Attempt | null>(null);
  const [endsAt, setEndsAt] = useState(0);
  const [now, setNow] = useState(Date.now());
  const [index, setIndex] = useState(0);
  const [answers, setAnswers] = useState<Record<string, string[]>>({});
  const [result, setResult] = useState<AttemptResult | null>(null);
  const submitted = useRef(false);

  const begin = async () => {
    try {
      const a = await start.mutateAsync(undefined);
      const limitMs = a.startedAt ? Date.parse(a.deadline) - Date.parse(a.startedAt) : (exam.data?.timeLimitMin ?? 0) * 60_000;
      const t0 = Date.now();
      setEndsAt(t0 + limitMs);
      setNow(t0);
      setAttempt(a);
      setIndex(0);
      setAnswers({});
    } catch (e) {
      message.error(errorMessage(e, t));
    }
  };

  const finish = useCallback(
    async (auto: boolean) => {
      if (!attempt || submitted.current) return;
      submitted.current = true;
      try {
        const r = await submitAttempt.mutateAsync({ id: attempt.id, answers });
        setResult(r);
        if (auto) message.warning(t("training.timeUpSubmitted"));
      } catch (e) {
        if (e instanceof ApiError && e.code === "EXAM_TIME_OVER") {
          // Answers given before the deadline were scored: show the attempt as the server kept it.
          const fromBody = e.body as Partial<AttemptResult> & { result?: AttemptResult; details?: unknown };
          const r =
            fromBody.result ??
            (typeof fromBody.score === "number"
              ? (fromBody as AttemptResult)
              : await api.get<AttemptResult>(`/api/exam-attempts/${encodeURIComponent(attempt.id)}`).catch(() => null));
          if (r && typeof r.score === "number") {
            setResult({ ...r, results: r.results ?? [] });
            message.warning(t("training.timeOver"));
            return;
          }
        }
        submitted.current = false;
        message.error(errorMessage(e, t));
      }
    },
    [attempt, answers, submitAttempt, message, t],
  );

  // The countdown; at zero the answers so far are submitted.
  useEffect(() => {
    if (!attempt || result) return;
    const timer = setInterval(() => setNow(Date.now()), 500);
    return () => clearInterval(timer);
  }, [attempt, result]);
  const left = endsAt - now;
  useEffect(() => {
    if (attempt && !result && left <= 0) void finish(true);
  }, [attempt, result, left, finish]);

  if (exam.isPending) return <PageLoading />;
  if (exam.error instanceof ApiError && exam.error.status === 404) return <NotFound />;
  if (exam.error || !exam.data) return <Alert type="error" showIcon title={errorMessage(exam.error, t)} />;
  const e = exam.data;
  const back = () => navigate(phone ? "/m" : "/training?tab=exams");

  if (result) {
    const qs = attempt?.questions ?? [];
    const byId = new Map(result.results.map((r) => [r.questionId, r]));
    return (
      <div className="exam-page" data-testid="exam-result">
        <Result
          status={result.passed ? "success" : "error"}
          title={<span data-testid="exam-score">{t("training.scoreLine", { score: result.score, total: result.totalPoints })}</span>}
          subTitle={
            <Space orientation="vertical" size={4}>
              <Tag
                color={result.passed ? "green" : "red"}
                style={{ fontSize: 15, padding: "4px 12px" }}
                data-testid="exam-passed"
                data-passed={result.passed ? "1" : "0"}
              >
                {result.passed ? t("training.passed") : t("training.failed")}
              </Tag>
              <span>{t("training.passMarkLine", { mark: result.passMark })}</span>
            </Space>
          }
          extra={
            <Space wrap>
              <Button size="large" onClick={back}>
                {t("common.back")}
              </Button>
              {!result.passed && (
                <Button
                  size="large"
                  type="primary"
                  onClick={() => {
                    submitted.current = false;
                    setResult(null);
                    setAttempt(null);
                  }}
                >
                  {t("training.retry")}
                </Button>
              )}
            </Space>
          }
        />
        <div className="exam-review">
          {qs.map((q, i) => {
            const r = byId.get(q.id);
            const given = answers[q.id] ?? r?.given ?? [];
            const label = (keys: string[]) =>
              keys.length
                ? [...keys]
                    .sort((a, b) => letterOf(q, a).localeCompare(letterOf(q, b)))
                    .map((k) => {
                      const o = optionsOf(q).find((x) => x.key === k);
                      return q.kind === "judge" ? (o?.text ?? k) : `${letterOf(q, k)}${o ? `. ${o.text}` : ""}`;
                    })
                    .join("；")
                : t("training.notAnswered");
            return (
              <div
                key={q.id}
                className={`exam-review-item ${r?.correct ? "correct" : "wrong"}`}
                data-testid="exam-review-item"
                data-correct={r?.correct ? "1" : "0"}
              >
                <div className="exam-review-head">
                  {r?.correct ? <CheckCircleFilled style={{ color: "#52c41a" }} /> : <CloseCircleFilled style={{ color: "#ff4d4f" }} />}
                  <span>
                    {i + 1}. {q.stem}
                  </span>
                </div>
                <div className="exam-review-line">
                  {t("training.yourAnswer")}：{label(given)}
                </div>
                {r && (
                  <div className="exam-review-line">
                    {t("training.correctAnswer")}：<Typography.Text strong>{label(r.answer)}</Typography.Text>
                  </div>
                )}
                {r?.explanation && <div className="exam-review-line st-sub">{r.explanation}</div>}
              </div>
            );
          })}
        </div>
      </div>
    );
  }

  if (!attempt)
    return (
      <div className="exam-page" data-testid="exam-intro">
        {!phone && <PageHeader title={e.title} />}
        <section className="st-card">
          {phone && (
            <Typography.Title level={4} style={{ marginTop: 0 }}>
              {e.title}
            </Typography.Title>
          )}
          <Descriptions column={1} size="small">
            <Descriptions.Item label={t("training.questionCount")}>{e.questionCount ?? e.questionIds?.length ?? "—"}</Descriptions.Item>
            <Descriptions.Item label={t("training.timeLimit")}>{t("training.minutes", { count: e.timeLimitMin })}</Descriptions.Item>
            <Descriptions.Item label={t("training.totalPoints")}>{e.totalPoints}</Descriptions.Item>
            <Descriptions.Item label={t("training.passMark")}>{e.passMark}</Descriptions.Item>
          </Descriptions>
          <Typography.Paragraph type="secondary" style={{ fontSize: 13 }}>
            {t("training.examRules")}
          </Typography.Paragraph>
          <Button type="primary" size="large" block loading={start.isPending} onClick={() => void begin()} data-testid="exam-start" style={{ height: 52 }}>
            {t("training.startExam")}
          </Button>
        </section>
      </div>
    );

  const qs = attempt.questions;
  const q = qs[index]!;
  const answeredCount = qs.filter((x) => answers[x.id]?.length).length;
  const set = (vals: string[]) => setAnswers((a) => ({ ...a, [q.id]: vals }));
  const askSubmit = () => {
    const missing = qs.length - answeredCount;
    modal.confirm({
      title: t("training.submitConfirm"),
      content: missing ? t("training.unansweredWarning", { count: missing }) : t("training.allAnswered"),
      okText: t("training.submit"),
      okButtonProps: { "data-testid": "exam-submit-confirm" } as ButtonProps,
      onOk: () => finish(false),
    });
  };
  const urgent = left < 60_000;

  return (
    <div className="exam-page" data-testid="exam-taking">
      <div className={`exam-bar ${phone ? "phone" : ""}`}>
        <Typography.Text strong ellipsis style={{ flex: 1, minWidth: 0 }}>
          {e.title}
        </Typography.Text>
        <Tag icon={<ClockCircleOutlined />} color={urgent ? "red" : "blue"} className="exam-timer" data-testid="exam-timer">
          {mmss(left)}
        </Tag>
      </div>
      <Progress percent={Math.round((answeredCount / qs.length) * 100)} showInfo={false} size="small" style={{ margin: "4px 0 10px" }} />
      <section className="st-card exam-question" data-testid="exam-question" data-index={index}>
        <div className="exam-question-head">
          <span className="exam-question-no">
            {index + 1}/{qs.length}
          </span>
          <QuestionKindTag kind={q.kind} />
          {q.points ? <Typography.Text type="secondary">{t("training.pointsValue", { points: q.points })}</Typography.Text> : null}
        </div>
        <div className="exam-stem" data-testid="exam-stem">
          {q.stem}
        </div>
        {q.kind === "multiple" ? (
          <Checkbox.Group className="exam-options" value={answers[q.id] ?? []} onChange={(v) => set((v as string[]).slice().sort())}>
            {optionsOf(q).map((o) => (
              <Checkbox key={o.key} value={o.key} className="exam-option" data-testid="exam-option" data-key={o.key}>
                <span className="exam-option-key">{letterOf(q, o.key)}</span> {o.text}
              </Checkbox>
            ))}
          </Checkbox.Group>
        ) : (
          <Radio.Group className="exam-options" value={answers[q.id]?.[0]} onChange={(ev) => set([ev.target.value as string])}>
            {optionsOf(q).map((o) => (
              <Radio key={o.key} value={o.key} className="exam-option" data-testid="exam-option" data-key={o.key}>
                {q.kind !== "judge" && <span className="exam-option-key">{letterOf(q, o.key)}</span>} {o.text}
              </Radio>
            ))}
          </Radio.Group>
        )}
        <div className="exam-nav">
          <Button size="large" icon={<LeftOutlined />} disabled={index === 0} onClick={() => setIndex((i) => i - 1)} data-testid="exam-prev">
            {t("training.prev")}
          </Button>
          {index < qs.length - 1 ? (
            <Button size="large" type="primary" onClick={() => setIndex((i) => i + 1)} data-testid="exam-next">
              {t("training.next")} <RightOutlined />
            </Button>
          ) : (
            <Button size="large" type="primary" danger={false} onClick={askSubmit} loading={submitAttempt.isPending} data-testid="exam-submit">
              {t("training.submit")}
            </Button>
          )}
        </div>
      </section>
      <section className="st-card">
        <div className="st-sub" style={{ marginBottom: 8 }}>
          {t("training.answeredCount", { answered: answeredCount, total: qs.length })}
        </div>
        <div className="exam-grid">
          {qs.map((x, i) => (
            <button
              type="button"
              key={x.id}
              className={`exam-grid-cell ${answers[x.id]?.length ? "answered" : ""} ${i === index ? "current" : ""}`}
              onClick={() => setIndex(i)}
              aria-label={t("training.goTo", { n: i + 1 })}
            >
              {i + 1}
            </button>
          ))}
        </div>
        <Button block size="large" style={{ marginTop: 12 }} onClick={askSubmit} loading={submitAttempt.isPending} data-testid="exam-submit-any">
          {t("training.submit")}
        </Button>
      </section>
    </div>
  );
}
