/**
 * Reports are computed once and stored (`monitoring_reports`, one row per kind, period and scope key): a request
 * returns the stored report of a finished period, computes it the first time, and recomputes on `regenerate` or
 * while the period is still running. The scheduled generation (`generateDueReports`, called by the jobs) makes the
 * last finished day, week and month of every enterprise and every city, district and township with sensors.
 */
import { and, asc, desc, eq, like, or, sql, type SQL } from "drizzle-orm";
import { regionLevelOfCode, type Actor } from "@anguan/domain";
import type { Queryable } from "../../db/client";
import { enterprises, monitoringReports, sensors } from "../../db/schema";
import { fieldError, notFound } from "../../platform/errors";
import { regionByCode, regionsByCode } from "../../platform/regions";
import { enterpriseForRead, enterpriseScopeWhere, likeEscape } from "../../platform/scope";
import { shanghaiDate } from "../../platform/time";
import { computeReport } from "./compute";
import { loadReportInput, scopeKeyOf, type ReportTarget } from "./load";
import { lastCompletePeriod, periodOf, REPORT_FORMAT_VERSION, REPORT_KIND_CODES, reportThresholds, type Period, type ReportKind } from "./rules";
import type { ReportData } from "./types";

export interface StoredReport {
  id: string;
  kind: ReportKind;
  periodStart: string;
  periodEnd: string;
  scopeKey: string;
  generatedAt: string;
  data: ReportData;
}

type Row = typeof monitoringReports.$inferSelect;
const present = (r: Row): StoredReport => ({
  id: r.id,
  kind: r.kind as ReportKind,
  periodStart: r.periodStart,
  periodEnd: r.periodEnd,
  scopeKey: r.scopeKey,
  generatedAt: r.generatedAt.toISOString(),
  data: r.data as ReportData,
});

/** The report target a caller asks for: an enterprise it may read, a region inside its jurisdiction, or its own scope. */
export async function targetFor(db: Queryable, actor: Actor, q: { enterpriseId?: string; regionCode?: string }): Promise<ReportTarget> {
  if (q.enterpriseId && q.regionCode) throw fieldError("regionCode", "企业与区域只能选择其一");
  const s = actor.scope;
  if (q.enterpriseId) {
    const e = await enterpriseForRead(db, actor, q.enterpriseId);
    return { type: "enterprise", enterprise: { id: e.id, name: e.name, regionCode: e.regionCode, regionPath: e.regionPath } };
  }
  if (q.regionCode) {
    const r = await regionByCode(db, q.regionCode);
    if (!r) throw fieldError("regionCode", `未知的区域代码 ${q.regionCode}`, "UNKNOWN_REGION");
    if (s.kind === "all") return { type: "region", region: r, sectors: null };
    if (s.kind === "jurisdiction" && r.path.startsWith(s.regionPath)) return { type: "region", region: r, sectors: s.sectors ? [...s.sectors] : null };
    throw notFound("区域报告");
  }
  if (s.kind === "enterprise") return targetFor(db, actor, { enterpriseId: s.enterpriseId });
  if (s.kind === "jurisdiction") return targetFor(db, actor, { regionCode: s.regionCode });
  throw fieldError("enterpriseId", "请选择企业或区域");
}

export interface ReportOptions {
  kind: ReportKind;
  date: string;
  now: Date;
  escalationMinutes: readonly number[];
  regenerate?: boolean;
}

async function storeReport(db: Queryable, target: ReportTarget, period: Period, now: Date, escalationMinutes: readonly number[]): Promise<StoredReport> {
  const input = await loadReportInput(db, { target, period, now, thresholds: reportThresholds(escalationMinutes) });
  const data = computeReport(input);
  const [row] = await db
    .insert(monitoringReports)
    .values({ kind: period.kind, periodStart: period.start, periodEnd: period.end, scopeKey: scopeKeyOf(target), data, generatedAt: now })
    .onConflictDoUpdate({
      target: [monitoringReports.kind, monitoringReports.periodStart, monitoringReports.scopeKey],
      set: { data, generatedAt: now, periodEnd: period.end },
    })
    .returning();
  return present(row!);
}

