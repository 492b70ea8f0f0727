/**
 * Regions change only by migration or seed, and every request needs a few of them (a filter's path, a record's
 * name chain): they are cached per database, with a database read for any code not yet seen.
 */
import { inArray } from "drizzle-orm";
import type { Db, Queryable } from "../db/client";
import { regions } from "../db/schema";

export interface RegionInfo {
  code: string;
  name: string;
  path: string;
}

const caches = new WeakMap<object, Map<string, RegionInfo>>();

function cacheOf(db: Queryable): Map<string, RegionInfo> {
  // A database and its transactions share one dialect object: key on it, so both see one cache.
  const key = ((db as unknown as { dialect?: object }).dialect ?? db) as object;
  let c = caches.get(key);
  if (!c) {
    c = new Map();
    caches.set(key, c);
  }
  return c;
}

/** The regions with these codes (unknown codes are absent from the answer). */
export async function regionsByCode(db: Queryable, codes: readonly string[]): Promise<Map<string, RegionInfo>> {
  const cache = cacheOf(db);
  const missing = codes.filter((c) => !cache.has(c));
  if (missing.length) {
    const rows = await db.select({ code: regions.code, name: regions.name, path: regions.path }).from(regions).where(inArray(regions.code, missing));
    for (const r of rows) cache.set(r.code, r);
  }
  const out = new Map<string, RegionInfo>();
  for (const c of codes) {
    const r = cache.get(c);
    if (r) out.set(c, r);
  }
  return out;
}

export async function regionByCode(db: Queryable, code: string): Promise<RegionInfo | undefined> {
  return (await regionsByCode(db, [code])).get(code);
}

/** Names of a region and its ancestors, root first. */
export async function regionNames(db: Queryable, path: string): Promise<string[]> {
  const codes = path.split("/").filter(Boolean);
  const found = await regionsByCode(db, codes);
  return codes.map((c) => found.get(c)?.name ?? c);
}

export type { Db };
