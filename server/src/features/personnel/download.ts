/**
 * Streams a stored file (certificate scan, course material) to someone who may read the record citing it. The
 * generic GET /api/files/:sha256 only knows enterprise attachments, licences and evidence; these routes check the
 * citing record's scope instead.
 */
import fs from "node:fs";
import path from "node:path";
import { eq } from "drizzle-orm";
import type { FastifyReply } from "fastify";
import type { Config } from "../../config";
import type { Queryable } from "../../db/client";
import { files } from "../../db/schema";
import { notFound } from "../../platform/errors";
import { FileStore } from "../../platform/files";

export async function sendStoredFile(db: Queryable, config: Config, reply: FastifyReply, sha256: string, thumbnail = false) {
  const [f] = await db.select().from(files).where(eq(files.sha256, sha256));
  if (!f) throw notFound("文件");
  const store = new FileStore(path.join(config.dataDir, "files"));
  const thumb = thumbnail && f.hasThumbnail;
  const p = store.pathOf(sha256, thumb);
  if (!fs.existsSync(p)) throw notFound("文件");
  const inline = thumb || f.mime.startsWith("image/") || f.mime.startsWith("video/") || f.mime === "application/pdf";
  return reply
    .header("content-type", thumb ? "image/jpeg" : f.mime)
    .header("cache-control", "private, max-age=86400, immutable")
    .header("content-disposition", `${inline ? "inline" : "attachment"}; filename*=UTF-8''${encodeURIComponent(f.originalName)}`)
    .send(fs.createReadStream(p));
}
