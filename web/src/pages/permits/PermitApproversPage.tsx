/**
 * 审批人设置 (/permits/approvers): the GB 30871 Appendix B approval levels mapped onto the enterprise's own people.
 * Managers (the enterprise's leader and safety managers, admin) choose the approvers per level; others read. Without a
 * configuration the default roles of the domain (DEFAULT_APPROVER_ROLES) apply.
 */
import { APPROVER_LEVEL_CODES, type ApproverLevel, DEFAULT_APPROVER_ROLES } from "@anguan/domain";
import { Alert, App, Button, Card, Select, Space, Table, Tag, Typography } from "antd";
import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { EnterprisePicker } from "../../components/EnterprisePicker";
import { useCurrentUser } from "../../components/MeContext";
import { PageHeader } from "../../components/PageHeader";
import { PageLoading } from "../../components/PageLoading";
import { useLabels } from "../../i18n/labels";
import { errorMessage } from "../../lib/errors";
import { usePermitLabels } from "./labels";
import { refusalMessages, usePermitApprovers, useSaveApprovers } from "./queries";
import "./permits.css";

const MANAGERS = ["admin", "enterprise_leader", "enterprise_safety"];

export default function PermitApproversPage() {
  const { t } = useTranslation();
  const me = useCurrentUser();
  const own = me.scope.kind === "enterprise" ? (me.scope.enterpriseId ?? me.abilities.ownEnterpriseId ?? undefined) : undefined;
  const [picked, setPicked] = useState<string | undefined>();
  const enterpriseId = own ?? picked;
  return (
    <>
      <PageHeader
        title={t("permits.approvers")}
        sub={t("permits.approversPage.subtitle")}
        extra={!own && <EnterprisePicker data-testid="approvers-enterprise" style={{ width: 260 }} value={picked} onChange={setPicked} />}
      />
      {enterpriseId ? (
        <ApproversEditor key={enterpriseId} enterpriseId={enterpriseId} managerRole={MANAGERS.includes(me.role)} />
      ) : (
        <Alert type="info" showIcon title={t("permits.todayPage.pickEnterprise")} />
      )}
    </>
  );
}

function ApproversEditor({ enterpriseId, managerRole }: { enterpriseId: string; managerRole: boolean }) {
  const { t } = useTranslation();
  const pl = usePermitLabels();
  const labels = useLabels();
  const { message } = App.useApp();
  const q = usePermitApprovers(enterpriseId);
  const save = useSaveApprovers(enterpriseId);
  const [levels, setLevels] = useState<Record<string, string[]>>({});
  const [dirty, setDirty] = useState(false);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    if (!q.data || dirty) return;
    // Levels left to the default roles start empty (the default shows as the placeholder).
    setLevels(Object.fromEntries(q.data.levels.map((l) => [l.level, l.configured === false ? [] : l.users.map((u) => u.id)])));
  }, [q.data, dirty]);

  if (q.isPending) return <PageLoading />;
  if (q.error || !q.data) return <Alert type="error" showIcon title={errorMessage(q.error, t)} />;
  const data = q.data;
  const canEdit = data.canEdit ?? managerRole;
  const options = data.candidates.map((c) => ({ value: c.id, label: `${c.displayName}（${labels.role(c.role)}）` }));
  /** "默认：安全管理人员、主要负责人（周海涛、赵国强）": the roles that approve while a level is not configured, and who holds them. */
  const defaultText = (level: ApproverLevel, entry?: (typeof data.levels)[number]) => {
    const roles = t("permits.approversPage.defaultRoles", { roles: DEFAULT_APPROVER_ROLES[level].map((x) => labels.role(x)).join("、") });
    const names = entry && entry.configured === false ? entry.users.map((u) => u.displayName).join("、") : "";
    return names ? `${roles}（${names}）` : roles;
  };
  const rows = APPROVER_LEVEL_CODES.map((level) => ({ level, entry: data.levels.find((l) => l.level === level) }));

  const submit = async () => {
    setError(null);
    try {
      await save.mutateAsync(levels);
      setDirty(false);
      message.success(t("common.saved"));
    } catch (e) {
      const list = refusalMessages(e);
      setError(list.length ? list.join("；") : errorMessage(e, t));
    }
  };

  return (
    <Card
      extra={
        canEdit && (
          <Space>
            <Button
              disabled={!dirty}
              onClick={() => {
                setDirty(false);
                void q.refetch();
              }}
            >
              {t("common.reset")}
            </Button>
            <Button type="primary" disabled={!dirty} loading={save.isPending} onClick={() => void submit()} data-testid="approvers-save">
              {t("common.save")}
            </Button>
          </Space>
        )
      }
      title={
        data.configured ? (
          <Tag color="green" data-testid="approvers-configured">
            {t("permits.approversPage.configured")}
          </Tag>
        ) : (
          <Tag color="default" data-testid="approvers-default">
            {t("permits.approversPage.defaults")}
          </Tag>
        )
      }
    >
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} />}
      {!canEdit && <Alert type="info" showIcon title={t("permits.approversPage.readOnly")} style={{ marginBottom: 12 }} />}
      <Table
        data-testid="approvers-table"
        rowKey="level"
        size="middle"
        pagination={false}
        dataSource={rows}
        scroll={{ x: "max-content" }}
        columns={[
          {
            title: t("permits.approversPage.level"),
            key: "level",
            width: 200,
            render: (_: unknown, r) => (
              <div>
                <b>{r.entry?.name || pl.level(r.level)}</b>
                <div className="permit-muted">{t(`permits.approversPage.uses.${r.level as ApproverLevel}`)}</div>
              </div>
            ),
          },
          {
            title: t("permits.approversPage.users"),
            key: "users",
            render: (_: unknown, r) =>
              canEdit ? (
                <Select
                  mode="multiple"
                  data-testid={`approvers-${r.level}`}
                  style={{ minWidth: 260, width: "100%" }}
                  placeholder={defaultText(r.level, r.entry)}
                  value={levels[r.level] ?? []}
                  onChange={(v: string[]) => {
                    setDirty(true);
                    setLevels((s) => ({ ...s, [r.level]: v }));
                  }}
                  options={options}
                  showSearch={{ optionFilterProp: "label" }}
                />
              ) : r.entry?.users.length ? (
                <Space wrap>
                  {r.entry.users.map((u) => (
                    <Tag key={u.id}>
                      {u.displayName}（{labels.role(u.role)}）
                    </Tag>
                  ))}
                </Space>
              ) : (
                <Typography.Text type="secondary">{defaultText(r.level, r.entry)}</Typography.Text>
              ),
          },
        ]}
      />
    </Card>
  );
}