const isFinal = (data: unknown) => {
  const d = data as Partial<ReportData> | null;
  return !!d && d.partial === false && d.version === REPORT_FORMAT_VERSION;
};

/** The report of the period containing `date` for the target: stored, or computed and stored now. */
export async function reportFor(db: Queryable, target: ReportTarget, o: ReportOptions): Promise<StoredReport> {
  const period = periodOf(o.kind, o.date);
  if (period.start > shanghaiDate(o.now)) throw fieldError("date", "报告期尚未开始");
  if (!o.regenerate) {
    const [row] = await db
      .select()
      .from(monitoringReports)
      .where(and(eq(monitoringReports.kind, o.kind), eq(monitoringReports.periodStart, period.start), eq(monitoringReports.scopeKey, scopeKeyOf(target))))
      .limit(1);
    if (row && isFinal(row.data)) return present(row);
  }
  return storeReport(db, target, period, o.now, o.escalationMinutes);
}

export interface ListQuery {
  kind?: ReportKind;
  enterpriseId?: string;
  regionCode?: string;
  page: number;
  pageSize: number;
}

/** Generated reports the caller may read: its region and the regions below it, and the enterprises in its scope. */
export async function listReports(db: Queryable, actor: Actor, q: ListQuery) {
  const s = actor.scope;
  const entKey = sql`'enterprise:' || ${enterprises.id}::text`;
  const isEnterpriseKey = like(monitoringReports.scopeKey, "enterprise:%");
  let regionKeys: SQL;
  if (s.kind === "all") regionKeys = sql`NOT (${isEnterpriseKey})`;
  else if (s.kind === "jurisdiction") {
    const inPath = like(monitoringReports.scopeKey, `${likeEscape(s.regionPath)}%`);
    regionKeys = s.sectors
      ? (and(inPath, like(monitoringReports.scopeKey, `%#${likeEscape([...s.sectors].sort().join(","))}`)) as SQL)
      : (and(inPath, sql`${monitoringReports.scopeKey} NOT LIKE '%#%'`) as SQL);
  } else regionKeys = sql`false`;
  const entScope = enterpriseScopeWhere(s);
  const enterpriseKeys = and(sql`${enterprises.id} IS NOT NULL`, entScope) as SQL;
  const conds: (SQL | undefined)[] = [or(enterpriseKeys, regionKeys)];
  if (q.kind) conds.push(eq(monitoringReports.kind, q.kind));
  if (q.enterpriseId) conds.push(eq(monitoringReports.scopeKey, `enterprise:${q.enterpriseId}`));
  if (q.regionCode) {
    const r = await regionByCode(db, q.regionCode);
    if (!r) throw fieldError("regionCode", `未知的区域代码 ${q.regionCode}`, "UNKNOWN_REGION");
    const p = `${likeEscape(r.path)}%`;
    conds.push(or(like(monitoringReports.scopeKey, p), like(enterprises.regionPath, p)));
  }
  const where = and(...conds);
  const from = () => db.select({ n: sql<number>`count(*)::int` }).from(monitoringReports).leftJoin(enterprises, sql`${monitoringReports.scopeKey} = ${entKey}`);
  const [total] = await from().where(where);
  const rows = await db
    .select({
      id: monitoringReports.id,
      kind: monitoringReports.kind,
      periodStart: monitoringReports.periodStart,
      periodEnd: monitoringReports.periodEnd,
      scopeKey: monitoringReports.scopeKey,
      generatedAt: monitoringReports.generatedAt,
      scope: sql<ReportData["scope"]>`${monitoringReports.data}->'scope'`,
      partial: sql<boolean>`coalesce((${monitoringReports.data}->>'partial')::boolean, false)`,
      alarms: sql<number | null>`(${monitoringReports.data}->'summary'->>'alarms')::int`,
      onlineRate: sql<number | null>`(${monitoringReports.data}->'summary'->>'onlineRate')::float8`,
    })
    .from(monitoringReports)
    .leftJoin(enterprises, sql`${monitoringReports.scopeKey} = ${entKey}`)
    .where(where)
    .orderBy(desc(monitoringReports.periodStart), asc(monitoringReports.kind), asc(monitoringReports.scopeKey))
    .limit(q.pageSize)
    .offset((q.page - 1) * q.pageSize);
  return {
    items: rows.map((r) => ({
      id: r.id,
      kind: r.kind,
      periodStart: r.periodStart,
      periodEnd: r.periodEnd,
      scopeKey: r.scopeKey,
      scopeType: r.scope?.type ?? (r.scopeKey.startsWith("enterprise:") ? "enterprise" : "region"),
      enterpriseId: r.scope?.enterpriseId ?? null,
      regionCode: r.scope?.regionCode ?? null,
      name: r.scope?.name ?? r.scopeKey,
      generatedAt: r.generatedAt.toISOString(),
      partial: r.partial,
      alarms: r.alarms,
      onlineRate: r.onlineRate,
    })),
    total: total?.n ?? 0,
    page: q.page,
    pageSize: q.pageSize,
  };
}

