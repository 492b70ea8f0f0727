/**
 * Accounts and sessions: argon2id password hashes, server-side sessions (cookie = random token, table = its SHA-256),
 * idle expiry, lock-out after repeated failures, and the double-submit CSRF token.
 */
import crypto from "node:crypto";
import { hash, verify } from "@node-rs/argon2";
import { and, eq, lt, sql } from "drizzle-orm";
import { DEPARTMENTS, lockoutAfterFailure, type Actor, type Department, type Role, type Scope } from "@anguan/domain";
import type { Db } from "../db/client";
import { assignments, organizations, regions, sessions, users } from "../db/schema";
import { AppError } from "./errors";

export const SESSION_COOKIE = "anguan_sid";
export const CSRF_COOKIE = "anguan_csrf";

export function hashPassword(password: string): Promise<string> {
  return hash(password, { memoryCost: 19456, timeCost: 2, parallelism: 1 }); // argon2id (the default), OWASP minimums
}

export function verifyPassword(stored: string, password: string): Promise<boolean> {
  return verify(stored, password).catch(() => false);
}

const sha256 = (s: string) => crypto.createHash("sha256").update(s).digest("hex");
const token = () => crypto.randomBytes(32).toString("base64url");

// A hash to verify against when the username is unknown, so timing does not reveal which usernames exist.
let dummyHash: Promise<string> | undefined;

export async function login(
  db: Db,
  username: string,
  password: string,
  now = new Date(),
): Promise<{ sessionToken: string; csrfToken: string; userId: string }> {
  const [user] = await db.select().from(users).where(eq(users.username, username)).limit(1);
  if (!user?.passwordHash || user.disabled) {
    dummyHash ??= hashPassword("dummy-Password#1");
    await verifyPassword(await dummyHash, password);
    throw new AppError(401, "INVALID_CREDENTIALS", "用户名或密码错误");
  }
  if (user.lockedUntil && user.lockedUntil > now) {
    throw new AppError(423, "ACCOUNT_LOCKED", `账号已锁定，请于 ${fmtTime(user.lockedUntil)} 后重试`, undefined, {
      lockedUntil: user.lockedUntil.toISOString(),
    });
  }
  if (!(await verifyPassword(user.passwordHash, password))) {
    // Count failures atomically; a lock that has run out starts the count again.
    const [row] = await db
      .update(users)
      .set({
        failedLogins: sql`CASE WHEN ${users.lockedUntil} IS NOT NULL AND ${users.lockedUntil} <= ${now} THEN 1 ELSE ${users.failedLogins} + 1 END`,
      })
      .where(eq(users.id, user.id))
      .returning({ failedLogins: users.failedLogins });
    const lockedUntil = lockoutAfterFailure(row?.failedLogins ?? 0, now);
    if (lockedUntil) {
      await db.update(users).set({ lockedUntil, failedLogins: 0 }).where(eq(users.id, user.id));
      throw new AppError(423, "ACCOUNT_LOCKED", `连续登录失败次数过多，账号已锁定至 ${fmtTime(lockedUntil)}`, undefined, {
        lockedUntil: lockedUntil.toISOString(),
      });
    }
    throw new AppError(401, "INVALID_CREDENTIALS", "用户名或密码错误");
  }
  const sessionToken = token();
  const csrfToken = token();
  await db.update(users).set({ failedLogins: 0, lockedUntil: null, lastLoginAt: now }).where(eq(users.id, user.id));
  await db.insert(sessions).values({ id: sha256(sessionToken), userId: user.id, csrfToken, createdAt: now, lastSeenAt: now });
  return { sessionToken, csrfToken, userId: user.id };
}

function fmtTime(d: Date): string {
  return d.toLocaleString("zh-CN", { timeZone: "Asia/Shanghai", hour12: false });
}

export interface SessionInfo {
  sessionId: string;
  csrfToken: string;
  actor: Actor;
  mustChangePassword: boolean;
}

