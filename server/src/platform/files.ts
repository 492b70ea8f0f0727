/**
 * File evidence: content-addressed by SHA-256, type checked by magic bytes (not by name or declared type),
 * stored under DATA_DIR/files/<aa>/<sha256>; images get a JPEG thumbnail beside them.
 */
import crypto from "node:crypto";
import fs from "node:fs/promises";
import path from "node:path";
import { fileTypeFromBuffer } from "file-type";
import sharp from "sharp";
import type { Queryable } from "../db/client";
import { files } from "../db/schema";
import { AppError } from "./errors";

export const ALLOWED_MIME = new Set([
  "image/jpeg",
  "image/png",
  "image/webp",
  "image/gif",
  "application/pdf",
  "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
  "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
  "application/x-cfb", // legacy .doc/.xls
  "application/zip",
  // Course videos (安全学习); served inline. Evidence videos go through features/evidence.
  "video/mp4",
  "video/webm",
  "video/quicktime",
]);
const IMAGE = new Set(["image/jpeg", "image/png", "image/webp", "image/gif"]);

export class FileStore {
  constructor(readonly root: string) {}

  pathOf(sha256: string, thumb = false): string {
    return path.join(this.root, sha256.slice(0, 2), thumb ? `${sha256}.thumb.jpg` : sha256);
  }

  /** Checks, stores and records a file; storing the same bytes twice is one file. */
  async put(db: Queryable, buffer: Buffer, originalName: string, uploadedBy: string | null) {
    const type = await fileTypeFromBuffer(buffer);
    if (!type || !ALLOWED_MIME.has(type.mime)) {
      throw new AppError(415, "UNSUPPORTED_FILE_TYPE", "不支持的文件类型（允许图片 JPG/PNG/WebP/GIF、PDF、Word、Excel、MP4/WebM/MOV 视频）");
    }
    const sha256 = crypto.createHash("sha256").update(buffer).digest("hex");
    const target = this.pathOf(sha256);
    await fs.mkdir(path.dirname(target), { recursive: true });
    let hasThumbnail = false;
    if (!(await exists(target))) {
      const tmp = `${target}.${process.pid}.${Date.now()}.tmp`;
      await fs.writeFile(tmp, buffer);
      await fs.rename(tmp, target); // atomic: a crash leaves no half file under the real name
    }
    if (IMAGE.has(type.mime)) {
      try {
        await sharp(buffer).rotate().resize(320, 320, { fit: "inside", withoutEnlargement: true }).jpeg({ quality: 75 }).toFile(this.pathOf(sha256, true));
        hasThumbnail = true;
      } catch {
        throw new AppError(415, "UNSUPPORTED_FILE_TYPE", "图片文件已损坏，无法读取");
      }
    }
    const record = { sha256, size: buffer.length, mime: type.mime, originalName: originalName.slice(0, 200), hasThumbnail, uploadedBy };
    await db.insert(files).values(record).onConflictDoNothing();
    return record;
  }
}

async function exists(p: string): Promise<boolean> {
  return fs.stat(p).then(
    () => true,
    () => false,
  );
}
