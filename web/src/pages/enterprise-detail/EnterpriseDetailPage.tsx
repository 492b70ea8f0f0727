import { EditOutlined } from "@ant-design/icons";
import { Alert, Button, Card, Space, Tabs, Tag } from "antd";
import { useTranslation } from "react-i18next";
import { Link, useParams, useSearchParams } from "react-router";
import { ApiError } from "../../api/client";
import { useEnterprise } from "../../api/queries";
import { NotFound } from "../../components/NotFound";
import { PageHeader } from "../../components/PageHeader";
import { PageLoading } from "../../components/PageLoading";
import { useLabels } from "../../i18n/labels";
import { errorMessage } from "../../lib/errors";
import { DualPreventionTab } from "../risks/DualPreventionTab";
import { AttachmentsTab } from "./AttachmentsTab";
import { BasicInfoTab } from "./BasicInfoTab";
import { ContactsTab } from "./ContactsTab";
import { HistoryTab } from "./HistoryTab";
import { LicencesTab } from "./LicencesTab";

const TABS = ["basic", "licences", "contacts", "attachments", "history", "dualPrevention"] as const;
type TabKey = (typeof TABS)[number];

/** 一企一档: one enterprise's file. */
export default function EnterpriseDetailPage() {
  const { id = "" } = useParams();
  const { t } = useTranslation();
  const labels = useLabels();
  const [params, setParams] = useSearchParams();
  const { data: e, isPending, error } = useEnterprise(id);
  const tab: TabKey = TABS.includes(params.get("tab") as TabKey) ? (params.get("tab") as TabKey) : "basic";

  if (isPending) return <PageLoading />;
  if (error instanceof ApiError && error.status >= 400 && error.status < 500) return <NotFound message={t("enterprise.notFound")} />;
  if (error || !e) return <Alert type="error" showIcon title={errorMessage(error, t)} />;

  const items = [
    { key: "basic", label: t("detail.basic"), children: <BasicInfoTab e={e} /> },
    { key: "licences", label: t("detail.licences"), children: <LicencesTab e={e} /> },
    { key: "contacts", label: t("detail.contacts"), children: <ContactsTab e={e} /> },
    { key: "attachments", label: t("detail.attachments"), children: <AttachmentsTab e={e} /> },
    { key: "history", label: t("detail.history"), children: <HistoryTab e={e} /> },
    { key: "dualPrevention", label: t("risks.dualPrevention"), children: <DualPreventionTab enterpriseId={e.id} /> },
  ];

  return (
    <>
      <PageHeader
        title={<span data-testid="enterprise-name">{e.name}</span>}
        sub={
          <Space wrap size={[4, 4]}>
            <span style={{ fontFamily: "monospace" }}>{e.creditCode}</span>
            <Tag color="blue">{labels.sector(e.sector)}</Tag>
            <Tag color={e.operatingStatus === "operating" ? "green" : "orange"}>{labels.status(e.operatingStatus)}</Tag>
            {e.hasMajorHazard && <Tag color="red">{t("dashboard.majorHazard")}</Tag>}
          </Space>
        }
        extra={
          e.abilities.update && (
            <Link to={`/enterprises/${e.id}/edit`}>
              <Button type="primary" icon={<EditOutlined />} data-testid="enterprise-edit">
                {t("detail.edit")}
              </Button>
            </Link>
          )
        }
      />
      <Card styles={{ body: { paddingTop: 8 } }}>
        <Tabs
          data-testid="enterprise-tabs"
          activeKey={tab}
          destroyOnHidden
          onChange={(k) =>
            setParams(
              (prev) => {
                const next = new URLSearchParams(prev);
                if (k === "basic") next.delete("tab");
                else next.set("tab", k);
                return next;
              },
              { replace: true },
            )
          }
          items={items}
        />
      </Card>
    </>
  );
}
