/**
 * 一企一清单: templates, the enterprise's list, three-party confirmation and self-checks (自查). The rules (states,
 * who confirms as which party) are domain/src/checklist.ts; this file loads, checks scope and writes.
 */
import { and, asc, desc, eq, inArray, isNull, or } from "drizzle-orm";
import { z } from "zod";
import {
  afterItemsEdit,
  CHECKLIST_PARTY_CODES,
  CHECKLIST_REFUSAL_STATUS,
  CHECKLIST_REFUSALS,
  checklistItemInput,
  confirmingPartyOf,
  confirmRefusal,
  HAZARD_TYPES,
  statusAfterConfirmations,
  submitRefusal,
  townshipRegionCodes,
  type Actor,
  type ChecklistItem,
  type ChecklistParty,
  type ChecklistRefusal,
  type ChecklistStatus,
  type Sector,
} from "@anguan/domain";
import type { Queryable } from "../../db/client";
import { checklistConfirmations, checklistTemplates, enterpriseChecklists, regions, selfChecks } from "../../db/schema";
import { appendAudit } from "../../platform/audit";
import { AppError, conflict, fieldError, notFound } from "../../platform/errors";
import type { EnterpriseRow } from "../../platform/scope";
import { assertEvidence, createHazard } from "../hazards/create";
import { canManageInspections, canRecordInspections, enterpriseOfForRead, enterpriseOfForWrite, UUID } from "../inspections/access";

export type ChecklistRow = typeof enterpriseChecklists.$inferSelect;
const MANAGE = "只有企业主要负责人、安全管理人员可以编制清单";

export function refuse(code: ChecklistRefusal): AppError {
  return new AppError(CHECKLIST_REFUSAL_STATUS[code], code, CHECKLIST_REFUSALS[code]);
}

export const newChecklistInput = z.object({
  name: z.string().trim().min(1, { error: "清单名称不能为空" }).max(100, { error: "清单名称不能超过 100 个字" }),
  templateIds: z
    .array(z.uuid({ error: "模板无效" }))
    .max(20)
    .default([]),
  extraItems: z.array(checklistItemInput).max(300).default([]),
});
export const checklistPatchInput = z
  .object({
    name: newChecklistInput.shape.name.optional(),
    items: z.array(checklistItemInput).max(600).optional(),
    expectedVersion: z.number().int().optional(),
  })
  .strict();

/** Items with ids: a given id must be one of the list's (kept with its origin); items without one are new ("own-n"). */
function withIds(items: readonly z.infer<typeof checklistItemInput>[], existing: readonly ChecklistItem[] = []): ChecklistItem[] {
  const known = new Map(existing.map((i) => [i.id, i]));
  let n = Math.max(0, ...existing.map((i) => Number(/^own-(\d+)$/.exec(i.id)?.[1] ?? 0)));
  const seen = new Set<string>();
  return items.map((it, idx) => {
    if (it.id !== undefined && (!known.has(it.id) || seen.has(it.id))) throw fieldError(`items.${idx}.id`, "排查项编号不在清单中或重复");
    const id = it.id ?? `own-${++n}`;
    seen.add(id);
    return { id, content: it.content, basis: it.basis, category: it.category, templateId: known.get(id)?.templateId ?? null };
  });
}

export async function createChecklist(tx: Queryable, actor: Actor, enterpriseId: string, input: z.infer<typeof newChecklistInput>, now: Date) {
  const e = await enterpriseOfForWrite(tx, actor, enterpriseId, canManageInspections, MANAGE);
  const ids = [...new Set(input.templateIds)];
  const templates = ids.length
    ? await tx
        .select()
        .from(checklistTemplates)
        .where(and(inArray(checklistTemplates.id, ids), or(isNull(checklistTemplates.enterpriseId), eq(checklistTemplates.enterpriseId, e.id))))
    : [];
  if (templates.length !== ids.length) throw fieldError("templateIds", "模板不存在或不属于本企业");
  const items: ChecklistItem[] = [];
  for (const id of ids) {
    const t = templates.find((x) => x.id === id)!;
    // Item ids name their template: "s01-3" (standard template …01, item 3), "t9f2c-1" (an enterprise's template).
    const prefix = t.enterpriseId ? `t${t.id.slice(-4)}` : `s${t.id.slice(-2)}`;
    for (const [i, it] of (t.items as { content: string; basis?: string; category?: string }[]).entries()) {
      items.push({ id: `${prefix}-${i + 1}`, content: it.content, basis: it.basis || t.basis, category: it.category ?? "", templateId: t.id });
    }
  }
  items.push(
    ...withIds(
      input.extraItems.map(({ id: _id, ...it }) => it),
      items,
    ),
  );
  if (items.length === 0) throw fieldError("templateIds", "请至少选择一个模板或填写一项自定义排查项");
  const [row] = await tx.insert(enterpriseChecklists).values({ enterpriseId: e.id, name: input.name, items, createdAt: now, updatedAt: now }).returning();
  await appendAudit(tx, actor, { action: "checklist.create", targetType: "checklist", targetId: row!.id, enterpriseId: e.id, before: null, after: row }, now);
  return row!;
}

