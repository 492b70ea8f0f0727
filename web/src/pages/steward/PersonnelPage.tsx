/**
 * 人员台账 (/personnel): the enterprise's employees and contractors' workers with their certificates, its teams, the
 * 证书到期提醒 list and the 三项岗位 summary. Regulators see the same over their scope with an enterprise picker.
 */
import { DeleteOutlined, EditOutlined, PlusOutlined, UsergroupAddOutlined } from "@ant-design/icons";
import { Alert, App, Button, Card, Col, Form, Input, Modal, Popconfirm, Row, Segmented, Select, Space, Statistic, Table, Tabs, Tag, Typography } from "antd";
import type { ButtonProps } from "antd";
import type { ColumnsType } from "antd/es/table";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { Link, useSearchParams } from "react-router";
import { EnterprisePicker } from "../../components/EnterprisePicker";
import { PageHeader } from "../../components/PageHeader";
import { SearchInput } from "../../components/SearchInput";
import { errorMessage } from "../../lib/errors";
import { formatNumber } from "../../lib/format";
import { useUrlListParams } from "../../lib/useUrlListParams";
import { reportFieldErrors } from "../risks/formErrors";
import { CertStateTag, KEY_GROUPS, certTypeName, keyGroupLabel, useCertTypeOptions, useKeyGroupOptions, useStewardEnterprise } from "./common";
import { PersonFormDrawer } from "./PersonForm";
import { useCertificates, useDeletePerson, useDeleteTeam, useKeyGroups, usePersonnel, useSaveTeam, useTeams } from "./queries";
import type { Certificate, Person, Team } from "./types";
import "./steward.css";

const FILTER_KEYS = ["q", "teamId", "keyGroup", "kind", "certState", "enterpriseId", "tab", "state", "type"] as const;

export default function PersonnelPage() {
  const { t } = useTranslation();
  const ctx = useStewardEnterprise();
  const [params, setParams] = useSearchParams();
  const tab = params.get("tab") ?? "people";
  const [editing, setEditing] = useState<Person | null | undefined>(undefined);
  const setTab = (k: string) =>
    setParams(
      (prev) => {
        const next = new URLSearchParams();
        const ent = prev.get("enterpriseId");
        if (ent) next.set("enterpriseId", ent);
        if (k !== "people") next.set("tab", k);
        return next;
      },
      { replace: true },
    );

  return (
    <>
      <PageHeader
        title={t("personnel.title")}
        sub={t("personnel.subtitle")}
        extra={
          <>
            {ctx.multi && (
              <EnterprisePicker
                data-testid="personnel-enterprise"
                style={{ width: 260 }}
                value={ctx.enterpriseId}
                onChange={ctx.setEnterprise}
                placeholder={t("personnel.allEnterprises")}
              />
            )}
            {ctx.manager && ctx.enterpriseId && (
              <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing(null)} data-testid="person-add">
                {t("personnel.addPerson")}
              </Button>
            )}
          </>
        }
      />
      <KeyGroupCards
        enterpriseId={ctx.enterpriseId}
        onPick={(g) => setParams({ ...(ctx.enterpriseId && ctx.multi ? { enterpriseId: ctx.enterpriseId } : {}), keyGroup: g }, { replace: true })}
      />
      <Card>
        <Tabs
          activeKey={tab}
          onChange={setTab}
          items={[
            { key: "people", label: t("personnel.tabPeople"), children: <PeopleTab onEdit={setEditing} /> },
            { key: "teams", label: t("personnel.tabTeams"), children: <TeamsTab /> },
            { key: "expiry", label: t("personnel.tabExpiry"), children: <ExpiryTab /> },
          ]}
        />
      </Card>
      <PersonFormDrawer open={editing !== undefined} person={editing} enterpriseId={ctx.enterpriseId} onClose={() => setEditing(undefined)} />
    </>
  );
}

