/**
 * 监测点位: register, list, detail, change and delete sensors. Gas detectors registered without limits get the
 * GB/T 50493 set-points (domain gasAlarmDefaults), the unit defaults from the sensor type, and inconsistent limits are
 * refused naming the field (domain limitConfigErrors). The sensor's region and sector are its enterprise's.
 */
import { and, count, desc, eq, ilike, ne, or, type SQL, sql } from "drizzle-orm";
import { canWriteEnterprise, gasAlarmDefaults, limitConfigErrors, SENSOR_TYPES, type Actor, type Sector, type SensorType } from "@anguan/domain";
import { actorOf, type App } from "../../app";
import type { Queryable } from "../../db/client";
import { alarms, gateways, hazardUnits, sensors } from "../../db/schema";
import { appendAudit } from "../../platform/audit";
import { AppError, badRequest, fieldError } from "../../platform/errors";
import { likeEscape, scopeWhereOn, type EnterpriseRow } from "../../platform/scope";
import { enterpriseOf, loadSensor, type SensorRow } from "./access";
import { presentSensor, presentSensorById, selectSensors, sensorConfig } from "./present";
import { sensorIdParams, sensorInput, sensorListQuery, sensorPatch, type SensorInput, type SensorPatch } from "./schemas";

const LIMITS = ["hh", "h", "l", "ll"] as const;
const EDITORS = ["admin", "regulator", "enterprise_leader", "enterprise_safety"];

interface Config {
  type: SensorType;
  engineeringUnit: string;
  rangeLow: number | null;
  rangeHigh: number | null;
  hh: number | null;
  h: number | null;
  l: number | null;
  ll: number | null;
  deadband: number;
  delaySeconds: number;
  rateLimit: number | null;
  periodSeconds: number;
  offlineAfterSeconds: number | null;
}

/** GB/T 50493 defaults for a gas detector when no limit was given; the basis is returned for the answer. */
function withGasDefaults(c: Config, inputs: { oelPpm?: number | null; idlhPpm?: number | null }): Config {
  const d = gasAlarmDefaults({ type: c.type, oelPpm: inputs.oelPpm, idlhPpm: inputs.idlhPpm, rangeHigh: c.rangeHigh });
  if (!d) return c;
  return { ...c, h: d.h, hh: d.hh, l: d.l ?? null, ll: null };
}

function checkConfig(c: Config) {
  const errors = limitConfigErrors(c);
  if (c.offlineAfterSeconds != null && c.offlineAfterSeconds < c.periodSeconds) errors.offlineAfterSeconds = "离线判定时间不能短于采集周期";
  const fields = Object.entries(errors).map(([field, message]) => ({ field, message }));
  if (fields.length) throw badRequest(`报警设定有误：${fields.map((f) => f.message).join("；")}`, fields);
}

/** The unit (if any) and the gateway must be the sensor's enterprise's. */
async function checkLinks(tx: Queryable, e: EnterpriseRow, unitId: string | null | undefined, gatewayId: string | undefined) {
  if (unitId) {
    const [u] = await tx
      .select({ id: hazardUnits.id })
      .from(hazardUnits)
      .where(and(eq(hazardUnits.id, unitId), eq(hazardUnits.enterpriseId, e.id)));
    if (!u) throw fieldError("unitId", "重大危险源单元不存在或不属于该企业");
  }
  if (gatewayId !== undefined) {
    const [g] = await tx
      .select({ id: gateways.id })
      .from(gateways)
      .where(and(eq(gateways.id, gatewayId), eq(gateways.enterpriseId, e.id)));
    if (!g) throw fieldError("gatewayId", "网关不存在或不属于该企业");
  }
}

async function checkTagFree(tx: Queryable, gatewayId: string, tag: string, exceptId?: number) {
  const [dup] = await tx
    .select({ id: sensors.id })
    .from(sensors)
    .where(and(eq(sensors.gatewayId, gatewayId), eq(sensors.tag, tag), exceptId !== undefined ? ne(sensors.id, exceptId) : undefined));
  if (dup) throw new AppError(409, "DUPLICATE_TAG", `网关 ${gatewayId} 上已有位号 ${tag}`, [{ field: "tag", message: "该网关上已有相同位号" }]);
}

