/** 企业导入: template download, upload (validate with progress), commit the good rows or nothing. */
import { and, eq, like } from "drizzle-orm";
import { z } from "zod";
import { abilitiesOf } from "@anguan/domain";
import { actorOf, type App } from "../../app";
import { importJobs, regions } from "../../db/schema";
import { AppError, forbidden } from "../../platform/errors";
import { likeEscape } from "../../platform/scope";
import { XLSX_MIME, importTemplate, readWorkbook } from "./excel";
import { checkHeadersOrThrow, commitImport, validateImport } from "./importJob";
import { readUpload } from "../files/upload";

const presentJob = (j: typeof importJobs.$inferSelect) => ({
  id: j.id,
  status: j.status,
  fileName: j.fileName,
  total: j.total,
  processed: j.processed,
  validCount: j.validCount,
  errors: j.errors,
  imported: j.imported,
  message: j.message,
  createdAt: j.createdAt.toISOString(),
});

export async function importRoutes(app: App) {
  const { db } = app.ctx;
  const tags = ["enterprise-import"];
  const mustImport = (req: Parameters<typeof actorOf>[0]) => {
    const actor = actorOf(req);
    if (!abilitiesOf(actor).enterprises.import) throw forbidden("无权导入企业");
    return actor;
  };

  app.get("/api/enterprises/import-template", { schema: { tags, summary: "下载企业导入模板" } }, async (req, reply) => {
    const actor = mustImport(req);
    const scope = actor.scope;
    const regionRows = await db
      .select({ code: regions.code, name: regions.name, level: regions.level })
      .from(regions)
      .where(scope.kind === "jurisdiction" ? like(regions.path, `${likeEscape(scope.regionPath)}%`) : undefined)
      .orderBy(regions.path);
    const buf = await importTemplate(regionRows);
    return reply
      .header("content-type", XLSX_MIME)
      .header("content-disposition", `attachment; filename="enterprise-import-template.xlsx"; filename*=UTF-8''${encodeURIComponent("企业导入模板.xlsx")}`)
      .send(buf);
  });

  app.post(
    "/api/enterprise-imports",
    { schema: { tags, summary: "上传 Excel 并校验（异步，返回任务）", consumes: ["multipart/form-data"] } },
    async (req, reply) => {
      const actor = mustImport(req);
      const upload = await readUpload(req, app.ctx.config.MAX_UPLOAD_MB);
      const sheet = await readWorkbook(upload.buffer);
      checkHeadersOrThrow(sheet);
      const [job] = await db
        .insert(importJobs)
        .values({ userId: actor.userId, status: "validating", fileName: upload.filename, total: sheet.rows.length })
        .returning();
      if (!job) throw new Error("import job not created");
      // Validation runs after the answer so the client can poll progress on large files.
      setImmediate(() => {
        validateImport(db, actor, job.id, sheet).catch(async (err) => {
          req.log.error(err, "import validation failed");
          await db.update(importJobs).set({ status: "failed", message: "校验过程出错，未导入任何数据" }).where(eq(importJobs.id, job.id));
        });
      });
      return reply.status(202).send(presentJob(job));
    },
  );

  const jobOf = async (req: Parameters<typeof actorOf>[0], id: string) => {
    const actor = actorOf(req);
    const [job] = z.string().uuid().safeParse(id).success
      ? await db
          .select()
          .from(importJobs)
          .where(and(eq(importJobs.id, id), eq(importJobs.userId, actor.userId)))
      : [];
    if (!job) throw new AppError(404, "NOT_FOUND", "导入任务不存在");
    return { actor, job };
  };

  app.get("/api/enterprise-imports/:id", { schema: { tags, summary: "导入任务进度与校验结果", params: z.object({ id: z.string() }) } }, async (req) =>
    presentJob((await jobOf(req, req.params.id)).job),
  );

  app.post(
    "/api/enterprise-imports/:id/commit",
    {
      schema: {
        tags,
        summary: "导入有效数据（valid）或全部不导入（none）",
        params: z.object({ id: z.string() }),
        body: z.object({ mode: z.enum(["valid", "none"], { error: "mode 应为 valid（导入有效数据）或 none（全部不导入）" }) }),
      },
    },
    async (req) => {
      const { actor, job } = await jobOf(req, req.params.id);
      if (job.status !== "validated") throw new AppError(409, "IMPORT_NOT_READY", job.status === "validating" ? "仍在校验，请稍候" : "该导入任务已结束");
      // Claim the job (compare-and-set) so a double click cannot import twice.
      const next = req.body.mode === "none" ? "cancelled" : "committing";
      const [claimed] = await db
        .update(importJobs)
        .set({ status: next, updatedAt: app.ctx.now(), ...(next === "cancelled" ? { rows: [] } : {}) })
        .where(and(eq(importJobs.id, job.id), eq(importJobs.status, "validated")))
        .returning();
      if (!claimed) throw new AppError(409, "IMPORT_NOT_READY", "该导入任务已在处理");
      if (next === "committing") {
        try {
          if (claimed.validCount === 0) throw new AppError(400, "NOTHING_TO_IMPORT", "没有可导入的有效数据");
          await commitImport(db, actor, job.id, app.ctx.now());
        } catch (err) {
          const message = err instanceof AppError ? err.message : "导入失败，已全部撤销";
          await db.update(importJobs).set({ status: "failed", message, updatedAt: app.ctx.now() }).where(eq(importJobs.id, job.id));
          throw err;
        }
      }
      const [after] = await db.select().from(importJobs).where(eq(importJobs.id, job.id));
      return presentJob(after!);
    },
  );
}
