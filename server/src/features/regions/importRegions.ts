/**
 * Loading the administrative-division tree (行政区划) for a deployment: rows of code, name, level, parent code.
 * All rows are checked first (each bad row reported with its line); nothing is written unless all are good.
 * Existing regions are updated in place (name, level, coordinates); paths are recomputed from the parents.
 * Running servers cache regions: restart them after an import that renames or moves regions.
 */
import { REGION_LEVELS, isRegionCode, regionPath, type RegionLevel } from "@anguan/domain";
import { sql } from "drizzle-orm";
import type { Db } from "../../db/client";
import { regions } from "../../db/schema";

export interface RegionRow {
  line: number;
  code: string;
  name: string;
  level: string;
  parentCode: string;
  lat?: string;
  lng?: string;
}

export interface RegionRowError {
  line: number;
  field: string;
  reason: string;
}

/** Parses CSV text with a header `code,name,level,parent_code[,lat,lng]` (UTF-8, comma-separated, no quoting needed). */
export function parseRegionCsv(text: string): RegionRow[] {
  const lines = text.replace(/^\uFEFF/, "").split(/\r?\n/);
  const header = (lines[0] ?? "").split(",").map((h) => h.trim());
  const at = (cells: string[], name: string) => cells[header.indexOf(name)]?.trim() ?? "";
  return lines.slice(1).flatMap((l, i) => {
    if (!l.trim()) return [];
    const c = l.split(",");
    return [
      { line: i + 2, code: at(c, "code"), name: at(c, "name"), level: at(c, "level"), parentCode: at(c, "parent_code"), lat: at(c, "lat"), lng: at(c, "lng") },
    ];
  });
}

export async function importRegions(db: Db, rows: readonly RegionRow[]): Promise<{ imported: number; errors: RegionRowError[] }> {
  const existing = await db.select({ code: regions.code, parentCode: regions.parentCode }).from(regions);
  const parentOf = new Map<string, string | null>(existing.map((r) => [r.code, r.parentCode]));
  const errors: RegionRowError[] = [];
  const seen = new Set<string>();
  for (const r of rows) {
    if (!isRegionCode(r.code)) errors.push({ line: r.line, field: "code", reason: "区域代码应为 6、9 或 12 位数字" });
    else if (seen.has(r.code)) errors.push({ line: r.line, field: "code", reason: `区域代码 ${r.code} 重复` });
    if (!r.name) errors.push({ line: r.line, field: "name", reason: "名称不能为空" });
    if (!(r.level in REGION_LEVELS)) errors.push({ line: r.line, field: "level", reason: `级别应为 ${Object.keys(REGION_LEVELS).join("/")}` });
    for (const k of ["lat", "lng"] as const) if (r[k] && Number.isNaN(Number(r[k]))) errors.push({ line: r.line, field: k, reason: "应为数字" });
    seen.add(r.code);
    parentOf.set(r.code, r.parentCode || null);
  }
  for (const r of rows) {
    if (r.parentCode && !parentOf.has(r.parentCode)) errors.push({ line: r.line, field: "parent_code", reason: `上级区域 ${r.parentCode} 不存在` });
  }
  // Every chain must reach a root without a cycle.
  const chain = (code: string): string[] | null => {
    const out: string[] = [];
    let c: string | null | undefined = code;
    while (c) {
      if (out.includes(c) || out.length > 10) return null;
      out.unshift(c);
      c = parentOf.get(c);
    }
    return out;
  };
  for (const r of rows) if (!chain(r.code)) errors.push({ line: r.line, field: "parent_code", reason: "上级关系成环" });
  if (errors.length) return { imported: 0, errors };
  await db.transaction(async (tx) => {
    for (const r of rows) {
      const values = {
        code: r.code,
        name: r.name,
        level: r.level as RegionLevel,
        parentCode: r.parentCode || null,
        path: regionPath(chain(r.code)!),
        lat: r.lat ? Number(r.lat) : null,
        lng: r.lng ? Number(r.lng) : null,
      };
      await tx
        .insert(regions)
        .values(values)
        .onConflictDoUpdate({
          target: regions.code,
          set: { name: values.name, level: values.level, parentCode: values.parentCode, path: values.path, lat: values.lat, lng: values.lng },
        });
    }
    // A moved region moves its whole subtree, and the enterprises' copied paths with it.
    await tx.execute(sql`
      WITH RECURSIVE t AS (
        SELECT code, code || '/' AS path FROM regions WHERE parent_code IS NULL
        UNION ALL
        SELECT r.code, t.path || r.code || '/' FROM regions r JOIN t ON r.parent_code = t.code
      )
      UPDATE regions SET path = t.path FROM t WHERE regions.code = t.code AND regions.path <> t.path`);
    await tx.execute(sql`UPDATE enterprises e SET region_path = r.path FROM regions r WHERE r.code = e.region_code AND e.region_path <> r.path`);
  });
  return { imported: rows.length, errors: [] };
}
