/**
 * 一企一清单 (an enterprise's own inspection work list) and its three-party confirmation.
 *
 * draft (草稿) → submit → confirming (确认中) → confirmed (已确认, when all three parties have confirmed the current version).
 * The three parties: the enterprise (its 主要负责人, role enterprise_leader), the township (属地乡镇/街道 safety official:
 * a regulator whose jurisdiction is the enterprise's township-level region) and an expert (第三方专家 of a firm the
 * enterprise is assigned to). Changing the items of a list that is confirming or confirmed makes a new version, back to
 * draft, and clears the confirmations. Self-checks (自查) run only against a confirmed list.
 */
import { z } from "zod";
import type { RegionLevel } from "./regions";
import { inScope, type Actor, type EnterpriseScopeRef } from "./scope";

export const CHECKLIST_STATUSES = {
  draft: { zh: "草稿", en: "Draft" },
  confirming: { zh: "确认中", en: "Awaiting confirmation" },
  confirmed: { zh: "已确认", en: "Confirmed" },
} as const;
export type ChecklistStatus = keyof typeof CHECKLIST_STATUSES;

export const CHECKLIST_PARTIES = {
  enterprise: { zh: "企业主要负责人", en: "Enterprise principal" },
  township: { zh: "属地乡镇（街道）安全监管人员", en: "Township safety official" },
  expert: { zh: "第三方专家", en: "Third-party expert" },
} as const;
export type ChecklistParty = keyof typeof CHECKLIST_PARTIES;
export const CHECKLIST_PARTY_CODES = Object.keys(CHECKLIST_PARTIES) as ChecklistParty[];

/** Results of a self-check item: 符合 / 不符合 / 不适用. */
export const SELF_CHECK_RESULTS = {
  pass: { zh: "符合", en: "Pass" },
  fail: { zh: "不符合", en: "Fail" },
  na: { zh: "不适用", en: "Not applicable" },
} as const;
export type SelfCheckResult = keyof typeof SELF_CHECK_RESULTS;

export const CHECKLIST_REFUSALS = {
  CHECKLIST_NOT_PARTY: "您不是该清单的确认方（企业主要负责人、属地乡镇安全监管人员或指派的第三方专家）",
  CHECKLIST_NOT_CONFIRMING: "清单未处于待确认状态",
  CHECKLIST_ALREADY_CONFIRMED: "该确认方已确认本版本清单",
  CHECKLIST_NOT_DRAFT: "只有草稿状态的清单可以提交确认",
  CHECKLIST_EMPTY: "清单没有排查项，不能提交",
  CHECKLIST_NOT_CONFIRMED: "清单尚未经三方确认，不能据此自查",
} as const;
export type ChecklistRefusal = keyof typeof CHECKLIST_REFUSALS;

/**
 * The township-level regions of an enterprise, from its region chain (root → leaf, with levels from the regions table):
 * the region of level `township` (乡镇/街道), and a development zone or park (`zone`) on the chain, whose safety body
 * acts as the township-level 属地 body there (安全生产法 Art. 9). Counties and cities are not township parties.
 */
export function townshipRegionCodes(chain: readonly { code: string; level: RegionLevel | string }[]): string[] {
  return chain.filter((r) => r.level === "township" || r.level === "zone").map((r) => r.code);
}

export interface ChecklistEnterpriseRef extends EnterpriseScopeRef {
  /** From `townshipRegionCodes`. */
  townshipCodes: readonly string[];
}

/** As which party may the actor confirm the enterprise's list? null = none (→ 403). */
export function confirmingPartyOf(actor: Actor, e: ChecklistEnterpriseRef): ChecklistParty | null {
  switch (actor.role) {
    case "enterprise_leader":
      return actor.scope.kind === "enterprise" && actor.scope.enterpriseId === e.id ? "enterprise" : null;
    case "regulator":
      return actor.scope.kind === "jurisdiction" && e.townshipCodes.includes(actor.scope.regionCode) && inScope(actor.scope, e) ? "township" : null;
    case "expert":
      return actor.scope.kind === "assigned" && actor.scope.enterpriseIds.includes(e.id) ? "expert" : null;
    default:
      return null;
  }
}

/** Why the party may not confirm now, or null. State refusals come first (→ 409), then the party (→ 403). */
export function confirmRefusal(status: ChecklistStatus, confirmed: readonly ChecklistParty[], party: ChecklistParty | null): ChecklistRefusal | null {
  if (status !== "confirming") return "CHECKLIST_NOT_CONFIRMING";
  if (!party) return "CHECKLIST_NOT_PARTY";
  if (confirmed.includes(party)) return "CHECKLIST_ALREADY_CONFIRMED";
  return null;
}

/** Status once `confirmed` (after this confirmation) have confirmed the current version. */
export function statusAfterConfirmations(confirmed: readonly ChecklistParty[]): ChecklistStatus {
  return CHECKLIST_PARTY_CODES.every((p) => confirmed.includes(p)) ? "confirmed" : "confirming";
}

export function submitRefusal(status: ChecklistStatus, itemCount: number): ChecklistRefusal | null {
  if (status !== "draft") return "CHECKLIST_NOT_DRAFT";
  if (itemCount === 0) return "CHECKLIST_EMPTY";
  return null;
}

/** Editing a list: a confirming or confirmed list goes back to draft and loses its confirmations (a new version either way). */
export function afterItemsEdit(status: ChecklistStatus): { status: ChecklistStatus; clearConfirmations: boolean } {
  return { status: "draft", clearConfirmations: status !== "draft" };
}

export const CHECKLIST_REFUSAL_STATUS: Record<ChecklistRefusal, 403 | 409> = {
  CHECKLIST_NOT_PARTY: 403,
  CHECKLIST_NOT_CONFIRMING: 409,
  CHECKLIST_ALREADY_CONFIRMED: 409,
  CHECKLIST_NOT_DRAFT: 409,
  CHECKLIST_EMPTY: 409,
  CHECKLIST_NOT_CONFIRMED: 409,
};

// ---------------------------------------------------------------------------------------------
// Items and inputs

export interface ChecklistItem {
  /** Stable within the list (kept across versions), e.g. "t3-7" or "own-2". */
  id: string;
  content: string;
  /** 依据: the standard and clause, or the enterprise's own rule. */
  basis: string;
  category: string;
  templateId: string | null;
}

const text = (label: string, max: number) =>
  z
    .string({ error: `${label}应为文本` })
    .trim()
    .max(max, { error: `${label}不能超过 ${max} 个字` });
const required = (label: string, max: number) => text(label, max).min(1, { error: `${label}不能为空` });

export const checklistItemInput = z.object({
  id: z.string().max(64).optional(),
  content: required("排查内容", 500),
  basis: text("依据", 300).default(""),
  category: text("类别", 50).default(""),
});
export type ChecklistItemInput = z.infer<typeof checklistItemInput>;

export const checklistTemplateInput = z.object({
  name: required("模板名称", 100),
  basis: text("依据", 300).default(""),
  sectors: z.array(z.string().max(40)).max(50).default([]),
  items: z.array(checklistItemInput).min(1, { error: "模板至少包含一个排查项" }).max(300, { error: "模板最多 300 个排查项" }),
});
