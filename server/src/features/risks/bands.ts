/**
 * Grade bands per jurisdiction (分级标准): a `jurisdiction_settings` row with key 'riskBands' on a region applies to
 * everything under it; the nearest region up the path wins, else the domain's defaults. The reported version is
 * `<regionCode>:<version>` for a jurisdiction's bands, `default@1` for the defaults, so a stored grade names its source.
 */
import { and, eq, inArray } from "drizzle-orm";
import { DEFAULT_RISK_BANDS, riskBandsSchema, type Actor, type RiskBands } from "@anguan/domain";
import type { Queryable } from "../../db/client";
import { enterprises, jurisdictionSettings } from "../../db/schema";

export const RISK_BANDS_KEY = "riskBands";

export interface EffectiveBands {
  bands: RiskBands;
  /** The region whose setting applies; null = the defaults. */
  sourceRegionCode: string | null;
}

const codesOf = (regionPath: string) => regionPath.split("/").filter(Boolean);

/** The stored bands of a region, qualified with its code. Rows are validated on write; a bad one falls back to defaults. */
export function qualify(regionCode: string, value: unknown): RiskBands | null {
  const r = riskBandsSchema.safeParse(value);
  return r.success ? { ...r.data, version: `${regionCode}:${r.data.version}` } : null;
}

/** Bands for something located at `regionPath` (an enterprise's or a regulator's); defaults without one. */
export async function bandsForPath(db: Queryable, regionPath: string | null | undefined): Promise<EffectiveBands> {
  if (!regionPath) return { bands: DEFAULT_RISK_BANDS, sourceRegionCode: null };
  const codes = codesOf(regionPath);
  const rows = await db
    .select({ regionCode: jurisdictionSettings.regionCode, value: jurisdictionSettings.value })
    .from(jurisdictionSettings)
    .where(and(eq(jurisdictionSettings.key, RISK_BANDS_KEY), inArray(jurisdictionSettings.regionCode, codes)));
  // Nearest first: the deepest code of the path.
  rows.sort((a, b) => codes.indexOf(b.regionCode) - codes.indexOf(a.regionCode));
  for (const row of rows) {
    const bands = qualify(row.regionCode, row.value);
    if (bands) return { bands, sourceRegionCode: row.regionCode };
  }
  return { bands: DEFAULT_RISK_BANDS, sourceRegionCode: null };
}

/** The caller's jurisdiction: an enterprise user's enterprise region, a regulator's region; others use the defaults. */
export async function actorRegionPath(db: Queryable, actor: Actor): Promise<string | null> {
  const s = actor.scope;
  if (s.kind === "jurisdiction") return s.regionPath;
  if (s.kind === "enterprise") {
    const [e] = await db.select({ regionPath: enterprises.regionPath }).from(enterprises).where(eq(enterprises.id, s.enterpriseId));
    return e?.regionPath ?? null;
  }
  return null;
}

export async function bandsForActor(db: Queryable, actor: Actor): Promise<EffectiveBands> {
  return bandsForPath(db, await actorRegionPath(db, actor));
}
