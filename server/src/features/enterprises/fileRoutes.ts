/**
 * The parts of an enterprise's file kept as lists: 证照 (licences), 联系人 (contacts), 附件 (attachments).
 * One pattern for all three: list in scope; create, change and delete by writers, each with its audit event.
 */
import { and, asc, eq } from "drizzle-orm";
import type { PgTable } from "drizzle-orm/pg-core";
import { z } from "zod";
import {
  ATTACHMENT_CATEGORIES,
  type AttachmentCategory,
  contactInputSchema,
  licenceFieldsSchema,
  licenceInputSchema,
  licenceState,
  patchSchemaOf,
  type Actor,
} from "@anguan/domain";
import { actorOf, type App } from "../../app";
import type { Queryable } from "../../db/client";
import { attachments, contacts, files, licences, users } from "../../db/schema";
import { appendAudit } from "../../platform/audit";
import { fieldError, notFound } from "../../platform/errors";
import { enterpriseForRead, enterpriseForWrite } from "../../platform/scope";
import { shanghaiDate } from "../../platform/time";

type ChildTable = typeof licences | typeof contacts | typeof attachments;

interface ChildSpec<S extends z.ZodType> {
  segment: string;
  label: string;
  table: ChildTable;
  input: S;
  /** PATCH body; absent = no PATCH route. */
  patch?: z.ZodType;
  /** Extra checks and values before writing (e.g. that a cited file exists). */
  prepare?: (db: Queryable, body: z.output<S>, actor: Actor) => Promise<Record<string, unknown>>;
  list: (db: Queryable, enterpriseId: string) => Promise<unknown[]>;
}

async function assertFile(db: Queryable, sha: string | null | undefined, field: string) {
  if (!sha) return;
  const [f] = await db.select({ sha256: files.sha256 }).from(files).where(eq(files.sha256, sha));
  if (!f) throw fieldError(field, "附件文件不存在，请重新上传");
}

function registerChild<S extends z.ZodType>(app: App, spec: ChildSpec<S>) {
  const { db } = app.ctx;
  const t = spec.table as unknown as PgTable & { id: typeof licences.id; enterpriseId: typeof licences.enterpriseId };
  const base = `/api/enterprises/:id/${spec.segment}`;
  const tags = ["enterprises"];
  const one = z.object({ id: z.string().max(64), childId: z.string().max(64) });
  const isUuid = (s: string) => z.string().uuid().safeParse(s).success;

  const loadChild = async (tx: Queryable, enterpriseId: string, childId: string) => {
    if (!isUuid(childId)) throw notFound(spec.label);
    const [row] = await tx
      .select()
      .from(t)
      .where(and(eq(t.id, childId), eq(t.enterpriseId, enterpriseId)));
    if (!row) throw notFound(spec.label);
    return row as Record<string, unknown>;
  };

  app.get(base, { schema: { tags, summary: `${spec.label}列表`, params: z.object({ id: z.string().max(64) }) } }, async (req) => {
    const e = await enterpriseForRead(db, actorOf(req), req.params.id);
    return { items: await spec.list(db, e.id) };
  });

  app.post(base, { schema: { tags, summary: `新增${spec.label}`, params: z.object({ id: z.string().max(64) }), body: spec.input } }, async (req, reply) => {
    const actor = actorOf(req);
    const body = req.body as z.output<S>;
    const row = await db.transaction(async (tx) => {
      const e = await enterpriseForWrite(tx, actor, req.params.id);
      const extra = spec.prepare ? await spec.prepare(tx, body, actor) : {};
      const [created] = await tx
        .insert(t)
        .values({ ...(body as object), ...extra, enterpriseId: e.id } as never)
        .returning();
      await appendAudit(
        tx,
        actor,
        {
          action: `${spec.segment}.create`,
          targetType: spec.segment,
          targetId: String((created as { id: string }).id),
          enterpriseId: e.id,
          before: null,
          after: created,
        },
        app.ctx.now(),
      );
      return created as { id: string };
    });
    const items = (await spec.list(db, req.params.id)) as { id: string }[];
    return reply.status(201).send(items.find((i) => i.id === row.id));
  });

  if (spec.patch) {
    app.patch(`${base}/:childId`, { schema: { tags, summary: `修改${spec.label}`, params: one, body: spec.patch } }, async (req) => {
      const actor = actorOf(req);
      const body = req.body as z.output<S>;
      await db.transaction(async (tx) => {
        const e = await enterpriseForWrite(tx, actor, req.params.id);
        const before = await loadChild(tx, e.id, req.params.childId);
        const extra = spec.prepare ? await spec.prepare(tx, body, actor) : {};
        const merged = { ...before, ...(body as object) } as Record<string, string | null>;
        if (merged.validFrom && merged.validUntil && merged.validFrom > merged.validUntil) throw fieldError("validUntil", "有效期至不能早于有效期起");
        const [after] = await tx
          .update(t)
          .set({ ...(body as object), ...extra } as never)
          .where(eq(t.id, req.params.childId))
          .returning();
        await appendAudit(
          tx,
          actor,
          { action: `${spec.segment}.update`, targetType: spec.segment, targetId: req.params.childId, enterpriseId: e.id, before, after },
          app.ctx.now(),
        );
      });
      const items = (await spec.list(db, req.params.id)) as { id: string }[];
      return items.find((i) => i.id === req.params.childId);
    });
  }

  app.delete(`${base}/:childId`, { schema: { tags, summary: `删除${spec.label}`, params: one } }, async (req, reply) => {
    const actor = actorOf(req);
    await db.transaction(async (tx) => {
      const e = await enterpriseForWrite(tx, actor, req.params.id);
      const before = await loadChild(tx, e.id, req.params.childId);
      await tx.delete(t).where(eq(t.id, req.params.childId));
      await appendAudit(
        tx,
        actor,
        { action: `${spec.segment}.delete`, targetType: spec.segment, targetId: req.params.childId, enterpriseId: e.id, before, after: null },
        app.ctx.now(),
      );
    });
    return reply.status(204).send();
  });
}

