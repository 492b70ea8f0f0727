/**
 * Inspection jobs: one day's task instances (排查任务实例) and missed windows (漏检).
 *
 * Generation runs in one INSERT … SELECT: the rules of domain/src/inspectionSchedule.ts (`schedule@1`) written in SQL,
 * with the day's calendar facts (working day or not, the last working and non-working day before it) computed here
 * per calendar in force. Idempotent through the unique (task_id, due_from) index. Windows of a unit in shutdown
 * (停用检维修: the unit's status, or a unit_shutdowns row overlapping the window) are set to 'suspended' right after, in the
 * same transaction, so lists show them as such. A test checks that this SQL and `occurrencesOn` agree.
 */
import { sql, type SQL } from "drizzle-orm";
import { addCalendarDays, isWorkingDay, lastEligibleBefore, isCalendarDay, shanghaiMidnight } from "@anguan/domain";
import type { Queryable } from "../../db/client";
import { loadWorkCalendars, type ScopedCalendar } from "./calendar";

export interface GenerateOptions {
  /** Only these tasks (after a task is created or changed). */
  taskIds?: readonly string[];
  /**
   * For a task just created or changed: also the current period's window of week/month/year tasks when its first
   * eligible day has passed, and today's window of day tasks when today is eligible.
   */
  catchUp?: boolean;
}

const rowsOf = <T>(r: unknown): T[] => ((r as { rows?: T[] }).rows ?? (r as T[])) as T[];

/** Inserts the instances generated on `day` (YYYY-MM-DD, Asia/Shanghai). Returns how many were inserted. */
export async function generateInspectionInstances(db: Queryable, day: string, now: Date, opts: GenerateOptions = {}): Promise<number> {
  if (!isCalendarDay(day)) throw new Error(`generateInspectionInstances: bad day ${day}`);
  if (opts.taskIds && opts.taskIds.length === 0) return 0;
  const calendars = await loadWorkCalendars(db);
  // One statement; JIT compilation would cost more than it saves on these expressions (PGlite has none).
  return db.transaction(async (tx) => {
    await tx.execute(sql`SET LOCAL jit = off`);
    const result = await tx.execute(generationSql(day, calendars, opts));
    // The few windows of units in shutdown: suspended by one small update, not a test on every inserted row.
    await suspendForShutdowns(tx, now);
    return Number(rowsOf<{ n: number }>(result)[0]?.n ?? 0);
  });
}

