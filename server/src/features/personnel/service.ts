/**
 * Use cases of the personnel registry: people, their certificates, teams. Each runs in the caller's transaction
 * with the enterprise locked (access.enterpriseToManage) and appends its audit event there.
 */
import { and, eq, ne } from "drizzle-orm";
import { checkIdNumber, maskIdNumber, type Actor } from "@anguan/domain";
import type { Queryable } from "../../db/client";
import { certificates, files, organizations, personnel, teams, users } from "../../db/schema";
import { appendAudit } from "../../platform/audit";
import { AppError, fieldError, notFound } from "../../platform/errors";
import type { EnterpriseRow } from "../../platform/scope";
import { enterpriseToManage, isUuid } from "./access";
import type { CertificateRow, PersonRow, TeamRow } from "./present";
import type { CertificateInput, CertificatePatch, PersonInput, PersonPatch } from "./schemas";

const isUniqueViolation = (e: unknown, index: string) =>
  (e as { code?: string })?.code === "23505" || new RegExp(`${index}|duplicate key`, "i").test(String((e as Error)?.message ?? ""));

/** A file stored through POST /api/files, or 400 on `field`. */
export async function requireFile(tx: Queryable, sha256: string, field: string) {
  const [f] = await tx.select().from(files).where(eq(files.sha256, sha256.toLowerCase()));
  if (!f) throw fieldError(field, "文件不存在，请先上传（POST /api/files）");
  return f;
}

async function requireTeam(tx: Queryable, enterpriseId: string, teamId: string) {
  const [t] = await tx
    .select()
    .from(teams)
    .where(and(eq(teams.id, teamId), eq(teams.enterpriseId, enterpriseId)));
  if (!t) throw fieldError("teamId", "班组不属于本企业");
  if (!t.active) throw fieldError("teamId", "班组已停用");
  return t;
}

/** The login must be an active user of the same enterprise, and not already another active person's. */
async function requireUser(tx: Queryable, enterpriseId: string, userId: string, exceptPersonId: string | null) {
  const [u] = await tx
    .select({ id: users.id, displayName: users.displayName })
    .from(users)
    .innerJoin(organizations, eq(organizations.id, users.orgId))
    .where(and(eq(users.id, userId), eq(organizations.enterpriseId, enterpriseId), eq(users.disabled, false)));
  if (!u) throw fieldError("userId", "登录账号不属于本企业或已停用");
  const [taken] = await tx
    .select({ id: personnel.id, name: personnel.name })
    .from(personnel)
    .where(
      and(
        eq(personnel.enterpriseId, enterpriseId),
        eq(personnel.userId, userId),
        eq(personnel.active, true),
        exceptPersonId ? ne(personnel.id, exceptPersonId) : undefined,
      ),
    )
    .limit(1);
  if (taken) throw fieldError("userId", `该登录账号已关联人员「${taken.name}」`, "PERSON_USER_TAKEN", 409);
  return u;
}

function maskedId(idNumber: string | undefined): string | undefined {
  if (idNumber === undefined) return undefined;
  if (idNumber === "") return "";
  const r = checkIdNumber(idNumber);
  if (!r.ok) throw fieldError("idNumber", r.message);
  return maskIdNumber(r.value);
}

/** What the audit keeps of a person (no identity number beyond the masked one). */
const auditPerson = (p: PersonRow) => ({
  name: p.name,
  kind: p.kind,
  contractorCompany: p.contractorCompany,
  idNumberMasked: p.idNumberMasked,
  phone: p.phone,
  department: p.department,
  post: p.post,
  teamId: p.teamId,
  keyGroup: p.keyGroup,
  userId: p.userId,
  active: p.active,
});

export async function createPerson(tx: Queryable, actor: Actor, e: EnterpriseRow, input: PersonInput, now: Date): Promise<PersonRow> {
  const kind = input.kind ?? "employee";
  if (kind === "contractor" && !input.contractorCompany) throw fieldError("contractorCompany", "承包商人员请填写所属承包商单位");
  if (input.teamId) await requireTeam(tx, e.id, input.teamId);
  if (input.userId) await requireUser(tx, e.id, input.userId, null);
  const [row] = await tx
    .insert(personnel)
    .values({
      enterpriseId: e.id,
      regionPath: e.regionPath,
      sector: e.sector,
      name: input.name,
      kind,
      contractorCompany: kind === "contractor" ? (input.contractorCompany ?? "") : "",
      idNumberMasked: maskedId(input.idNumber) ?? "",
      phone: input.phone ?? "",
      department: input.department ?? "",
      post: input.post ?? "",
      teamId: input.teamId ?? null,
      keyGroup: input.keyGroup ?? null,
      userId: input.userId ?? null,
      createdAt: now,
      updatedAt: now,
    })
    .returning();
  await appendAudit(tx, actor, { action: "person.create", targetType: "person", targetId: row!.id, enterpriseId: e.id, after: auditPerson(row!) }, now);
  return row!;
}

