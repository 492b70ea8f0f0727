/**
 * Working-day calendars (法定工作日与调休): the shipped default (domain DEFAULT_WORK_CALENDAR), overridden for a
 * jurisdiction and everything under it by the setting `work-calendar` in jurisdiction_settings (nearest region up the
 * path wins), edited by `PUT /api/settings/work-calendar`.
 */
import { eq } from "drizzle-orm";
import { z } from "zod";
import { DEFAULT_WORK_CALENDAR, workCalendarSchema, type WorkCalendar } from "@anguan/domain";
import { actorOf, type App } from "../../app";
import type { Queryable } from "../../db/client";
import { enterprises, jurisdictionSettings, regions } from "../../db/schema";
import { appendAudit } from "../../platform/audit";
import { fieldError, forbidden, notFound } from "../../platform/errors";

export const WORK_CALENDAR_KEY = "work-calendar";

export interface ScopedCalendar {
  /** Region path prefix the calendar applies to ("" = everywhere). */
  prefix: string;
  regionCode: string | null;
  calendar: WorkCalendar;
}

/** Every calendar in force, the default first. */
export async function loadWorkCalendars(db: Queryable): Promise<ScopedCalendar[]> {
  const rows = await db
    .select({ code: jurisdictionSettings.regionCode, path: regions.path, value: jurisdictionSettings.value })
    .from(jurisdictionSettings)
    .innerJoin(regions, eq(regions.code, jurisdictionSettings.regionCode))
    .where(eq(jurisdictionSettings.key, WORK_CALENDAR_KEY));
  const out: ScopedCalendar[] = [{ prefix: "", regionCode: null, calendar: DEFAULT_WORK_CALENDAR }];
  for (const r of rows) {
    const parsed = workCalendarSchema.safeParse(r.value);
    if (parsed.success) out.push({ prefix: r.path, regionCode: r.code, calendar: parsed.data });
  }
  return out;
}

/** The calendar for a region path: the longest matching prefix. */
export function calendarFor(list: readonly ScopedCalendar[], regionPath: string): ScopedCalendar {
  let best = list[0]!;
  for (const c of list) if (regionPath.startsWith(c.prefix) && c.prefix.length > best.prefix.length) best = c;
  return best;
}

/** The working-day calendar in force for an enterprise's region path (one query). */
export async function workCalendarFor(db: Queryable, regionPath: string): Promise<WorkCalendar> {
  return calendarFor(await loadWorkCalendars(db), regionPath).calendar;
}

export async function workCalendarRoutes(app: App) {
  const { db } = app.ctx;
  const tags = ["inspections"];
  const query = z.object({ regionCode: z.string().max(12).optional() });

  /** Loads the region (the caller's own when absent) and checks that it is in the caller's view. */
  async function regionFor(actorRegion: string | null, regionCode: string | undefined) {
    const code = regionCode ?? actorRegion;
    if (!code) return null;
    const [r] = await db.select().from(regions).where(eq(regions.code, code));
    if (!r) throw fieldError("regionCode", "区域代码不存在");
    return r;
  }

  app.get("/api/settings/work-calendar", { schema: { tags, summary: "工作日历（节假日与调休）", querystring: query } }, async (req) => {
    const actor = actorOf(req);
    // Without a region asked for: the caller's jurisdiction, or its enterprise's region.
    let own = actor.scope.kind === "jurisdiction" ? actor.scope.regionCode : null;
    if (actor.scope.kind === "enterprise") {
      const [e] = await db.select({ regionCode: enterprises.regionCode }).from(enterprises).where(eq(enterprises.id, actor.scope.enterpriseId));
      own = e?.regionCode ?? null;
    }
    const r = await regionFor(own, req.query.regionCode);
    const list = await loadWorkCalendars(db);
    const c = calendarFor(list, r?.path ?? "");
    return {
      regionCode: r?.code ?? null,
      inheritedFrom: c.regionCode,
      holidays: [...c.calendar.holidays],
      workdays: [...c.calendar.workdays],
      canEdit:
        !!r && (actor.role === "admin" || (actor.scope.kind === "jurisdiction" && actor.scope.sectors === null && r.path.startsWith(actor.scope.regionPath))),
    };
  });

  app.put(
    "/api/settings/work-calendar",
    { schema: { tags, summary: "设置辖区工作日历", querystring: z.object({ regionCode: z.string().max(12) }), body: workCalendarSchema } },
    async (req) => {
      const actor = actorOf(req);
      const [r] = await db.select().from(regions).where(eq(regions.code, req.query.regionCode));
      if (!r) throw notFound("区域");
      // Regulators of a whole jurisdiction (all sectors: 应急管理) set it for their region and below; admins anywhere.
      const allowed =
        actor.role === "admin" || (actor.scope.kind === "jurisdiction" && actor.scope.sectors === null && r.path.startsWith(actor.scope.regionPath));
      if (!allowed) throw forbidden("只有该辖区的应急管理部门或系统管理员可以设置工作日历");
      const now = app.ctx.now();
      const value = { holidays: [...new Set(req.body.holidays)].sort(), workdays: [...new Set(req.body.workdays)].sort() };
      await db.transaction(async (tx) => {
        const [before] = await tx
          .select()
          .from(jurisdictionSettings)
          .where(eq(jurisdictionSettings.regionCode, r.code))
          .then((rows) => rows.filter((x) => x.key === WORK_CALENDAR_KEY));
        await tx
          .insert(jurisdictionSettings)
          .values({ regionCode: r.code, key: WORK_CALENDAR_KEY, value, updatedBy: actor.userId, updatedAt: now })
          .onConflictDoUpdate({ target: [jurisdictionSettings.regionCode, jurisdictionSettings.key], set: { value, updatedBy: actor.userId, updatedAt: now } });
        await appendAudit(
          tx,
          actor,
          { action: "setting.work_calendar", targetType: "region", targetId: r.code, before: before?.value ?? null, after: value },
          now,
        );
      });
      return { regionCode: r.code, inheritedFrom: r.code, ...value, canEdit: true };
    },
  );
}
