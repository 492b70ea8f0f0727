/**
 * Gas analyses (气体分析) of a permit: every record with its verdict against the GB 30871 limit, and the form to record
 * one (time of sampling, point, gas, kind, value, LEL or exposure limit, analyst, instrument). The verdict is shown
 * while typing (domain judgeGasReading) and computed again by the server; a failing or stale analysis blocks the start.
 */
import { type GasKind, GAS_KINDS, judgeGasReading } from "@anguan/domain";
import { CheckCircleFilled, CloseCircleFilled, ExperimentOutlined } from "@ant-design/icons";
import { Alert, App, AutoComplete, Button, type ButtonProps, Checkbox, Empty, Input, InputNumber, Modal, Radio, Select, Table, Tag, Typography } from "antd";
import { useMemo, useState } from "react";
import { useTranslation } from "react-i18next";
import { errorMessage } from "../../lib/errors";
import { dayjs, formatDateTime, TZ } from "../../lib/format";
import { useIsMobile } from "../../lib/useIsMobile";
import { usePermitLabels } from "./labels";
import { refusalMessages, usePermitWrite, usePersonnel, useServerOffset } from "./queries";
import type { GasAnalysis, PermitDetail } from "./types";

/** Common gases with their lower explosive limit (% V/V) or occupational exposure limit (GBZ 2.1, mg/m³). */
const GASES: { name: string; kind: GasKind; lel?: number; limit?: number }[] = [
  { name: "甲烷", kind: "combustible", lel: 5 },
  { name: "氢气", kind: "combustible", lel: 4 },
  { name: "乙烯", kind: "combustible", lel: 2.7 },
  { name: "丙烷", kind: "combustible", lel: 2.1 },
  { name: "丙烯", kind: "combustible", lel: 2 },
  { name: "苯", kind: "combustible", lel: 1.2 },
  { name: "甲醇", kind: "combustible", lel: 5.5 },
  { name: "可燃气体（总）", kind: "combustible", lel: 4 },
  { name: "氧气", kind: "oxygen" },
  { name: "硫化氢", kind: "toxic", limit: 10 },
  { name: "一氧化碳", kind: "toxic", limit: 30 },
  { name: "氨", kind: "toxic", limit: 30 },
  { name: "氯气", kind: "toxic", limit: 1 },
];

const LOCAL = "YYYY-MM-DDTHH:mm";

export function PassTag({ pass }: { pass: boolean }) {
  const { t } = useTranslation();
  return pass ? (
    <Tag color="success" icon={<CheckCircleFilled />} data-testid="gas-pass">
      {t("permits.gas.pass")}
    </Tag>
  ) : (
    <Tag color="error" icon={<CloseCircleFilled />} data-testid="gas-fail">
      {t("permits.gas.fail")}
    </Tag>
  );
}

function valueText(g: GasAnalysis): string {
  return `${g.value} ${g.unit ?? ""}`.trim();
}

