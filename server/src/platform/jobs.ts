/**
 * Background jobs (定时任务): inspection task instances for today and tomorrow, missed inspections, overdue-hazard
 * escalation. Run every JOBS_INTERVAL_SECONDS on every node; a PostgreSQL advisory lock makes one node do each run,
 * and every job is idempotent, so a crash mid-run is repaired by the next run.
 */
import { sql } from "drizzle-orm";
import type { AppContext } from "../app";
import { escalateUnacknowledgedAlarms } from "../features/alarms/escalation";
import { escalateOverdueHazards } from "../features/hazards/escalation";
import { generateInspectionInstances, markMissedInspections } from "../features/inspections/jobs";
import { generateDueReports } from "../features/monitoringReports/service";
import { flagOverdueGasRecords } from "../features/permits/jobs";
import { remindExpiringCertificates } from "../features/personnel/jobs";
import { remindMissingBriefings } from "../features/briefings/jobs";
import { raiseDutyAlarms } from "../features/duties/jobs";
import { addDays, shanghaiDate } from "./time";

const JOBS_LOCK = 7213003;

export interface JobsResult {
  ran: boolean;
  instances: number;
  missed: number;
  escalated: number;
  /** Unacknowledged alarms escalated (未确认报警升级). */
  alarmsEscalated: number;
  /** Monitoring reports generated (日记录、周分析、月通报 of the last finished periods). */
  reports: number;
  /** Safety steward: overdue confined-space gas records, certificate reminders, briefing reminders, duty alarms. */
  steward: number;
  ms: number;
}

export async function runJobs(ctx: Pick<AppContext, "db" | "now" | "config">): Promise<JobsResult> {
  const t0 = performance.now();
  const now = ctx.now();
  return ctx.db.transaction(async (tx) => {
    const [lock] = (await tx.execute(sql`SELECT pg_try_advisory_xact_lock(${JOBS_LOCK}) AS ok`)).rows as { ok: boolean }[];
    if (!lock?.ok) return { ran: false, instances: 0, missed: 0, escalated: 0, alarmsEscalated: 0, reports: 0, steward: 0, ms: 0 };
    const today = shanghaiDate(now);
    const instances = (await generateInspectionInstances(tx, today, now)) + (await generateInspectionInstances(tx, addDays(today, 1), now));
    const missed = await markMissedInspections(tx, now);
    const escalated = await escalateOverdueHazards(tx, now, ctx.config.HAZARD_ESCALATION_HOURS);
    const alarmsEscalated = await escalateUnacknowledgedAlarms(tx, now, ctx.config.ALARM_ESCALATION_MINUTES);
    const reports = await generateDueReports(tx, now, ctx.config.ALARM_ESCALATION_MINUTES);
    const steward =
      (await flagOverdueGasRecords(tx, now, ctx.config)) +
      (await remindExpiringCertificates(tx, now, ctx.config)) +
      (await remindMissingBriefings(tx, now, ctx.config)) +
      (await raiseDutyAlarms(tx, now, ctx.config));
    return { ran: true, instances, missed, escalated, alarmsEscalated, reports, steward, ms: Math.round(performance.now() - t0) };
  });
}

/** Starts the periodic run (first run shortly after start); returns a stop function. */
export function startJobs(ctx: Pick<AppContext, "db" | "now" | "config">, log: (msg: string, err?: unknown) => void): () => void {
  let running = false;
  const tick = async () => {
    if (running) return;
    running = true;
    try {
      const r = await runJobs(ctx);
      if (r.ran && (r.instances || r.missed || r.escalated || r.alarmsEscalated || r.reports || r.steward))
        log(
          `jobs: ${r.instances} inspection instances, ${r.missed} missed, ${r.escalated} escalated, ${r.alarmsEscalated} alarms escalated, ${r.reports} monitoring reports, ${r.steward} steward notices (${r.ms} ms)`,
        );
    } catch (err) {
      log("jobs failed", err);
    } finally {
      running = false;
    }
  };
  const first = setTimeout(tick, 2_000);
  const timer = setInterval(tick, ctx.config.JOBS_INTERVAL_SECONDS * 1000);
  first.unref();
  timer.unref();
  return () => {
    clearTimeout(first);
    clearInterval(timer);
  };
}