/** The generation statement (exported for EXPLAIN in benchmarks). */
export function generationSql(day: string, calendars: readonly ScopedCalendar[], opts: GenerateOptions = {}): SQL {
  const dayStart = shanghaiMidnight(day);
  const dayEnd = shanghaiMidnight(addCalendarDays(day, 1));
  const facts = calendars.map((c) => ({
    prefix: c.prefix,
    working: isWorkingDay(day, c.calendar),
    prevWorking: lastEligibleBefore(1, day, c.calendar),
    prevNonWorking: lastEligibleBefore(2, day, c.calendar),
  }));
  const calValues = sql.join(
    facts.map((f) => sql`(${f.prefix}::text, ${f.working}::boolean, ${f.prevWorking}::date, ${f.prevNonWorking}::date)`),
    sql`, `,
  );
  // One calendar (the usual case): no need to look at the enterprise's region.
  const calJoin: SQL =
    facts.length === 1
      ? sql`CROSS JOIN cal c`
      : sql`JOIN enterprises e ON e.id = t.enterprise_id
            CROSS JOIN LATERAL (SELECT * FROM cal WHERE e.region_path LIKE cal.prefix || '%' ORDER BY length(cal.prefix) DESC LIMIT 1) c`;
  const taskFilter = opts.taskIds
    ? sql`AND t.id IN (${sql.join(
        opts.taskIds.map((id) => sql`${id}::uuid`),
        sql`, `,
      )})`
    : sql``;
  const catchUp = !!opts.catchUp;
  const d = sql`${day}::date`;
  // Shanghai midnight of a date as timestamptz (China has kept UTC+8 without daylight saving since 1991).
  const midnight = (x: SQL) => sql`((${x})::timestamp - interval '8 hours') AT TIME ZONE 'UTC'`;

  return sql`
    WITH cal(prefix, working, prev_w, prev_nw) AS (VALUES ${calValues}),
    t AS (
      SELECT t.id, t.enterprise_id, t.unit_id, t.assignee_user_id, t.cycle, t.cycle_unit, t.work_start, t.work_end, t.start_at,
             ((t.start_at AT TIME ZONE 'UTC') + interval '8 hours')::date AS sd,
             CASE t.work_day_type WHEN 0 THEN true WHEN 1 THEN c.working ELSE NOT c.working END AS elig,
             CASE t.work_day_type WHEN 0 THEN ${d} - 1 WHEN 1 THEN c.prev_w ELSE c.prev_nw END AS prev_elig
      FROM inspection_tasks t ${calJoin}
      WHERE t.active AND t.cycle > 0 AND t.start_at < ${dayEnd.toISOString()}::timestamptz ${taskFilter}
    ),
    hourly AS (
      SELECT h.*, (split_part(h.work_start, ':', 1)::int * 60 + split_part(h.work_start, ':', 2)::int) AS ws,
             (split_part(h.work_end, ':', 1)::int * 60 + split_part(h.work_end, ':', 2)::int) AS we
      FROM t h WHERE h.cycle_unit = 'hour' AND h.elig AND h.work_start IS NOT NULL AND h.work_end IS NOT NULL
    ),
    periodic AS (
      SELECT p.*,
             CASE WHEN p.cycle_unit IN ('month', 'year') AND (p.sd + make_interval(months => p.k0))::date > ${d} THEN p.k0 - p.step ELSE p.k0 END AS k
      FROM (
        SELECT t.*,
               CASE t.cycle_unit WHEN 'day' THEN t.cycle WHEN 'week' THEN 7 * t.cycle WHEN 'month' THEN t.cycle ELSE 12 * t.cycle END AS step,
               CASE WHEN t.cycle_unit IN ('day', 'week')
                    THEN ((${d} - t.sd) / CASE t.cycle_unit WHEN 'day' THEN t.cycle ELSE 7 * t.cycle END) * CASE t.cycle_unit WHEN 'day' THEN t.cycle ELSE 7 * t.cycle END
                    ELSE (((extract(year FROM ${d})::int * 12 + extract(month FROM ${d})::int) - (extract(year FROM t.sd)::int * 12 + extract(month FROM t.sd)::int))
                          / CASE t.cycle_unit WHEN 'month' THEN t.cycle ELSE 12 * t.cycle END) * CASE t.cycle_unit WHEN 'month' THEN t.cycle ELSE 12 * t.cycle END
               END AS k0
        FROM t WHERE t.cycle_unit IN ('day', 'week', 'month', 'year') AND t.sd <= ${d}
      ) p
    ),
    periods AS (
      SELECT q.*,
             CASE WHEN q.cycle_unit IN ('day', 'week') THEN q.sd + q.k ELSE (q.sd + make_interval(months => q.k))::date END AS p_start,
             CASE WHEN q.cycle_unit IN ('day', 'week') THEN q.sd + q.k + q.step ELSE (q.sd + make_interval(months => q.k + q.step))::date END AS p_end
      FROM periodic q
    ),
    w AS (
      SELECT h.id, h.enterprise_id, h.unit_id, h.assignee_user_id, h.start_at,
             ${dayStart.toISOString()}::timestamptz + make_interval(mins => h.ws + i * h.cycle * 60) AS due_from,
             ${dayStart.toISOString()}::timestamptz + make_interval(mins => LEAST(h.ws + (i + 1) * h.cycle * 60, h.we)) AS due_to
      FROM hourly h CROSS JOIN LATERAL generate_series(0, GREATEST(0, ceil((h.we - h.ws) / (h.cycle * 60.0))::int - 1)) AS i
      WHERE h.ws < h.we AND h.sd <= ${d}
      UNION ALL
      SELECT p.id, p.enterprise_id, p.unit_id, p.assignee_user_id, p.start_at,
             CASE WHEN p.cycle_unit = 'day' THEN ${midnight(d)} ELSE ${midnight(sql`p.p_start`)} END,
             CASE WHEN p.cycle_unit = 'day' THEN ${midnight(sql`${d} + 1`)} ELSE ${midnight(sql`p.p_end`)} END
      FROM periods p
      WHERE (p.elig AND (p.prev_elig IS NULL OR p.p_start > p.prev_elig))
         OR (${catchUp} AND (p.elig OR p.cycle_unit <> 'day'))
    ),
    ins AS (
      INSERT INTO inspection_instances (enterprise_id, task_id, unit_id, assignee_user_id, due_from, due_to, status)
      SELECT w.enterprise_id, w.id, w.unit_id, w.assignee_user_id, w.due_from, w.due_to, 'pending'
      FROM w
      WHERE w.due_to > w.start_at
      ORDER BY w.id
      ON CONFLICT (task_id, due_from) DO NOTHING
      RETURNING 1
    )
    SELECT count(*)::int AS n FROM ins`;
}

