/** The forms of the risk register: analysis object, analysis unit, risk event (with its assessments), control measure, shutdown. */
import { AutoComplete, Checkbox, Col, DatePicker, Divider, Form, Input, Radio, Row, Select } from "antd";
import { useTranslation } from "react-i18next";
import type { AssignableUser, ControlMeasure, RiskEvent, RiskMethod, RiskObject, RiskUnit } from "../../api/types";
import { useLabels } from "../../i18n/labels";
import { dayjs } from "../../lib/format";
import { useAssignableUsers } from "./api";
import { FACTORS, LiveResult, ScorePickers } from "./Assessment";
import { CLASSIFY1, CLASSIFY2, CONTROL_LEVELS, classify2Under, DATA_SOURCES, RISK_OBJECT_KINDS } from "./codes";
import { FormModal } from "./FormModal";

interface ModalProps<TRow, TBody> {
  open: boolean;
  /** The row being edited; null when adding. */
  row: TRow | null;
  enterpriseId: string;
  onCancel: () => void;
  onSubmit: (body: TBody) => Promise<unknown>;
}

const req = (message: string) => [{ required: true, whitespace: true, message }];

/** A person's name, suggested from the enterprise's users; the user's id travels with it when one is picked. */
function PersonInput({ users, testId, ...rest }: { users: AssignableUser[]; testId: string; value?: string; onChange?: (v: string) => void }) {
  return (
    <AutoComplete
      data-testid={testId}
      options={users.map((u) => ({ value: u.displayName }))}
      filterOption={(input, o) => String(o?.value ?? "").includes(input)}
      {...rest}
    />
  );
}

export const userIdOf = (users: AssignableUser[], name: string | undefined) => users.find((u) => u.displayName === name)?.id ?? null;

// ── 风险分析对象 ──
export interface ObjectBody {
  kind: string;
  name: string;
  hazardCode: string;
  department: string;
  liablePerson: string;
}

export function ObjectModal({ open, row, onCancel, onSubmit }: ModalProps<RiskObject, ObjectBody>) {
  const { t } = useTranslation();
  const labels = useLabels();
  return (
    <FormModal<ObjectBody>
      open={open}
      title={row ? t("risks.object.edit") : t("risks.object.add")}
      testId="risk-object-form"
      known={["kind", "name", "hazardCode", "department", "liablePerson"]}
      initial={row ?? { kind: "production_unit", hazardCode: "", department: "", liablePerson: "" }}
      onCancel={onCancel}
      onSubmit={(v) => onSubmit({ ...v, hazardCode: v.hazardCode ?? "", department: v.department ?? "", liablePerson: v.liablePerson ?? "" })}
    >
      <Row gutter={16}>
        <Col xs={24} md={12}>
          <Form.Item name="kind" label={t("risks.object.kind")} rules={[{ required: true }]}>
            <Select data-testid="object-kind" options={labels.options(RISK_OBJECT_KINDS)} />
          </Form.Item>
        </Col>
        <Col xs={24} md={12}>
          <Form.Item name="name" label={t("risks.object.name")} rules={req(t("common.required", { label: t("risks.object.name") }))}>
            <Input data-testid="object-name" maxLength={100} />
          </Form.Item>
        </Col>
        <Col xs={24} md={12}>
          <Form.Item name="hazardCode" label={t("risks.object.hazardCode")} tooltip={t("risks.object.hazardCodeHint")}>
            <Input maxLength={64} />
          </Form.Item>
        </Col>
        <Col xs={24} md={12}>
          <Form.Item name="department" label={t("risks.department")}>
            <Input maxLength={100} />
          </Form.Item>
        </Col>
        <Col xs={24} md={12}>
          <Form.Item name="liablePerson" label={t("risks.liablePerson")}>
            <Input maxLength={50} />
          </Form.Item>
        </Col>
      </Row>
    </FormModal>
  );
}

// ── 风险分析单元 ──
export interface UnitBody {
  name: string;
  department: string;
  liablePerson: string;
  liableUserId: string | null;
  location: string;
}

