/**
 * 安全风险四色分布图: a plant layout image (an uploaded file, checked to be an image; its size read with sharp) and
 * areas drawn on it as polygons (coordinates 0..1 of the image's width and height) linked to risk units of the same
 * enterprise. An area's colour is the highest grade of its units, computed when read, so it follows every reassessment.
 */
import fs from "node:fs";
import path from "node:path";
import { and, asc, eq, inArray, or, sql } from "drizzle-orm";
import sharp from "sharp";
import { maxGrade, riskColorOf, type RiskGrade } from "@anguan/domain";
import { actorOf, type App } from "../../app";
import type { Queryable } from "../../db/client";
import { attachments, files, riskMapAreas, riskMaps, riskUnits } from "../../db/schema";
import { appendAudit } from "../../platform/audit";
import { fieldError, notFound } from "../../platform/errors";
import { FileStore } from "../../platform/files";
import { enterpriseForRead, enterpriseForWrite } from "../../platform/scope";
import { loadMap } from "./load";
import { idParams, mapAreasInput, mapInput } from "./schemas";

type MapRow = typeof riskMaps.$inferSelect;
const IMAGE_MIME = new Set(["image/jpeg", "image/png", "image/webp", "image/gif"]);

function summary(m: MapRow) {
  return {
    id: m.id,
    enterpriseId: m.enterpriseId,
    name: m.name,
    imageSha256: m.imageSha256,
    width: m.width,
    height: m.height,
    createdAt: m.createdAt,
    imageUrl: `/api/risk-maps/${m.id}/image`,
  };
}

async function presentMap(db: Queryable, m: MapRow) {
  const areas = await db.select().from(riskMapAreas).where(eq(riskMapAreas.mapId, m.id)).orderBy(asc(riskMapAreas.name));
  const ids = [...new Set(areas.flatMap((a) => a.unitIds))];
  const units = ids.length
    ? await db
        .select({ id: riskUnits.id, name: riskUnits.name, riskGrade: riskUnits.riskGrade, status: riskUnits.status })
        .from(riskUnits)
        .where(and(eq(riskUnits.enterpriseId, m.enterpriseId), inArray(riskUnits.id, ids)))
    : [];
  const byId = new Map(units.map((u) => [u.id, { ...u, color: riskColorOf(u.riskGrade as RiskGrade | null) }]));
  return {
    ...summary(m),
    areas: areas.map((a) => {
      const linked = a.unitIds.flatMap((id) => byId.get(id) ?? []);
      const grade = maxGrade(linked.map((u) => u.riskGrade));
      return { id: a.id, name: a.name, polygon: a.polygon, unitIds: a.unitIds, riskGrade: grade, color: riskColorOf(grade), units: linked };
    }),
  };
}

