/** Shapes of the HTTP API (docs/api.md). Enumeration codes are typed with the domain's code unions. */
import type { EnterpriseInput, LicenceType, OperatingStatus, OrgKind, Role, Sector } from "@anguan/domain";

export interface Abilities {
  enterprises: { list: boolean; create: boolean; import: boolean; export: boolean };
  users: { manage: boolean };
  audit: { view: boolean };
  ownEnterpriseId: string | null;
}

export interface Me {
  id: string;
  username: string;
  displayName: string;
  role: Role;
  org: { id: string; name: string; kind: OrgKind };
  scope: {
    kind: "all" | "jurisdiction" | "enterprise" | "assigned" | "none";
    regionCode?: string | null;
    /** As officials write it, from below the province down: "镇江市句容市宝华镇". */
    regionName?: string | null;
    /** The whole chain, root → leaf. */
    regionNames?: string[] | null;
    /** The department's sectors (e.g. 商务局: 商贸、餐饮); null or absent: all sectors. */
    sectors?: Sector[] | null;
    enterpriseId?: string | null;
    /** Experts: how many enterprises are assigned to their firm. */
    enterpriseCount?: number | null;
  };
  abilities: Abilities;
  mustChangePassword: boolean;
}

export interface Region {
  code: string;
  name: string;
  level: string;
  parentCode: string | null;
}

export interface Paged<T> {
  items: T[];
  total: number;
}

export interface DashboardSummary {
  enterprises: number;
  majorHazard: number;
  bySector: { sector: Sector; count: number }[];
  byStatus: { status: OperatingStatus; count: number }[];
  licencesExpiring: number;
  licencesExpired: number;
}

export interface EnterpriseSummary {
  id: string;
  name: string;
  creditCode: string;
  regionCode: string;
  regionName: string;
  sector: Sector;
  operatingStatus: OperatingStatus;
  hasMajorHazard: boolean;
  mainLeader: string;
  mainLeaderPhone: string;
  employeeCount: number | null;
  licenceAlert: "expired" | "expiring" | null;
}

export interface Enterprise extends EnterpriseInput {
  id: string;
  regionName: string;
  regionNames: string[];
  version: number;
  createdAt: string;
  updatedAt: string;
  abilities: { update: boolean; manageLicences: boolean; manageContacts: boolean; manageAttachments: boolean };
  lockedFields: string[];
}

export type LicenceState = "expired" | "expiring" | "valid" | "none";

export interface Licence {
  id: string;
  type: LicenceType;
  number: string;
  issuer: string;
  validFrom: string | null;
  validUntil: string | null;
  fileSha256: string | null;
  state: LicenceState;
}

export interface Contact {
  id: string;
  name: string;
  title: string;
  phone: string;
  note: string;
}

export interface Attachment {
  id: string;
  name: string;
  category: string;
  fileSha256: string;
  size: number;
  mime: string;
  uploadedAt: string;
  uploaderName: string;
}

export interface StoredFile {
  sha256: string;
  size: number;
  mime: string;
  name: string;
  hasThumbnail: boolean;
}

export interface HistoryChange {
  field: string;
  before: unknown;
  after: unknown;
}

export interface HistoryItem {
  id: string;
  at: string;
  actorName: string;
  action: string;
  targetType: string;
  targetId: string;
  changes: HistoryChange[];
}

export interface ImportJob {
  id: string;
  status: "validating" | "validated" | "committing" | "done" | "cancelled" | "failed";
  fileName: string;
  total: number;
  processed: number;
  validCount: number;
  errors: { row: number; column: string; reason: string }[];
  imported: number;
  message?: string;
}

/** Not spelled out in the contract; fields read defensively. */
export interface User {
  id: string;
  username: string;
  displayName: string;
  role: Role;
  orgId: string;
  orgName?: string;
  org?: { id: string; name: string; kind?: OrgKind };
  phone?: string | null;
  orgKind?: OrgKind;
  disabled: boolean;
  locked?: boolean;
  lockedUntil?: string | null;
  lastLoginAt?: string | null;
  createdAt?: string;
}

export interface Organization {
  id: string;
  name: string;
  kind: OrgKind;
  department: string | null;
  regionCode: string | null;
  enterpriseId: string | null;
}

/** An enterprise assigned to a third-party organisation (GET /api/organizations/:id/assignments). */
export interface Assignment {
  enterpriseId: string;
  name: string;
  purpose: string;
  createdAt: string;
}

export interface AuditEntry {
  id: string | number;
  at: string;
  actorName: string;
  action: string;
  targetType: string;
  targetId: string;
  before: unknown;
  after: unknown;
  hash: string;
}

export interface AuditVerify {
  ok: boolean;
  checked: number;
  firstBrokenId: string | number | null;
}