const isUniqueViolation = (e: unknown) =>
  /sensors_gateway_tag_uq|duplicate key/i.test(String((e as Error)?.message ?? "")) || (e as { code?: string })?.code === "23505";

const auditView = (s: SensorRow) => sensorConfig(s);

function configOfInput(b: SensorInput): Config {
  let c: Config = {
    type: b.type,
    engineeringUnit: b.engineeringUnit || SENSOR_TYPES[b.type].unit,
    rangeLow: b.rangeLow ?? null,
    rangeHigh: b.rangeHigh ?? null,
    hh: b.hh ?? null,
    h: b.h ?? null,
    l: b.l ?? null,
    ll: b.ll ?? null,
    deadband: b.deadband ?? 0,
    delaySeconds: b.delaySeconds ?? 0,
    rateLimit: b.rateLimit ?? null,
    periodSeconds: b.periodSeconds ?? 10,
    offlineAfterSeconds: b.offlineAfterSeconds ?? null,
  };
  if (LIMITS.every((k) => b[k] === undefined)) c = withGasDefaults(c, b);
  return c;
}

function configOfPatch(cur: SensorRow, b: SensorPatch): Config {
  const type = (b.type ?? cur.type) as SensorType;
  const oldDefaultUnit = SENSOR_TYPES[cur.type as SensorType]?.unit ?? "";
  const unit = b.engineeringUnit !== undefined ? b.engineeringUnit : b.type && cur.engineeringUnit === oldDefaultUnit ? "" : cur.engineeringUnit;
  const pick = <K extends keyof Config & keyof SensorRow>(k: K): Config[K] =>
    (b[k as keyof SensorPatch] !== undefined ? b[k as keyof SensorPatch] : cur[k]) as Config[K];
  let c: Config = {
    type,
    engineeringUnit: unit || SENSOR_TYPES[type].unit,
    rangeLow: pick("rangeLow"),
    rangeHigh: pick("rangeHigh"),
    hh: pick("hh"),
    h: pick("h"),
    l: pick("l"),
    ll: pick("ll"),
    deadband: pick("deadband"),
    delaySeconds: pick("delaySeconds"),
    rateLimit: pick("rateLimit"),
    periodSeconds: pick("periodSeconds"),
    offlineAfterSeconds: pick("offlineAfterSeconds"),
  };
  // No limit sent with a new type or new exposure limits: the GB/T 50493 defaults of the (new) gas detector.
  const noLimitSent = LIMITS.every((k) => b[k] === undefined);
  const newBasis = b.oelPpm != null || b.idlhPpm != null || (b.type !== undefined && b.type !== cur.type);
  if (noLimitSent && newBasis) c = withGasDefaults(c, b);
  return c;
}

