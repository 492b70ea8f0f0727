/**
 * 隐患台账: the hazard list with the list's filters, as an Excel workbook. A title row states the filters and the
 * export time; at most LEDGER_MAX_ROWS rows (newest first) with a note when there are more. Rows are read in
 * keyset-paged batches and written by exceljs' streaming writer, so a large ledger does not sit in memory as cells.
 */
import { PassThrough } from "node:stream";
import ExcelJS from "exceljs";
import { and, desc, eq, sql, type SQL } from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";
import { HAZARD_LEVELS, HAZARD_SOURCES, HAZARD_STATUSES, HAZARD_TYPES, MANAGE_TYPES, SECTORS, type Actor, type Sector } from "@anguan/domain";
import type { Queryable } from "../../db/client";
import { enterprises, hazards, organizations, users } from "../../db/schema";
import { regionByCode, regionsByCode } from "../../platform/regions";
import { hazardWhere, type HazardFilter } from "./filters";

export const LEDGER_MAX_ROWS = 100_000;
const BATCH = 5_000;

export const LEDGER_HEADERS = [
  "隐患编号",
  "企业名称",
  "所属区域",
  "行业",
  "隐患名称",
  "隐患等级",
  "隐患类型",
  "隐患来源",
  "治理类型",
  "发现时间",
  "整改期限",
  "整改责任人",
  "整改资金",
  "状态",
  "是否超期",
  "验收人",
  "验收时间",
  "挂牌督办",
] as const;
const WIDTHS = [24, 30, 14, 16, 30, 10, 8, 14, 10, 17, 17, 12, 10, 10, 8, 12, 17, 24];

/** 'yyyy-MM-dd HH:mm' in Asia/Shanghai. */
export const shanghaiMinute = (d: Date | null) => (d ? new Date(d.getTime() + 8 * 3600_000).toISOString().slice(0, 16).replace("T", " ") : "");

const STATUS_OF = (s: string) => HAZARD_STATUSES[s as keyof typeof HAZARD_STATUSES]?.zh ?? s;

/** The filters in words, for the title row. */
export async function describeFilters(db: Queryable, q: HazardFilter): Promise<string> {
  const parts: string[] = [];
  if (q.regionCode) parts.push(`区域：${(await regionByCode(db, q.regionCode))?.name ?? q.regionCode}`);
  if (q.enterpriseId) {
    const [e] = await db.select({ name: enterprises.name }).from(enterprises).where(eq(enterprises.id, q.enterpriseId));
    parts.push(`企业：${e?.name ?? q.enterpriseId}`);
  }
  if (q.sector) parts.push(`行业：${SECTORS[q.sector].zh}`);
  if (q.status) parts.push(`状态：${q.status === "open" ? "未销号" : STATUS_OF(q.status)}`);
  if (q.level) parts.push(`等级：${HAZARD_LEVELS[q.level].zh}`);
  if (q.dangerType) parts.push(`类型：${HAZARD_TYPES[q.dangerType as keyof typeof HAZARD_TYPES].zh}`);
  if (q.source) parts.push(`来源：${HAZARD_SOURCES[q.source].zh}`);
  if (q.overdue !== undefined) parts.push(q.overdue ? "仅超期" : "未超期");
  if (q.supervised !== undefined) parts.push(q.supervised ? "仅挂牌督办" : "未挂牌督办");
  if (q.from || q.to) parts.push(`发现日期：${q.from ?? "…"} 至 ${q.to ?? "…"}`);
  if (q.q) parts.push(`关键词：${q.q}`);
  return parts.length ? parts.join("；") : "全部（本人可见范围）";
}

const acceptor = alias(users, "acceptor");

function ledgerPage(db: Queryable, where: SQL | undefined, limit: number) {
  return db
    .select({
      id: hazards.id,
      cursor: sql<string>`${hazards.reportedAt}::text`,
      code: hazards.code,
      enterpriseName: enterprises.name,
      regionPath: hazards.regionPath,
      sector: hazards.sector,
      title: hazards.title,
      level: hazards.level,
      dangerType: hazards.dangerType,
      source: hazards.source,
      manageType: hazards.manageType,
      reportedAt: hazards.reportedAt,
      deadline: hazards.deadline,
      rectification: hazards.rectification,
      status: hazards.status,
      acceptedByName: acceptor.displayName,
      acceptedAt: hazards.acceptedAt,
      supervisedBy: organizations.name,
      supervisedById: hazards.supervisedByOrgId,
    })
    .from(hazards)
    .innerJoin(enterprises, eq(enterprises.id, hazards.enterpriseId))
    .leftJoin(acceptor, eq(acceptor.id, hazards.acceptedBy))
    .leftJoin(organizations, eq(organizations.id, hazards.supervisedByOrgId))
    .where(where)
    .orderBy(desc(hazards.reportedAt), desc(hazards.id))
    .limit(limit);
}

