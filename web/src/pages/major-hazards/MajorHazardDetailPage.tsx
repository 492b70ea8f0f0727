/**
 * One hazard unit: its facts, every term of its GB 18218 grading, its three 包保责任人 and its review; the actions the
 * server's abilities allow (edit, submit, review, delete) and a link to its sensors.
 */
import { DeleteOutlined, EditOutlined, LineChartOutlined, ReloadOutlined, SendOutlined } from "@ant-design/icons";
import { Alert, App, Button, Card, Col, Descriptions, Form, Input, Modal, Popconfirm, Radio, Row, Space, Table, Typography } from "antd";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { Link, useNavigate, useParams } from "react-router";
import { ApiError } from "../../api/client";
import type { HazardUnitDetail } from "../../api/types";
import { NotFound } from "../../components/NotFound";
import { PageHeader } from "../../components/PageHeader";
import { PageLoading } from "../../components/PageLoading";
import { applyFieldErrors, errorMessage } from "../../lib/errors";
import { formatDateTime, formatNumber } from "../../lib/format";
import { GradingView } from "./GradingView";
import { useHazardUnit, useHazardUnitAction } from "./queries";
import { GradeTag, ReviewStatusTag } from "./Tags";

const PEOPLE = ["principal", "technical", "operations"] as const;

function ReviewModal({ unit, open, onClose }: { unit: HazardUnitDetail; open: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const action = useHazardUnitAction(unit.id);
  const [form] = Form.useForm<{ decision: "confirm" | "return"; comment?: string }>();
  const [error, setError] = useState<string | null>(null);
  const submit = async () => {
    let v: { decision: "confirm" | "return"; comment?: string };
    try {
      v = await form.validateFields();
    } catch {
      return; // the form shows what is missing
    }
    setError(null);
    try {
      await action.mutateAsync({ kind: "review", decision: v.decision, comment: v.comment?.trim() ?? "", version: unit.version });
      message.success(t("majorHazards.reviewed"));
      onClose();
    } catch (e) {
      const leftover = applyFieldErrors(form, e, ["decision", "comment"]);
      if (!(e instanceof ApiError && e.fields.length > 0))
        setError(e instanceof ApiError && e.code === "VERSION_CONFLICT" ? t("majorHazards.versionConflict") : errorMessage(e, t));
      else if (leftover.length) setError(leftover.join("；"));
    }
  };
  return (
    <Modal
      open={open}
      title={t("majorHazards.review")}
      onCancel={onClose}
      onOk={() => void submit()}
      okText={t("majorHazards.save")}
      cancelText={t("majorHazards.cancel")}
      confirmLoading={action.isPending}
      destroyOnHidden
    >
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} />}
      <Form form={form} layout="vertical" initialValues={{ decision: "confirm" }} data-testid="review-form">
        <Form.Item name="decision" label={t("majorHazards.decision")}>
          <Radio.Group
            options={[
              { value: "confirm", label: t("majorHazards.confirm") },
              { value: "return", label: t("majorHazards.return") },
            ]}
          />
        </Form.Item>
        <Form.Item
          name="comment"
          label={t("majorHazards.reviewComment")}
          dependencies={["decision"]}
          rules={[
            ({ getFieldValue }) => ({
              validator: (_, v?: string) =>
                getFieldValue("decision") === "return" && !v?.trim() ? Promise.reject(new Error(t("majorHazards.reviewCommentRequired"))) : Promise.resolve(),
            }),
          ]}
        >
          <Input.TextArea rows={3} maxLength={1000} data-testid="review-comment" />
        </Form.Item>
      </Form>
    </Modal>
  );
}

