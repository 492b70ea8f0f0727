/** Readable labels of audit events ("enterprise.update" → 企业档案 · 修改), shared by the history tab and the audit log. */
import type { TFunction } from "i18next";
import { tDynamic } from "./i18nKeys";

/** The server names sub-records by their URL segment ("licences"); labels use the singular. */
export const singular = (targetType: string) => targetType.replace(/s$/, "");

/** "enterprise.update" / "update" → 修改; unknown actions stay as they are. */
export function actionLabel(t: TFunction, action: string): string {
  const verb = action.split(/[.:/]/).pop() ?? action;
  return tDynamic(t, `history.actions.${verb}`, action);
}

export function targetLabel(t: TFunction, targetType: string): string {
  return tDynamic(t, `history.targets.${singular(targetType)}`, targetType);
}

/** "licences.delete" → "证照 · 删除"; the raw code when nothing is known about it. */
export function eventLabel(t: TFunction, action: string, targetType?: string): string {
  const target = targetType ?? action.split(".")[0] ?? "";
  return `${targetLabel(t, target)} · ${actionLabel(t, action)}`;
}

/** The actions the server records (docs/api.md), for the audit log's filter. */
export const AUDIT_ACTIONS = [
  "enterprise.create",
  "enterprise.update",
  "enterprise.import",
  "licences.create",
  "licences.update",
  "licences.delete",
  "contacts.create",
  "contacts.update",
  "contacts.delete",
  "attachments.create",
  "attachments.delete",
  "user.create",
  "user.update",
  "user.reset_password",
  "user.change_password",
  "organization.create",
  "assignment.create",
  "assignment.delete",
  "system.seed",
] as const;

export const AUDIT_TARGETS = ["enterprise", "licences", "contacts", "attachments", "user", "organization", "assignment", "system"] as const;