/** 三项岗位: main leaders, safety managers, special-operation personnel, with their certificates' states. */
function KeyGroupCards({ enterpriseId, onPick }: { enterpriseId?: string; onPick: (g: string) => void }) {
  const { t } = useTranslation();
  const summary = useKeyGroups({ enterpriseId });
  const groups = summary.data?.groups ?? [];
  return (
    <Row gutter={[16, 16]} style={{ marginBottom: 16 }} data-testid="key-groups">
      {KEY_GROUPS.map((g) => {
        const s = groups.find((x) => x.keyGroup === g);
        return (
          <Col xs={24} md={8} key={g}>
            <Card size="small" hoverable onClick={() => onPick(g)} data-testid={`key-group-${g}`}>
              <Statistic title={keyGroupLabel(t, g)} value={s?.people ?? 0} loading={summary.isPending} suffix={t("personnel.peopleUnit")} />
              <Space size={[6, 4]} wrap style={{ marginTop: 6 }}>
                <Tag color="green" bordered={false}>
                  {t("personnel.certStates.valid")} {s?.valid ?? 0}
                </Tag>
                <Tag color="orange" bordered={false}>
                  {t("personnel.certStates.expiring")} {s?.expiring ?? 0}
                </Tag>
                <Tag color="red" bordered={false}>
                  {t("personnel.certStates.expired")} {s?.expired ?? 0}
                </Tag>
                <Tag bordered={false}>
                  {t("personnel.certStates.missing")} {s?.missing ?? 0}
                </Tag>
              </Space>
            </Card>
          </Col>
        );
      })}
    </Row>
  );
}

/** A person's certificates as coloured tags (type and state). */
export function CertificateTags({ certs }: { certs: Certificate[] }) {
  const { i18n, t } = useTranslation();
  if (!certs.length) return <Typography.Text type="secondary">{t("personnel.noCertificate")}</Typography.Text>;
  const color: Record<string, string> = { valid: "green", expiring: "orange", expired: "red" };
  return (
    <Space size={[4, 4]} wrap>
      {certs
        .filter((c) => !c.superseded)
        .map((c) => (
          <Tag
            key={c.id}
            color={color[c.state] ?? "default"}
            data-testid="cert-tag"
            data-state={c.state}
            title={`${c.number} · ${t("personnel.validUntil", { date: c.validUntil })}`}
          >
            {c.typeName || certTypeName(c.type, i18n.language, c.title)}
            {c.state !== "valid" && ` · ${c.state === "expired" ? t("personnel.certStates.expired") : t("personnel.certStates.expiring")}`}
          </Tag>
        ))}
    </Space>
  );
}

