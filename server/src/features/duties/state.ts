/**
 * The state of legal duties in SQL, for many enterprises at once (the alarm job and the regulator's summary): the
 * catalogue and its periods as VALUES lists, the duties that apply to each operating enterprise, and the current
 * alarm conditions — no plan for the year after the plan deadline, or a period of a planned duty past its due date
 * without a completion. The same rules as domain/src/duties.ts (`dutyApplies`, `periodDue`, `isNoPlan`).
 */
import { sql, type SQL } from "drizzle-orm";
import { DUTY_CATALOGUE, dutyPeriods, planDeadline, type DutyDefinition } from "@anguan/domain";

export interface DutyStateOptions {
  /** The year of the no-plan condition. */
  year: number;
  /** Years whose periods are checked for overdue (their plans must exist). */
  overdueYears: readonly number[];
  /** Today (Beijing), YYYY-MM-DD. */
  today: string;
  /** DUTY_PLAN_DEADLINE (MM-DD). */
  planDeadline: string;
  /** Extra condition on `enterprises` (scope, region), unaliased table. */
  where?: SQL;
  catalogue?: readonly DutyDefinition[];
}

/** `WITH defs, periods, app, cand` — `cand(enterprise_id, region_path, sector, code, name, period_key, kind, label)`. */
export function dutyStateCtes(o: DutyStateOptions): SQL {
  const catalogue = o.catalogue ?? DUTY_CATALOGUE;
  const defs = sql.join(
    catalogue.map(
      (d) =>
        sql`(${d.code}::text, ${d.name}::text, ${d.appliesTo.sectors === null}::boolean, ${d.appliesTo.sectors?.join(",") ?? ""}::text, ${d.appliesTo.majorHazardOnly}::boolean)`,
    ),
    sql`, `,
  );
  const periodRows: SQL[] = [];
  for (const y of o.overdueYears)
    for (const d of catalogue)
      for (const p of dutyPeriods(d.cycle, y)) periodRows.push(sql`(${d.code}::text, ${y}::int, ${p.key}::text, ${p.label}::text, ${p.end}::text)`);
  // An empty VALUES list is not valid SQL: a row that matches nothing.
  if (!periodRows.length) periodRows.push(sql`(''::text, 0::int, ''::text, ''::text, ''::text)`);
  const noPlanDue = o.today > planDeadline(o.year, o.planDeadline);
  const years = o.overdueYears.length
    ? sql.join(
        o.overdueYears.map((y) => sql`${y}::int`),
        sql`, `,
      )
    : sql`NULL::int`;
  return sql`
WITH defs(code, name, all_sectors, sectors, major_only) AS (VALUES ${defs}),
periods(code, year, key, label, pend) AS (VALUES ${sql.join(periodRows, sql`, `)}),
app AS (
  SELECT enterprises.id AS enterprise_id, enterprises.region_path, enterprises.sector, d.code, d.name
  FROM enterprises
  JOIN defs d ON (d.all_sectors OR enterprises.sector = ANY (string_to_array(d.sectors, ',')))
    AND (NOT d.major_only OR enterprises.has_major_hazard)
  WHERE enterprises.operating_status = 'operating'${o.where ? sql` AND ${o.where}` : sql``}
),
cand AS (
  SELECT a.enterprise_id, a.region_path, a.sector, a.code, a.name, ${String(o.year)}::text AS period_key, 'no_plan'::text AS kind,
    ${`${o.year}年`}::text AS label
  FROM app a
  WHERE ${noPlanDue}::boolean
    AND NOT EXISTS (SELECT 1 FROM duty_plans p WHERE p.enterprise_id = a.enterprise_id AND p.duty_code = a.code AND p.year = ${o.year}::int)
  UNION ALL
  SELECT a.enterprise_id, a.region_path, a.sector, a.code, a.name, pr.key, 'overdue'::text, pr.label
  FROM app a
  JOIN duty_plans p ON p.enterprise_id = a.enterprise_id AND p.duty_code = a.code AND p.year IN (${years})
  JOIN periods pr ON pr.code = a.code AND pr.year = p.year
  WHERE LEAST(pr.pend, CASE WHEN (p.schedule ->> pr.key) ~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}$' THEN p.schedule ->> pr.key END) COLLATE "C"
      < ${o.today}::text COLLATE "C"
    AND NOT EXISTS (
      SELECT 1 FROM duty_completions c WHERE c.enterprise_id = a.enterprise_id AND c.duty_code = a.code AND c.period_key = pr.key
    )
)`;
}