/** Loads a person for a change: missing 404; outside scope or read-only role 403; the row re-read under the lock. */
export async function personForWrite(tx: Queryable, actor: Actor, id: string): Promise<{ row: PersonRow; enterprise: EnterpriseRow }> {
  if (!isUuid(id)) throw notFound("人员");
  const [p] = await tx.select({ enterpriseId: personnel.enterpriseId }).from(personnel).where(eq(personnel.id, id));
  if (!p) throw notFound("人员");
  const enterprise = await enterpriseToManage(tx, actor, p.enterpriseId, "人员");
  const [row] = await tx.select().from(personnel).where(eq(personnel.id, id));
  return { row: row!, enterprise };
}

const versionConflict = (current: number) =>
  new AppError(409, "VERSION_CONFLICT", "人员信息已被他人修改，请刷新后重试", [{ field: "version", message: "版本已变化" }], { currentVersion: current });

export async function updatePerson(tx: Queryable, actor: Actor, e: EnterpriseRow, row: PersonRow, patch: PersonPatch, now: Date): Promise<PersonRow> {
  if (patch.enterpriseId && patch.enterpriseId !== row.enterpriseId) throw fieldError("enterpriseId", "不能更改人员所属企业");
  if (patch.version !== row.version) throw versionConflict(row.version);
  const kind = patch.kind ?? row.kind;
  const contractorCompany = kind === "contractor" ? (patch.contractorCompany ?? row.contractorCompany) : "";
  if (kind === "contractor" && !contractorCompany) throw fieldError("contractorCompany", "承包商人员请填写所属承包商单位");
  if (patch.teamId && patch.teamId !== row.teamId) await requireTeam(tx, e.id, patch.teamId);
  const active = patch.active ?? row.active;
  const userId = patch.userId === undefined ? row.userId : patch.userId;
  if (userId && active && (userId !== row.userId || !row.active)) await requireUser(tx, e.id, userId, row.id);
  const values = {
    name: patch.name ?? row.name,
    kind,
    contractorCompany,
    idNumberMasked: maskedId(patch.idNumber) ?? row.idNumberMasked,
    phone: patch.phone ?? row.phone,
    department: patch.department ?? row.department,
    post: patch.post ?? row.post,
    teamId: patch.teamId === undefined ? row.teamId : patch.teamId,
    keyGroup: patch.keyGroup === undefined ? row.keyGroup : patch.keyGroup,
    userId,
    active,
  };
  const [after] = await tx
    .update(personnel)
    .set({ ...values, version: row.version + 1, updatedAt: now })
    .where(and(eq(personnel.id, row.id), eq(personnel.version, row.version)))
    .returning();
  if (!after) throw versionConflict(row.version);
  // The team leader's login follows the leader person's login.
  if (after.userId !== row.userId) await tx.update(teams).set({ leaderUserId: after.userId, updatedAt: now }).where(eq(teams.leaderPersonId, row.id));
  await appendAudit(
    tx,
    actor,
    { action: "person.update", targetType: "person", targetId: row.id, enterpriseId: e.id, before: auditPerson(row), after: auditPerson(after) },
    now,
  );
  return after;
}

/** DELETE: the person leaves (inactive); certificates and training history stay. */
export async function deactivatePerson(tx: Queryable, actor: Actor, e: EnterpriseRow, row: PersonRow, now: Date): Promise<void> {
  if (!row.active) return;
  await tx
    .update(personnel)
    .set({ active: false, version: row.version + 1, updatedAt: now })
    .where(eq(personnel.id, row.id));
  await appendAudit(
    tx,
    actor,
    { action: "person.deactivate", targetType: "person", targetId: row.id, enterpriseId: e.id, before: { active: true }, after: { active: false } },
    now,
  );
}

// ---- certificates

const auditCert = (c: CertificateRow) => ({
  personId: c.personId,
  type: c.type,
  title: c.title,
  number: c.number,
  issuer: c.issuer,
  issuedOn: c.issuedOn,
  validUntil: c.validUntil,
  scanSha256: c.scanSha256,
});

