/** 文件: upload (type by magic bytes, size-limited, SHA-256 addressed) and scope-checked download. */
import fs from "node:fs";
import path from "node:path";
import { and, eq, or, sql } from "drizzle-orm";
import { z } from "zod";
import { canReadEnterprise, type Sector } from "@anguan/domain";
import { actorOf, type App } from "../../app";
import { attachments, briefingAttendees, briefings, certificates, courses, dutyCompletions, enterprises, evidence, files, licences } from "../../db/schema";
import { FileStore } from "../../platform/files";
import { notFound } from "../../platform/errors";
import { readUpload } from "./upload";

export async function fileRoutes(app: App) {
  const { db, config } = app.ctx;
  const store = new FileStore(path.join(config.dataDir, "files"));
  const tags = ["files"];

  app.post("/api/files", { schema: { tags, summary: "上传文件", consumes: ["multipart/form-data"] } }, async (req, reply) => {
    const actor = actorOf(req);
    const up = await readUpload(req, config.MAX_UPLOAD_MB);
    const rec = await store.put(db, up.buffer, up.filename, actor.userId);
    return reply.status(201).send({ sha256: rec.sha256, size: rec.size, mime: rec.mime, name: up.filename, hasThumbnail: rec.hasThumbnail });
  });

  app.get(
    "/api/files/:sha256",
    {
      schema: {
        tags,
        summary: "下载文件（?thumbnail=1 取缩略图）",
        params: z.object({ sha256: z.string() }),
        querystring: z.object({ thumbnail: z.enum(["0", "1"]).optional() }),
      },
    },
    async (req, reply) => {
      const actor = actorOf(req);
      const sha = req.params.sha256.toLowerCase();
      if (!/^[a-f0-9]{64}$/.test(sha)) throw notFound("文件");
      const [f] = await db.select().from(files).where(eq(files.sha256, sha));
      if (!f) throw notFound("文件");
      let allowed = actor.scope.kind === "all" || f.uploadedBy === actor.userId;
      if (!allowed) {
        // The same bytes uploaded again as someone's evidence: that uploader may read them too.
        const [own] = await db
          .select({ id: evidence.id })
          .from(evidence)
          .where(and(eq(evidence.fileSha256, sha), eq(evidence.uploadedBy, actor.userId)))
          .limit(1);
        allowed = !!own;
      }
      if (!allowed) {
        // Readable when a record the actor may read cites the file.
        const owners = await db
          .selectDistinct({ id: enterprises.id, regionPath: enterprises.regionPath, sector: enterprises.sector })
          .from(enterprises)
          .where(
            or(
              sql`${enterprises.id} IN (SELECT ${attachments.enterpriseId} FROM ${attachments} WHERE ${attachments.fileSha256} = ${sha})`,
              sql`${enterprises.id} IN (SELECT ${licences.enterpriseId} FROM ${licences} WHERE ${licences.fileSha256} = ${sha})`,
              // Evidence (证据照片) of an enterprise: readable by whoever may read the enterprise.
              sql`${enterprises.id} IN (SELECT ${evidence.enterpriseId} FROM ${evidence} WHERE ${evidence.fileSha256} = ${sha})`,
              // Safety steward: certificate scans, duty completion files, course materials.
              sql`${enterprises.id} IN (SELECT ${certificates.enterpriseId} FROM ${certificates} WHERE ${certificates.scanSha256} = ${sha})`,
              sql`${enterprises.id} IN (SELECT ${dutyCompletions.enterpriseId} FROM ${dutyCompletions} WHERE ${dutyCompletions.files} @> ${JSON.stringify([{ sha256: sha }])}::jsonb)`,
              sql`${enterprises.id} IN (SELECT ${courses.enterpriseId} FROM ${courses} WHERE ${courses.materials} @> ${JSON.stringify([{ sha256: sha }])}::jsonb)`,
              sql`${enterprises.id} IN (SELECT ${briefings.enterpriseId} FROM ${briefings} JOIN ${briefingAttendees} ON ${briefingAttendees.briefingId} = ${briefings.id} WHERE ${briefingAttendees.signatureSha256} = ${sha})`,
            ),
          );
        allowed = owners.some((o) => canReadEnterprise(actor, { ...o, sector: o.sector as Sector }));
      }
      if (!allowed) throw notFound("文件");
      const thumb = req.query.thumbnail === "1" && f.hasThumbnail;
      const p = store.pathOf(sha, thumb);
      if (!fs.existsSync(p)) throw notFound("文件");
      return reply
        .header("content-type", thumb ? "image/jpeg" : f.mime)
        .header("cache-control", "private, max-age=86400, immutable")
        .header("x-content-type-options", "nosniff")
        .header(
          "content-disposition",
          `${f.mime.startsWith("image/") || f.mime === "application/pdf" || f.mime.startsWith("video/") ? "inline" : "attachment"}; filename*=UTF-8''${encodeURIComponent(f.originalName)}`,
        )
        .send(fs.createReadStream(p));
    },
  );
}
