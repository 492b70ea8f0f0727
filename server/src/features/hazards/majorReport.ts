/**
 * 重大隐患报告: a hazard that becomes major (registered as major, or confirmed as major) is reported automatically
 * to the township and district (county-level) emergency-management bodies of its enterprise's region.
 */
import { and, eq, inArray } from "drizzle-orm";
import type { Actor } from "@anguan/domain";
import type { Queryable } from "../../db/client";
import { enterprises, hazardEvents, hazards, organizations, regions } from "../../db/schema";
import { insertNotifications } from "../todos/notifications";

export interface RegulatorBody {
  id: string;
  name: string;
  regionCode: string;
  /** 'township' for the 乡镇街道 body; 'county' / 'zone' for the district-level one. */
  level: string;
}

/** The emergency-management bodies of the region path's township and of its county-level ancestor (区县 or 开发区/园区). */
export async function localRegulatorBodies(db: Queryable, regionPath: string): Promise<RegulatorBody[]> {
  const codes = regionPath.split("/").filter(Boolean);
  if (codes.length === 0) return [];
  const rows = await db
    .select({ id: organizations.id, name: organizations.name, regionCode: regions.code, level: regions.level })
    .from(organizations)
    .innerJoin(regions, eq(regions.code, organizations.regionCode))
    .where(
      and(
        eq(organizations.kind, "gov"),
        eq(organizations.department, "emergency"),
        inArray(regions.code, codes),
        inArray(regions.level, ["township", "county", "zone"]),
      ),
    );
  // Township first, then the district; stable by name.
  return rows.sort((a, b) => (a.level === "township" ? 0 : 1) - (b.level === "township" ? 0 : 1) || a.name.localeCompare(b.name));
}

/** The township body alone (escalation level 3), falling back to the district body where the township has none. */
export async function townshipBody(db: Queryable, regionPath: string): Promise<RegulatorBody | undefined> {
  const bodies = await localRegulatorBodies(db, regionPath);
  return bodies.find((b) => b.level === "township") ?? bodies[0];
}

/**
 * Reports a major hazard: a notice to each body, `reportedToRegulatorsAt`, and a `report_major` history row.
 * Call inside the transaction that made it major. Returns the bodies told (none when the region has none).
 */
export async function reportMajorHazard(
  tx: Queryable,
  actor: Pick<Actor, "userId" | "displayName"> | null,
  h: { id: string; enterpriseId: string; regionPath: string; title: string; status: string },
  now: Date,
): Promise<RegulatorBody[]> {
  const bodies = await localRegulatorBodies(tx, h.regionPath);
  const [ent] = await tx.select({ name: enterprises.name }).from(enterprises).where(eq(enterprises.id, h.enterpriseId));
  await insertNotifications(
    tx,
    { orgIds: bodies.map((b) => b.id) },
    { kind: "major_hazard", title: `重大事故隐患报告：${ent?.name ?? ""}「${h.title}」`, targetType: "hazard", targetId: h.id, enterpriseId: h.enterpriseId },
    now,
  );
  if (bodies.length) await tx.update(hazards).set({ reportedToRegulatorsAt: now }).where(eq(hazards.id, h.id));
  await tx.insert(hazardEvents).values({
    hazardId: h.id,
    enterpriseId: h.enterpriseId,
    at: now,
    actorId: actor?.userId ?? null,
    actorName: actor?.displayName ?? "系统",
    action: "report_major",
    fromStatus: h.status,
    toStatus: h.status,
    comment: bodies.length ? `重大隐患已自动报告：${bodies.map((b) => b.name).join("、")}` : "未找到属地监管部门，重大隐患未能自动报告",
    data: { orgIds: bodies.map((b) => b.id) },
  });
  return bodies;
}