/** A window overlaps a shutdown of its unit, or the unit is shut down now. */
const shutdownOverlaps = sql`(
  i.unit_id IN (SELECT id FROM risk_units WHERE status = 'shutdown')
  OR EXISTS (SELECT 1 FROM unit_shutdowns s WHERE s.unit_id = i.unit_id AND s.start_at < i.due_to AND (s.end_at IS NULL OR s.end_at > i.due_from))
)`;

/**
 * Pending windows of units in shutdown become suspended. Found through the few units with a shutdown in force or in the
 * last 400 days → their tasks → each task's windows of about its last period, by the (task_id, due_from) index.
 */
async function suspendForShutdowns(db: Queryable, now: Date): Promise<void> {
  const at = now.toISOString();
  const since = new Date(now.getTime() - 400 * 86_400_000).toISOString();
  // LATERAL per task behind OFFSET 0, and the status tested outside it: the planner then walks the task index instead of
  // and-ing it with the (large, and right after generation badly estimated) pending index.
  await db.execute(sql`
    UPDATE inspection_instances SET status = 'suspended'
    WHERE id IN (
      SELECT i.id
      FROM inspection_tasks t
      CROSS JOIN LATERAL (
        SELECT x.id, x.unit_id, x.status, x.due_from, x.due_to FROM inspection_instances x
        WHERE x.task_id = t.id
          AND x.due_from >= ${at}::timestamptz - make_interval(days => 2 + CASE t.cycle_unit
                WHEN 'hour' THEN 0 WHEN 'day' THEN t.cycle WHEN 'week' THEN 7 * t.cycle WHEN 'month' THEN 31 * t.cycle ELSE 366 * t.cycle END)
        OFFSET 0
      ) i
      WHERE t.unit_id IN (
          SELECT id FROM risk_units WHERE status = 'shutdown'
          UNION SELECT unit_id FROM unit_shutdowns WHERE end_at IS NULL OR end_at > ${since}::timestamptz)
        AND i.status = 'pending'
        AND ${shutdownOverlaps})`);
}

/**
 * Pending windows that have closed become 'missed' — or 'suspended' when a shutdown overlapped them. Also keeps the
 * suspension of open windows in step with shutdowns started or ended since generation. Returns how many were missed.
 */
export async function markMissedInspections(db: Queryable, now: Date): Promise<number> {
  const at = now.toISOString();
  // Shutdowns started since the windows were generated: their pending windows are suspended (past and open ones).
  await suspendForShutdowns(db, now);
  // Shutdowns ended (or removed): windows still to close that no longer overlap one are pending again.
  await db.execute(sql`
    UPDATE inspection_instances i SET status = 'pending'
    WHERE i.status = 'suspended' AND i.due_to > ${at}::timestamptz AND NOT ${shutdownOverlaps}`);
  const result = await db.execute(sql`
    WITH upd AS (
      UPDATE inspection_instances i SET status = 'missed'
      WHERE i.status = 'pending' AND i.due_to <= ${at}::timestamptz
      RETURNING 1
    )
    SELECT count(*)::int AS n FROM upd`);
  return Number(rowsOf<{ n: number }>(result)[0]?.n ?? 0);
}