export async function loadChecklist(db: Queryable, id: string, lock = false): Promise<ChecklistRow> {
  if (!UUID.test(id)) throw notFound("清单");
  const q = db.select().from(enterpriseChecklists).where(eq(enterpriseChecklists.id, id));
  const [row] = lock ? await q.for("update") : await q;
  if (!row) throw notFound("清单");
  return row;
}

/** The enterprise with its township-level region codes (from the regions table's levels). */
async function partyRef(db: Queryable, e: EnterpriseRow) {
  const codes = e.regionPath.split("/").filter(Boolean);
  const chain = codes.length ? await db.select({ code: regions.code, level: regions.level }).from(regions).where(inArray(regions.code, codes)) : [];
  return { id: e.id, regionPath: e.regionPath, sector: e.sector as Sector, townshipCodes: townshipRegionCodes(chain) };
}

async function confirmationsOf(db: Queryable, list: ChecklistRow) {
  return db
    .select()
    .from(checklistConfirmations)
    .where(and(eq(checklistConfirmations.checklistId, list.id), eq(checklistConfirmations.version, list.version)));
}

export async function updateChecklist(tx: Queryable, actor: Actor, id: string, patch: z.infer<typeof checklistPatchInput>, now: Date) {
  const current = await loadChecklist(tx, id, true);
  const e = await enterpriseOfForWrite(tx, actor, current.enterpriseId, canManageInspections, MANAGE);
  if (patch.expectedVersion !== undefined && patch.expectedVersion !== current.version) throw conflict();
  const items = patch.items ? withIds(patch.items, current.items as ChecklistItem[]) : undefined;
  const itemsChanged = !!items && JSON.stringify(items) !== JSON.stringify(current.items);
  const next = itemsChanged ? afterItemsEdit(current.status as ChecklistStatus) : null;
  const [row] = await tx
    .update(enterpriseChecklists)
    .set({
      ...(patch.name !== undefined && { name: patch.name }),
      ...(itemsChanged && { items, status: next!.status, version: current.version + 1 }),
      updatedAt: now,
    })
    .where(and(eq(enterpriseChecklists.id, id), eq(enterpriseChecklists.version, current.version)))
    .returning();
  if (!row) throw conflict();
  // Confirmations are of a version: a new version has none (older rows are history and removed).
  if (next?.clearConfirmations) await tx.delete(checklistConfirmations).where(eq(checklistConfirmations.checklistId, id));
  await appendAudit(tx, actor, { action: "checklist.update", targetType: "checklist", targetId: id, enterpriseId: e.id, before: current, after: row }, now);
  return row;
}

export async function submitChecklist(tx: Queryable, actor: Actor, id: string, expectedVersion: number | undefined, now: Date) {
  const current = await loadChecklist(tx, id, true);
  const e = await enterpriseOfForWrite(tx, actor, current.enterpriseId, canManageInspections, "只有企业主要负责人、安全管理人员可以提交清单");
  if (expectedVersion !== undefined && expectedVersion !== current.version) throw conflict();
  const r = submitRefusal(current.status as ChecklistStatus, (current.items as unknown[]).length);
  if (r) throw refuse(r);
  const [row] = await tx
    .update(enterpriseChecklists)
    .set({ status: "confirming", updatedAt: now })
    .where(and(eq(enterpriseChecklists.id, id), eq(enterpriseChecklists.status, "draft"), eq(enterpriseChecklists.version, current.version)))
    .returning();
  if (!row) throw conflict();
  await appendAudit(tx, actor, { action: "checklist.submit", targetType: "checklist", targetId: id, enterpriseId: e.id, before: current, after: row }, now);
  return row;
}

