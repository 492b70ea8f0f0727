/**
 * 履职预警: for every operating enterprise and every duty that applies to it, raise a duty alarm when the year's plan
 * is missing after the plan deadline (kind `no_plan`, period key = the year) or a period of a planned duty (this year
 * or last) is past its due date without a completion (kind `overdue`); notify the enterprise's main leaders and
 * safety managers once per new alarm (notice `duty_alarm`); resolve open alarms whose condition has gone.
 * Set-based: three statements whatever the number of enterprises. Idempotent (unique alarm per enterprise, duty,
 * period and kind; a second run at the same time changes nothing). Returns the number of alarms raised.
 */
import { sql } from "drizzle-orm";
import type { Config } from "../../config";
import type { Queryable } from "../../db/client";
import { appendAudit } from "../../platform/audit";
import { shanghaiDate } from "../../platform/time";
import { dutyStateCtes } from "./state";

const rowsOf = <T>(r: unknown): T[] => ((r as { rows?: T[] }).rows ?? (r as T[])) as T[];

export async function raiseDutyAlarms(tx: Queryable, now: Date, config: Pick<Config, "DUTY_PLAN_DEADLINE">): Promise<number> {
  const today = shanghaiDate(now);
  const year = Number(today.slice(0, 4));
  const ctes = dutyStateCtes({ year, overdueYears: [year - 1, year], today, planDeadline: config.DUTY_PLAN_DEADLINE ?? "01-31" });
  const at = now.toISOString();

  // 1. Resolve open alarms whose condition has gone: a plan submitted, a completion recorded, the duty no longer
  // applying, a due date moved later. Alarms of older years stay until their plan or completion is recorded.
  const resolved = rowsOf<{ id: string }>(
    await tx.execute(sql`${ctes}
UPDATE duty_alarms da SET resolved_at = ${at}::timestamptz
WHERE da.resolved_at IS NULL AND (
  (((da.kind = 'no_plan' AND da.period_key = ${String(year)}) OR (da.kind = 'overdue' AND substr(da.period_key, 1, 4) IN (${String(year - 1)}, ${String(year)})))
    AND NOT EXISTS (
      SELECT 1 FROM cand c WHERE c.enterprise_id = da.enterprise_id AND c.code = da.duty_code AND c.period_key = da.period_key AND c.kind = da.kind
    ))
  OR (da.kind = 'no_plan' AND EXISTS (
      SELECT 1 FROM duty_plans p WHERE p.enterprise_id = da.enterprise_id AND p.duty_code = da.duty_code AND p.year::text = da.period_key))
  OR (da.kind = 'overdue' AND EXISTS (
      SELECT 1 FROM duty_completions c WHERE c.enterprise_id = da.enterprise_id AND c.duty_code = da.duty_code AND c.period_key = da.period_key))
)
RETURNING da.id`),
  );

  // 2. Raise new alarms (or reopen resolved ones whose condition is back) and notify once per alarm raised.
  const raised = rowsOf<{ alarms: number; notices: number }>(
    await tx.execute(sql`${ctes},
ins AS (
  INSERT INTO duty_alarms (enterprise_id, region_path, sector, duty_code, period_key, kind, raised_at)
  SELECT enterprise_id, region_path, sector, code, period_key, kind, ${at}::timestamptz FROM cand
  ON CONFLICT (enterprise_id, duty_code, period_key, kind)
    DO UPDATE SET resolved_at = NULL, raised_at = EXCLUDED.raised_at WHERE duty_alarms.resolved_at IS NOT NULL
  RETURNING id, enterprise_id, duty_code, period_key, kind
),
notes AS (
  INSERT INTO notifications (user_id, org_id, kind, title, target_type, target_id, enterprise_id, created_at)
  SELECT u.id, NULL, 'duty_alarm',
    CASE WHEN i.kind = 'no_plan' THEN '履职预警：' || c.name || '（' || c.label || '）未制定计划'
         ELSE '履职预警：' || c.name || '（' || c.label || '）逾期未完成' END,
    'duty_alarm', i.id::text, i.enterprise_id, ${at}::timestamptz
  FROM ins i
  JOIN cand c ON c.enterprise_id = i.enterprise_id AND c.code = i.duty_code AND c.period_key = i.period_key AND c.kind = i.kind
  JOIN organizations o ON o.enterprise_id = i.enterprise_id
  JOIN users u ON u.org_id = o.id AND u.role IN ('enterprise_leader', 'enterprise_safety') AND NOT u.disabled
  RETURNING 1
)
SELECT (SELECT count(*) FROM ins)::int AS alarms, (SELECT count(*) FROM notes)::int AS notices`),
  );
  const r = raised[0] ?? { alarms: 0, notices: 0 };
  if (r.alarms || resolved.length)
    await appendAudit(
      tx,
      null,
      { action: "dutyAlarm.run", targetType: "duty_alarms", targetId: today, after: { raised: r.alarms, notices: r.notices, resolved: resolved.length } },
      now,
    );
  return r.alarms;
}
