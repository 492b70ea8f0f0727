/**
 * The audit log (审计日志): every write appends an event with actor, time, action, target and before/after.
 * Events are hash-chained with SM3 (GB/T 32905): hash = SM3(prevHash | canonical JSON of the event).
 * Appends are serialised by a transaction-scoped advisory lock so the chain has one order.
 */
import crypto from "node:crypto";
import { asc, desc, gt, sql } from "drizzle-orm";
import type { Actor } from "@anguan/domain";
import type { Queryable } from "../db/client";
import { auditEvents } from "../db/schema";

export const GENESIS_HASH = "0".repeat(64);
const AUDIT_LOCK = 7213002;

export interface AuditInput {
  action: string;
  targetType: string;
  targetId: string;
  enterpriseId?: string | null;
  before?: unknown;
  after?: unknown;
}

/** JSON with object keys sorted at every depth, so the same data always hashes the same (jsonb reorders keys). */
export function canonicalJson(value: unknown): string {
  if (value === undefined) return "null";
  if (value === null || typeof value !== "object") return JSON.stringify(value);
  if (value instanceof Date) return JSON.stringify(value.toISOString());
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(",")}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(",")}}`;
}

export interface HashedFields {
  at: Date;
  actorId: string | null;
  actorName: string;
  action: string;
  targetType: string;
  targetId: string;
  enterpriseId: string | null;
  before: unknown;
  after: unknown;
}

export function eventHash(prevHash: string, e: HashedFields): string {
  const body = canonicalJson({
    at: e.at.toISOString(),
    actorId: e.actorId,
    actorName: e.actorName,
    action: e.action,
    targetType: e.targetType,
    targetId: e.targetId,
    enterpriseId: e.enterpriseId,
    before: e.before ?? null,
    after: e.after ?? null,
  });
  return crypto.createHash("sm3").update(`${prevHash}|${body}`).digest("hex");
}

/** Round-trips a value through JSON so what is hashed is exactly what jsonb will store (Dates become strings…). */
const jsonValue = (v: unknown) => (v === undefined || v === null ? null : JSON.parse(JSON.stringify(v)));

/** Appends one event. Call inside the transaction that makes the change. */
export async function appendAudit(tx: Queryable, actor: Pick<Actor, "userId" | "displayName"> | null, input: AuditInput, now = new Date()): Promise<void> {
  await tx.execute(sql`SELECT pg_advisory_xact_lock(${AUDIT_LOCK})`);
  const last = await tx.select({ hash: auditEvents.hash }).from(auditEvents).orderBy(desc(auditEvents.id)).limit(1);
  const prevHash = last[0]?.hash ?? GENESIS_HASH;
  const fields: HashedFields = {
    at: new Date(Math.floor(now.getTime())),
    actorId: actor?.userId ?? null,
    actorName: actor?.displayName ?? "系统",
    action: input.action,
    targetType: input.targetType,
    targetId: input.targetId,
    enterpriseId: input.enterpriseId ?? null,
    before: jsonValue(input.before),
    after: jsonValue(input.after),
  };
  await tx.insert(auditEvents).values({ ...fields, prevHash, hash: eventHash(prevHash, fields) });
}

export interface VerifyResult {
  ok: boolean;
  checked: number;
  firstBrokenId: number | null;
  reason: string | null;
}

/** Walks the whole chain in id order, recomputing every hash. */
export async function verifyAuditChain(db: Queryable, batch = 2000): Promise<VerifyResult> {
  let prev = GENESIS_HASH;
  let lastId = 0;
  let checked = 0;
  for (;;) {
    const rows = await db.select().from(auditEvents).where(gt(auditEvents.id, lastId)).orderBy(asc(auditEvents.id)).limit(batch);
    if (rows.length === 0) return { ok: true, checked, firstBrokenId: null, reason: null };
    for (const r of rows) {
      if (r.prevHash !== prev) return { ok: false, checked, firstBrokenId: r.id, reason: "prev_hash 与上一条记录的哈希不一致（记录被删除或插入）" };
      if (eventHash(prev, r) !== r.hash) return { ok: false, checked, firstBrokenId: r.id, reason: "记录内容与哈希不一致（记录被篡改）" };
      prev = r.hash;
      lastId = r.id;
      checked++;
    }
  }
}

/** Field-by-field differences between two flat records, for change history. */
export function diffRecords(
  before: Record<string, unknown> | null,
  after: Record<string, unknown> | null,
): { field: string; before: unknown; after: unknown }[] {
  const keys = new Set([...Object.keys(before ?? {}), ...Object.keys(after ?? {})]);
  const out: { field: string; before: unknown; after: unknown }[] = [];
  for (const k of keys) {
    if (["updatedAt", "createdAt", "version", "regionPath"].includes(k)) continue;
    const b = before?.[k] ?? null;
    const a = after?.[k] ?? null;
    if (canonicalJson(b) !== canonicalJson(a)) out.push({ field: k, before: b, after: a });
  }
  return out;
}

/** Appends several events under one lock (bulk imports): the same chain as one-by-one appends. */
export async function appendAuditMany(
  tx: Queryable,
  actor: Pick<Actor, "userId" | "displayName"> | null,
  inputs: readonly AuditInput[],
  now = new Date(),
): Promise<void> {
  if (inputs.length === 0) return;
  await tx.execute(sql`SELECT pg_advisory_xact_lock(${AUDIT_LOCK})`);
  const last = await tx.select({ hash: auditEvents.hash }).from(auditEvents).orderBy(desc(auditEvents.id)).limit(1);
  let prevHash = last[0]?.hash ?? GENESIS_HASH;
  const at = new Date(Math.floor(now.getTime()));
  const rows = inputs.map((input) => {
    const fields: HashedFields = {
      at,
      actorId: actor?.userId ?? null,
      actorName: actor?.displayName ?? "系统",
      action: input.action,
      targetType: input.targetType,
      targetId: input.targetId,
      enterpriseId: input.enterpriseId ?? null,
      before: jsonValue(input.before),
      after: jsonValue(input.after),
    };
    const hash = eventHash(prevHash, fields);
    const row = { ...fields, prevHash, hash };
    prevHash = hash;
    return row;
  });
  for (let i = 0; i < rows.length; i += 500) await tx.insert(auditEvents).values(rows.slice(i, i + 500));
}
