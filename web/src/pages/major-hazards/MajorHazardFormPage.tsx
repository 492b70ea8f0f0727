/**
 * New / edit hazard unit (/major-hazards/new, /major-hazards/:id/edit): the unit, its chemicals (a Table 1 picker by
 * name, alias or CAS, or free text with a Table 2 class), its three 包保责任人, and a live GB 18218 preview computed by
 * the server's calculator as the user types. The server grades again on save; its field errors land on the rows.
 */
import { DeleteOutlined, PlusOutlined } from "@ant-design/icons";
import { findHazardClass, findTable1, GB18218_CLASSES, GB18218_TABLE1, searchTable1, type Table1Entry } from "@anguan/domain";
import { Alert, App, AutoComplete, Button, Card, Col, Form, Input, InputNumber, Radio, Row, Select, Space, Spin, Typography } from "antd";
import { useEffect, useMemo, useState } from "react";
import { useTranslation } from "react-i18next";
import { useNavigate, useParams, useSearchParams } from "react-router";
import { ApiError } from "../../api/client";
import type { HazardUnitKind, HazardUnitResponsibles, HazardUnitSubstanceInput } from "../../api/types";
import { EnterprisePicker } from "../../components/EnterprisePicker";
import { useCurrentUser } from "../../components/MeContext";
import { NotFound } from "../../components/NotFound";
import { PageHeader } from "../../components/PageHeader";
import { PageLoading } from "../../components/PageLoading";
import { errorMessage } from "../../lib/errors";
import { reportFieldErrors } from "../risks/formErrors";
import { GradingView } from "./GradingView";
import { type CalculatorBody, useGb18218Preview, useHazardUnit, useSaveHazardUnit } from "./queries";

const PEOPLE = ["principal", "technical", "operations"] as const;

interface SubstanceRow {
  name?: string;
  cas?: string;
  hazardClass?: string | null;
  quantity?: number | null;
}
interface Values {
  enterpriseId?: string;
  name: string;
  kind: HazardUnitKind;
  code?: string;
  location?: string;
  exposedPeople?: number | null;
  substances: SubstanceRow[];
  responsibles: HazardUnitResponsibles;
}

/** The Table 1 row a form row stands for (by name, alias or CAS), as the server will find it. */
function listedRow(s: SubstanceRow | undefined): Table1Entry | undefined {
  if (!s) return undefined;
  return (s.name?.trim() ? findTable1(s.name) : undefined) ?? (s.cas?.trim() ? findTable1(s.cas) : undefined);
}

function toSubstances(rows: SubstanceRow[] | undefined): HazardUnitSubstanceInput[] {
  return (rows ?? []).map((s) => ({
    ...(s.name?.trim() ? { name: s.name.trim() } : {}),
    ...(s.cas?.trim() ? { cas: s.cas.trim() } : {}),
    quantity: s.quantity ?? 0,
    ...(s.hazardClass ? { hazardClass: s.hazardClass } : {}),
  }));
}

/** What the live preview computes: only complete rows; null when there is nothing to compute. */
function previewBody(values: Partial<Values> | undefined): CalculatorBody | null {
  const people = values?.exposedPeople;
  if (people === null || people === undefined || !Number.isInteger(people) || people < 0) return null;
  const rows = (values?.substances ?? []).filter((s) => s && (s.name?.trim() || s.cas?.trim()) && typeof s.quantity === "number" && s.quantity > 0);
  if (!rows.length) return null;
  return { exposedPeople: people, substances: toSubstances(rows) };
}

/** Debounces a value (the preview waits for a pause in typing). */
function useDebounced<T>(value: T, ms: number): T {
  const [v, setV] = useState(value);
  const key = JSON.stringify(value);
  // biome-ignore lint/correctness/useExhaustiveDependencies: keyed by the JSON of the value
  useEffect(() => {
    const timer = setTimeout(() => setV(value), ms);
    return () => clearTimeout(timer);
  }, [key, ms]);
  return v;
}

/** A chemical name: search Table 1 by name, alias or CAS, or type any name. Picking a row also fills its CAS. */
function ChemicalInput({ value, onChange, onPick, id }: { value?: string; onChange?: (v: string) => void; onPick: (e: Table1Entry) => void; id?: string }) {
  const { t } = useTranslation();
  const options = useMemo(
    () =>
      searchTable1(value ?? "", 30).map((e) => ({
        value: `t1:${e.no}`,
        label: (
          <div>
            <span>
              {e.no}. {e.name}
            </span>
            {e.alias && <Typography.Text type="secondary">（{e.alias}）</Typography.Text>}
            <div>
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {e.cas || "—"} · Q = {e.threshold} t · {e.defaultClass}
              </Typography.Text>
            </div>
          </div>
        ),
      })),
    [value],
  );
  return (
    <AutoComplete
      id={id}
      value={value}
      options={options}
      popupMatchSelectWidth={420}
      placeholder={t("majorHazards.chemicalPlaceholder")}
      onChange={(v: string) => {
        if (!v.startsWith("t1:")) onChange?.(v);
      }}
      onSelect={(v: string) => {
        const no = Number(v.slice(3));
        const e = GB18218_TABLE1[no - 1];
        if (e) {
          onChange?.(e.name);
          onPick(e);
        }
      }}
      data-testid="substance-name"
    />
  );
}

