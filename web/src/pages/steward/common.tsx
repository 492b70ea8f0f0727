/** Shared bits of the safety-steward pages: whose enterprise, who may write, the caller's person, labels and tags. */
import { CERTIFICATE_TYPES, CERTIFICATE_TYPE_CODES } from "@anguan/domain";
import { Tag } from "antd";
import type { TFunction } from "i18next";
import { useMemo } from "react";
import { useTranslation } from "react-i18next";
import { useLocation, useSearchParams } from "react-router";
import { useCurrentUser } from "../../components/MeContext";
import { usePersonnel } from "./queries";
import type { CertState, KeyGroup, PeriodStatus } from "./types";

export const KEY_GROUPS: KeyGroup[] = ["main_leader", "safety_manager", "special_operation"];
const MANAGER_ROLES = ["admin", "enterprise_leader", "enterprise_safety"];

/**
 * The enterprise a steward page works on: an enterprise user's own, or (regulators, experts, admin) the one picked
 * with the enterprise picker, kept in the URL (?enterpriseId=). `manager`: may write (managers of the enterprise, admin).
 */
export function useStewardEnterprise() {
  const me = useCurrentUser();
  const [params, setParams] = useSearchParams();
  const own = me.abilities.ownEnterpriseId ?? (me.scope.kind === "enterprise" ? (me.scope.enterpriseId ?? null) : null);
  const picked = params.get("enterpriseId") ?? undefined;
  const enterpriseId = own ?? picked;
  const setEnterprise = (id?: string) =>
    setParams(
      (prev) => {
        const next = new URLSearchParams(prev);
        if (id) next.set("enterpriseId", id);
        else next.delete("enterpriseId");
        next.delete("page");
        return next;
      },
      { replace: true },
    );
  const manager = MANAGER_ROLES.includes(me.role) && (!!own || me.role === "admin");
  return { me, own, enterpriseId, multi: !own, manager, setEnterprise };
}

/** Inside the phone shell (/m/…)? */
export function useInMobileShell(): boolean {
  return useLocation().pathname.startsWith("/m/");
}

/** The caller's own person record (personnel.userId = the login), for training and briefings. */
export function useMyPerson(enterpriseId: string | undefined) {
  const me = useCurrentUser();
  const name = me.displayName.replace(/[（(].*[)）]/g, "").trim();
  const byName = usePersonnel({ enterpriseId, q: name || undefined, pageSize: 50 }, !!enterpriseId);
  const found = byName.data?.items.find((p) => p.userId === me.id);
  const all = usePersonnel({ enterpriseId, pageSize: 200 }, !!enterpriseId && !!byName.data && !found);
  return { person: found ?? all.data?.items.find((p) => p.userId === me.id) ?? null, isPending: byName.isPending };
}

export function certTypeName(type: string, lang: string, title?: string | null): string {
  const entry = (CERTIFICATE_TYPES as Record<string, { zh: string; en: string }>)[type];
  const base = entry ? (lang === "en" ? entry.en : entry.zh) : type;
  return type === "other" && title ? title : base;
}

export function useCertTypeOptions() {
  const { i18n } = useTranslation();
  return useMemo(() => CERTIFICATE_TYPE_CODES.map((c) => ({ value: c, label: certTypeName(c, i18n.language) })), [i18n.language]);
}

const CERT_COLORS: Record<string, string> = { valid: "green", expiring: "orange", expired: "red", none: "default" };

export function certStateLabel(t: TFunction, s: string): string {
  switch (s) {
    case "valid":
      return t("personnel.certStates.valid");
    case "expiring":
      return t("personnel.certStates.expiring");
    case "expired":
      return t("personnel.certStates.expired");
    default:
      return t("personnel.certStates.none");
  }
}

export function CertStateTag({ state }: { state: CertState | "none" | string }) {
  const { t } = useTranslation();
  return (
    <Tag color={CERT_COLORS[state] ?? "default"} bordered={false} data-testid="cert-state" data-state={state}>
      {certStateLabel(t, state)}
    </Tag>
  );
}

export function keyGroupLabel(t: TFunction, g: string | null | undefined): string {
  switch (g) {
    case "main_leader":
      return t("personnel.keyGroups.main_leader");
    case "safety_manager":
      return t("personnel.keyGroups.safety_manager");
    case "special_operation":
      return t("personnel.keyGroups.special_operation");
    default:
      return "";
  }
}

export function useKeyGroupOptions() {
  const { t } = useTranslation();
  return KEY_GROUPS.map((g) => ({ value: g, label: keyGroupLabel(t, g) }));
}

export const PERIOD_COLORS: Record<PeriodStatus, string> = { done: "green", overdue: "red", due: "orange", pending: "default" };

export function periodStatusLabel(t: TFunction, s: string): string {
  switch (s) {
    case "done":
      return t("duties.periodStatus.done");
    case "overdue":
      return t("duties.periodStatus.overdue");
    case "due":
      return t("duties.periodStatus.due");
    default:
      return t("duties.periodStatus.pending");
  }
}

export function trainingKindLabel(t: TFunction, k: string): string {
  switch (k) {
    case "course":
      return t("training.recordKinds.course");
    case "exam":
      return t("training.recordKinds.exam");
    case "briefing":
      return t("training.recordKinds.briefing");
    case "external":
      return t("training.recordKinds.external");
    default:
      return k;
  }
}

export function questionKindLabel(t: TFunction, k: string): string {
  switch (k) {
    case "single":
      return t("training.kinds.single");
    case "multiple":
      return t("training.kinds.multiple");
    case "judge":
      return t("training.kinds.judge");
    default:
      return k;
  }
}

/** A percentage for a ratio 0–1 (or a number already in per cent when above 1). */
export function percent(v: number | null | undefined): string {
  if (v === null || v === undefined || Number.isNaN(v)) return "—";
  const p = v <= 1 ? v * 100 : v;
  return `${Math.round(p * 10) / 10}%`;
}