export async function mapRoutes(app: App) {
  const { db, config } = app.ctx;
  const store = new FileStore(path.join(config.dataDir, "files"));
  const tags = ["risks"];

  app.post(
    "/api/enterprises/:id/risk-maps",
    { schema: { tags, summary: "新增四色分布图（先用 POST /api/files 上传平面图）", params: idParams, body: mapInput } },
    async (req, reply) => {
      const actor = actorOf(req);
      const now = app.ctx.now();
      const sha = req.body.imageSha256;
      const row = await db.transaction(async (tx) => {
        const e = await enterpriseForWrite(tx, actor, req.params.id);
        // The image must be the caller's upload or already a file of this enterprise; nobody can cite a stranger's file.
        const [f] = await tx
          .select()
          .from(files)
          .where(
            and(
              eq(files.sha256, sha),
              or(
                eq(files.uploadedBy, actor.userId),
                sql`EXISTS (SELECT 1 FROM ${attachments} WHERE ${attachments.fileSha256} = ${sha} AND ${attachments.enterpriseId} = ${e.id})`,
                sql`EXISTS (SELECT 1 FROM ${riskMaps} WHERE ${riskMaps.imageSha256} = ${sha} AND ${riskMaps.enterpriseId} = ${e.id})`,
              ),
            ),
          );
        if (!f) throw fieldError("imageSha256", "平面图文件不存在，请重新上传");
        if (!IMAGE_MIME.has(f.mime)) throw fieldError("imageSha256", "平面图应为图片（JPG/PNG/WebP/GIF）", "NOT_AN_IMAGE");
        const meta = await sharp(store.pathOf(sha))
          .metadata()
          .catch(() => null);
        if (!meta?.width || !meta.height) throw fieldError("imageSha256", "无法读取平面图的尺寸，图片可能已损坏", "NOT_AN_IMAGE");
        // EXIF orientations 5–8 turn the picture a quarter: the displayed width is the stored height.
        const turned = (meta.orientation ?? 1) >= 5;
        const [m] = await tx
          .insert(riskMaps)
          .values({
            enterpriseId: e.id,
            name: req.body.name,
            imageSha256: sha,
            width: turned ? meta.height : meta.width,
            height: turned ? meta.width : meta.height,
            createdAt: now,
          })
          .returning();
        await appendAudit(tx, actor, { action: "riskMap.create", targetType: "risk_map", targetId: m!.id, enterpriseId: e.id, before: null, after: m }, now);
        return m!;
      });
      return reply.status(201).send({ ...summary(row), areas: [] });
    },
  );

  app.get("/api/enterprises/:id/risk-maps", { schema: { tags, summary: "企业的四色分布图列表", params: idParams } }, async (req) => {
    const e = await enterpriseForRead(db, actorOf(req), req.params.id);
    const rows = await db.select().from(riskMaps).where(eq(riskMaps.enterpriseId, e.id)).orderBy(asc(riskMaps.createdAt));
    const counts = rows.length
      ? await db
          .select({ mapId: riskMapAreas.mapId, n: sql<number>`count(*)::int` })
          .from(riskMapAreas)
          .where(
            inArray(
              riskMapAreas.mapId,
              rows.map((r) => r.id),
            ),
          )
          .groupBy(riskMapAreas.mapId)
      : [];
    const n = new Map(counts.map((c) => [c.mapId, Number(c.n)]));
    return { items: rows.map((r) => ({ ...summary(r), areaCount: n.get(r.id) ?? 0 })) };
  });

  app.get("/api/risk-maps/:id", { schema: { tags, summary: "四色分布图（区域颜色 = 所含单元的最高风险等级）", params: idParams } }, async (req) => {
    const { row } = await loadMap(db, actorOf(req), req.params.id, "read");
    return presentMap(db, row);
  });

  app.get("/api/risk-maps/:id/image", { schema: { tags, summary: "四色分布图的平面图图片", params: idParams } }, async (req, reply) => {
    const { row } = await loadMap(db, actorOf(req), req.params.id, "read");
    const [f] = await db.select({ mime: files.mime }).from(files).where(eq(files.sha256, row.imageSha256));
    const p = store.pathOf(row.imageSha256);
    if (!f || !fs.existsSync(p)) throw notFound("平面图文件");
    return reply.header("content-type", f.mime).header("cache-control", "private, max-age=86400, immutable").send(fs.createReadStream(p));
  });

  app.put("/api/risk-maps/:id/areas", { schema: { tags, summary: "保存四色分布图的区域（整体替换）", params: idParams, body: mapAreasInput } }, async (req) => {
    const actor = actorOf(req);
    const now = app.ctx.now();
    const row = await db.transaction(async (tx) => {
      const { row: m } = await loadMap(tx, actor, req.params.id, "write");
      const ids = [...new Set(req.body.flatMap((a) => a.unitIds))];
      const found = ids.length
        ? await tx
            .select({ id: riskUnits.id })
            .from(riskUnits)
            .where(and(eq(riskUnits.enterpriseId, m.enterpriseId), inArray(riskUnits.id, ids)))
        : [];
      const known = new Set(found.map((u) => u.id));
      req.body.forEach((a, i) => {
        const bad = a.unitIds.find((id) => !known.has(id));
        if (bad) throw fieldError(`${i}.unitIds`, `风险分析单元 ${bad} 不存在或不属于本企业`);
      });
      const before = await tx.select().from(riskMapAreas).where(eq(riskMapAreas.mapId, m.id));
      await tx.delete(riskMapAreas).where(eq(riskMapAreas.mapId, m.id));
      if (req.body.length) {
        await tx
          .insert(riskMapAreas)
          .values(req.body.map((a) => ({ enterpriseId: m.enterpriseId, mapId: m.id, name: a.name, polygon: a.polygon, unitIds: [...new Set(a.unitIds)] })));
      }
      await appendAudit(
        tx,
        actor,
        {
          action: "riskMap.areas",
          targetType: "risk_map",
          targetId: m.id,
          enterpriseId: m.enterpriseId,
          before: before.map(({ name, polygon, unitIds }) => ({ name, polygon, unitIds })),
          after: req.body,
        },
        now,
      );
      return m;
    });
    return presentMap(db, row);
  });

  app.delete("/api/risk-maps/:id", { schema: { tags, summary: "删除四色分布图", params: idParams } }, async (req, reply) => {
    const actor = actorOf(req);
    const now = app.ctx.now();
    await db.transaction(async (tx) => {
      const { row: m } = await loadMap(tx, actor, req.params.id, "write");
      await tx.delete(riskMaps).where(eq(riskMaps.id, m.id));
      await appendAudit(
        tx,
        actor,
        { action: "riskMap.delete", targetType: "risk_map", targetId: m.id, enterpriseId: m.enterpriseId, before: m, after: null },
        now,
      );
    });
    return reply.status(204).send();
  });
}
