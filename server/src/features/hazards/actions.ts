/**
 * The hazard life cycle's transitions (domain/src/hazard.ts decides who may do what; this applies it). Each action is
 * one transaction: a compare-and-set `UPDATE … WHERE id AND status = expected AND version = v` (0 rows → 409),
 * a hazard_events row and an audit row; evidence links, notices and the major-hazard report go in the same transaction.
 */
import { and, eq, sql } from "drizzle-orm";
import {
  deadlineRefusal,
  ENTERPRISE_HAZARD_SOURCES,
  extensionRefusal,
  nextStatus,
  refusalOf,
  type Actor,
  type HazardAction,
  type HazardSource,
  type ManageType,
} from "@anguan/domain";
import type { Queryable } from "../../db/client";
import { hazardEvents, hazards, organizations, users } from "../../db/schema";
import { appendAudit } from "../../platform/audit";
import { AppError, fieldError } from "../../platform/errors";
import { shanghaiDate } from "../../platform/time";
import { enterpriseUsers, insertNotifications } from "../todos/notifications";
import { hazardActorOf, hazardFactsOf, hazardForWrite, refusalError, type ExtensionRequest } from "./access";
import { assertEvidence, linkEvidence, type HazardRow } from "./create";
import { reportMajorHazard } from "./majorReport";
import type { ActionInput, AnyActionInput } from "./schemas";
import { determinationItemExists } from "./standardItems";

type Patch = Partial<typeof hazards.$inferInsert>;

interface Plan {
  patch: Patch;
  comment: string;
  data?: Record<string, unknown>;
  /** Run after the update succeeded (evidence links, notices). */
  after?: (row: HazardRow) => Promise<void>;
}

export const CAS_CONFLICT_MESSAGE = "该隐患已被他人处理或修改（状态或版本已变化），请刷新后重试";

async function assertRectifier(tx: Queryable, enterpriseId: string, userId: string): Promise<void> {
  const [u] = await tx
    .select({ id: users.id })
    .from(users)
    .innerJoin(organizations, eq(organizations.id, users.orgId))
    .where(and(eq(users.id, userId), eq(organizations.enterpriseId, enterpriseId), eq(users.disabled, false)));
  if (!u) throw fieldError("rectification.rectifierUserId", "整改人必须是该企业的在用账号");
}