export default function MajorHazardDetailPage() {
  const { id = "" } = useParams();
  const { t } = useTranslation();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const q = useHazardUnit(id);
  const action = useHazardUnitAction(id);
  const [reviewing, setReviewing] = useState(false);
  const u = q.data;

  if (q.isPending) return <PageLoading />;
  if (q.error instanceof ApiError && q.error.status >= 400 && q.error.status < 500) return <NotFound />;
  if (q.error || !u) return <Alert type="error" showIcon title={errorMessage(q.error, t)} />;

  const run = async (a: Parameters<typeof action.mutateAsync>[0], done: string) => {
    try {
      await action.mutateAsync(a);
      message.success(done);
      if (a.kind === "delete") navigate("/major-hazards", { replace: true });
    } catch (e) {
      message.error(e instanceof ApiError && e.code === "VERSION_CONFLICT" ? t("majorHazards.versionConflict") : errorMessage(e, t));
      void q.refetch();
    }
  };

  const givenClasses = u.substances.map((s) => s.hazardClass);
  const result = u.grading?.result;

  return (
    <>
      <PageHeader
        title={
          <Space wrap size={8}>
            <span data-testid="unit-title">{u.name}</span>
            <GradeTag grade={u.grade} isMajor={u.isMajor} />
            <ReviewStatusTag status={u.reviewStatus} />
          </Space>
        }
        sub={
          <span>
            <Link to={`/enterprises/${u.enterpriseId}`}>{u.enterpriseName}</Link> · {t(`majorHazards.kinds.${u.kind}`)}
            {u.code ? ` · ${u.code}` : ""}
          </span>
        }
        extra={
          <Space wrap>
            <Link to={`/sensors?unitId=${u.id}`} data-testid="unit-sensors-link">
              <Button icon={<LineChartOutlined />}>
                {t("majorHazards.viewSensors")}（{formatNumber(u.sensorCount)}）
              </Button>
            </Link>
            {u.abilities.update && (
              <Button icon={<EditOutlined />} data-testid="unit-edit" onClick={() => navigate(`/major-hazards/${u.id}/edit`)}>
                {t("majorHazards.edit")}
              </Button>
            )}
            {u.abilities.submit && (
              <Button
                type="primary"
                icon={<SendOutlined />}
                data-testid="unit-submit"
                loading={action.isPending}
                onClick={() => void run({ kind: "submit", version: u.version }, t("majorHazards.submitted"))}
              >
                {t("majorHazards.submit")}
              </Button>
            )}
            {u.abilities.review && (
              <Button type="primary" data-testid="unit-review" onClick={() => setReviewing(true)}>
                {t("majorHazards.review")}
              </Button>
            )}
            {u.abilities.delete && (
              <Popconfirm
                title={t("majorHazards.deleteConfirm")}
                okText={t("majorHazards.delete")}
                cancelText={t("majorHazards.cancel")}
                okButtonProps={{ danger: true }}
                onConfirm={() => run({ kind: "delete" }, t("majorHazards.deleted"))}
              >
                <Button danger icon={<DeleteOutlined />} data-testid="unit-delete">
                  {t("majorHazards.delete")}
                </Button>
              </Popconfirm>
            )}
            <Button icon={<ReloadOutlined />} aria-label={t("common.refresh")} onClick={() => void q.refetch()} loading={q.isFetching} />
          </Space>
        }
      />
      <Card title={t("majorHazards.grading")} size="small" style={{ marginBottom: 16 }}>
        {result ? (
          <GradingView result={result} exposedPeople={u.exposedPeople} givenClasses={givenClasses} />
        ) : (
          <Typography.Text type="secondary">—</Typography.Text>
        )}
      </Card>
      <Row gutter={[16, 16]}>
        <Col xs={24} lg={8}>
          <Card title={t("majorHazards.basic")} size="small">
            <Descriptions size="small" column={1} bordered data-testid="unit-facts">
              <Descriptions.Item label={t("majorHazards.enterprise")}>{u.enterpriseName}</Descriptions.Item>
              <Descriptions.Item label={t("majorHazards.kind")}>{t(`majorHazards.kinds.${u.kind}`)}</Descriptions.Item>
              <Descriptions.Item label={t("majorHazards.code")}>{u.code || "—"}</Descriptions.Item>
              <Descriptions.Item label={t("majorHazards.location")}>{u.location || "—"}</Descriptions.Item>
              <Descriptions.Item label={t("majorHazards.exposedPeople")}>{t("majorHazards.people", { n: formatNumber(u.exposedPeople) })}</Descriptions.Item>
              <Descriptions.Item label={t("majorHazards.sensors")}>{formatNumber(u.sensorCount)}</Descriptions.Item>
              <Descriptions.Item label={t("majorHazards.openAlarms")}>
                <span data-testid="unit-open-alarms">{formatNumber(u.openAlarmCount)}</span>
              </Descriptions.Item>
              <Descriptions.Item label={t("majorHazards.calculatorVersion")}>{u.grading?.calculatorVersion ?? "—"}</Descriptions.Item>
              <Descriptions.Item label={t("majorHazards.gradedAt")}>{formatDateTime(u.gradedAt) || "—"}</Descriptions.Item>
            </Descriptions>
          </Card>
        </Col>
        <Col xs={24} lg={8}>
          <Card title={t("majorHazards.responsibles")} size="small">
            <Table
              size="small"
              rowKey="role"
              pagination={false}
              data-testid="unit-responsibles"
              dataSource={PEOPLE.map((role) => ({ role, ...(u.responsibles[role] ?? { name: "", phone: "" }) }))}
              columns={[
                { title: "", dataIndex: "role", width: 110, render: (r: (typeof PEOPLE)[number]) => t(`majorHazards.${r}`) },
                { title: t("majorHazards.personName"), dataIndex: "name", render: (v: string) => v || "—" },
                { title: t("majorHazards.phone"), dataIndex: "phone", render: (v: string) => v || "—" },
              ]}
            />
          </Card>
        </Col>
        <Col xs={24} lg={8}>
          <Card title={t("majorHazards.review")} size="small">
            <Descriptions size="small" column={1} bordered data-testid="unit-review-facts">
              <Descriptions.Item label={t("majorHazards.reviewStatus")}>
                <ReviewStatusTag status={u.reviewStatus} />
              </Descriptions.Item>
              <Descriptions.Item label={t("majorHazards.reviewComment")}>
                <span style={{ whiteSpace: "pre-wrap" }}>{u.reviewComment || "—"}</span>
              </Descriptions.Item>
              <Descriptions.Item label={t("majorHazards.reviewedBy")}>{u.reviewedByName ?? "—"}</Descriptions.Item>
              <Descriptions.Item label={t("majorHazards.reviewedAt")}>{formatDateTime(u.reviewedAt) || "—"}</Descriptions.Item>
            </Descriptions>
          </Card>
        </Col>
      </Row>
      {u.abilities.review && <ReviewModal unit={u} open={reviewing} onClose={() => setReviewing(false)} />}
    </>
  );
}
