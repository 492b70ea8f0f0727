/**
 * Notices (通知) to a person or to a government body (重大隐患报告, 超期升级, 挂牌督办). A body's notice is one row
 * for the body: the first of its officials to read it marks it read for all of them.
 */
import { and, eq, inArray } from "drizzle-orm";
import type { Queryable } from "../../db/client";
import { notifications, organizations, users } from "../../db/schema";

export type NotificationKind =
  | "major_hazard"
  | "escalation"
  | "supervision"
  | "alarm_escalation"
  | "permit_approval"
  | "permit_gas_overdue"
  | "briefing_missing"
  | "duty_alarm"
  | "certificate_expiry";

export const NOTIFICATION_KINDS: Record<NotificationKind, { zh: string; en: string }> = {
  major_hazard: { zh: "重大隐患报告", en: "Major hazard report" },
  escalation: { zh: "超期升级", en: "Overdue escalation" },
  supervision: { zh: "挂牌督办", en: "Put under supervision" },
  alarm_escalation: { zh: "报警未确认升级", en: "Unacknowledged alarm escalation" },
  permit_approval: { zh: "作业票待审批", en: "Permit awaiting approval" },
  permit_gas_overdue: { zh: "受限空间气体检测超时", en: "Confined-space gas reading overdue" },
  briefing_missing: { zh: "班前教育未开展", en: "Pre-shift briefing missing" },
  duty_alarm: { zh: "履职预警", en: "Legal-duty alarm" },
  certificate_expiry: { zh: "证书到期提醒", en: "Certificate expiry" },
};

export interface NoticeTarget {
  userIds?: readonly string[];
  orgIds?: readonly string[];
}

export interface Notice {
  kind: NotificationKind;
  title: string;
  targetType: string;
  targetId: string;
  enterpriseId: string | null;
}

/** One row per user and per body; nothing when there is nobody to tell. */
export async function insertNotifications(tx: Queryable, to: NoticeTarget, n: Notice, now: Date): Promise<number> {
  const rows = [
    ...[...new Set(to.userIds ?? [])].map((userId) => ({ ...n, userId, orgId: null, createdAt: now })),
    ...[...new Set(to.orgIds ?? [])].map((orgId) => ({ ...n, userId: null, orgId, createdAt: now })),
  ];
  if (rows.length) await tx.insert(notifications).values(rows);
  return rows.length;
}

/** Active users of an enterprise with one of these roles (e.g. its 主要负责人). */
export async function enterpriseUsers(tx: Queryable, enterpriseId: string, roles: readonly string[]): Promise<{ id: string; displayName: string }[]> {
  return tx
    .select({ id: users.id, displayName: users.displayName })
    .from(users)
    .innerJoin(organizations, eq(organizations.id, users.orgId))
    .where(and(eq(organizations.enterpriseId, enterpriseId), inArray(users.role, [...roles]), eq(users.disabled, false)))
    .orderBy(users.username);
}