export function PermitGas({ p }: { p: PermitDetail }) {
  const { t } = useTranslation();
  const pl = usePermitLabels();
  const mobile = useIsMobile();
  const [open, setOpen] = useState(false);
  const rows = useMemo(() => [...p.gasAnalyses].sort((a, b) => b.sampledAt.localeCompare(a.sampledAt)), [p.gasAnalyses]);

  return (
    <div data-testid="permit-gas">
      {p.abilities.recordGas && (
        <Button
          type="primary"
          ghost
          icon={<ExperimentOutlined />}
          size={mobile ? "large" : "middle"}
          block={mobile}
          style={{ marginBottom: 12 }}
          onClick={() => setOpen(true)}
          data-testid="gas-new"
        >
          {t("permits.gas.record")}
        </Button>
      )}
      {p.gasOverdueMin > 0 && (
        <Alert type="error" showIcon style={{ marginBottom: 12 }} title={t("permits.gas.overdue", { min: p.gasOverdueMin })} data-testid="gas-overdue" />
      )}
      {rows.length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t("permits.gas.none")} />
      ) : mobile ? (
        <div>
          {rows.map((g) => (
            <div key={g.id} className="permit-gas-row" data-testid="gas-row" data-pass={String(g.pass)}>
              <div className="permit-gas-head">
                <b>{formatDateTime(g.sampledAt).slice(0, 16)}</b> <PassTag pass={g.pass} />
              </div>
              <div>
                {g.gas}（{pl.gasKind(g.kind)}）<b>{valueText(g)}</b>
              </div>
              <div className="permit-muted">
                {t("permits.gas.criterion")}：{g.criterion}
              </div>
              <div className="permit-muted">
                {g.point} · {g.analystName} · {g.instrument}
              </div>
            </div>
          ))}
        </div>
      ) : (
        <Table<GasAnalysis>
          size="small"
          rowKey="id"
          pagination={false}
          dataSource={rows}
          scroll={{ x: "max-content" }}
          onRow={(g) => ({ "data-testid": "gas-row", "data-pass": String(g.pass) }) as React.HTMLAttributes<HTMLElement>}
          columns={[
            { title: t("permits.gas.sampledAt"), dataIndex: "sampledAt", render: (v: string) => formatDateTime(v).slice(0, 16), width: 140 },
            { title: t("permits.gas.point"), dataIndex: "point" },
            { title: t("permits.gas.gas"), key: "gas", render: (_: unknown, g) => `${g.gas}（${pl.gasKind(g.kind)}）` },
            { title: t("permits.gas.value"), key: "value", render: (_: unknown, g) => valueText(g), align: "right" },
            { title: t("permits.gas.criterion"), dataIndex: "criterion" },
            { title: t("permits.gas.result"), dataIndex: "pass", render: (v: boolean) => <PassTag pass={v} /> },
            { title: t("permits.gas.analyst"), dataIndex: "analystName" },
            { title: t("permits.gas.instrument"), dataIndex: "instrument" },
          ]}
        />
      )}
      {open && <GasForm p={p} onClose={() => setOpen(false)} />}
    </div>
  );
}