export function UnitModal({ open, row, enterpriseId, onCancel, onSubmit }: ModalProps<RiskUnit, UnitBody>) {
  const { t } = useTranslation();
  const users = useAssignableUsers(enterpriseId, open).data ?? [];
  return (
    <FormModal<UnitBody>
      open={open}
      title={row ? t("risks.unit.edit") : t("risks.unit.add")}
      testId="risk-unit-form"
      known={["name", "department", "liablePerson", "liableUserId", "location"]}
      initial={row ?? { department: "", liablePerson: "", location: "" }}
      onCancel={onCancel}
      onSubmit={(v) =>
        onSubmit({
          name: v.name,
          department: v.department ?? "",
          liablePerson: v.liablePerson ?? "",
          liableUserId: userIdOf(users, v.liablePerson),
          location: v.location ?? "",
        })
      }
    >
      <Row gutter={16}>
        <Col xs={24} md={12}>
          <Form.Item name="name" label={t("risks.unit.name")} rules={req(t("common.required", { label: t("risks.unit.name") }))}>
            <Input data-testid="unit-name" maxLength={100} />
          </Form.Item>
        </Col>
        <Col xs={24} md={12}>
          <Form.Item name="location" label={t("risks.unit.location")}>
            <Input maxLength={100} />
          </Form.Item>
        </Col>
        <Col xs={24} md={12}>
          <Form.Item name="department" label={t("risks.department")}>
            <Input maxLength={100} />
          </Form.Item>
        </Col>
        <Col xs={24} md={12}>
          <Form.Item
            name="liablePerson"
            label={t("risks.liablePerson")}
            rules={req(t("common.required", { label: t("risks.liablePerson") }))}
            tooltip={t("risks.personHint")}
          >
            <PersonInput users={users} testId="unit-liable" />
          </Form.Item>
        </Col>
      </Row>
    </FormModal>
  );
}

// ── 风险事件 ──
type Scores = Record<string, number | undefined>;
export interface EventBody {
  name: string;
  description: string;
  consequence: string;
  method: RiskMethod;
  inherent: Scores;
  residual?: Scores | null;
}
interface EventForm extends EventBody {
  withResidual: boolean;
}

const pickScores = (method: RiskMethod, s: Scores | undefined): Scores => Object.fromEntries(FACTORS[method].map((f) => [f, s?.[f]]));

export function EventModal({ open, row, onCancel, onSubmit }: ModalProps<RiskEvent, EventBody>) {
  const { t } = useTranslation();
  const initial: Partial<EventForm> = row
    ? {
        name: row.name,
        description: row.description,
        consequence: row.consequence,
        method: row.method,
        inherent: row.inherent?.inputs ?? {},
        withResidual: !!row.residual,
        residual: row.residual?.inputs ?? {},
      }
    : { method: "lec", description: "", consequence: "", withResidual: false, inherent: {}, residual: {} };
  return (
    <FormModal<EventForm>
      open={open}
      title={row ? t("risks.event.edit") : t("risks.event.add")}
      testId="risk-event-form"
      width={760}
      known={[
        "name",
        "description",
        "consequence",
        "method",
        "inherent.l",
        "inherent.e",
        "inherent.c",
        "inherent.s",
        "residual.l",
        "residual.e",
        "residual.c",
        "residual.s",
      ]}
      initial={initial}
      onCancel={onCancel}
      onSubmit={(v) =>
        onSubmit({
          name: v.name,
          description: v.description ?? "",
          consequence: v.consequence ?? "",
          method: v.method,
          inherent: pickScores(v.method, v.inherent),
          residual: v.withResidual ? pickScores(v.method, v.residual ?? undefined) : null,
        })
      }
    >
      <EventFields />
    </FormModal>
  );
}

