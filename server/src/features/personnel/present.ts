/** Reading people, certificates, teams and training records as the API shows them (docs/steward.md "Personnel registry"). */
import { and, asc, desc, eq, inArray, sql, type SQL } from "drizzle-orm";
import { CERTIFICATE_TYPES, certificateState, personCertState, type Actor, type CertificateType } from "@anguan/domain";
import type { Queryable } from "../../db/client";
import { certificates, enterprises, personnel, teams, trainingRecords, users } from "../../db/schema";
import { addDays } from "../../platform/time";
import { canManage } from "./access";

export type PersonRow = typeof personnel.$inferSelect;
export type CertificateRow = typeof certificates.$inferSelect;
export type TeamRow = typeof teams.$inferSelect;

export interface CertClock {
  /** Beijing date today. */
  today: string;
  warnDays: number;
}

/** A certificate superseded by a later-valid one of the same person and type (SQL, on `certificates`). */
export const supersededSql = sql`EXISTS (SELECT 1 FROM certificates c2 WHERE c2.person_id = ${certificates.personId} AND c2.type = ${certificates.type} AND c2.valid_until > ${certificates.validUntil})`;

/** Condition on certificates.valid_until for a state (same boundaries as domain certificateState). */
export function certStateSql(col: SQL | typeof certificates.validUntil, state: "valid" | "expiring" | "expired", clock: CertClock): SQL {
  const warnUntil = addDays(clock.today, clock.warnDays);
  if (state === "expired") return sql`${col} < ${clock.today}::date`;
  if (state === "expiring") return sql`(${col} >= ${clock.today}::date AND ${col} <= ${warnUntil}::date)`;
  return sql`${col} > ${warnUntil}::date`;
}

/** The earliest of a person's per-type latest validity dates (domain personCertState), or NULL without certificates. */
export const personEffectiveSql = sql`(SELECT min(m) FROM (SELECT max(c.valid_until) AS m FROM certificates c WHERE c.person_id = ${personnel.id} GROUP BY c.type) x)`;

export function presentCertificate(c: CertificateRow, clock: CertClock, superseded = false) {
  return {
    id: c.id,
    personId: c.personId,
    enterpriseId: c.enterpriseId,
    type: c.type,
    typeName: CERTIFICATE_TYPES[c.type as CertificateType]?.zh ?? c.type,
    title: c.title,
    number: c.number,
    issuer: c.issuer,
    issuedOn: c.issuedOn,
    validUntil: c.validUntil,
    scanSha256: c.scanSha256,
    state: certificateState(c.validUntil, clock.today, clock.warnDays),
    superseded,
    remindedState: c.remindedState,
  };
}
export type CertificateView = ReturnType<typeof presentCertificate>;

/** Certificates of these people, by person, each marked superseded or not. */
export async function certificatesOf(db: Queryable, personIds: readonly string[], clock: CertClock): Promise<Map<string, CertificateView[]>> {
  const out = new Map<string, CertificateView[]>();
  if (!personIds.length) return out;
  const rows = await db
    .select()
    .from(certificates)
    .where(inArray(certificates.personId, [...personIds]))
    .orderBy(asc(certificates.type), desc(certificates.validUntil));
  for (const r of rows) {
    const list = out.get(r.personId) ?? [];
    list.push(presentCertificate(r, clock));
    out.set(r.personId, list);
  }
  for (const list of out.values()) for (const c of list) c.superseded = list.some((o) => o.type === c.type && o.validUntil > c.validUntil);
  return out;
}

const personColumns = {
  person: personnel,
  enterpriseName: enterprises.name,
  teamName: teams.name,
  userName: users.displayName,
  username: users.username,
};