function GasForm({ p, onClose }: { p: PermitDetail; onClose: () => void }) {
  const { t } = useTranslation();
  const pl = usePermitLabels();
  const { message } = App.useApp();
  const write = usePermitWrite(p.id);
  const offset = useServerOffset(p.enterpriseId);
  const people = usePersonnel(p.enterpriseId);
  const [sampledAt, setSampledAt] = useState(() =>
    dayjs(Date.now() + offset)
      .tz(TZ)
      .format(LOCAL),
  );
  const [point, setPoint] = useState(p.place);
  const [gas, setGas] = useState("甲烷");
  const [kind, setKind] = useState<GasKind>("combustible");
  const [value, setValue] = useState<number | null>(null);
  const [lel, setLel] = useState<number | null>(5);
  const [limit, setLimit] = useState<number | null>(null);
  const [enriched, setEnriched] = useState(false);
  const [analystId, setAnalystId] = useState<string | undefined>(p.people.gasAnalyst?.personId);
  const [instrument, setInstrument] = useState("");
  const [errors, setErrors] = useState<string[]>([]);

  const verdict =
    value === null
      ? null
      : judgeGasReading({
          kind,
          value,
          lelPercent: kind === "combustible" ? lel : null,
          limit: kind === "toxic" ? limit : null,
          oxygenEnriched: kind === "oxygen" && enriched,
        });

  const pickGas = (name: string) => {
    setGas(name);
    const known = GASES.find((g) => g.name === name);
    if (known) {
      setKind(known.kind);
      if (known.lel) setLel(known.lel);
      if (known.limit) setLimit(known.limit);
    }
  };

  const submit = async () => {
    const local: string[] = [];
    if (!sampledAt) local.push(t("permits.gas.needTime"));
    if (!point.trim()) local.push(t("permits.gas.needPoint"));
    if (!gas.trim()) local.push(t("permits.gas.needGas"));
    if (value === null) local.push(t("permits.gas.needValue"));
    if (!instrument.trim()) local.push(t("permits.gas.needInstrument"));
    if (local.length) {
      setErrors(local);
      return;
    }
    const analyst = people.data?.items.find((x) => x.id === analystId);
    const body: Record<string, unknown> = {
      sampledAt: dayjs.tz(sampledAt, TZ).toISOString(),
      point: point.trim(),
      gas: gas.trim(),
      kind,
      value,
      instrument: instrument.trim(),
      ...(kind === "combustible" && lel !== null ? { lelPercent: lel } : {}),
      ...(kind === "toxic" && limit !== null ? { limit } : {}),
      ...(kind === "oxygen" && enriched ? { oxygenEnriched: true } : {}),
      ...(analystId ? { analystId } : {}),
      ...(analyst ? { analystName: analyst.name } : {}),
    };
    try {
      await write.mutateAsync({ kind: "gas", body });
      message.success(t("permits.gas.recorded"));
      onClose();
    } catch (e) {
      const list = refusalMessages(e);
      setErrors(list.length ? list : [errorMessage(e, t)]);
    }
  };

  return (
    <Modal
      open
      title={t("permits.gas.record")}
      okText={t("common.save")}
      cancelText={t("common.cancel")}
      onOk={() => void submit()}
      onCancel={onClose}
      confirmLoading={write.isPending}
      okButtonProps={{ "data-testid": "gas-submit" } as ButtonProps}
      destroyOnHidden
      data-testid="gas-modal"
    >
      {errors.length > 0 && <Alert type="error" showIcon style={{ marginBottom: 12 }} title={errors.join("；")} data-testid="gas-error" />}
      <div className="permit-label">{t("permits.gas.sampledAt")}</div>
      <Input size="large" type="datetime-local" data-testid="gas-sampled-at" value={sampledAt} onChange={(e) => setSampledAt(e.target.value)} />
      <div className="permit-label">{t("permits.gas.point")}</div>
      <Input size="large" data-testid="gas-point" value={point} onChange={(e) => setPoint(e.target.value)} />
      <div className="permit-label">{t("permits.gas.gas")}</div>
      <AutoComplete
        size="large"
        data-testid="gas-name"
        style={{ width: "100%" }}
        value={gas}
        onChange={(v: string) => pickGas(v)}
        options={GASES.map((g) => ({ value: g.name }))}
      />
      <div className="permit-label">{t("permits.gas.kind")}</div>
      <Radio.Group
        optionType="button"
        value={kind}
        onChange={(e) => setKind(e.target.value as GasKind)}
        options={(Object.keys(GAS_KINDS) as GasKind[]).map((k) => ({ value: k, label: <span data-testid={`gas-kind-${k}`}>{pl.gasKind(k)}</span> }))}
      />
      <div className="permit-gas-values">
        <div>
          <div className="permit-label">
            {t("permits.gas.value")}（{GAS_KINDS[kind].unit}）
          </div>
          <InputNumber size="large" data-testid="gas-value" style={{ width: "100%" }} min={0} step={0.01} value={value} onChange={(v) => setValue(v)} />
        </div>
        {kind === "combustible" && (
          <div>
            <div className="permit-label">{t("permits.gas.lel")}</div>
            <InputNumber size="large" data-testid="gas-lel" style={{ width: "100%" }} min={0} step={0.1} value={lel} onChange={(v) => setLel(v)} />
          </div>
        )}
        {kind === "toxic" && (
          <div>
            <div className="permit-label">{t("permits.gas.limit")}</div>
            <InputNumber size="large" data-testid="gas-limit" style={{ width: "100%" }} min={0} value={limit} onChange={(v) => setLimit(v)} />
          </div>
        )}
      </div>
      {kind === "oxygen" && (
        <Checkbox checked={enriched} onChange={(e) => setEnriched(e.target.checked)} style={{ marginTop: 8 }}>
          {t("permits.gas.enriched")}
        </Checkbox>
      )}
      {verdict && (
        <div style={{ marginTop: 10 }} data-testid="gas-verdict" data-pass={String(verdict.pass)}>
          {verdict.criterion || verdict.message ? (
            <>
              <PassTag pass={verdict.pass} /> <Typography.Text type="secondary">{verdict.message ?? verdict.criterion}</Typography.Text>
            </>
          ) : null}
        </div>
      )}
      <div className="permit-label">{t("permits.gas.analyst")}</div>
      <Select
        size="large"
        data-testid="gas-analyst"
        style={{ width: "100%" }}
        showSearch={{ optionFilterProp: "label" }}
        value={analystId}
        onChange={(v?: string) => setAnalystId(v)}
        options={(people.data?.items ?? []).map((x) => ({ value: x.id, label: `${x.name}${x.post ? ` · ${x.post}` : ""}` }))}
      />
      <div className="permit-label">{t("permits.gas.instrument")}</div>
      <Input
        size="large"
        data-testid="gas-instrument"
        value={instrument}
        onChange={(e) => setInstrument(e.target.value)}
        placeholder={t("permits.gas.instrumentPlaceholder")}
      />
    </Modal>
  );
}
