/**
 * 证据上传: POST /api/evidence (multipart: `file` plus optional fields before it: enterpriseId, capture, clientTakenAt,
 * lat, lng). The server records its own receipt time and the uploader; the capture time comes from EXIF.
 */
import path from "node:path";
import { z } from "zod";
import { actorOf, type App } from "../../app";
import { evidence } from "../../db/schema";
import { appendAudit } from "../../platform/audit";
import { FileStore } from "../../platform/files";
import { enterpriseForRead } from "../../platform/scope";
import { readUpload } from "../files/upload";
import { parseBody } from "../hazards/schemas";
import { exifTakenAt, storeEvidenceFile } from "./store";

const blankToUndefined = (v: unknown) => (typeof v === "string" && v.trim() === "" ? undefined : v);
const coord = (label: string, max: number) =>
  z.preprocess(
    blankToUndefined,
    z.coerce
      .number({ error: `${label}应为数字` })
      .min(-max, { error: `${label}应在 -${max} 到 ${max} 之间` })
      .max(max, { error: `${label}应在 -${max} 到 ${max} 之间` })
      .optional(),
  );

export const evidenceFields = z
  .object({
    enterpriseId: z.preprocess(blankToUndefined, z.uuid({ error: "企业 ID 格式无效" }).optional()),
    capture: z.preprocess(
      blankToUndefined,
      z.enum(["camera", "gallery", "unknown"], { error: "capture 应为 camera（现场拍摄）或 gallery（相册）" }).default("unknown"),
    ),
    clientTakenAt: z.preprocess(
      blankToUndefined,
      z.iso
        .datetime({ offset: true, error: "拍摄时间应为带时区的 ISO-8601 时间" })
        .transform((v) => new Date(v))
        .optional(),
    ),
    lat: coord("纬度", 90),
    lng: coord("经度", 180),
  })
  .superRefine((f, ctx) => {
    if ((f.lat === undefined) !== (f.lng === undefined))
      ctx.addIssue({ code: "custom", path: [f.lat === undefined ? "lat" : "lng"], message: "经纬度须同时提供" });
  });

export async function evidenceRoutes(app: App) {
  const { db, config } = app.ctx;
  const store = new FileStore(path.join(config.dataDir, "files"));

  app.post(
    "/api/evidence",
    {
      schema: {
        tags: ["hazards"],
        summary: "上传证据照片或视频（JPG/PNG/WebP、MP4）",
        description: "multipart/form-data：file；可选字段（放在 file 之前）enterpriseId、capture（camera|gallery）、clientTakenAt、lat、lng",
        consumes: ["multipart/form-data"],
      },
    },
    async (req, reply) => {
      const actor = actorOf(req);
      const receivedAt = app.ctx.now();
      const up = await readUpload(req, config.MAX_UPLOAD_MB);
      const f = parseBody(evidenceFields, up.fields);
      // Photos of an enterprise's own people are its evidence; others name the enterprise (or it is set when cited).
      const enterpriseId = f.enterpriseId ?? (actor.scope.kind === "enterprise" ? actor.scope.enterpriseId : null);
      if (enterpriseId) await enterpriseForRead(db, actor, enterpriseId);
      const file = await storeEvidenceFile(store, db, up.buffer, up.filename, actor.userId);
      const takenAt = await exifTakenAt(up.buffer, file.mime);
      const row = await db.transaction(async (tx) => {
        const [r] = await tx
          .insert(evidence)
          .values({
            enterpriseId,
            fileSha256: file.sha256,
            uploadedBy: actor.userId,
            uploadedByName: actor.displayName,
            receivedAt,
            takenAt,
            clientTakenAt: f.clientTakenAt ?? null,
            capture: f.capture,
            lat: f.lat ?? null,
            lng: f.lng ?? null,
          })
          .returning();
        await appendAudit(tx, actor, { action: "evidence.upload", targetType: "evidence", targetId: r!.id, enterpriseId, after: r }, receivedAt);
        return r!;
      });
      return reply.status(201).send({
        id: row.id,
        enterpriseId: row.enterpriseId,
        fileSha256: row.fileSha256,
        receivedAt: row.receivedAt.toISOString(),
        takenAt: row.takenAt?.toISOString() ?? null,
        clientTakenAt: row.clientTakenAt?.toISOString() ?? null,
        capture: row.capture,
        lat: row.lat,
        lng: row.lng,
        uploadedByName: row.uploadedByName,
        mime: file.mime,
        size: file.size,
        hasThumbnail: file.hasThumbnail,
      });
    },
  );
}
