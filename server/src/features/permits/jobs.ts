/**
 * Confined-space permits in progress whose 2-hourly gas record is overdue (GB 30871 5.4: 连续检测，每 2 h 记录一次):
 * one notice `permit_gas_overdue` per overdue spell to the requester, the work leader's login and the enterprise's
 * safety managers. A spell starts when the record falls due (last sample, or the last start/resume, + 2 h); a
 * permit_events row `gas_overdue` marks the spell as told, so runs are idempotent and a new spell is told again.
 */
import { and, eq, gte } from "drizzle-orm";
import { GAS_TIMING, periodicAnalysisOverdueMin } from "@anguan/domain";
import type { Config } from "../../config";
import type { Queryable } from "../../db/client";
import { permitEvents, permits, personnel } from "../../db/schema";
import { enterpriseUsers, insertNotifications } from "../todos/notifications";
import { lastGasAt, runningSince } from "./service";

export async function flagOverdueGasRecords(tx: Queryable, now: Date, _config: Config): Promise<number> {
  const live = await tx
    .select()
    .from(permits)
    .where(and(eq(permits.status, "in_progress"), eq(permits.type, "confined_space")));
  if (!live.length) return 0;
  const ids = live.map((p) => p.id);
  const [since, last] = await Promise.all([runningSince(tx, ids), lastGasAt(tx, ids)]);
  let sent = 0;
  for (const p of live) {
    const running = since.get(p.id) ?? p.startedAt ?? p.updatedAt;
    const lastSample = last.get(p.id) ?? null;
    const overdue = periodicAnalysisOverdueMin("confined_space", lastSample, running, now);
    if (overdue <= 0) continue;
    const from = lastSample && lastSample > running ? lastSample : running;
    const spellStart = new Date(from.getTime() + GAS_TIMING.confinedRecordEveryMin * 60_000);
    const told = await tx
      .select({ id: permitEvents.id })
      .from(permitEvents)
      .where(and(eq(permitEvents.permitId, p.id), eq(permitEvents.action, "gas_overdue"), gte(permitEvents.at, spellStart)))
      .limit(1);
    if (told.length) continue;
    const [leader] = await tx.select({ userId: personnel.userId }).from(personnel).where(eq(personnel.id, p.workLeaderId));
    const safety = await enterpriseUsers(tx, p.enterpriseId, ["enterprise_safety"]);
    const userIds = [p.requesterId, ...(leader?.userId ? [leader.userId] : []), ...safety.map((u) => u.id)];
    const n = await insertNotifications(
      tx,
      { userIds },
      {
        kind: "permit_gas_overdue",
        title: `受限空间作业 ${p.code}（${p.place}）气体检测记录已超时 ${overdue} 分钟，请立即检测并记录`,
        targetType: "permit",
        targetId: p.id,
        enterpriseId: p.enterpriseId,
      },
      now,
    );
    await tx.insert(permitEvents).values({
      permitId: p.id,
      enterpriseId: p.enterpriseId,
      action: "gas_overdue",
      actorName: "系统",
      at: now,
      note: `气体检测记录超时 ${overdue} 分钟`,
      data: { overdueMin: overdue, notified: userIds.length },
    });
    sent += n;
  }
  return sent;
}