const classOptions = GB18218_CLASSES.map((c) => ({ value: c.symbol, label: `${c.symbol} ${c.group}（${c.zh}）Q=${c.threshold} β=${c.beta}` }));

export default function MajorHazardFormPage() {
  const { id } = useParams();
  const [params] = useSearchParams();
  const { t } = useTranslation();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const me = useCurrentUser();
  const existing = useHazardUnit(id);
  const save = useSaveHazardUnit(id);
  const [form] = Form.useForm<Values>();
  const [error, setError] = useState<string | null>(null);
  const ownEnterprise = me.scope.kind === "enterprise" ? (me.abilities.ownEnterpriseId ?? me.scope.enterpriseId ?? undefined) : undefined;
  const watched = Form.useWatch([], form) as Partial<Values> | undefined;
  const body = useDebounced(previewBody(watched), 400);
  const preview = useGb18218Preview(body);
  const d = existing.data;

  const initial = useMemo<Partial<Values> | null>(() => {
    if (id) {
      if (!d) return null;
      return {
        enterpriseId: d.enterpriseId,
        name: d.name,
        kind: d.kind,
        code: d.code,
        location: d.location,
        exposedPeople: d.exposedPeople,
        substances: d.substances.map((s) => ({ name: s.name, cas: s.cas, hazardClass: s.hazardClass, quantity: s.quantity })),
        responsibles: {
          principal: { name: "", phone: "", ...d.responsibles.principal },
          technical: { name: "", phone: "", ...d.responsibles.technical },
          operations: { name: "", phone: "", ...d.responsibles.operations },
        },
      };
    }
    return {
      enterpriseId: ownEnterprise ?? params.get("enterpriseId") ?? undefined,
      kind: "storage",
      exposedPeople: 0,
      substances: [{}],
    };
  }, [id, d, ownEnterprise, params]);

  if (id && existing.isPending) return <PageLoading />;
  if (id && existing.error instanceof ApiError && existing.error.status >= 400 && existing.error.status < 500) return <NotFound />;
  if (id && (existing.error || !d)) return <Alert type="error" showIcon title={errorMessage(existing.error, t)} />;
  if (d && !d.abilities.update) return <NotFound />;
  if (!initial) return <PageLoading />;

  const onFinish = async (v: Values) => {
    setError(null);
    const payload = {
      name: v.name.trim(),
      kind: v.kind,
      code: v.code?.trim() ?? "",
      location: v.location?.trim() ?? "",
      exposedPeople: v.exposedPeople ?? 0,
      substances: toSubstances(v.substances),
      responsibles: Object.fromEntries(
        PEOPLE.map((k) => [
          k,
          { name: v.responsibles[k].name?.trim() ?? "", phone: v.responsibles[k].phone?.trim() ?? "", userId: v.responsibles[k].userId ?? null },
        ]),
      ) as unknown as HazardUnitResponsibles,
    };
    try {
      const saved = await save.mutateAsync(id ? { ...payload, version: d!.version } : { ...payload, enterpriseId: ownEnterprise ?? v.enterpriseId });
      message.success(t("majorHazards.saved"));
      navigate(`/major-hazards/${saved.id}`, { replace: !!id });
    } catch (e) {
      if (e instanceof ApiError && e.code === "VERSION_CONFLICT") {
        setError(t("majorHazards.versionConflict"));
        return;
      }
      const n = v.substances?.length ?? 0;
      const known = [
        "enterpriseId",
        "name",
        "kind",
        "code",
        "location",
        "exposedPeople",
        "substances",
        ...Array.from({ length: n }, (_, i) => ["name", "cas", "quantity", "hazardClass"].map((f) => `substances.${i}.${f}`)).flat(),
        ...PEOPLE.flatMap((p) => ["name", "phone", "userId"].map((f) => `responsibles.${p}.${f}`)),
      ];
      reportFieldErrors(form, e, known, (msg) => setError(msg), t);
    }
  };

  return (
    <>
      <PageHeader title={id ? t("majorHazards.edit") : t("majorHazards.new")} sub={d ? `${d.enterpriseName} · ${d.name}` : undefined} />
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 16 }} data-testid="unit-form-error" />}
      <Form<Values> form={form} layout="vertical" initialValues={initial} onFinish={(v) => void onFinish(v)} data-testid="unit-form" scrollToFirstError>
        <Row gutter={[16, 16]}>
          <Col xs={24} xl={14}>
            <Space orientation="vertical" size={16} style={{ width: "100%" }}>
              <Card title={t("majorHazards.basic")} size="small">
                {!id && !ownEnterprise && (
                  <Form.Item
                    name="enterpriseId"
                    label={t("majorHazards.enterprise")}
                    rules={[{ required: true, message: t("majorHazards.enterpriseRequired") }]}
                  >
                    <EnterprisePicker data-testid="unit-enterprise" allowClear={false} />
                  </Form.Item>
                )}
                <Row gutter={12}>
                  <Col xs={24} md={14}>
                    <Form.Item
                      name="name"
                      label={t("majorHazards.name")}
                      rules={[{ required: true, whitespace: true, message: t("majorHazards.nameRequired") }]}
                    >
                      <Input maxLength={100} data-testid="unit-name" />
                    </Form.Item>
                  </Col>
                  <Col xs={24} md={10}>
                    <Form.Item name="kind" label={t("majorHazards.kind")} rules={[{ required: true }]}>
                      <Radio.Group
                        optionType="button"
                        options={[
                          { value: "production", label: t("majorHazards.kinds.production") },
                          { value: "storage", label: t("majorHazards.kinds.storage") },
                        ]}
                      />
                    </Form.Item>
                  </Col>
                  <Col xs={24} md={8}>
                    <Form.Item name="code" label={t("majorHazards.code")}>
                      <Input maxLength={50} data-testid="unit-code" />
                    </Form.Item>
                  </Col>
                  <Col xs={24} md={16}>
                    <Form.Item name="location" label={t("majorHazards.location")}>
                      <Input maxLength={200} data-testid="unit-location" />
                    </Form.Item>
                  </Col>
                  <Col xs={24}>
                    <Form.Item
                      name="exposedPeople"
                      label={t("majorHazards.exposedPeople")}
                      rules={[{ required: true, type: "integer", min: 0, message: t("majorHazards.exposedPeopleRequired") }]}
                    >
                      <InputNumber min={0} precision={0} step={1} style={{ width: 200 }} data-testid="unit-people" />
                    </Form.Item>
                  </Col>
                </Row>
              </Card>

              <Card title={t("majorHazards.substances")} size="small">
                <Typography.Paragraph type="secondary" style={{ fontSize: 12 }}>
                  {t("majorHazards.substancesHelp")}
                </Typography.Paragraph>
                <Form.List name="substances">
                  {(fields, { add, remove }, { errors }) => (
                    <div data-testid="substance-rows">
                      {fields.map((f) => {
                        const row = watched?.substances?.[f.name];
                        const listed = listedRow(row);
                        const cls = row?.hazardClass ? findHazardClass(row.hazardClass) : undefined;
                        return (
                          <div
                            key={f.key}
                            className="substance-row"
                            data-testid="substance-row"
                            style={{ borderBottom: "1px dashed #e5e7eb", marginBottom: 12 }}
                          >
                            <Row gutter={8} align="top">
                              <Col xs={24} md={9}>
                                <Form.Item name={[f.name, "name"]} style={{ marginBottom: 8 }}>
                                  <ChemicalInput
                                    onPick={(e) => {
                                      form.setFieldValue(["substances", f.name, "cas"], e.casNumbers[0] ?? "");
                                    }}
                                  />
                                </Form.Item>
                              </Col>
                              <Col xs={12} md={5}>
                                <Form.Item name={[f.name, "cas"]} style={{ marginBottom: 8 }}>
                                  <Input placeholder={t("majorHazards.casPlaceholder")} maxLength={32} data-testid="substance-cas" />
                                </Form.Item>
                              </Col>
                              <Col xs={12} md={4}>
                                <Form.Item
                                  name={[f.name, "quantity"]}
                                  style={{ marginBottom: 8 }}
                                  rules={[{ required: true, type: "number", min: Number.MIN_VALUE, message: t("majorHazards.quantityRequired") }]}
                                >
                                  <InputNumber
                                    min={0}
                                    style={{ width: "100%" }}
                                    placeholder={t("majorHazards.quantityPlaceholder")}
                                    suffix="t"
                                    data-testid="substance-quantity"
                                  />
                                </Form.Item>
                              </Col>
                              <Col xs={20} md={5}>
                                <Form.Item
                                  name={[f.name, "hazardClass"]}
                                  style={{ marginBottom: 8 }}
                                  rules={[
                                    {
                                      validator: (_, v?: string | null) =>
                                        !v && !listedRow(form.getFieldValue(["substances", f.name])) && (row?.name?.trim() || row?.cas?.trim())
                                          ? Promise.reject(new Error(t("majorHazards.classRequired")))
                                          : Promise.resolve(),
                                    },
                                  ]}
                                >
                                  <Select
                                    allowClear
                                    showSearch
                                    options={classOptions}
                                    popupMatchSelectWidth={420}
                                    placeholder={listed ? t("majorHazards.classHint", { cls: listed.defaultClass }) : t("majorHazards.classPlaceholder")}
                                    data-testid="substance-class"
                                  />
                                </Form.Item>
                              </Col>
                              <Col xs={4} md={1}>
                                <Button
                                  type="text"
                                  danger
                                  icon={<DeleteOutlined />}
                                  aria-label={t("majorHazards.removeSubstance")}
                                  disabled={fields.length <= 1}
                                  onClick={() => remove(f.name)}
                                />
                              </Col>
                            </Row>
                            <Typography.Text type="secondary" style={{ fontSize: 12, display: "block", marginBottom: 8 }} data-testid="substance-hint">
                              {listed
                                ? t("majorHazards.listed", { no: listed.no, q: listed.threshold })
                                : row?.name?.trim() || row?.cas?.trim()
                                  ? cls
                                    ? `${t("majorHazards.unlisted")} · ${cls.symbol} Q = ${cls.threshold} t`
                                    : t("majorHazards.classRequired")
                                  : ""}
                            </Typography.Text>
                          </div>
                        );
                      })}
                      <Form.ErrorList errors={errors} />
                      <Button type="dashed" icon={<PlusOutlined />} onClick={() => add({})} block data-testid="substance-add">
                        {t("majorHazards.addSubstance")}
                      </Button>
                    </div>
                  )}
                </Form.List>
              </Card>

              <Card title={t("majorHazards.responsibles")} size="small">
                {PEOPLE.map((p) => (
                  <Row gutter={12} key={p} data-testid={`responsible-${p}`}>
                    <Col xs={24} md={6} style={{ paddingTop: 6 }}>
                      <Typography.Text strong>{t(`majorHazards.${p}`)}</Typography.Text>
                    </Col>
                    <Col xs={12} md={9}>
                      <Form.Item
                        name={["responsibles", p, "name"]}
                        rules={[
                          {
                            required: true,
                            whitespace: true,
                            message: t("majorHazards.personRequired", { what: `${t(`majorHazards.${p}`)}${t("majorHazards.personName")}` }),
                          },
                        ]}
                      >
                        <Input placeholder={t("majorHazards.personName")} maxLength={50} />
                      </Form.Item>
                    </Col>
                    <Col xs={12} md={9}>
                      <Form.Item
                        name={["responsibles", p, "phone"]}
                        rules={[
                          {
                            required: true,
                            whitespace: true,
                            message: t("majorHazards.personRequired", { what: `${t(`majorHazards.${p}`)}${t("majorHazards.phone")}` }),
                          },
                        ]}
                      >
                        <Input placeholder={t("majorHazards.phone")} maxLength={30} />
                      </Form.Item>
                    </Col>
                    <Form.Item name={["responsibles", p, "userId"]} hidden>
                      <Input />
                    </Form.Item>
                  </Row>
                ))}
              </Card>

              <Space>
                <Button type="primary" htmlType="submit" loading={save.isPending} data-testid="unit-save">
                  {t("majorHazards.save")}
                </Button>
                <Button onClick={() => navigate(id ? `/major-hazards/${id}` : "/major-hazards")}>{t("majorHazards.cancel")}</Button>
              </Space>
            </Space>
          </Col>
          <Col xs={24} xl={10}>
            <Card
              title={
                <Space>
                  {t("majorHazards.preview")}
                  {preview.isFetching && <Spin size="small" />}
                </Space>
              }
              size="small"
              style={{ position: "sticky", top: 16 }}
              data-testid="unit-preview"
            >
              {!body ? (
                <Typography.Text type="secondary">{t("majorHazards.previewEmpty")}</Typography.Text>
              ) : preview.error ? (
                <Alert type="warning" showIcon title={errorMessage(preview.error, t)} data-testid="preview-error" />
              ) : preview.data ? (
                <GradingView
                  result={preview.data}
                  exposedPeople={body.exposedPeople}
                  givenClasses={body.substances.map((s) => s.hazardClass)}
                  testId="preview"
                  compact
                />
              ) : (
                <Typography.Text type="secondary">{t("majorHazards.previewPending")}</Typography.Text>
              )}
            </Card>
          </Col>
        </Row>
      </Form>
    </>
  );
}