function EventFields() {
  const { t } = useTranslation();
  const form = Form.useFormInstance<EventForm>();
  const method = (Form.useWatch("method", form) ?? "lec") as RiskMethod;
  const inherent = Form.useWatch("inherent", form) as Scores | undefined;
  const residual = Form.useWatch("residual", form) as Scores | undefined;
  const withResidual = Form.useWatch("withResidual", form) as boolean | undefined;
  return (
    <Row gutter={16}>
      <Col xs={24} md={12}>
        <Form.Item name="name" label={t("risks.event.name")} rules={req(t("common.required", { label: t("risks.event.name") }))}>
          <Input data-testid="event-name" maxLength={100} />
        </Form.Item>
      </Col>
      <Col xs={24} md={12}>
        <Form.Item name="method" label={t("risks.event.method")} rules={[{ required: true }]}>
          <Radio.Group
            data-testid="event-method"
            optionType="button"
            options={[
              { value: "lec", label: t("risks.methods.lec") },
              { value: "ls", label: t("risks.methods.ls") },
            ]}
          />
        </Form.Item>
      </Col>
      <Col xs={24} md={12}>
        <Form.Item name="description" label={t("risks.event.description")}>
          <Input.TextArea rows={2} maxLength={500} />
        </Form.Item>
      </Col>
      <Col xs={24} md={12}>
        <Form.Item name="consequence" label={t("risks.event.consequence")}>
          <Input.TextArea rows={2} maxLength={500} />
        </Form.Item>
      </Col>
      <Col xs={24}>
        <Divider titlePlacement="start" style={{ margin: "4px 0 12px" }}>
          {t("risks.inherent")}
        </Divider>
        <ScorePickers method={method} name="inherent" stage="inherent" />
        <Form.Item label={t("risks.result")}>
          <LiveResult method={method} inputs={inherent} testId="inherent-result" />
        </Form.Item>
        <Form.Item name="withResidual" valuePropName="checked" style={{ marginBottom: 8 }}>
          <Checkbox
            data-testid="with-residual"
            onChange={(e) => {
              // Start the residual assessment from the inherent scores: the user lowers what the measures reduce.
              const empty = !residual || FACTORS[method].every((f) => residual[f] === undefined);
              if (e.target.checked && empty) form.setFieldValue("residual", { ...(inherent ?? {}) });
            }}
          >
            {t("risks.assessResidual")}
          </Checkbox>
        </Form.Item>
        {withResidual && (
          <>
            <Divider titlePlacement="start" style={{ margin: "4px 0 12px" }}>
              {t("risks.residual")}
            </Divider>
            <ScorePickers method={method} name="residual" stage="residual" />
            <Form.Item label={t("risks.result")}>
              <LiveResult method={method} inputs={residual} testId="residual-result" />
            </Form.Item>
          </>
        )}
      </Col>
    </Row>
  );
}

// ── 管控措施 ──
export interface MeasureBody {
  description: string;
  classify1: string;
  classify2: string;
  classify3: string;
  controlLevel: string;
  responsiblePerson: string;
  responsibleUserId: string | null;
  dataSrc: number;
  troubleshootContent: string;
}

export function MeasureModal({
  open,
  row,
  enterpriseId,
  onCancel,
  onSubmit,
  classify3Options,
  defaultLevel,
}: ModalProps<ControlMeasure, MeasureBody> & { classify3Options: string[]; defaultLevel?: string }) {
  const { t } = useTranslation();
  const users = useAssignableUsers(enterpriseId, open).data ?? [];
  return (
    <FormModal<MeasureBody>
      open={open}
      title={row ? t("risks.measure.edit") : t("risks.measure.add")}
      testId="risk-measure-form"
      width={760}
      known={["description", "classify1", "classify2", "classify3", "controlLevel", "responsiblePerson", "responsibleUserId", "dataSrc", "troubleshootContent"]}
      initial={
        row
          ? { ...row, dataSrc: Number(row.dataSrc) }
          : { classify1: "1", classify2: "1-1", dataSrc: 2, controlLevel: defaultLevel ?? "team", classify3: "", troubleshootContent: "" }
      }
      onCancel={onCancel}
      onSubmit={(v) =>
        onSubmit({
          ...v,
          classify3: v.classify3 ?? "",
          troubleshootContent: v.troubleshootContent ?? "",
          responsiblePerson: v.responsiblePerson ?? "",
          responsibleUserId: userIdOf(users, v.responsiblePerson),
        })
      }
    >
      <MeasureFields users={users} classify3Options={classify3Options} />
    </FormModal>
  );
}

