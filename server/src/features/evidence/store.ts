/**
 * Evidence files (证据): only photos (JPEG/PNG/WebP) and MP4 video, checked by magic bytes. Photos go through
 * FileStore (thumbnail, corrupt-image check); MP4 is stored the same content-addressed way without a thumbnail.
 * The capture time is read from EXIF DateTimeOriginal (camera local time, read as Asia/Shanghai unless the photo
 * carries OffsetTimeOriginal).
 */
import crypto from "node:crypto";
import fs from "node:fs/promises";
import path from "node:path";
import exifr from "exifr";
import { fileTypeFromBuffer } from "file-type";
import type { Queryable } from "../../db/client";
import { files } from "../../db/schema";
import { AppError } from "../../platform/errors";
import type { FileStore } from "../../platform/files";

export const EVIDENCE_IMAGE_MIME = ["image/jpeg", "image/png", "image/webp"] as const;
export const EVIDENCE_VIDEO_MIME = ["video/mp4"] as const;
const ALLOWED: readonly string[] = [...EVIDENCE_IMAGE_MIME, ...EVIDENCE_VIDEO_MIME];

export interface StoredEvidenceFile {
  sha256: string;
  mime: string;
  size: number;
  hasThumbnail: boolean;
}

/** Checks the type and stores the file; 415 for anything but a JPEG/PNG/WebP photo or an MP4 video. */
export async function storeEvidenceFile(store: FileStore, db: Queryable, buffer: Buffer, name: string, uploadedBy: string): Promise<StoredEvidenceFile> {
  const type = await fileTypeFromBuffer(buffer);
  if (!type || !ALLOWED.includes(type.mime)) {
    throw new AppError(415, "UNSUPPORTED_FILE_TYPE", "证据只能是照片（JPG、PNG、WebP）或 MP4 视频；上传的文件不是这些格式", [
      { field: "file", message: type ? `不支持的格式 ${type.mime}` : "无法识别的文件（不是图片或视频）" },
    ]);
  }
  if (type.mime !== "video/mp4") {
    const rec = await store.put(db, buffer, name, uploadedBy);
    return { sha256: rec.sha256, mime: rec.mime, size: rec.size, hasThumbnail: rec.hasThumbnail };
  }
  const sha256 = crypto.createHash("sha256").update(buffer).digest("hex");
  const target = store.pathOf(sha256);
  await fs.mkdir(path.dirname(target), { recursive: true });
  const present = await fs.stat(target).then(
    () => true,
    () => false,
  );
  if (!present) {
    const tmp = `${target}.${process.pid}.${Date.now()}.tmp`;
    await fs.writeFile(tmp, buffer);
    await fs.rename(tmp, target);
  }
  await db
    .insert(files)
    .values({ sha256, size: buffer.length, mime: type.mime, originalName: name.slice(0, 200), hasThumbnail: false, uploadedBy })
    .onConflictDoNothing();
  return { sha256, mime: type.mime, size: buffer.length, hasThumbnail: false };
}

/** EXIF DateTimeOriginal as an instant, or null (no EXIF, not a format exifr reads, or a nonsense value). */
export async function exifTakenAt(buffer: Buffer, mime: string): Promise<Date | null> {
  if (!mime.startsWith("image/")) return null;
  try {
    const tags = (await exifr.parse(buffer, { pick: ["DateTimeOriginal", "OffsetTimeOriginal"], reviveValues: false })) as
      | { DateTimeOriginal?: string; OffsetTimeOriginal?: string }
      | undefined;
    const raw = tags?.DateTimeOriginal;
    const m = typeof raw === "string" ? /^(\d{4}):(\d{2}):(\d{2})[ T](\d{2}):(\d{2}):(\d{2})/.exec(raw.trim()) : null;
    if (!m) return null;
    const offset = typeof tags?.OffsetTimeOriginal === "string" && /^[+-]\d{2}:\d{2}$/.test(tags.OffsetTimeOriginal) ? tags.OffsetTimeOriginal : "+08:00";
    const d = new Date(`${m[1]}-${m[2]}-${m[3]}T${m[4]}:${m[5]}:${m[6]}${offset}`);
    return Number.isNaN(d.getTime()) ? null : d;
  } catch {
    return null;
  }
}
