/**
 * Who may see and change what. One mechanism for every endpoint: an actor's scope is derived once per
 * request; queries filter by it, and single-record checks use the same rules. Out of scope: reads 404, writes 403.
 */
import type { Sector } from "./sectors";

/** Roles (角色). Organisation kinds decide which roles a user may hold. */
export const ROLES = {
  admin: { zh: "系统管理员", en: "System administrator", orgKind: "platform" },
  regulator: { zh: "监管人员", en: "Regulator", orgKind: "gov" },
  enterprise_leader: { zh: "主要负责人", en: "Principal (main leader)", orgKind: "enterprise" },
  enterprise_safety: { zh: "安全管理人员", en: "Safety manager", orgKind: "enterprise" },
  enterprise_staff: { zh: "岗位员工", en: "Employee", orgKind: "enterprise" },
  expert: { zh: "第三方专家", en: "Third-party expert", orgKind: "third_party" },
} as const;
export type Role = keyof typeof ROLES;
export const ROLE_CODES = Object.keys(ROLES) as Role[];

export const ORG_KINDS = {
  platform: { zh: "平台", en: "Platform" },
  gov: { zh: "政府部门", en: "Government body" },
  enterprise: { zh: "企业", en: "Enterprise" },
  third_party: { zh: "第三方服务机构", en: "Third-party service organisation" },
} as const;
export type OrgKind = keyof typeof ORG_KINDS;

export type Scope =
  | { kind: "all" }
  /** A government body: its region subtree, limited to the sectors its department supervises (null = all). */
  | { kind: "jurisdiction"; regionCode: string; regionPath: string; sectors: readonly Sector[] | null }
  | { kind: "enterprise"; enterpriseId: string }
  | { kind: "assigned"; enterpriseIds: readonly string[] }
  | { kind: "none" };

export interface Actor {
  userId: string;
  username: string;
  displayName: string;
  role: Role;
  orgId: string;
  orgName: string;
  scope: Scope;
}

/** What a single enterprise record must expose for scope checks. */
export interface EnterpriseScopeRef {
  id: string;
  regionPath: string;
  sector: Sector;
}

export function inScope(scope: Scope, e: EnterpriseScopeRef): boolean {
  switch (scope.kind) {
    case "all":
      return true;
    case "jurisdiction":
      return e.regionPath.startsWith(scope.regionPath) && (scope.sectors === null || scope.sectors.includes(e.sector));
    case "enterprise":
      return scope.enterpriseId === e.id;
    case "assigned":
      return scope.enterpriseIds.includes(e.id);
    case "none":
      return false;
  }
}

const ENTERPRISE_EDITORS: readonly Role[] = ["admin", "regulator", "enterprise_leader", "enterprise_safety"];

/** May the actor read this enterprise's file? */
export function canReadEnterprise(actor: Actor, e: EnterpriseScopeRef): boolean {
  return inScope(actor.scope, e);
}

/** May the actor change this enterprise's file (basic information, licences, contacts, attachments)? */
export function canWriteEnterprise(actor: Actor, e: EnterpriseScopeRef): boolean {
  return ENTERPRISE_EDITORS.includes(actor.role) && inScope(actor.scope, e);
}

/** May the actor register a new enterprise with this region and sector? Enterprise users and experts may not. */
export function canCreateEnterprise(actor: Actor, target: { regionPath: string; sector: Sector }): boolean {
  if (actor.role === "admin") return true;
  if (actor.role !== "regulator") return false;
  return inScope(actor.scope, { id: "", ...target });
}

/** Fields an enterprise's own users may not change: they decide who supervises the enterprise. */
export const REGULATOR_ONLY_FIELDS = ["creditCode", "regionCode", "sector", "supervisionLevel", "name"] as const;

export function lockedFieldsFor(actor: Actor): readonly string[] {
  return actor.role === "admin" || actor.role === "regulator" ? [] : REGULATOR_ONLY_FIELDS;
}

/** Platform-wide abilities, sent to the client so the UI shows only what the user may do. */
export interface Abilities {
  enterprises: { list: boolean; create: boolean; import: boolean; export: boolean };
  users: { manage: boolean };
  audit: { view: boolean };
  ownEnterpriseId: string | null;
}

export function abilitiesOf(actor: Actor): Abilities {
  const isAdmin = actor.role === "admin";
  const isGov = actor.role === "regulator";
  return {
    enterprises: {
      list: actor.scope.kind !== "enterprise" && actor.scope.kind !== "none",
      create: isAdmin || isGov,
      import: isAdmin || isGov,
      export: isAdmin || isGov || actor.role === "expert",
    },
    users: { manage: isAdmin },
    audit: { view: isAdmin },
    ownEnterpriseId: actor.scope.kind === "enterprise" ? actor.scope.enterpriseId : null,
  };
}

/** Narrow a regulator's jurisdiction to a requested region code, or report it as outside. */
export function sectorsVisible(scope: Scope, all: readonly Sector[]): readonly Sector[] {
  return scope.kind === "jurisdiction" && scope.sectors ? scope.sectors : all;
}
