/** Reads of the enterprise registry, always through the caller's scope. */
import { and, asc, eq, ilike, like, or, sql, type SQL } from "drizzle-orm";
import type { Actor, Sector } from "@anguan/domain";
import { z } from "zod";
import type { Queryable } from "../../db/client";
import { enterprises, licences, regions } from "../../db/schema";
import { fieldError } from "../../platform/errors";
import { regionByCode } from "../../platform/regions";
import { enterpriseScopeWhere, likeEscape } from "../../platform/scope";
import { SECTOR_CODES, OPERATING_STATUSES } from "@anguan/domain";

export const listQuery = z.object({
  q: z.string().trim().max(100, { error: "搜索词过长" }).optional(),
  regionCode: z
    .string()
    .regex(/^(\d{6}|\d{9}|\d{12})$/, { error: "区域代码应为 6、9 或 12 位数字" })
    .optional(),
  sector: z.enum(SECTOR_CODES as [Sector, ...Sector[]], { error: "监管行业无效" }).optional(),
  operatingStatus: z.enum(Object.keys(OPERATING_STATUSES) as [string, ...string[]], { error: "经营状态无效" }).optional(),
  hasMajorHazard: z.enum(["true", "false"], { error: "应为 true 或 false" }).optional(),
  page: z.coerce.number({ error: "页码应为数字" }).int().min(1, { error: "页码从 1 开始" }).max(100_000).default(1),
  pageSize: z.coerce.number({ error: "每页条数应为数字" }).int().min(1).max(200, { error: "每页最多 200 条" }).default(20),
});
export type ListQuery = z.output<typeof listQuery>;

export async function listWhere(db: Queryable, actor: Actor, q: ListQuery): Promise<SQL | undefined> {
  const conds: (SQL | undefined)[] = [enterpriseScopeWhere(actor.scope)];
  if (q.regionCode) {
    const r = await regionByCode(db, q.regionCode);
    if (!r) throw fieldError("regionCode", `未知的区域代码 ${q.regionCode}`, "UNKNOWN_REGION");
    conds.push(like(enterprises.regionPath, `${likeEscape(r.path)}%`));
  }
  if (q.sector) conds.push(eq(enterprises.sector, q.sector));
  if (q.operatingStatus) conds.push(eq(enterprises.operatingStatus, q.operatingStatus));
  if (q.hasMajorHazard) conds.push(eq(enterprises.hasMajorHazard, q.hasMajorHazard === "true"));
  if (q.q) {
    const t = `%${likeEscape(q.q)}%`;
    // Case-insensitive matching only where case exists: LIKE is a third cheaper for Chinese and digits.
    const match = /[a-z]/i.test(q.q) ? ilike : like;
    let text = or(match(enterprises.name, t), match(enterprises.address, t));
    // Without a region or sector filter the candidates are the whole jurisdiction: let the 2-character index
    // (migration 0004) find them. With those filters the covering scope indexes are faster, so it is not used.
    if (!q.regionCode && !q.sector && [...q.q].length >= 2) {
      text = and(sql`"enterprises"."search_bigrams" @> anguan_bigrams(lower(${q.q}))`, text);
    }
    conds.push(or(text, like(enterprises.creditCode, `${likeEscape(q.q.toUpperCase())}%`)));
  }

  return and(...conds);
}

/** The earliest expiry among each licence type's newest licence (a renewed licence no longer alerts). */
const earliestExpiry = sql<
  string | null
>`(SELECT min(t.latest)::text FROM (SELECT max(l.valid_until) AS latest FROM ${licences} l WHERE l.enterprise_id = ${enterprises.id} GROUP BY l.type) t)`;

export const summaryColumns = {
  id: enterprises.id,
  name: enterprises.name,
  creditCode: enterprises.creditCode,
  regionCode: enterprises.regionCode,
  regionName: regions.name,
  sector: enterprises.sector,
  operatingStatus: enterprises.operatingStatus,
  hasMajorHazard: enterprises.hasMajorHazard,
  mainLeader: enterprises.mainLeader,
  mainLeaderPhone: enterprises.mainLeaderPhone,
  employeeCount: enterprises.employeeCount,
  earliestExpiry,
};

export async function listEnterprises(db: Queryable, actor: Actor, q: ListQuery, today: string) {
  const where = await listWhere(db, actor, q);
  // Step 1: the page's ids and the total, from the covering scope indexes alone (index-only scan).
  const page = db
    .select({ id: enterprises.id, name: sql<string>`${enterprises.name}`.as("page_name"), total: sql<number>`count(*) over()`.as("total") })
    .from(enterprises)
    .where(where)
    .orderBy(asc(enterprises.name), asc(enterprises.id))
    .limit(q.pageSize)
    .offset((q.page - 1) * q.pageSize)
    .as("page");
  // Step 2: the full rows of just that page.
  const rows = await db
    .select({ ...summaryColumns, total: sql<number>`${page.total}`.mapWith(Number) })
    .from(page)
    .innerJoin(enterprises, eq(enterprises.id, page.id))
    .innerJoin(regions, eq(regions.code, enterprises.regionCode))
    .orderBy(asc(page.name), asc(page.id));
  let total = rows[0]?.total ?? 0;
  if (rows.length === 0 && q.page > 1) {
    const [c] = await db
      .select({ n: sql<number>`count(*)`.mapWith(Number) })
      .from(enterprises)
      .where(where);
    total = c?.n ?? 0;
  }
  return { items: rows.map(({ total: _t, ...r }) => presentSummary(r, today)), total };
}

type SummaryRow = { [K in keyof typeof summaryColumns]: unknown } & { earliestExpiry: string | null };

export function presentSummary<T extends SummaryRow>(r: T, today: string) {
  const { earliestExpiry: exp, ...rest } = r;
  const soon = new Date(`${today}T00:00:00Z`);
  soon.setUTCDate(soon.getUTCDate() + 30);
  const licenceAlert = !exp ? null : exp < today ? "expired" : exp <= soon.toISOString().slice(0, 10) ? "expiring" : null;
  return { ...rest, licenceAlert };
}

export { regionNames } from "../../platform/regions";