export async function confirmChecklist(tx: Queryable, actor: Actor, id: string, input: { comment?: string; expectedVersion?: number }, now: Date) {
  const current = await loadChecklist(tx, id, true);
  const e = await enterpriseOfForWrite(tx, actor, current.enterpriseId, () => true, CHECKLIST_REFUSALS.CHECKLIST_NOT_PARTY).catch((err) => {
    throw err instanceof AppError && err.statusCode === 403 ? refuse("CHECKLIST_NOT_PARTY") : err;
  });
  if (input.expectedVersion !== undefined && input.expectedVersion !== current.version) throw conflict();
  const party = confirmingPartyOf(actor, await partyRef(tx, e));
  const done = (await confirmationsOf(tx, current)).map((c) => c.party as ChecklistParty);
  const r = confirmRefusal(current.status as ChecklistStatus, done, party);
  if (r) throw refuse(r);
  await tx.insert(checklistConfirmations).values({
    checklistId: id,
    party: party!,
    version: current.version,
    userId: actor.userId,
    userName: actor.displayName,
    at: now,
    comment: input.comment ?? "",
  });
  const status = statusAfterConfirmations([...done, party!]);
  const [row] = await tx
    .update(enterpriseChecklists)
    .set({ status, updatedAt: now })
    .where(and(eq(enterpriseChecklists.id, id), eq(enterpriseChecklists.version, current.version), eq(enterpriseChecklists.status, "confirming")))
    .returning();
  if (!row) throw conflict();
  await appendAudit(
    tx,
    actor,
    {
      action: "checklist.confirm",
      targetType: "checklist",
      targetId: id,
      enterpriseId: e.id,
      before: { status: current.status },
      after: { party, status, version: current.version },
    },
    now,
  );
  return row;
}

export async function presentChecklist(db: Queryable, actor: Actor, list: ChecklistRow, e: EnterpriseRow, withItems = true) {
  const conf = await confirmationsOf(db, list);
  const party = confirmingPartyOf(actor, await partyRef(db, e));
  const done = conf.map((c) => c.party as ChecklistParty);
  const items = list.items as ChecklistItem[];
  return {
    id: list.id,
    enterpriseId: list.enterpriseId,
    enterpriseName: e.name,
    name: list.name,
    status: list.status,
    version: list.version,
    itemCount: items.length,
    ...(withItems && { items }),
    confirmations: Object.fromEntries(
      CHECKLIST_PARTY_CODES.map((p) => {
        const c = conf.find((x) => x.party === p);
        return [p, c ? { userId: c.userId, userName: c.userName, at: c.at.toISOString(), comment: c.comment } : null];
      }),
    ) as Record<ChecklistParty, { userId: string; userName: string; at: string; comment: string } | null>,
    myParty: party,
    abilities: {
      edit: canManageInspections(actor, e),
      submit: canManageInspections(actor, e) && submitRefusal(list.status as ChecklistStatus, items.length) === null,
      confirm: confirmRefusal(list.status as ChecklistStatus, done, party) === null,
      selfCheck: list.status === "confirmed" && canRecordInspections(actor, e),
    },
    createdAt: list.createdAt.toISOString(),
    updatedAt: list.updatedAt.toISOString(),
  };
}

export async function listChecklists(db: Queryable, actor: Actor, e: EnterpriseRow) {
  const rows = await db.select().from(enterpriseChecklists).where(eq(enterpriseChecklists.enterpriseId, e.id)).orderBy(desc(enterpriseChecklists.updatedAt));
  return Promise.all(rows.map((r) => presentChecklist(db, actor, r, e, false)));
}

// ---------------------------------------------------------------------------------------------
// Self-checks (自查)