async function plan(tx: Queryable, actor: Actor, h: HazardRow, action: HazardAction, input: AnyActionInput, now: Date): Promise<Plan> {
  switch (action) {
    case "confirm": {
      const b = input as ActionInput["confirm"];
      const r = b.rectification;
      const why = deadlineRefusal(r.deadline, b.manageType as ManageType, now);
      if (why) throw fieldError("rectification.deadline", why);
      if (r.rectifierUserId) await assertRectifier(tx, h.enterpriseId, r.rectifierUserId);
      const major = b.level === "major";
      if (major && !(await determinationItemExists(tx, b.standardItemCode!))) {
        throw fieldError("standardItemCode", `判定标准条款 ${b.standardItemCode} 不存在`);
      }
      // A finding by a regulator, a third party or the public keeps its source; the enterprise classifies its own.
      let source = h.source as HazardSource;
      if (b.source && ENTERPRISE_HAZARD_SOURCES.includes(h.source as HazardSource)) {
        if (!ENTERPRISE_HAZARD_SOURCES.includes(b.source)) throw fieldError("source", "企业自查隐患的来源应为 1–10 或随手拍");
        source = b.source;
      }
      const rectification = { ...r, rectifierUserId: r.rectifierUserId ?? null, deadline: r.deadline.toISOString() };
      return {
        patch: {
          level: b.level,
          dangerType: b.dangerType,
          source,
          manageType: b.manageType,
          category: b.category ?? h.category,
          managementClass: b.managementClass ?? h.managementClass,
          standardItemCode: major ? b.standardItemCode! : null,
          governancePlan: major ? b.governancePlan! : null,
          rectification,
          rectifierUserId: r.rectifierUserId ?? null,
          deadline: r.deadline,
          confirmedBy: actor.userId,
          confirmedAt: now,
          escalationLevel: 0,
        },
        comment: `${major ? "重大隐患" : "一般隐患"}，${b.manageType === "immediate" ? "即查即改" : "限期整改"}，期限 ${shanghaiDate(r.deadline)}`,
        data: {
          level: b.level,
          manageType: b.manageType,
          deadline: r.deadline.toISOString(),
          rectifierUserId: r.rectifierUserId ?? null,
          standardItemCode: b.standardItemCode ?? null,
        },
        after: async (row) => {
          if (major && !h.reportedToRegulatorsAt) await reportMajorHazard(tx, actor, row, now);
        },
      };
    }
    case "dismiss": {
      const b = input as ActionInput["dismiss"];
      return { patch: {}, comment: b.reason, data: { reason: b.reason } };
    }
    case "submit_rectification": {
      const b = input as ActionInput["submit_rectification"];
      await assertEvidence(tx, h.enterpriseId, b.evidenceIds);
      return {
        patch: { rectifiedBy: actor.userId, rectifiedAt: now, rectifyNote: b.note, extension: null },
        comment: b.note,
        data: { evidenceIds: b.evidenceIds, ...(h.extension ? { droppedExtension: h.extension } : {}) },
        after: (row) => linkEvidence(tx, row.id, b.evidenceIds, "rectification"),
      };
    }
    case "accept": {
      const b = input as ActionInput["accept"];
      await assertEvidence(tx, h.enterpriseId, b.evidenceIds);
      const closing = nextStatus(hazardFactsOf(h), "accept") === "closed";
      return {
        patch: { acceptedBy: actor.userId, acceptedAt: now, acceptComment: b.comment, closedAt: closing ? now : null },
        comment: b.comment,
        data: { evidenceIds: b.evidenceIds },
        after: (row) => linkEvidence(tx, row.id, b.evidenceIds, "acceptance"),
      };
    }
    case "reject": {
      const b = input as ActionInput["reject"];
      const patch: Patch = h.status === "awaiting_signoff" ? { acceptedBy: null, acceptedAt: null, acceptComment: null } : {};
      return { patch, comment: b.reason, data: { reason: b.reason } };
    }
    case "request_extension": {
      const b = input as ActionInput["request_extension"];
      const why = extensionRefusal(h.deadline, b.newDeadline, now);
      if (why) throw fieldError("newDeadline", why);
      const extension: ExtensionRequest = {
        requestedBy: actor.userId,
        requestedByName: actor.displayName,
        requestedAt: now.toISOString(),
        newDeadline: b.newDeadline.toISOString(),
        reason: b.reason,
      };
      return { patch: { extension }, comment: `申请延期至 ${shanghaiDate(new Date(extension.newDeadline))}：${b.reason}`, data: { ...extension } };
    }
    case "approve_extension": {
      const b = input as ActionInput["approve_extension"];
      const ext = h.extension as ExtensionRequest;
      const deadline = new Date(ext.newDeadline);
      const rectification = h.rectification ? { ...(h.rectification as object), deadline: ext.newDeadline } : null;
      return {
        patch: { extension: null, deadline, rectification, escalationLevel: 0 },
        comment: `同意延期至 ${shanghaiDate(deadline)}${b.comment ? `：${b.comment}` : ""}`,
        data: { previousDeadline: h.deadline?.toISOString() ?? null, newDeadline: ext.newDeadline, request: ext },
      };
    }
    case "reject_extension": {
      const b = input as ActionInput["reject_extension"];
      return { patch: { extension: null }, comment: `驳回延期申请${b.comment ? `：${b.comment}` : ""}`, data: { request: h.extension } };
    }
    case "supervise": {
      const b = input as ActionInput["supervise"];
      const patch: Patch = { supervisedByOrgId: actor.orgId, supervisedAt: now, supervisionNote: b.note };
      if (b.deadline) {
        if (b.deadline.getTime() <= now.getTime()) throw fieldError("deadline", "督办整改期限不能早于当前时间");
        patch.deadline = b.deadline;
        patch.escalationLevel = 0;
        if (h.rectification) patch.rectification = { ...(h.rectification as object), deadline: b.deadline.toISOString() };
      }
      return {
        patch,
        comment: `${actor.orgName} 挂牌督办：${b.note}`,
        data: { orgId: actor.orgId, orgName: actor.orgName, deadline: b.deadline?.toISOString() ?? null },
        after: async (row) => {
          const managers = await enterpriseUsers(tx, row.enterpriseId, ["enterprise_leader", "enterprise_safety"]);
          await insertNotifications(
            tx,
            { userIds: managers.map((u) => u.id) },
            {
              kind: "supervision",
              title: `${actor.orgName} 对重大隐患「${row.title}」挂牌督办`,
              targetType: "hazard",
              targetId: row.id,
              enterpriseId: row.enterpriseId,
            },
            now,
          );
        },
      };
    }
    case "sign_off": {
      const b = input as ActionInput["sign_off"];
      return { patch: { signedOffBy: actor.userId, signedOffAt: now, closedAt: now }, comment: b.comment };
    }
  }
}

/** Applies an action as the actor, inside the caller's transaction; returns the updated hazard. */
export async function performHazardAction(
  tx: Queryable,
  actor: Actor,
  hazardId: string,
  action: HazardAction,
  input: AnyActionInput & { expectedVersion?: number },
  now: Date,
): Promise<HazardRow> {
  const h = await hazardForWrite(tx, actor, hazardId);
  if (input.expectedVersion !== undefined && input.expectedVersion !== h.version) throw new AppError(409, "CONFLICT", CAS_CONFLICT_MESSAGE);
  const facts = hazardFactsOf(h);
  const refusal = refusalOf(hazardActorOf(actor, h), facts, action);
  if (refusal) throw refusalError(refusal);
  const p = await plan(tx, actor, h, action, input, now);
  const to = nextStatus(facts, action);
  const [row] = await tx
    .update(hazards)
    .set({ ...p.patch, status: to, version: sql`${hazards.version} + 1`, updatedAt: now })
    .where(and(eq(hazards.id, h.id), eq(hazards.status, h.status), eq(hazards.version, h.version)))
    .returning();
  if (!row) throw new AppError(409, "CONFLICT", CAS_CONFLICT_MESSAGE);
  await tx.insert(hazardEvents).values({
    hazardId: h.id,
    enterpriseId: h.enterpriseId,
    at: now,
    actorId: actor.userId,
    actorName: actor.displayName,
    action,
    fromStatus: h.status,
    toStatus: to,
    comment: p.comment.slice(0, 2000),
    data: p.data ?? null,
  });
  await appendAudit(tx, actor, { action: `hazard.${action}`, targetType: "hazard", targetId: h.id, enterpriseId: h.enterpriseId, before: h, after: row }, now);
  await p.after?.(row);
  return row;
}
