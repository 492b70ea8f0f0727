/**
 * Certificate expiry reminders (证书到期提醒): a certificate in force (not renewed by a later one of the same type) of
 * an active person that is expiring within CERTIFICATE_WARN_DAYS or has expired raises one notice per state — to the
 * person's login, if any, and to the enterprise's safety managers. certificates.reminded_state records what was sent,
 * so a second run sends nothing; a changed validity date clears it (personnel/service.updateCertificate).
 */
import { and, eq, inArray, isNull, lte, ne, or, sql } from "drizzle-orm";
import { CERTIFICATE_TYPES, certificateState, type CertificateType } from "@anguan/domain";
import type { Config } from "../../config";
import type { Queryable } from "../../db/client";
import { certificates, personnel, users } from "../../db/schema";
import { addDays, shanghaiDate } from "../../platform/time";
import { enterpriseUsers, insertNotifications } from "../todos/notifications";
import { supersededSql } from "./present";

/** Per run at most this many certificates (the next run takes the rest). */
const BATCH = 2000;

export async function remindExpiringCertificates(tx: Queryable, now: Date, config: Config): Promise<number> {
  let sent = 0;
  // Every batch marks what it takes (reminded_state), so the next one starts after it; bounded all the same.
  for (let i = 0; i < 50; i++) {
    const r = await remindBatch(tx, now, config);
    sent += r.sent;
    if (r.taken < BATCH) break;
  }
  return sent;
}

async function remindBatch(tx: Queryable, now: Date, config: Config): Promise<{ sent: number; taken: number }> {
  const today = shanghaiDate(now);
  const warnDays = config.CERTIFICATE_WARN_DAYS;
  const due = await tx
    .select({
      id: certificates.id,
      enterpriseId: certificates.enterpriseId,
      personId: certificates.personId,
      type: certificates.type,
      title: certificates.title,
      number: certificates.number,
      validUntil: certificates.validUntil,
      remindedState: certificates.remindedState,
      personName: personnel.name,
      personUserId: personnel.userId,
      userDisabled: users.disabled,
    })
    .from(certificates)
    .innerJoin(personnel, eq(personnel.id, certificates.personId))
    .leftJoin(users, eq(users.id, personnel.userId))
    .where(
      and(
        eq(personnel.active, true),
        lte(certificates.validUntil, addDays(today, warnDays)),
        // Not yet told about the state it is in now: 'expiring' needs nothing sent; 'expired' anything but 'expired'.
        or(isNull(certificates.remindedState), and(ne(certificates.remindedState, "expired"), sql`${certificates.validUntil} < ${today}::date`)),
        sql`NOT ${supersededSql}`,
      ),
    )
    .orderBy(certificates.enterpriseId, certificates.validUntil)
    .limit(BATCH);
  if (!due.length) return { sent: 0, taken: 0 };

  const managers = new Map<string, string[]>();
  const marked: Record<"expiring" | "expired", string[]> = { expiring: [], expired: [] };
  let sent = 0;
  for (const c of due) {
    const state = certificateState(c.validUntil, today, warnDays);
    if (state === "valid" || c.remindedState === state) continue;
    if (!managers.has(c.enterpriseId))
      managers.set(
        c.enterpriseId,
        (await enterpriseUsers(tx, c.enterpriseId, ["enterprise_safety"])).map((u) => u.id),
      );
    const userIds = [...managers.get(c.enterpriseId)!];
    if (c.personUserId && c.userDisabled === false) userIds.push(c.personUserId);
    const typeName = CERTIFICATE_TYPES[c.type as CertificateType]?.zh ?? c.type;
    const what = `${c.personName}的${typeName}${c.title ? `（${c.title}）` : ""}证书（编号 ${c.number}）`;
    const title = state === "expired" ? `${what}已于 ${c.validUntil} 过期，请及时复审换证` : `${what}将于 ${c.validUntil} 到期，请及时复审换证`;
    sent += await insertNotifications(
      tx,
      { userIds },
      { kind: "certificate_expiry", title, targetType: "person", targetId: c.personId, enterpriseId: c.enterpriseId },
      now,
    );
    marked[state].push(c.id);
  }
  for (const state of ["expiring", "expired"] as const) {
    if (marked[state].length) await tx.update(certificates).set({ remindedState: state }).where(inArray(certificates.id, marked[state]));
  }
  return { sent, taken: due.length };
}