function buildSessionLookup(db: Db) {
  return db
    .select({
      csrfToken: sessions.csrfToken,
      lastSeenAt: sessions.lastSeenAt,
      userId: users.id,
      username: users.username,
      displayName: users.displayName,
      role: users.role,
      disabled: users.disabled,
      mustChangePassword: users.mustChangePassword,
      orgId: organizations.id,
      orgName: organizations.name,
      orgKind: organizations.kind,
      department: organizations.department,
      orgEnterpriseId: organizations.enterpriseId,
      regionCode: organizations.regionCode,
      regionPath: regions.path,
    })
    .from(sessions)
    .innerJoin(users, eq(users.id, sessions.userId))
    .innerJoin(organizations, eq(organizations.id, users.orgId))
    .leftJoin(regions, eq(regions.code, organizations.regionCode))
    .where(eq(sessions.id, sql.placeholder("sid")))
    .limit(1)
    .prepare("anguan_session_lookup");
}

// The session lookup runs on every request: a named prepared statement is planned once per connection.
const sessionLookups = new WeakMap<Db, ReturnType<typeof buildSessionLookup>>();
function sessionLookup(db: Db) {
  let q = sessionLookups.get(db);
  if (!q) {
    q = buildSessionLookup(db);
    sessionLookups.set(db, q);
  }
  return q;
}

/** Resolves a session token to its actor, or null when unknown, expired by idleness, or the user is disabled. */
export async function resolveSession(db: Db, sessionToken: string, idleMinutes: number, now = new Date()): Promise<SessionInfo | null> {
  const sid = sha256(sessionToken);
  const [row] = await sessionLookup(db).execute({ sid });
  if (!row || row.disabled) return null;
  const idleMs = idleMinutes * 60_000;
  if (now.getTime() - row.lastSeenAt.getTime() > idleMs) {
    await db.delete(sessions).where(eq(sessions.id, sid));
    return null;
  }
  // Touch at most once a minute: keeps idle expiry honest without a write per request.
  if (now.getTime() - row.lastSeenAt.getTime() > 60_000) {
    await db.update(sessions).set({ lastSeenAt: now }).where(eq(sessions.id, sid));
  }
  const scope = await scopeOf(db, row);
  return {
    sessionId: sid,
    csrfToken: row.csrfToken,
    mustChangePassword: row.mustChangePassword,
    actor: {
      userId: row.userId,
      username: row.username,
      displayName: row.displayName,
      role: row.role as Role,
      orgId: row.orgId,
      orgName: row.orgName,
      scope,
    },
  };
}

async function scopeOf(
  db: Db,
  row: {
    role: string;
    orgKind: string;
    orgId: string;
    department: string | null;
    orgEnterpriseId: string | null;
    regionCode: string | null;
    regionPath: string | null;
  },
): Promise<Scope> {
  if (row.role === "admin" && row.orgKind === "platform") return { kind: "all" };
  if (row.orgKind === "gov" && row.regionCode && row.regionPath) {
    const dept = DEPARTMENTS[row.department as Department];
    return { kind: "jurisdiction", regionCode: row.regionCode, regionPath: row.regionPath, sectors: dept ? dept.sectors : [] };
  }
  if (row.orgKind === "enterprise" && row.orgEnterpriseId) return { kind: "enterprise", enterpriseId: row.orgEnterpriseId };
  if (row.orgKind === "third_party") {
    const rows = await db.select({ id: assignments.enterpriseId }).from(assignments).where(eq(assignments.orgId, row.orgId));
    return { kind: "assigned", enterpriseIds: rows.map((r) => r.id) };
  }
  return { kind: "none" };
}

export async function logout(db: Db, sessionId: string): Promise<void> {
  await db.delete(sessions).where(eq(sessions.id, sessionId));
}

/** Ends every session of a user (after a password change or reset), optionally keeping one. */
export async function endSessionsOf(db: Db, userId: string, keepSessionId?: string): Promise<void> {
  await db.delete(sessions).where(keepSessionId ? and(eq(sessions.userId, userId), sql`${sessions.id} <> ${keepSessionId}`) : eq(sessions.userId, userId));
}

export async function purgeIdleSessions(db: Db, idleMinutes: number, now = new Date()): Promise<void> {
  await db.delete(sessions).where(lt(sessions.lastSeenAt, new Date(now.getTime() - idleMinutes * 60_000)));
}

export function csrfMatches(expected: string, given: string | undefined): boolean {
  if (!given) return false;
  const a = Buffer.from(expected);
  const b = Buffer.from(given);
  return a.length === b.length && crypto.timingSafeEqual(a, b);
}