function MeasureFields({ users, classify3Options }: { users: AssignableUser[]; classify3Options: string[] }) {
  const { t } = useTranslation();
  const labels = useLabels();
  const form = Form.useFormInstance<MeasureBody>();
  const classify1 = Form.useWatch("classify1", form) as string | undefined;
  return (
    <Row gutter={16}>
      <Col xs={24}>
        <Form.Item name="description" label={t("risks.measure.description")} rules={req(t("common.required", { label: t("risks.measure.description") }))}>
          <Input.TextArea data-testid="measure-description" rows={2} maxLength={500} />
        </Form.Item>
      </Col>
      <Col xs={24} md={8}>
        <Form.Item name="classify1" label={t("risks.measure.classify1")} rules={[{ required: true }]}>
          <Select
            data-testid="measure-classify1"
            options={labels.options(CLASSIFY1)}
            onChange={(v: string) => {
              const first = classify2Under(v)[0];
              form.setFieldValue("classify2", first);
            }}
          />
        </Form.Item>
      </Col>
      <Col xs={24} md={8}>
        <Form.Item
          name="classify2"
          label={t("risks.measure.classify2")}
          rules={[{ required: true, message: t("common.pleaseSelect", { label: t("risks.measure.classify2") }) }]}
        >
          <Select
            data-testid="measure-classify2"
            options={classify2Under(classify1).map((k) => ({ value: k, label: `${k} ${labels.lang === "en" ? CLASSIFY2[k]?.en : CLASSIFY2[k]?.zh}` }))}
          />
        </Form.Item>
      </Col>
      <Col xs={24} md={8}>
        <Form.Item name="classify3" label={t("risks.measure.classify3")} tooltip={t("risks.measure.classify3Hint")}>
          <AutoComplete options={classify3Options.map((v) => ({ value: v }))} maxLength={50} />
        </Form.Item>
      </Col>
      <Col xs={24} md={8}>
        <Form.Item name="controlLevel" label={t("risks.measure.controlLevel")} rules={[{ required: true }]}>
          <Select data-testid="measure-level" options={labels.options(CONTROL_LEVELS)} />
        </Form.Item>
      </Col>
      <Col xs={24} md={8}>
        <Form.Item name="responsiblePerson" label={t("risks.measure.responsible")} tooltip={t("risks.personHint")}>
          <PersonInput users={users} testId="measure-responsible" />
        </Form.Item>
      </Col>
      <Col xs={24} md={8}>
        <Form.Item name="dataSrc" label={t("risks.measure.dataSrc")} rules={[{ required: true }]}>
          <Radio.Group options={Object.entries(DATA_SOURCES).map(([k, v]) => ({ value: Number(k), label: labels.lang === "en" ? v.en : v.zh }))} />
        </Form.Item>
      </Col>
      <Col xs={24}>
        <Form.Item name="troubleshootContent" label={t("risks.measure.checkContent")} tooltip={t("risks.measure.checkContentHint")}>
          <Input.TextArea data-testid="measure-check" rows={2} maxLength={500} />
        </Form.Item>
      </Col>
    </Row>
  );
}

// ── 停用检维修 ──
export interface ShutdownBody {
  startAt: string;
  endAt: string | null;
  reason: string;
}

const dateTimeProps = {
  getValueProps: (v: string | null) => ({ value: v ? dayjs(v) : undefined }),
  normalize: (d: dayjs.Dayjs | null) => (d ? d.toISOString() : null),
};

export function ShutdownModal({ open, onCancel, onSubmit }: Omit<ModalProps<RiskUnit, ShutdownBody>, "row" | "enterpriseId">) {
  const { t } = useTranslation();
  return (
    <FormModal<ShutdownBody>
      open={open}
      title={t("risks.shutdown.title")}
      testId="risk-shutdown-form"
      known={["startAt", "endAt", "reason"]}
      initial={{ startAt: new Date().toISOString(), endAt: null, reason: "" }}
      onCancel={onCancel}
      onSubmit={(v) => onSubmit({ startAt: v.startAt, endAt: v.endAt ?? null, reason: v.reason })}
    >
      <Row gutter={16}>
        <Col xs={24} md={12}>
          <Form.Item name="startAt" label={t("risks.shutdown.startAt")} rules={[{ required: true }]} {...dateTimeProps}>
            <DatePicker showTime={{ format: "HH:mm" }} format="YYYY-MM-DD HH:mm" style={{ width: "100%" }} />
          </Form.Item>
        </Col>
        <Col xs={24} md={12}>
          <Form.Item name="endAt" label={t("risks.shutdown.endAt")} tooltip={t("risks.shutdown.endHint")} {...dateTimeProps}>
            <DatePicker showTime={{ format: "HH:mm" }} format="YYYY-MM-DD HH:mm" style={{ width: "100%" }} />
          </Form.Item>
        </Col>
        <Col xs={24}>
          <Form.Item name="reason" label={t("risks.shutdown.reason")} rules={req(t("common.required", { label: t("risks.shutdown.reason") }))}>
            <Input.TextArea rows={2} maxLength={200} data-testid="shutdown-reason" />
          </Form.Item>
        </Col>
      </Row>
    </FormModal>
  );
}