export async function enterpriseFileRoutes(app: App) {
  registerChild(app, {
    segment: "licences",
    label: "证照",
    table: licences,
    input: licenceInputSchema,
    patch: patchSchemaOf(licenceFieldsSchema),
    prepare: async (db, body) => {
      await assertFile(db, (body as { fileSha256?: string | null }).fileSha256, "fileSha256");
      return {};
    },
    list: async (db, enterpriseId) => {
      const today = shanghaiDate(app.ctx.now());
      const rows = await db.select().from(licences).where(eq(licences.enterpriseId, enterpriseId)).orderBy(asc(licences.validUntil));
      return rows.map(({ enterpriseId: _e, ...r }) => ({ ...r, state: licenceState(r.validUntil, today) }));
    },
  });
  registerChild(app, {
    segment: "contacts",
    label: "联系人",
    table: contacts,
    input: contactInputSchema,
    patch: patchSchemaOf(contactInputSchema),
    list: async (db, enterpriseId) =>
      (await db.select().from(contacts).where(eq(contacts.enterpriseId, enterpriseId)).orderBy(asc(contacts.createdAt))).map(({ enterpriseId: _e, ...r }) => r),
  });
  registerChild(app, {
    segment: "attachments",
    label: "附件",
    table: attachments,
    input: z.object({
      fileSha256: z.string().regex(/^[a-f0-9]{64}$/, { error: "附件标识无效" }),
      name: z.string().trim().min(1, { error: "附件名称不能为空" }).max(200),
      category: z.enum(Object.keys(ATTACHMENT_CATEGORIES) as [AttachmentCategory, ...AttachmentCategory[]], { error: "附件类别无效" }).default("other"),
    }),
    prepare: async (db, body, actor) => {
      await assertFile(db, (body as { fileSha256: string }).fileSha256, "fileSha256");
      return { uploadedBy: actor.userId };
    },
    list: async (db, enterpriseId) => {
      const rows = await db
        .select({ a: attachments, size: files.size, mime: files.mime, hasThumbnail: files.hasThumbnail, uploaderName: users.displayName })
        .from(attachments)
        .innerJoin(files, eq(files.sha256, attachments.fileSha256))
        .leftJoin(users, eq(users.id, attachments.uploadedBy))
        .where(eq(attachments.enterpriseId, enterpriseId))
        .orderBy(asc(attachments.uploadedAt));
      return rows.map(({ a, ...f }) => ({
        id: a.id,
        name: a.name,
        category: a.category,
        fileSha256: a.fileSha256,
        uploadedAt: a.uploadedAt.toISOString(),
        ...f,
        uploaderName: f.uploaderName ?? "",
      }));
    },
  });
}
