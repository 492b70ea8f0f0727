/** /personnel/:id: the person, certificates (add/edit with a scan), training record and its Excel export. */
import { DeleteOutlined, DownloadOutlined, EditOutlined, FileImageOutlined, PlusOutlined } from "@ant-design/icons";
import { Alert, App, Button, Card, Descriptions, Empty, Popconfirm, Space, Table, Tag, Typography } from "antd";
import type { ColumnsType } from "antd/es/table";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { useParams } from "react-router";
import { ApiError } from "../../api/client";
import { NotFound } from "../../components/NotFound";
import { PageHeader } from "../../components/PageHeader";
import { PageLoading } from "../../components/PageLoading";
import { errorMessage } from "../../lib/errors";
import { CertificateModal } from "./CertificateModal";
import { CertStateTag, certTypeName, keyGroupLabel, trainingKindLabel, useStewardEnterprise } from "./common";
import { PersonFormDrawer } from "./PersonForm";
import { useDeleteCertificate, usePerson } from "./queries";
import type { Certificate, TrainingRecord } from "./types";

export default function PersonDetailPage() {
  const { id = "" } = useParams();
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const ctx = useStewardEnterprise();
  const person = usePerson(id);
  const delCert = useDeleteCertificate();
  const [cert, setCert] = useState<Certificate | null | undefined>(undefined);
  const [editing, setEditing] = useState(false);

  if (person.isPending) return <PageLoading />;
  if (person.error instanceof ApiError && person.error.status === 404) return <NotFound />;
  if (person.error || !person.data) return <Alert type="error" showIcon title={errorMessage(person.error, t)} />;
  const p = person.data;
  const canWrite = ctx.manager && (ctx.me.role === "admin" || ctx.own === p.enterpriseId);

  const certColumns: ColumnsType<Certificate> = [
    { title: t("personnel.certType"), dataIndex: "type", render: (ty: string, c) => c.typeName || certTypeName(ty, i18n.language, c.title) },
    { title: t("personnel.certTitle"), dataIndex: "title" },
    { title: t("personnel.certNumber"), dataIndex: "number" },
    { title: t("personnel.certIssuer"), dataIndex: "issuer" },
    { title: t("personnel.certIssuedOn"), dataIndex: "issuedOn" },
    { title: t("personnel.certValidUntil"), dataIndex: "validUntil" },
    {
      title: t("personnel.certState"),
      dataIndex: "state",
      render: (s: string, c) => (
        <Space size={4}>
          <CertStateTag state={s} />
          {c.superseded && <Tag bordered={false}>{t("personnel.superseded")}</Tag>}
        </Space>
      ),
    },
    {
      title: t("personnel.scan"),
      dataIndex: "scanSha256",
      render: (sha: string | null, c) =>
        sha ? (
          <Typography.Link href={`/api/certificates/${encodeURIComponent(c.id)}/scan`} target="_blank">
            <FileImageOutlined /> {t("personnel.viewScan")}
          </Typography.Link>
        ) : null,
    },
  ];
  if (canWrite)
    certColumns.push({
      title: t("common.actions"),
      key: "actions",
      width: 100,
      render: (_: unknown, c) => (
        <Space size={0}>
          <Button type="link" size="small" icon={<EditOutlined />} aria-label={t("common.edit")} onClick={() => setCert(c)} />
          <Popconfirm
            title={t("common.deleteConfirm")}
            onConfirm={() =>
              delCert.mutateAsync(c.id).then(
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

  const recordColumns: ColumnsType<TrainingRecord> = [
    { title: t("training.recordDay"), dataIndex: "day", width: 120 },
    { title: t("training.recordKind"), dataIndex: "kind", width: 110, render: (k: string) => <Tag bordered={false}>{trainingKindLabel(t, k)}</Tag> },
    { title: t("training.recordTitle"), dataIndex: "title" },
    { title: t("training.hours"), dataIndex: "hours", width: 90 },
    { title: t("training.result"), dataIndex: "result" },
  ];

  return (
    <>
      <PageHeader
        title={
          <Space wrap>
            <span data-testid="person-title">{p.name}</span>
            {!p.active && <Tag>{t("personnel.inactive")}</Tag>}
            {p.keyGroup && <Tag color="blue">{keyGroupLabel(t, p.keyGroup)}</Tag>}
            <CertStateTag state={p.certState} />
          </Space>
        }
        sub={p.enterpriseName}
        extra={
          <>
            <Button icon={<DownloadOutlined />} href={`/api/personnel/${encodeURIComponent(p.id)}/training-record.xlsx`} data-testid="export-training-record">
              {t("personnel.exportRecord")}
            </Button>
            {canWrite && (
              <Button icon={<EditOutlined />} onClick={() => setEditing(true)} data-testid="person-edit">
                {t("common.edit")}
              </Button>
            )}
          </>
        }
      />
      <Card style={{ marginBottom: 16 }}>
        <Descriptions column={{ xs: 1, sm: 2, lg: 3 }} size="small" data-testid="person-info">
          <Descriptions.Item label={t("personnel.kind")}>
            {p.kind === "contractor" ? `${t("personnel.kinds.contractor")}（${p.contractorCompany}）` : t("personnel.kinds.employee")}
          </Descriptions.Item>
          <Descriptions.Item label={t("personnel.department")}>{p.department}</Descriptions.Item>
          <Descriptions.Item label={t("personnel.post")}>{p.post}</Descriptions.Item>
          <Descriptions.Item label={t("personnel.team")}>{p.teamName}</Descriptions.Item>
          <Descriptions.Item label={t("personnel.phone")}>{p.phone}</Descriptions.Item>
          <Descriptions.Item label={t("personnel.idNumber")}>{p.idNumberMasked}</Descriptions.Item>
          <Descriptions.Item label={t("personnel.login")}>{p.userName ?? t("personnel.noLogin")}</Descriptions.Item>
        </Descriptions>
      </Card>
      <Card
        title={t("personnel.certificates")}
        style={{ marginBottom: 16 }}
        extra={
          canWrite && (
            <Button icon={<PlusOutlined />} onClick={() => setCert(null)} data-testid="cert-add">
              {t("personnel.addCertificate")}
            </Button>
          )
        }
      >
        <Table
          data-testid="person-certificates"
          rowKey="id"
          size="small"
          columns={certColumns}
          dataSource={p.certificates}
          pagination={false}
          scroll={{ x: "max-content" }}
          locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t("personnel.noCertificate")} /> }}
        />
      </Card>
      <Card title={t("personnel.trainingRecord")}>
        <Table
          data-testid="person-training"
          rowKey="id"
          size="small"
          columns={recordColumns}
          dataSource={p.trainingRecords ?? []}
          pagination={{ pageSize: 20, hideOnSinglePage: true }}
          scroll={{ x: "max-content" }}
        />
      </Card>
      <CertificateModal open={cert !== undefined} personId={p.id} cert={cert} onClose={() => setCert(undefined)} />
      <PersonFormDrawer open={editing} person={p} enterpriseId={p.enterpriseId} onClose={() => setEditing(false)} />
    </>
  );
}