async function checkCertificate(
  tx: Queryable,
  enterpriseId: string,
  c: Required<Pick<CertificateInput, "type" | "number" | "validUntil">> & CertificateInput,
  exceptId: string | null,
) {
  if (c.type === "other" && !c.title) throw fieldError("title", "类型为“其他”的证书请填写证书名称");
  if (c.issuedOn && c.issuedOn > c.validUntil) throw fieldError("validUntil", "有效期至不能早于发证日期");
  if (c.scanSha256) await requireFile(tx, c.scanSha256, "scanSha256");
  const [dup] = await tx
    .select({ id: certificates.id })
    .from(certificates)
    .where(
      and(
        eq(certificates.enterpriseId, enterpriseId),
        eq(certificates.type, c.type),
        eq(certificates.number, c.number),
        exceptId ? ne(certificates.id, exceptId) : undefined,
      ),
    )
    .limit(1);
  if (dup) throw numberTaken();
}

const numberTaken = () => fieldError("number", "本企业已登记同类型、同编号的证书", "CERTIFICATE_NUMBER_TAKEN", 409);

export async function addCertificate(
  tx: Queryable,
  actor: Actor,
  e: EnterpriseRow,
  person: PersonRow,
  input: CertificateInput,
  now: Date,
): Promise<CertificateRow> {
  await checkCertificate(tx, e.id, input, null);
  try {
    const [row] = await tx
      .insert(certificates)
      .values({
        enterpriseId: e.id,
        regionPath: e.regionPath,
        sector: e.sector,
        personId: person.id,
        type: input.type,
        title: input.title ?? "",
        number: input.number,
        issuer: input.issuer ?? "",
        issuedOn: input.issuedOn ?? null,
        validUntil: input.validUntil,
        scanSha256: input.scanSha256 ?? null,
        createdAt: now,
        updatedAt: now,
      })
      .returning();
    await appendAudit(
      tx,
      actor,
      { action: "certificate.create", targetType: "certificate", targetId: row!.id, enterpriseId: e.id, after: auditCert(row!) },
      now,
    );
    return row!;
  } catch (err) {
    if (isUniqueViolation(err, "certificates_number_uq")) throw numberTaken();
    throw err;
  }
}

export async function certificateForWrite(tx: Queryable, actor: Actor, id: string): Promise<{ row: CertificateRow; enterprise: EnterpriseRow }> {
  if (!isUuid(id)) throw notFound("证书");
  const [c] = await tx.select({ enterpriseId: certificates.enterpriseId }).from(certificates).where(eq(certificates.id, id));
  if (!c) throw notFound("证书");
  const enterprise = await enterpriseToManage(tx, actor, c.enterpriseId, "证书");
  const [row] = await tx.select().from(certificates).where(eq(certificates.id, id));
  return { row: row!, enterprise };
}

export async function updateCertificate(
  tx: Queryable,
  actor: Actor,
  e: EnterpriseRow,
  row: CertificateRow,
  patch: CertificatePatch,
  now: Date,
): Promise<CertificateRow> {
  const next = {
    type: patch.type ?? row.type,
    title: patch.title ?? row.title,
    number: patch.number ?? row.number,
    issuer: patch.issuer ?? row.issuer,
    issuedOn: patch.issuedOn === undefined ? row.issuedOn : patch.issuedOn,
    validUntil: patch.validUntil ?? row.validUntil,
    scanSha256: patch.scanSha256 === undefined ? row.scanSha256 : patch.scanSha256,
  };
  await checkCertificate(tx, e.id, { ...next, type: next.type as CertificateInput["type"] }, row.id);
  try {
    const [after] = await tx
      .update(certificates)
      .set({
        ...next,
        // A new validity date starts the reminders afresh.
        remindedState: next.validUntil !== row.validUntil ? null : row.remindedState,
        updatedAt: now,
      })
      .where(eq(certificates.id, row.id))
      .returning();
    await appendAudit(
      tx,
      actor,
      { action: "certificate.update", targetType: "certificate", targetId: row.id, enterpriseId: e.id, before: auditCert(row), after: auditCert(after!) },
      now,
    );
    return after!;
  } catch (err) {
    if (isUniqueViolation(err, "certificates_number_uq")) throw numberTaken();
    throw err;
  }
}

export async function deleteCertificate(tx: Queryable, actor: Actor, e: EnterpriseRow, row: CertificateRow, now: Date): Promise<void> {
  await tx.delete(certificates).where(eq(certificates.id, row.id));
  await appendAudit(tx, actor, { action: "certificate.delete", targetType: "certificate", targetId: row.id, enterpriseId: e.id, before: auditCert(row) }, now);
}

