/**
 * Today's screens: the enterprise leader's live permits, and the regulator's "today's high-risk work" (今日高风险作业)
 * counted by category and child region. Both read `work_date = day` (permits_enterprise_idx / permits_day_region_idx)
 * plus the permits still live from earlier days (status approved / in progress / suspended, permits_status_idx), so a
 * year of history at 10,000 permits a day is never scanned.
 */
import { and, asc, eq, gt, inArray, isNull, like, lt, notInArray, or, type SQL, sql } from "drizzle-orm";
import {
  type Actor,
  beijingDate,
  HIGH_RISK_CATEGORIES,
  HIGH_RISK_CATEGORY_CODES,
  type HighRiskCategory,
  LIVE_PERMIT_STATUSES,
  PERMIT_STATUS_CODES,
  SPECIAL_WORK_TYPE_CODES,
} from "@anguan/domain";
import type { Queryable } from "../../db/client";
import { permitEvidence, permitMeasures, gasAnalyses, permits, regions } from "../../db/schema";
import { likeEscape, scopeWhereOn } from "../../platform/scope";
import { regionByCode, type RegionInfo } from "../../platform/regions";
import { regionForFilter } from "../hazardStats/filters";
import { blockersOf, gasOverdue, presentSummary, rowsById, selectSummaries } from "./present";
import { type CheckContext, lastGasAt, runningSince } from "./service";

const LIVE = [...LIVE_PERMIT_STATUSES] as string[];
const NOT_COUNTED = ["draft", "cancelled"];

/** Start of a Beijing calendar day as an instant. */
const dayStart = (day: string) => new Date(Date.parse(`${day}T00:00:00+08:00`));

/** The check context of many permits in three queries. */
async function checkContexts(db: Queryable, ids: readonly string[]): Promise<Map<string, CheckContext>> {
  const out = new Map<string, CheckContext>(ids.map((id) => [id, { analyses: [], measures: [], nodes: new Set<string>() }]));
  if (!ids.length) return out;
  const [analyses, measures, nodes] = await Promise.all([
    db
      .select()
      .from(gasAnalyses)
      .where(inArray(gasAnalyses.permitId, [...ids]))
      .orderBy(asc(gasAnalyses.sampledAt)),
    db
      .select()
      .from(permitMeasures)
      .where(inArray(permitMeasures.permitId, [...ids]))
      .orderBy(asc(permitMeasures.no)),
    db
      .selectDistinct({ permitId: permitEvidence.permitId, node: permitEvidence.node })
      .from(permitEvidence)
      .where(inArray(permitEvidence.permitId, [...ids])),
  ]);
  for (const a of analyses) out.get(a.permitId)?.analyses.push(a);
  for (const m of measures) out.get(m.permitId)?.measures.push(m);
  for (const n of nodes) out.get(n.permitId)?.nodes.add(n.node);
  return out;
}

/** The enterprise's permits live today: approved, in progress or suspended (any day), and those planned today (not drafts or cancelled). */
export async function todayScreen(db: Queryable, enterpriseId: string, now: Date) {
  const today = beijingDate(now);
  const where = and(
    eq(permits.enterpriseId, enterpriseId),
    or(inArray(permits.status, LIVE), and(eq(permits.workDate, today), notInArray(permits.status, NOT_COUNTED))),
  );
  const rows = await selectSummaries(db, where, { ascending: true });
  const ids = rows.map((r) => r.id);
  const [full, ctx, since, lastGas] = await Promise.all([rowsById(db, ids), checkContexts(db, ids), runningSince(db, ids), lastGasAt(db, ids)]);
  const items = rows.map((r) => {
    const p = full.get(r.id)!;
    const b = blockersOf(p, ctx.get(r.id)!, now);
    return {
      ...presentSummary(r),
      blockers: [...b.start, ...b.resume, ...b.complete],
      gasOverdueMin: gasOverdue(p, lastGas.get(r.id) ?? null, since.get(r.id) ?? null, now),
      lastGasAt: lastGas.get(r.id)?.toISOString() ?? null,
    };
  });
  const byStatus = Object.fromEntries(PERMIT_STATUS_CODES.map((s) => [s, 0])) as Record<string, number>;
  const byType = Object.fromEntries(SPECIAL_WORK_TYPE_CODES.map((t) => [t, 0])) as Record<string, number>;
  for (const it of items) {
    byStatus[it.status] = (byStatus[it.status] ?? 0) + 1;
    byType[it.type] = (byType[it.type] ?? 0) + 1;
  }
  return { day: today, items, counts: { byStatus, byType, total: items.length } };
}