export async function sensorRoutes(app: App) {
  const { db } = app.ctx;
  const tags = ["monitoring"];
  const now = () => app.ctx.now();
  const reload = async () => {
    await app.ctx.monitoring?.reloadSensors();
  };

  app.get("/api/sensors", { schema: { tags, summary: "监测点位列表（按辖区，含当前值与状态）", querystring: sensorListQuery } }, async (req) => {
    const actor = actorOf(req);
    const q = req.query;
    let abilityCreate = EDITORS.includes(actor.role);
    if (q.enterpriseId) {
      const e = await enterpriseOf(db, actor, q.enterpriseId, "read");
      abilityCreate = canWriteEnterprise(actor, { id: e.id, regionPath: e.regionPath, sector: e.sector as Sector });
    }
    const conds: (SQL | undefined)[] = [scopeWhereOn(actor.scope, sensors)];
    if (q.enterpriseId) conds.push(eq(sensors.enterpriseId, q.enterpriseId));
    if (q.unitId) conds.push(eq(sensors.unitId, q.unitId));
    if (q.gatewayId) conds.push(eq(sensors.gatewayId, q.gatewayId));
    if (q.type) conds.push(eq(sensors.type, q.type));
    if (q.q) conds.push(or(ilike(sensors.tag, `%${likeEscape(q.q)}%`), ilike(sensors.name, `%${likeEscape(q.q)}%`)));
    const where = and(...conds);
    const t = now();
    const [rows, [total]] = await Promise.all([
      selectSensors(db, where, { limit: q.pageSize, offset: (q.page - 1) * q.pageSize }),
      db.select({ n: count() }).from(sensors).where(where),
    ]);
    return { items: rows.map((r) => presentSensor(r, t)), total: total?.n ?? 0, page: q.page, pageSize: q.pageSize, abilities: { create: abilityCreate } };
  });

  app.post("/api/sensors", { schema: { tags, summary: "登记监测点位（气体探测器缺省按 GB/T 50493 设定报警值）", body: sensorInput } }, async (req, reply) => {
    const actor = actorOf(req);
    const b = req.body;
    const t = now();
    const id = await db
      .transaction(async (tx) => {
        const e = await enterpriseOf(tx, actor, b.enterpriseId, "write");
        await checkLinks(tx, e, b.unitId, b.gatewayId);
        const c = configOfInput(b);
        checkConfig(c);
        await checkTagFree(tx, b.gatewayId, b.tag);
        const [row] = await tx
          .insert(sensors)
          .values({
            ...c,
            enterpriseId: e.id,
            regionPath: e.regionPath,
            sector: e.sector,
            unitId: b.unitId ?? null,
            gatewayId: b.gatewayId,
            tag: b.tag,
            name: b.name,
            enabled: b.enabled ?? true,
            createdAt: t,
            updatedAt: t,
          })
          .returning();
        await appendAudit(
          tx,
          actor,
          { action: "sensor.create", targetType: "sensor", targetId: String(row!.id), enterpriseId: e.id, after: auditView(row!) },
          t,
        );
        return row!.id;
      })
      .catch((err) => {
        if (!(err instanceof AppError) && isUniqueViolation(err))
          throw new AppError(409, "DUPLICATE_TAG", "该网关上已有相同位号", [{ field: "tag", message: "该网关上已有相同位号" }]);
        throw err;
      });
    await reload();
    return reply.status(201).send(await sensorDetail(db, actor, id, t));
  });

  app.get("/api/sensors/:id", { schema: { tags, summary: "监测点位详情（含单元、网关、当前值、未消警报警）", params: sensorIdParams } }, async (req) => {
    const actor = actorOf(req);
    const { row } = await loadSensor(db, actor, req.params.id, "read");
    return sensorDetail(db, actor, row.id, now());
  });

  app.patch("/api/sensors/:id", { schema: { tags, summary: "修改监测点位（version 比对）", params: sensorIdParams, body: sensorPatch } }, async (req) => {
    const actor = actorOf(req);
    const b = req.body;
    const t = now();
    await db
      .transaction(async (tx) => {
        const { row: cur, enterprise } = await loadSensor(tx, actor, req.params.id, "write");
        if (b.version !== undefined && b.version !== cur.version) {
          throw new AppError(409, "VERSION_CONFLICT", "点位已被他人修改，请刷新后重试", undefined, { currentVersion: cur.version });
        }
        await checkLinks(tx, enterprise!, b.unitId, b.gatewayId);
        const c = configOfPatch(cur, b);
        checkConfig(c);
        const gatewayId = b.gatewayId ?? cur.gatewayId;
        const tag = b.tag ?? cur.tag;
        if (gatewayId !== cur.gatewayId || tag !== cur.tag) await checkTagFree(tx, gatewayId, tag, cur.id);
        const [after] = await tx
          .update(sensors)
          .set({
            ...c,
            unitId: b.unitId !== undefined ? b.unitId : cur.unitId,
            gatewayId,
            tag,
            name: b.name ?? cur.name,
            enabled: b.enabled ?? cur.enabled,
            version: cur.version + 1,
            updatedAt: t,
          })
          .where(and(eq(sensors.id, cur.id), eq(sensors.version, cur.version)))
          .returning();
        if (!after) throw new AppError(409, "VERSION_CONFLICT", "点位已被他人修改，请刷新后重试");
        await appendAudit(
          tx,
          actor,
          {
            action: "sensor.update",
            targetType: "sensor",
            targetId: String(cur.id),
            enterpriseId: cur.enterpriseId,
            before: auditView(cur),
            after: auditView(after),
          },
          t,
        );
      })
      .catch((err) => {
        if (!(err instanceof AppError) && isUniqueViolation(err))
          throw new AppError(409, "DUPLICATE_TAG", "该网关上已有相同位号", [{ field: "tag", message: "该网关上已有相同位号" }]);
        throw err;
      });
    await reload();
    return sensorDetail(db, actor, req.params.id, t);
  });

  app.delete("/api/sensors/:id", { schema: { tags, summary: "删除监测点位（连同其报警）", params: sensorIdParams } }, async (req, reply) => {
    const actor = actorOf(req);
    const t = now();
    await db.transaction(async (tx) => {
      const { row } = await loadSensor(tx, actor, req.params.id, "write");
      await tx.delete(sensors).where(eq(sensors.id, row.id));
      await appendAudit(
        tx,
        actor,
        { action: "sensor.delete", targetType: "sensor", targetId: String(row.id), enterpriseId: row.enterpriseId, before: auditView(row) },
        t,
      );
    });
    await reload();
    return reply.status(204).send();
  });
}