/** Builds the ledger workbook for the caller's scope and the filters; returns the file and how many rows it holds. */
export async function exportLedger(db: Queryable, actor: Actor, q: HazardFilter, now: Date): Promise<{ buffer: Buffer; rows: number; total: number }> {
  const where = await hazardWhere(db, actor, q, now);
  const [{ n: total } = { n: 0 }] = await db
    .select({ n: sql<number>`count(*)::int`.mapWith(Number) })
    .from(hazards)
    .where(where);
  const pass = new PassThrough();
  const chunks: Buffer[] = [];
  pass.on("data", (c: Buffer) => chunks.push(c));
  const done = new Promise<void>((resolve, reject) => {
    pass.on("end", resolve);
    pass.on("error", reject);
  });
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: pass, useStyles: true, useSharedStrings: false });
  wb.creator = "安管 Anguan";
  const ws = wb.addWorksheet("隐患台账", { views: [{ state: "frozen", ySplit: 2 }] });
  ws.columns = WIDTHS.map((width) => ({ width }));
  const capped = total > LEDGER_MAX_ROWS;
  const title = ws.addRow([
    `隐患台账　导出时间：${shanghaiMinute(now)}　导出人：${actor.displayName}　筛选条件：${await describeFilters(db, q)}　共 ${total} 条` +
      (capped ? `（超过 ${LEDGER_MAX_ROWS.toLocaleString("en")} 条，仅导出最新的 ${LEDGER_MAX_ROWS.toLocaleString("en")} 条，请缩小筛选范围后分批导出）` : ""),
  ]);
  title.font = { bold: true };
  ws.mergeCells(1, 1, 1, LEDGER_HEADERS.length);
  title.commit();
  const head = ws.addRow([...LEDGER_HEADERS]);
  head.font = { bold: true };
  head.commit();

  const regionNameCache = new Map<string, string>();
  let written = 0;
  // The cursor keeps reported_at as PostgreSQL prints it: microseconds survive (a JS Date would cut them).
  let after: { at: string; id: string } | null = null;
  while (written < LEDGER_MAX_ROWS) {
    const page: SQL | undefined = after ? sql`(${hazards.reportedAt}, ${hazards.id}) < (${after.at}::timestamptz, ${after.id}::uuid)` : undefined;
    const rows = await ledgerPage(db, and(where, page), Math.min(BATCH, LEDGER_MAX_ROWS - written));
    if (rows.length === 0) break;
    const codes = [...new Set(rows.map((r) => r.regionPath.split("/").filter(Boolean).at(-1) ?? ""))].filter((c) => !regionNameCache.has(c));
    for (const [c, r] of await regionsByCode(db, codes)) regionNameCache.set(c, r.name);
    for (const r of rows) {
      const rect = (r.rectification ?? {}) as { liablePerson?: string; funds?: number | string };
      const overdue = r.status === "rectifying" && !!r.deadline && r.deadline.getTime() < now.getTime();
      const funds = rect.funds === undefined || rect.funds === null || rect.funds === "" ? "" : Number(rect.funds);
      ws.addRow([
        r.code,
        r.enterpriseName,
        regionNameCache.get(r.regionPath.split("/").filter(Boolean).at(-1) ?? "") ?? "",
        SECTORS[r.sector as Sector]?.zh ?? r.sector,
        r.title,
        HAZARD_LEVELS[r.level as keyof typeof HAZARD_LEVELS]?.zh ?? r.level,
        r.dangerType ? (HAZARD_TYPES[r.dangerType as keyof typeof HAZARD_TYPES]?.zh ?? String(r.dangerType)) : "",
        HAZARD_SOURCES[r.source as keyof typeof HAZARD_SOURCES]?.zh ?? r.source,
        r.manageType ? (MANAGE_TYPES[r.manageType as keyof typeof MANAGE_TYPES]?.zh ?? r.manageType) : "",
        shanghaiMinute(r.reportedAt),
        shanghaiMinute(r.deadline),
        rect.liablePerson ?? "",
        Number.isNaN(funds) ? String(rect.funds) : funds,
        STATUS_OF(r.status),
        overdue ? "是" : "否",
        r.acceptedByName ?? "",
        shanghaiMinute(r.acceptedAt),
        r.supervisedById ? (r.supervisedBy ?? "是") : "否",
      ]).commit();
    }
    written += rows.length;
    const last = rows[rows.length - 1]!;
    after = { at: last.cursor, id: last.id };
    if (rows.length < BATCH) break;
  }
  ws.commit();
  await wb.commit();
  await done;
  return { buffer: Buffer.concat(chunks), rows: written, total };
}