// ---------------------------------------------------------------------------------------------------------------
// Scheduled generation

/** Region levels that get scheduled reports, by the shape of the code (a development zone's code reads as a county's). */
const SCHEDULED_LEVELS = new Set(["city", "county", "township"]);
/** At most this many reports per run (the rest on the next runs), so a run stays short. */
export const REPORTS_PER_RUN = 30;

/**
 * Generates the reports due at `now` (the last finished day, week and month) that are not stored yet (or are stored
 * from before the period ended), for every enterprise with sensors and every city, district and township with
 * sensors. Idempotent: the unique (kind, period, scope key) index keeps one report per period. Costs two queries
 * when nothing is due. Returns how many reports were generated.
 */
export async function generateDueReports(db: Queryable, now: Date, escalationMinutes: readonly number[], limit = REPORTS_PER_RUN): Promise<number> {
  const today = shanghaiDate(now);
  const periods = REPORT_KIND_CODES.map((k) => lastCompletePeriod(k, today));
  const owners = await db
    .select({ enterpriseId: sensors.enterpriseId, regionPath: sensors.regionPath, firstAt: sql<Date>`min(${sensors.createdAt})`.mapWith(sensors.createdAt) })
    .from(sensors)
    .where(eq(sensors.enabled, true))
    .groupBy(sensors.enterpriseId, sensors.regionPath);
  if (owners.length === 0) return 0;
  const stored = await db
    .select({ kind: monitoringReports.kind, periodStart: monitoringReports.periodStart, scopeKey: monitoringReports.scopeKey, data: monitoringReports.data })
    .from(monitoringReports)
    .where(or(...periods.map((p) => and(eq(monitoringReports.kind, p.kind), eq(monitoringReports.periodStart, p.start)))));
  const done = new Set(stored.filter((r) => isFinal(r.data)).map((r) => `${r.kind}|${r.periodStart}|${r.scopeKey}`));
  const codes = [...new Set(owners.flatMap((o) => o.regionPath.split("/").filter(Boolean)))];
  const regionInfo = await regionsByCode(db, codes);
  let made = 0;
  for (const period of periods) {
    const present = owners.filter((o) => o.firstAt < period.endAt);
    const targets = new Map<string, () => Promise<ReportTarget | null>>();
    for (const o of present) {
      targets.set(`enterprise:${o.enterpriseId}`, async () => {
        const [e] = await db
          .select({ id: enterprises.id, name: enterprises.name, regionCode: enterprises.regionCode, regionPath: enterprises.regionPath })
          .from(enterprises)
          .where(eq(enterprises.id, o.enterpriseId));
        return e ? { type: "enterprise", enterprise: e } : null;
      });
      for (const code of o.regionPath.split("/").filter(Boolean)) {
        const r = regionInfo.get(code);
        if (!r || !SCHEDULED_LEVELS.has(regionLevelOfCode(code) ?? "")) continue;
        targets.set(r.path, async () => ({ type: "region", region: r, sectors: null }));
      }
    }
    for (const [key, target] of [...targets].sort(([a], [b]) => a.localeCompare(b))) {
      if (done.has(`${period.kind}|${period.start}|${key}`)) continue;
      if (made >= limit) return made;
      const t = await target();
      if (!t) continue;
      await storeReport(db, t, period, now, escalationMinutes);
      made++;
    }
  }
  return made;
}
