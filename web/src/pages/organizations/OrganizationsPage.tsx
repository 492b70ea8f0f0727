import { PlusOutlined, ShopOutlined } from "@ant-design/icons";
import { ORG_KINDS, type OrgKind } from "@anguan/domain";
import { keepPreviousData, useQuery, useQueryClient } from "@tanstack/react-query";
import { Alert, Button, Card, Select, Table, Tag } from "antd";
import { useMemo, useState } from "react";
import { useTranslation } from "react-i18next";
import { api } from "../../api/client";
import { keys, useRegions } from "../../api/queries";
import type { Organization, Region } from "../../api/types";
import { useCurrentUser } from "../../components/MeContext";
import { Forbidden } from "../../components/NotFound";
import { PageHeader } from "../../components/PageHeader";
import { SearchInput } from "../../components/SearchInput";
import { useLabels } from "../../i18n/labels";
import { errorMessage } from "../../lib/errors";
import { formatNumber } from "../../lib/format";
import { useIsMobile } from "../../lib/useIsMobile";
import { AssignmentsDrawer } from "./AssignmentsDrawer";
import { CreateOrganizationModal } from "./CreateOrganizationModal";

const KIND_COLORS: Record<OrgKind, string> = { platform: "purple", gov: "blue", enterprise: "default", third_party: "cyan" };
/** What this page manages comes first; the (many) enterprises' own organisations last. The server sorts by name within a type. */
const KIND_ORDER: Record<OrgKind, number> = { platform: 0, gov: 1, third_party: 2, enterprise: 3 };
const byKind = (items: Organization[]) => [...items].sort((a, b) => KIND_ORDER[a.kind] - KIND_ORDER[b.kind]);

/** 单位管理 (admins): government bodies, enterprises' own organisations, third parties and the platform. */
export default function OrganizationsPage() {
  const { t } = useTranslation();
  const labels = useLabels();
  const me = useCurrentUser();
  const qc = useQueryClient();
  const compact = useIsMobile();
  const allowed = me.abilities.users.manage;
  const [kind, setKind] = useState<OrgKind | undefined>();
  const [q, setQ] = useState("");
  const [creating, setCreating] = useState(false);
  const [assigning, setAssigning] = useState<Organization | null>(null);

  const list = useQuery({
    queryKey: keys.organizationList(kind, q),
    queryFn: () => api.get<{ items: Organization[] }>("/api/organizations", { kind, q }),
    select: (d) => byKind(d.items),
    placeholderData: keepPreviousData,
    enabled: allowed,
  });
  const regions = useRegions();
  const regionNames = useMemo(() => regionNameMap(regions.data ?? []), [regions.data]);

  if (!allowed) return <Forbidden />;

  return (
    <>
      <PageHeader
        title={t("orgs.title")}
        extra={
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)} data-testid="org-create">
            {t("orgs.create")}
          </Button>
        }
      />
      <Card>
        <div className="filter-bar">
          <Select<OrgKind>
            allowClear
            style={{ width: 240 }}
            placeholder={t("orgs.allKinds")}
            aria-label={t("orgs.kind")}
            value={kind}
            onChange={(v) => setKind(v ?? undefined)}
            options={labels.options(ORG_KINDS) as { value: OrgKind; label: string }[]}
            data-testid="org-kind-filter"
          />
          <SearchInput data-testid="org-search" placeholder={t("orgs.searchPlaceholder")} value={q} onSearch={setQ} />
        </div>
        {list.error && <Alert type="error" showIcon title={errorMessage(list.error, t)} style={{ marginBottom: 16 }} />}
        <Table<Organization>
          data-testid="org-table"
          rowKey="id"
          size="middle"
          loading={list.isFetching}
          dataSource={list.data ?? []}
          scroll={{ x: "max-content" }}
          pagination={{
            defaultPageSize: 20,
            showSizeChanger: true,
            showTotal: (total) => t("common.total", { total: formatNumber(total) }),
          }}
          columns={[
            { title: t("orgs.name"), dataIndex: "name", render: (v: string) => <span style={{ whiteSpace: "normal", wordBreak: "break-all" }}>{v}</span> },
            {
              title: t("orgs.kind"),
              dataIndex: "kind",
              render: (k: OrgKind) => <Tag color={KIND_COLORS[k]}>{labels.orgKind(k)}</Tag>,
            },
            { title: t("orgs.department"), dataIndex: "department", render: (d: string | null) => (d ? labels.department(d) : "—") },
            {
              title: t("orgs.region"),
              dataIndex: "regionCode",
              render: (c: string | null) => {
                const r = c ? regionNames.get(c) : undefined;
                if (!c) return "—";
                return (
                  <span style={{ whiteSpace: "nowrap" }} title={r?.path}>
                    {r?.name ?? c}
                  </span>
                );
              },
            },
            {
              title: t("common.actions"),
              key: "actions",
              fixed: "right",
              render: (_, o) =>
                o.kind === "third_party" ? (
                  <Button size="small" icon={<ShopOutlined />} aria-label={t("orgs.assign")} onClick={() => setAssigning(o)} data-testid="org-assign">
                    {!compact && t("orgs.assign")}
                  </Button>
                ) : null,
            },
          ]}
        />
      </Card>
      <CreateOrganizationModal
        open={creating}
        onClose={() => setCreating(false)}
        onCreated={(o) => {
          setCreating(false);
          // Show the new organisation (the list is sorted by type and name, it would otherwise sit on a later page).
          setKind(o.kind);
          setQ(o.name);
          void qc.invalidateQueries({ queryKey: ["organizations"] });
        }}
      />
      <AssignmentsDrawer org={assigning} onClose={() => setAssigning(null)} />
    </>
  );
}

/** code → name (宝华镇), and the chain below the province for the tooltip (镇江市句容市宝华镇). */
function regionNameMap(items: readonly Region[]): Map<string, { name: string; path: string }> {
  const byCode = new Map(items.map((r) => [r.code, r]));
  const out = new Map<string, { name: string; path: string }>();
  for (const r of items) {
    const chain: string[] = [];
    for (let cur: Region | undefined = r; cur && chain.length < 10; cur = cur.parentCode ? byCode.get(cur.parentCode) : undefined) chain.unshift(cur.name);
    out.set(r.code, { name: r.name, path: chain.slice(chain.length > 1 ? 1 : 0).join("") });
  }
  return out;
}
