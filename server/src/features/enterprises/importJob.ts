/**
 * Enterprise import (企业导入): validate every row first, report each bad row (row number, column, reason),
 * then on the user's choice import the good rows in ONE transaction, or nothing. A failure mid-commit rolls back whole.
 */
import { eq, inArray } from "drizzle-orm";
import {
  ENTERPRISE_IMPORT_COLUMNS,
  canCreateEnterprise,
  checkImportHeaders,
  isRegionCode,
  parseImportRow,
  type Actor,
  type EnterpriseInput,
  type RowProblem,
  type Sector,
} from "@anguan/domain";
import type { Db } from "../../db/client";
import { enterprises, importJobs, organizations, regions } from "../../db/schema";
import { appendAuditMany } from "../../platform/audit";
import { AppError } from "../../platform/errors";
import { auditView } from "./service";
import type { SheetRows } from "./excel";

export interface RowError extends RowProblem {
  row: number;
}

interface ValidRow {
  row: number;
  input: EnterpriseInput;
  regionPath: string;
}

const CHUNK = 250;
const REGION_HEADER = ENTERPRISE_IMPORT_COLUMNS.find((c) => c.key === "regionCode")!.header;

export function checkHeadersOrThrow(sheet: SheetRows): void {
  const { missing } = checkImportHeaders(sheet.headers);
  if (missing.length) {
    throw new AppError(
      400,
      "WRONG_HEADERS",
      `表头不正确，缺少列：${missing.join("、")}。请使用下载的导入模板`,
      missing.map((m) => ({ field: m, message: "缺少该列" })),
    );
  }
  if (sheet.rows.length === 0) throw new AppError(400, "EMPTY_FILE", "Excel 文件中没有数据行");
}

/** Validates all rows in chunks, recording progress on the job row so the UI can show it. */
export async function validateImport(db: Db, actor: Actor, jobId: string, sheet: SheetRows): Promise<void> {
  const regionRows = await db.select({ code: regions.code, path: regions.path }).from(regions);
  const pathOf = new Map(regionRows.map((r) => [r.code, r.path]));
  const errors: RowError[] = [];
  const valid: ValidRow[] = [];
  const seenCodes = new Map<string, number>();
  for (let i = 0; i < sheet.rows.length; i += CHUNK) {
    const chunk = sheet.rows.slice(i, i + CHUNK);
    const parsed: ValidRow[] = [];
    for (const { rowNumber, cells } of chunk) {
      const r = parseImportRow(cells);
      // Report every problem of the row at once: an unknown region alongside any other bad cell.
      const regionCell = (cells[REGION_HEADER] ?? "").trim();
      const unknownRegion = isRegionCode(regionCell) && !pathOf.has(regionCell);
      if (unknownRegion) errors.push({ row: rowNumber, column: REGION_HEADER, reason: `未知的区域代码 ${regionCell}` });
      if (!r.ok) {
        for (const p of r.problems) errors.push({ row: rowNumber, ...p });
        continue;
      }
      const path = pathOf.get(r.value.regionCode);
      if (!path) continue;
      if (!canCreateEnterprise(actor, { regionPath: path, sector: r.value.sector as Sector })) {
        errors.push({ row: rowNumber, column: REGION_HEADER, reason: "该企业不在本辖区或本部门监管的行业内" });
        continue;
      }
      const first = seenCodes.get(r.value.creditCode);
      if (first) {
        errors.push({ row: rowNumber, column: "统一社会信用代码", reason: `与第 ${first} 行重复` });
        continue;
      }
      seenCodes.set(r.value.creditCode, rowNumber);
      parsed.push({ row: rowNumber, input: r.value, regionPath: path });
    }
    if (parsed.length) {
      const existing = await db
        .select({ creditCode: enterprises.creditCode, name: enterprises.name })
        .from(enterprises)
        .where(
          inArray(
            enterprises.creditCode,
            parsed.map((p) => p.input.creditCode),
          ),
        );
      const taken = new Map(existing.map((e) => [e.creditCode, e.name]));
      for (const p of parsed) {
        const name = taken.get(p.input.creditCode);
        if (name) errors.push({ row: p.row, column: "统一社会信用代码", reason: `已登记为“${name}”` });
        else valid.push(p);
      }
    }
    await db
      .update(importJobs)
      .set({ processed: Math.min(i + CHUNK, sheet.rows.length), updatedAt: new Date() })
      .where(eq(importJobs.id, jobId));
  }
  errors.sort((a, b) => a.row - b.row);
  await db
    .update(importJobs)
    .set({ status: "validated", errors, rows: valid, validCount: valid.length, processed: sheet.rows.length, updatedAt: new Date() })
    .where(eq(importJobs.id, jobId));
}

/** Imports the validated good rows in one transaction; any conflict since validation rolls everything back. */
export async function commitImport(db: Db, actor: Actor, jobId: string, now: Date): Promise<number> {
  const [job] = await db.select().from(importJobs).where(eq(importJobs.id, jobId));
  if (!job) throw new AppError(404, "NOT_FOUND", "导入任务不存在");
  const rows = job.rows as ValidRow[];
  return db.transaction(async (tx) => {
    const inserted: (typeof enterprises.$inferSelect)[] = [];
    for (let i = 0; i < rows.length; i += 500) {
      const values = rows.slice(i, i + 500).map((r) => ({ ...r.input, regionPath: r.regionPath, createdAt: now, updatedAt: now }));
      const got = await tx.insert(enterprises).values(values).onConflictDoNothing({ target: enterprises.creditCode }).returning();
      if (got.length !== values.length) {
        throw new AppError(409, "DUPLICATE_CREDIT_CODE", "校验后有企业以相同的统一社会信用代码登记，本次导入已全部撤销，请重新上传");
      }
      inserted.push(...got);
      await tx.insert(organizations).values(got.map((e) => ({ kind: "enterprise", name: e.name, regionCode: e.regionCode, enterpriseId: e.id })));
    }
    await appendAuditMany(
      tx,
      actor,
      inserted.map((e) => ({ action: "enterprise.import", targetType: "enterprise", targetId: e.id, enterpriseId: e.id, before: null, after: auditView(e) })),
      now,
    );
    await tx.update(importJobs).set({ status: "done", imported: inserted.length, rows: [], updatedAt: now }).where(eq(importJobs.id, jobId));
    return inserted.length;
  });
}