export const selfCheckInput = z.object({
  results: z
    .array(
      z
        .object({
          itemId: z.string().min(1).max(64),
          result: z.enum(["pass", "fail", "na"], { error: "结果应为 pass（符合）、fail（不符合）或 na（不适用）" }),
          note: z.string().trim().max(1000).default(""),
          evidenceIds: z
            .array(z.uuid({ error: "证据照片无效" }))
            .max(20)
            .default([]),
          hazard: z
            .object({
              title: z.string().trim().min(1, { error: "隐患名称不能为空" }).max(200),
              description: z.string().trim().max(2000).default(""),
              dangerType: z
                .number()
                .int()
                .refine((v) => v in HAZARD_TYPES, { error: "隐患类型应为 1–8" })
                .optional(),
            })
            .optional(),
        })
        .superRefine((r, ctx) => {
          if (r.result === "fail" && !r.note && !r.hazard) ctx.addIssue({ code: "custom", path: ["note"], message: "不符合项须说明情况" });
        }),
    )
    .min(1, { error: "至少填写一项结果" })
    .max(600),
});

export async function runSelfCheck(tx: Queryable, actor: Actor, id: string, input: z.infer<typeof selfCheckInput>, now: Date) {
  const list = await loadChecklist(tx, id);
  const e = await enterpriseOfForWrite(tx, actor, list.enterpriseId, canRecordInspections, "只有本企业人员或指派的第三方专家可以自查");
  if (list.status !== "confirmed") throw refuse("CHECKLIST_NOT_CONFIRMED");
  const items = new Map((list.items as ChecklistItem[]).map((i) => [i.id, i]));
  const seen = new Set<string>();
  for (const [i, r] of input.results.entries()) {
    if (!items.has(r.itemId) || seen.has(r.itemId)) throw fieldError(`results.${i}.itemId`, "排查项不在清单中或重复");
    seen.add(r.itemId);
    await assertEvidence(tx, e.id, r.evidenceIds, `results.${i}.evidenceIds`);
  }
  const missing = [...items.keys()].filter((k) => !seen.has(k));
  if (missing.length) throw fieldError("results", `清单中还有 ${missing.length} 项未填写结果`);
  const results = [];
  for (const r of input.results) {
    const item = items.get(r.itemId)!;
    let hazardId: string | null = null;
    if (r.result === "fail") {
      const title = r.hazard?.title ?? `${item.content.slice(0, 180)}（自查不符合）`;
      const h = await createHazard(
        tx,
        actor,
        e,
        { title, description: r.hazard?.description || r.note || title, dangerType: r.hazard?.dangerType ?? null, source: "2", evidenceIds: r.evidenceIds },
        now,
        actor.role === "expert" ? "third_party" : "enterprise",
      );
      hazardId = h.id;
    }
    results.push({ itemId: r.itemId, content: item.content, result: r.result, note: r.note, evidenceIds: r.evidenceIds, hazardId });
  }
  const [row] = await tx
    .insert(selfChecks)
    .values({ enterpriseId: e.id, checklistId: list.id, checkedBy: actor.userId, checkedByName: actor.displayName, checkedAt: now, results })
    .returning();
  await appendAudit(
    tx,
    actor,
    {
      action: "checklist.self_check",
      targetType: "self_check",
      targetId: row!.id,
      enterpriseId: e.id,
      before: null,
      after: { checklistId: list.id, version: list.version, results },
    },
    now,
  );
  return row!;
}

export function presentSelfCheck(s: typeof selfChecks.$inferSelect) {
  const results = s.results as { result: string; hazardId: string | null }[];
  return {
    id: s.id,
    checklistId: s.checklistId,
    checkedBy: s.checkedBy,
    checkedByName: s.checkedByName,
    checkedAt: s.checkedAt.toISOString(),
    results: s.results,
    failed: results.filter((r) => r.result === "fail").length,
    hazardIds: results.flatMap((r) => (r.hazardId ? [r.hazardId] : [])),
  };
}

export async function listSelfChecks(db: Queryable, actor: Actor, id: string) {
  const list = await loadChecklist(db, id);
  await enterpriseOfForRead(db, actor, list.enterpriseId, "清单");
  const rows = await db.select().from(selfChecks).where(eq(selfChecks.checklistId, id)).orderBy(desc(selfChecks.checkedAt), asc(selfChecks.id)).limit(200);
  return { items: rows.map(presentSelfCheck) };
}