/** The detail: the list item, its unit and gateway, its open alarms, what the caller may do, and the gas defaults' basis. */
async function sensorDetail(db: Queryable, actor: Actor, id: number, now: Date) {
  const s = await presentSensorById(db, id, now);
  const [[unit], [gateway], open] = await Promise.all([
    s.unitId
      ? db
          .select({
            id: hazardUnits.id,
            name: hazardUnits.name,
            code: hazardUnits.code,
            kind: hazardUnits.kind,
            isMajor: hazardUnits.isMajor,
            grade: hazardUnits.grade,
          })
          .from(hazardUnits)
          .where(eq(hazardUnits.id, s.unitId))
      : Promise.resolve([]),
    db
      .select({
        id: gateways.id,
        name: gateways.name,
        enabled: gateways.enabled,
        lastSeenAt: gateways.lastSeenAt,
        regionPath: gateways.regionPath,
        sector: gateways.sector,
      })
      .from(gateways)
      .where(eq(gateways.id, s.gatewayId)),
    db
      .select({
        id: alarms.id,
        kind: alarms.kind,
        level: alarms.level,
        severity: alarms.severity,
        status: alarms.status,
        conditionActive: alarms.conditionActive,
        raisedAt: alarms.raisedAt,
        lastValue: alarms.lastValue,
      })
      .from(alarms)
      .where(and(eq(alarms.sensorId, id), sql`${alarms.status} <> 'cleared'`))
      .orderBy(desc(alarms.raisedAt)),
  ]);
  const manage = gateway ? canWriteEnterprise(actor, { id: s.enterpriseId, regionPath: gateway.regionPath, sector: gateway.sector as Sector }) : false;
  const defaults = gasAlarmDefaults({ type: s.type as SensorType, rangeHigh: s.rangeHigh });
  return {
    ...s,
    unit: unit ?? null,
    gateway: gateway ? { id: gateway.id, name: gateway.name, enabled: gateway.enabled, lastSeenAt: gateway.lastSeenAt?.toISOString() ?? null } : null,
    openAlarms: open.map((a) => ({ ...a, raisedAt: a.raisedAt.toISOString() })),
    offlineAfterSecondsEffective: s.offlineAfterSeconds ?? 3 * s.periodSeconds,
    gasDefaults: defaults,
    abilities: { update: manage, delete: manage },
  };
}