type Counts = Record<HighRiskCategory | "total", number>;
const zero = (): Counts => ({ ...(Object.fromEntries(HIGH_RISK_CATEGORY_CODES.map((c) => [c, 0])) as Record<HighRiskCategory, number>), total: 0 });

/** Which permits count for a day: planned that day (submitted, not cancelled), and on today's screen those still live from earlier days. */
export function dayCondition(day: string, today: string): SQL {
  const planned = and(eq(permits.workDate, day), notInArray(permits.status, NOT_COUNTED))!;
  if (day !== today) return planned;
  return or(planned, and(inArray(permits.status, LIVE), lt(permits.workDate, day), gt(permits.plannedEnd, dayStart(day))))!;
}

const categorySql = sql<string>`CASE WHEN ${permits.type} = 'confined_space' THEN 'confined_space' ELSE ${permits.grade} END`;

export interface HighRiskQuery {
  regionCode?: string;
  day?: string;
  type?: string;
  grade?: string;
  category?: string;
}

/** The regulator's count of high-risk work for a day in its scope, by category and child region, with the first 200 permits. */
export async function highRiskScreen(db: Queryable, actor: Actor, q: HighRiskQuery, now: Date) {
  const today = beijingDate(now);
  const day = q.day ?? today;
  let parent: RegionInfo | null = null;
  if (q.regionCode) parent = await regionForFilter(db, actor, q.regionCode);
  else if (actor.scope.kind === "jurisdiction") parent = (await regionByCode(db, actor.scope.regionCode)) ?? null;
  const base = and(
    eq(permits.highRisk, true),
    dayCondition(day, today),
    scopeWhereOn(actor.scope, permits),
    parent ? like(permits.regionPath, `${likeEscape(parent.path)}%`) : undefined,
  );
  const prefixLen = parent?.path.length ?? 0;
  const childSql = sql<string>`split_part(substr(${permits.regionPath}, ${sql.raw(String(prefixLen + 1))}), '/', 1)`;
  const grouped = await db
    .select({ child: childSql, category: categorySql, n: sql<number>`count(*)::int`.mapWith(Number) })
    .from(permits)
    .where(base)
    .groupBy(sql`1`, sql`2`);
  const counts = zero();
  const byChild = new Map<string, Counts>();
  for (const g of grouped) {
    const cat = g.category as HighRiskCategory;
    if (!(cat in HIGH_RISK_CATEGORIES)) continue;
    counts[cat] += g.n;
    counts.total += g.n;
    const c = byChild.get(g.child) ?? zero();
    c[cat] += g.n;
    c.total += g.n;
    byChild.set(g.child, c);
  }
  const children = await db
    .select({ code: regions.code, name: regions.name })
    .from(regions)
    .where(parent ? eq(regions.parentCode, parent.code) : isNull(regions.parentCode))
    .orderBy(asc(regions.code));
  const regionRows = children.map((c) => ({ code: c.code, name: c.name, counts: byChild.get(c.code) ?? zero() }));
  const own = byChild.get("");
  if (own && parent) regionRows.push({ code: parent.code, name: `${parent.name}（本级）`, counts: own });
  // Drill-down: by type / grade / category and the region (a child region code narrows the list only).
  const drill: (SQL | undefined)[] = [base];
  if (q.type) drill.push(eq(permits.type, q.type));
  if (q.grade) drill.push(eq(permits.grade, q.grade));
  if (q.category)
    drill.push(
      q.category === "confined_space" ? eq(permits.type, "confined_space") : and(eq(permits.grade, q.category), sql`${permits.type} <> 'confined_space'`),
    );
  const items = await selectSummaries(db, and(...drill), { ascending: true, limit: 200 });
  return {
    day,
    regionCode: parent?.code ?? null,
    regionName: parent?.name ?? null,
    categories: HIGH_RISK_CATEGORY_CODES.map((c) => ({ code: c, name: HIGH_RISK_CATEGORIES[c].zh })),
    counts,
    regions: regionRows,
    items: items.map(presentSummary),
  };
}