/** People with their enterprise, team and login names. */
export async function selectPeople(db: Queryable, where: SQL | undefined, opts: { limit?: number; offset?: number } = {}) {
  let q = db
    .select(personColumns)
    .from(personnel)
    .innerJoin(enterprises, eq(enterprises.id, personnel.enterpriseId))
    .leftJoin(teams, eq(teams.id, personnel.teamId))
    .leftJoin(users, eq(users.id, personnel.userId))
    .where(where)
    .orderBy(asc(enterprises.name), desc(personnel.active), asc(personnel.name), asc(personnel.id))
    .$dynamic();
  if (opts.limit !== undefined) q = q.limit(opts.limit);
  if (opts.offset !== undefined) q = q.offset(opts.offset);
  return q;
}
type PersonJoin = Awaited<ReturnType<typeof selectPeople>>[number];

export function presentPerson(r: PersonJoin, certs: CertificateView[], clock: CertClock) {
  const p = r.person;
  return {
    id: p.id,
    enterpriseId: p.enterpriseId,
    enterpriseName: r.enterpriseName,
    name: p.name,
    kind: p.kind,
    contractorCompany: p.contractorCompany,
    idNumberMasked: p.idNumberMasked,
    phone: p.phone,
    department: p.department,
    post: p.post,
    teamId: p.teamId,
    teamName: r.teamName ?? null,
    keyGroup: p.keyGroup,
    userId: p.userId,
    userName: r.userName ?? null,
    username: r.username ?? null,
    active: p.active,
    version: p.version,
    certificates: certs,
    certState: personCertState(certs, clock.today, clock.warnDays),
  };
}
export type PersonView = ReturnType<typeof presentPerson>;

export async function presentPeople(db: Queryable, rows: PersonJoin[], clock: CertClock): Promise<PersonView[]> {
  const certs = await certificatesOf(
    db,
    rows.map((r) => r.person.id),
    clock,
  );
  return rows.map((r) => presentPerson(r, certs.get(r.person.id) ?? [], clock));
}

export function presentRecord(r: typeof trainingRecords.$inferSelect, personName: string) {
  return { id: r.id, personId: r.personId, personName, kind: r.kind, sourceId: r.sourceId, title: r.title, day: r.day, hours: r.hours, result: r.result };
}

export async function recordsOf(db: Queryable, personId: string, personName: string) {
  const rows = await db
    .select()
    .from(trainingRecords)
    .where(eq(trainingRecords.personId, personId))
    .orderBy(desc(trainingRecords.day), desc(trainingRecords.recordedAt));
  return rows.map((r) => presentRecord(r, personName));
}

/** One person as the detail page shows it: the person, certificates, training records and what the actor may do. */
export async function personDetail(db: Queryable, actor: Actor, id: string, clock: CertClock) {
  const [row] = await selectPeople(db, eq(personnel.id, id));
  if (!row) return null;
  const [view] = await presentPeople(db, [row], clock);
  const [e] = await db.select().from(enterprises).where(eq(enterprises.id, row.person.enterpriseId));
  const manage = !!e && canManage(actor, e);
  return { ...view!, trainingRecords: await recordsOf(db, id, row.person.name), abilities: { edit: manage, manageCertificates: manage } };
}

export async function presentTeams(db: Queryable, where: SQL | undefined) {
  const leader = sql<string | null>`(SELECT p.name FROM personnel p WHERE p.id = ${teams.leaderPersonId})`;
  const members = sql<number>`(SELECT count(*)::int FROM personnel p WHERE p.team_id = ${teams.id} AND p.active)`;
  const rows = await db
    .select({ team: teams, leaderName: leader, memberCount: members, enterpriseName: enterprises.name })
    .from(teams)
    .innerJoin(enterprises, eq(enterprises.id, teams.enterpriseId))
    .where(where)
    .orderBy(asc(enterprises.name), desc(teams.active), asc(teams.name));
  return rows.map((r) => ({
    id: r.team.id,
    enterpriseId: r.team.enterpriseId,
    enterpriseName: r.enterpriseName,
    name: r.team.name,
    leaderPersonId: r.team.leaderPersonId,
    leaderName: r.leaderName,
    leaderUserId: r.team.leaderUserId,
    memberCount: Number(r.memberCount),
    active: r.team.active,
  }));
}

export const teamById = async (db: Queryable, id: string) => (await presentTeams(db, and(eq(teams.id, id))))[0] ?? null;