// ---- teams

const nameTaken = () => fieldError("name", "本企业已有同名班组", "TEAM_NAME_TAKEN", 409);

async function leaderOf(tx: Queryable, enterpriseId: string, personId: string) {
  const [p] = await tx
    .select()
    .from(personnel)
    .where(and(eq(personnel.id, personId), eq(personnel.enterpriseId, enterpriseId)));
  if (!p) throw fieldError("leaderPersonId", "班组长不属于本企业人员台账");
  if (!p.active) throw fieldError("leaderPersonId", "班组长已停用");
  return p;
}

const auditTeam = (t: TeamRow) => ({ name: t.name, leaderPersonId: t.leaderPersonId, leaderUserId: t.leaderUserId, active: t.active });

export async function createTeam(
  tx: Queryable,
  actor: Actor,
  e: EnterpriseRow,
  input: { name: string; leaderPersonId?: string | null },
  now: Date,
): Promise<TeamRow> {
  const leader = input.leaderPersonId ? await leaderOf(tx, e.id, input.leaderPersonId) : null;
  const [dup] = await tx
    .select({ id: teams.id })
    .from(teams)
    .where(and(eq(teams.enterpriseId, e.id), eq(teams.name, input.name)));
  if (dup) throw nameTaken();
  const [row] = await tx
    .insert(teams)
    .values({
      enterpriseId: e.id,
      regionPath: e.regionPath,
      sector: e.sector,
      name: input.name,
      leaderPersonId: leader?.id ?? null,
      leaderUserId: leader?.userId ?? null,
      createdAt: now,
      updatedAt: now,
    })
    .returning();
  await appendAudit(tx, actor, { action: "team.create", targetType: "team", targetId: row!.id, enterpriseId: e.id, after: auditTeam(row!) }, now);
  return row!;
}

export async function teamForWrite(tx: Queryable, actor: Actor, id: string): Promise<{ row: TeamRow; enterprise: EnterpriseRow }> {
  if (!isUuid(id)) throw notFound("班组");
  const [t] = await tx.select({ enterpriseId: teams.enterpriseId }).from(teams).where(eq(teams.id, id));
  if (!t) throw notFound("班组");
  const enterprise = await enterpriseToManage(tx, actor, t.enterpriseId, "班组");
  const [row] = await tx.select().from(teams).where(eq(teams.id, id));
  return { row: row!, enterprise };
}

export async function updateTeam(
  tx: Queryable,
  actor: Actor,
  e: EnterpriseRow,
  row: TeamRow,
  patch: { enterpriseId?: string; name?: string; leaderPersonId?: string | null; active?: boolean },
  now: Date,
): Promise<TeamRow> {
  if (patch.enterpriseId && patch.enterpriseId !== row.enterpriseId) throw fieldError("enterpriseId", "不能更改班组所属企业");
  if (patch.name && patch.name !== row.name) {
    const [dup] = await tx
      .select({ id: teams.id })
      .from(teams)
      .where(and(eq(teams.enterpriseId, e.id), eq(teams.name, patch.name), ne(teams.id, row.id)));
    if (dup) throw nameTaken();
  }
  let leaderPersonId = row.leaderPersonId;
  let leaderUserId = row.leaderUserId;
  if (patch.leaderPersonId !== undefined) {
    const leader = patch.leaderPersonId ? await leaderOf(tx, e.id, patch.leaderPersonId) : null;
    leaderPersonId = leader?.id ?? null;
    leaderUserId = leader?.userId ?? null;
  }
  const [after] = await tx
    .update(teams)
    .set({ name: patch.name ?? row.name, leaderPersonId, leaderUserId, active: patch.active ?? row.active, updatedAt: now })
    .where(eq(teams.id, row.id))
    .returning();
  await appendAudit(
    tx,
    actor,
    { action: "team.update", targetType: "team", targetId: row.id, enterpriseId: e.id, before: auditTeam(row), after: auditTeam(after!) },
    now,
  );
  return after!;
}

/** DELETE: the team is retired (inactive) — its briefings stay; members keep their team reference. */
export async function deactivateTeam(tx: Queryable, actor: Actor, e: EnterpriseRow, row: TeamRow, now: Date): Promise<void> {
  if (!row.active) return;
  await tx.update(teams).set({ active: false, updatedAt: now }).where(eq(teams.id, row.id));
  await appendAudit(
    tx,
    actor,
    { action: "team.deactivate", targetType: "team", targetId: row.id, enterpriseId: e.id, before: { active: true }, after: { active: false } },
    now,
  );
}