function PeopleTab({ onEdit }: { onEdit: (p: Person) => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const ctx = useStewardEnterprise();
  const { filters, page, pageSize, update, reset } = useUrlListParams(FILTER_KEYS);
  const list = usePersonnel({
    enterpriseId: ctx.enterpriseId,
    q: filters.q,
    teamId: filters.teamId,
    keyGroup: filters.keyGroup,
    kind: filters.kind,
    certState: filters.certState,
    page,
    pageSize,
  });
  const teams = useTeams(ctx.enterpriseId);
  const keyGroups = useKeyGroupOptions();
  const del = useDeletePerson();
  const canWrite = ctx.manager && list.data?.abilities?.create !== false;

  const columns: ColumnsType<Person> = [
    {
      title: t("personnel.name"),
      dataIndex: "name",
      fixed: "left",
      render: (name: string, p) => (
        <Link to={`/personnel/${p.id}`} data-testid="person-link">
          {name}
        </Link>
      ),
    },
  ];
  if (ctx.multi) columns.push({ title: t("personnel.enterprise"), dataIndex: "enterpriseName", ellipsis: true, width: 200 });
  columns.push(
    {
      title: t("personnel.kind"),
      dataIndex: "kind",
      render: (k: string, p) =>
        k === "contractor" ? (
          <Tag color="purple" bordered={false} title={p.contractorCompany}>
            {t("personnel.kinds.contractor")}
          </Tag>
        ) : (
          t("personnel.kinds.employee")
        ),
    },
    { title: t("personnel.post"), key: "post", render: (_: unknown, p) => [p.department, p.post].filter(Boolean).join(" · ") },
    { title: t("personnel.team"), dataIndex: "teamName" },
    { title: t("personnel.keyGroup"), dataIndex: "keyGroup", render: (g: string | null) => (g ? <Tag color="blue">{keyGroupLabel(t, g)}</Tag> : null) },
    { title: t("personnel.certState"), dataIndex: "certState", width: 100, render: (s: string) => <CertStateTag state={s} /> },
    { title: t("personnel.certificates"), key: "certs", width: 320, render: (_: unknown, p) => <CertificateTags certs={p.certificates ?? []} /> },
  );
  if (canWrite)
    columns.push({
      title: t("common.actions"),
      key: "actions",
      width: 110,
      render: (_: unknown, p) => (
        <Space size={0}>
          <Button type="link" size="small" icon={<EditOutlined />} aria-label={t("common.edit")} onClick={() => onEdit(p)} />
          <Popconfirm
            title={t("personnel.deactivateConfirm", { name: p.name })}
            onConfirm={() =>
              del.mutateAsync(p.id).then(
                () => message.success(t("personnel.deactivated")),
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
      <div className="filter-bar" data-testid="personnel-filters">
        <SearchInput
          value={filters.q}
          onSearch={(q) => update({ q })}
          placeholder={t("personnel.searchPlaceholder")}
          width={240}
          data-testid="personnel-search"
        />
        {ctx.enterpriseId && (
          <Select
            allowClear
            style={{ width: 150 }}
            placeholder={t("personnel.team")}
            value={filters.teamId}
            onChange={(v?: string) => update({ teamId: v })}
            options={(teams.data?.items ?? []).map((x) => ({ value: x.id, label: x.name }))}
            data-testid="filter-team"
          />
        )}
        <Select
          allowClear
          style={{ width: 170 }}
          placeholder={t("personnel.keyGroup")}
          value={filters.keyGroup}
          onChange={(v?: string) => update({ keyGroup: v })}
          options={keyGroups}
          data-testid="filter-key-group"
        />
        <Select
          allowClear
          style={{ width: 140 }}
          placeholder={t("personnel.kind")}
          value={filters.kind}
          onChange={(v?: string) => update({ kind: v })}
          options={[
            { value: "employee", label: t("personnel.kinds.employee") },
            { value: "contractor", label: t("personnel.kinds.contractor") },
          ]}
          data-testid="filter-kind"
        />
        <Select
          allowClear
          style={{ width: 140 }}
          placeholder={t("personnel.certState")}
          value={filters.certState}
          onChange={(v?: string) => update({ certState: v })}
          options={(["valid", "expiring", "expired", "none"] as const).map((s) => ({ value: s, label: t(`personnel.certStates.${s}`) }))}
          data-testid="filter-cert-state"
        />
        <Button
          onClick={() =>
            ctx.multi && ctx.enterpriseId ? update({ q: undefined, teamId: undefined, keyGroup: undefined, kind: undefined, certState: undefined }) : reset()
          }
        >
          {t("common.reset")}
        </Button>
      </div>
      {list.error && <Alert type="error" showIcon title={errorMessage(list.error, t)} style={{ marginBottom: 16 }} />}
      <Table
        data-testid="personnel-table"
        rowKey="id"
        size="middle"
        columns={columns}
        dataSource={list.data?.items ?? []}
        loading={list.isFetching && !list.data}
        scroll={{ x: "max-content" }}
        onRow={() => ({ "data-testid": "person-row" }) as React.HTMLAttributes<HTMLElement>}
        pagination={{
          current: page,
          pageSize,
          total: list.data?.total ?? 0,
          showSizeChanger: true,
          showTotal: (total) => t("common.total", { total: formatNumber(total) }),
          onChange: (p, ps) => update({ page: p === 1 ? undefined : p, pageSize: ps === 20 ? undefined : ps }, false),
        }}
      />
    </>
  );
}

function TeamsTab() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const ctx = useStewardEnterprise();
  const teams = useTeams(ctx.enterpriseId);
  const del = useDeleteTeam();
  const [editing, setEditing] = useState<Team | null | undefined>(undefined);
  const columns: ColumnsType<Team> = [
    { title: t("personnel.teamName"), dataIndex: "name" },
    {
      title: t("personnel.teamLeader"),
      dataIndex: "leaderName",
      render: (v: string | null, x) =>
        v ? <Link to={`/personnel/${x.leaderPersonId}`}>{v}</Link> : <Typography.Text type="secondary">{t("personnel.noLeader")}</Typography.Text>,
    },
    {
      title: t("personnel.leaderLogin"),
      dataIndex: "leaderUserId",
      render: (v: string | null) => (v ? <Tag color="green">{t("personnel.hasLogin")}</Tag> : <Tag>{t("personnel.noLogin")}</Tag>),
    },
    {
      title: t("personnel.memberCount"),
      dataIndex: "memberCount",
      render: (n: number, x) => <Link to={`/personnel?${ctx.multi ? `enterpriseId=${x.enterpriseId}&` : ""}teamId=${x.id}`}>{n}</Link>,
    },
  ];
  if (ctx.manager)
    columns.push({
      title: t("common.actions"),
      key: "actions",
      width: 110,
      render: (_: unknown, x) => (
        <Space size={0}>
          <Button type="link" size="small" icon={<EditOutlined />} aria-label={t("common.edit")} onClick={() => setEditing(x)} />
          <Popconfirm
            title={t("personnel.deleteTeamConfirm", { name: x.name })}
            onConfirm={() =>
              del.mutateAsync(x.id).then(
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
  if (!ctx.enterpriseId) return <Alert type="info" showIcon title={t("personnel.pickEnterprise")} />;
  return (
    <>
      {ctx.manager && (
        <div style={{ marginBottom: 12 }}>
          <Button icon={<UsergroupAddOutlined />} onClick={() => setEditing(null)} data-testid="team-add">
            {t("personnel.addTeam")}
          </Button>
        </div>
      )}
      {teams.error && <Alert type="error" showIcon title={errorMessage(teams.error, t)} style={{ marginBottom: 16 }} />}
      <Table
        data-testid="teams-table"
        rowKey="id"
        size="middle"
        columns={columns}
        dataSource={teams.data?.items ?? []}
        loading={teams.isPending}
        pagination={false}
        scroll={{ x: "max-content" }}
      />
      <TeamModal open={editing !== undefined} team={editing} enterpriseId={ctx.enterpriseId} onClose={() => setEditing(undefined)} />
    </>
  );
}

function TeamModal({ open, team, enterpriseId, onClose }: { open: boolean; team?: Team | null; enterpriseId: string; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<{ name: string; leaderPersonId?: string | null }>();
  const people = usePersonnel({ enterpriseId, pageSize: 200 }, open);
  const save = useSaveTeam(team?.id);
  const submit = async () => {
    const v = await form.validateFields();
    try {
      await save.mutateAsync({
        ...(team ? {} : { enterpriseId }),
        name: v.name.trim(),
        leaderPersonId: v.leaderPersonId ?? null,
        ...(team?.version !== undefined ? { version: team.version } : {}),
      });
      message.success(t("common.saved"));
      onClose();
    } catch (e) {
      reportFieldErrors(form, e, ["name", "leaderPersonId"], (m) => message.error(m), t);
    }
  };
  return (
    <Modal
      open={open}
      title={team ? t("personnel.editTeam") : t("personnel.addTeam")}
      onCancel={onClose}
      onOk={() => void submit()}
      okButtonProps={{ loading: save.isPending, "data-testid": "team-save" } as ButtonProps}
      destroyOnHidden
      afterOpenChange={(o) => {
        if (o) form.setFieldsValue({ name: team?.name ?? "", leaderPersonId: team?.leaderPersonId ?? null });
      }}
    >
      <Form form={form} layout="vertical">
        <Form.Item
          name="name"
          label={t("personnel.teamName")}
          rules={[{ required: true, whitespace: true, message: t("common.required", { label: t("personnel.teamName") }) }]}
        >
          <Input maxLength={50} data-testid="team-name" />
        </Form.Item>
        <Form.Item name="leaderPersonId" label={t("personnel.teamLeader")} extra={t("personnel.teamLeaderHelp")}>
          <Select
            allowClear
            showSearch={{ optionFilterProp: "label" }}
            loading={people.isPending}
            data-testid="team-leader"
            options={(people.data?.items ?? []).map((p) => ({
              value: p.id,
              label: `${p.name}${p.post ? `（${p.post}）` : ""}${p.userId ? "" : ` · ${t("personnel.noLogin")}`}`,
            }))}
          />
        </Form.Item>
      </Form>
    </Modal>
  );
}

/** 证书到期提醒: certificates expiring soon or expired, in the enterprise or the regulator's scope. */
function ExpiryTab() {
  const { t, i18n } = useTranslation();
  const ctx = useStewardEnterprise();
  const { filters, page, pageSize, update } = useUrlListParams(FILTER_KEYS);
  const state = filters.state ?? "expiring";
  const types = useCertTypeOptions();
  const keyGroups = useKeyGroupOptions();
  const list = useCertificates({ enterpriseId: ctx.enterpriseId, state, type: filters.type, keyGroup: filters.keyGroup, page, pageSize });
  const columns: ColumnsType<Certificate> = [
    { title: t("personnel.name"), dataIndex: "personName", render: (n: string, c) => <Link to={`/personnel/${c.personId}`}>{n}</Link> },
  ];
  if (ctx.multi) columns.push({ title: t("personnel.enterprise"), dataIndex: "enterpriseName", ellipsis: true, width: 220 });
  columns.push(
    { title: t("personnel.certType"), dataIndex: "type", render: (ty: string, c) => c.typeName || certTypeName(ty, i18n.language, c.title) },
    { title: t("personnel.certNumber"), dataIndex: "number" },
    {
      title: t("personnel.certValidUntil"),
      dataIndex: "validUntil",
      render: (d: string, c) => <span style={{ color: c.state === "expired" ? "#cf1322" : c.state === "expiring" ? "#d46b08" : undefined }}>{d}</span>,
    },
    { title: t("personnel.certState"), dataIndex: "state", render: (s: string) => <CertStateTag state={s} /> },
  );
  return (
    <>
      <div className="filter-bar">
        <Segmented
          data-testid="expiry-state"
          value={state}
          onChange={(v) => update({ state: String(v) === "expiring" ? undefined : String(v) })}
          options={[
            { value: "expiring", label: t("personnel.certStates.expiring") },
            { value: "expired", label: t("personnel.certStates.expired") },
          ]}
        />
        <Select
          allowClear
          style={{ width: 220 }}
          placeholder={t("personnel.certType")}
          value={filters.type}
          onChange={(v?: string) => update({ type: v })}
          options={types}
        />
        <Select
          allowClear
          style={{ width: 170 }}
          placeholder={t("personnel.keyGroup")}
          value={filters.keyGroup}
          onChange={(v?: string) => update({ keyGroup: v })}
          options={keyGroups}
        />
      </div>
      {list.error && <Alert type="error" showIcon title={errorMessage(list.error, t)} style={{ marginBottom: 16 }} />}
      <Table
        data-testid="expiry-table"
        rowKey="id"
        size="middle"
        columns={columns}
        dataSource={list.data?.items ?? []}
        loading={list.isFetching && !list.data}
        scroll={{ x: "max-content" }}
        pagination={{
          current: page,
          pageSize,
          total: list.data?.total ?? 0,
          showTotal: (total) => t("common.total", { total: formatNumber(total) }),
          onChange: (p, ps) => update({ page: p === 1 ? undefined : p, pageSize: ps === 20 ? undefined : ps }, false),
        }}
      />
    </>
  );
}
