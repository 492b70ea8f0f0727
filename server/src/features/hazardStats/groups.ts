/** Names of the statistics groups, and for regions every direct child (also those with nothing to count). */
import { asc, eq, inArray, isNull } from "drizzle-orm";
import { HAZARD_LEVELS, HAZARD_SOURCES, HAZARD_TYPES, SECTOR_CODES, SECTORS, type Sector } from "@anguan/domain";
import type { Queryable } from "../../db/client";
import { enterprises, regions } from "../../db/schema";
import type { RegionInfo } from "../../platform/regions";
import { type Raw, ZERO } from "./counting";

export const GROUP_BYS = ["region", "sector", "enterprise", "level", "type", "source", "period"] as const;
export type GroupBy = (typeof GROUP_BYS)[number];
/** Most groups returned for groupBy=enterprise (the busiest first). */
export const MAX_ENTERPRISE_GROUPS = 500;

export interface Counts {
  found: number;
  rectified: number;
  open: number;
  overdue: number;
  openMajor: number;
  supervised: number;
  /** Of the hazards found in the period, the share closed (0–1); null when none were found. */
  rectificationRate: number | null;
}

export interface StatsGroup extends Counts {
  key: string;
  name: string;
  /** groupBy=region: the child region's code, whether it has children of its own (drill into regions, else enterprises). */
  regionCode?: string;
  hasChildren?: boolean;
}

export const rate = (r: Raw): number | null => (r.found === 0 ? null : Math.round((r.foundClosed / r.found) * 10_000) / 10_000);
export const present = (r: Raw): Counts => ({
  found: r.found,
  rectified: r.rectified,
  open: r.open,
  overdue: r.overdue,
  openMajor: r.openMajor,
  supervised: r.supervised,
  rectificationRate: rate(r),
});

export async function nameGroups(db: Queryable, groupBy: GroupBy, parent: RegionInfo | null, byGroup: Map<string, Raw>): Promise<StatsGroup[]> {
  const entries = [...byGroup];
  switch (groupBy) {
    case "region": {
      // Every direct child region (also those with nothing to count), then hazards registered at the region itself.
      const children = await db
        .select({ code: regions.code, name: regions.name, path: regions.path })
        .from(regions)
        .where(parent ? eq(regions.parentCode, parent.code) : isNull(regions.parentCode))
        .orderBy(asc(regions.code));
      const withKids = new Set(
        children.length
          ? (
              await db
                .selectDistinct({ p: regions.parentCode })
                .from(regions)
                .where(
                  inArray(
                    regions.parentCode,
                    children.map((c) => c.code),
                  ),
                )
            ).map((r) => r.p)
          : [],
      );
      const out: StatsGroup[] = children.map((c) => ({
        key: c.code,
        name: c.name,
        regionCode: c.code,
        hasChildren: withKids.has(c.code),
        ...present(byGroup.get(c.code) ?? ZERO),
      }));
      const own = byGroup.get("");
      if (own && parent) out.push({ key: parent.code, name: `${parent.name}（本级）`, regionCode: parent.code, hasChildren: false, ...present(own) });
      return out;
    }
    case "enterprise": {
      const top = entries.sort((a, b) => b[1].found - a[1].found || b[1].open - a[1].open || a[0].localeCompare(b[0])).slice(0, MAX_ENTERPRISE_GROUPS);
      const names = top.length
        ? await db
            .select({ id: enterprises.id, name: enterprises.name, regionCode: enterprises.regionCode })
            .from(enterprises)
            .where(
              inArray(
                enterprises.id,
                top.map(([k]) => k),
              ),
            )
        : [];
      const byId = new Map(names.map((n) => [n.id, n]));
      return top.map(([k, r]) => ({ key: k, name: byId.get(k)?.name ?? k, regionCode: byId.get(k)?.regionCode, ...present(r) }));
    }
    case "sector":
      return entries
        .map(([k, r]) => ({ key: k, name: SECTORS[k as Sector]?.zh ?? k, ...present(r) }))
        .sort((a, b) => SECTOR_CODES.indexOf(a.key as Sector) - SECTOR_CODES.indexOf(b.key as Sector));
    case "level":
      return entries
        .map(([k, r]) => ({ key: k, name: HAZARD_LEVELS[k as keyof typeof HAZARD_LEVELS]?.zh ?? k, ...present(r) }))
        .sort((a, b) => a.key.localeCompare(b.key));
    case "type":
      return entries
        .map(([k, r]) => ({ key: k, name: k === "" ? "未分类" : (HAZARD_TYPES[Number(k) as keyof typeof HAZARD_TYPES]?.zh ?? k), ...present(r) }))
        .sort((a, b) => Number(a.key || 99) - Number(b.key || 99));
    case "source": {
      const order = Object.keys(HAZARD_SOURCES);
      return entries
        .map(([k, r]) => ({ key: k, name: HAZARD_SOURCES[k as keyof typeof HAZARD_SOURCES]?.zh ?? k, ...present(r) }))
        .sort((a, b) => order.indexOf(a.key) - order.indexOf(b.key));
    }
    case "period":
      return [];
  }
}
