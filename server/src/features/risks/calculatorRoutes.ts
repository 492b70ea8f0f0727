/**
 * 风险计算器 (LEC / LS) as an API, the score tables, and the grade bands of a jurisdiction (GET/PUT/DELETE).
 * Calculators grade with the caller's jurisdiction bands; reading bands needs the region in the caller's scope (else
 * 404); changing them needs an administrator or an emergency-management regulator of that region or above (else 403).
 */
import { and, eq } from "drizzle-orm";
import { z } from "zod";
import {
  CONTROL_LEVELS,
  DEFAULT_RISK_BANDS,
  LEC_CALCULATOR_VERSION,
  LEC_TABLES,
  LS_CALCULATOR_VERSION,
  LS_TABLES,
  MEASURE_CLASSIFY1,
  MEASURE_CLASSIFY2,
  MEASURE_DATA_SOURCES,
  RISK_GRADE_INFO,
  RISK_OBJECT_KINDS,
  calculateLec,
  calculateLs,
  riskBandsSchema,
  type Actor,
} from "@anguan/domain";
import { actorOf, type App } from "../../app";
import { jurisdictionSettings } from "../../db/schema";
import { appendAudit, canonicalJson } from "../../platform/audit";
import { AppError, fieldError, forbidden, notFound } from "../../platform/errors";
import { regionByCode } from "../../platform/regions";
import { enterpriseForRead } from "../../platform/scope";
import { bandsForActor, bandsForPath, RISK_BANDS_KEY } from "./bands";
import { scoreError } from "./present";

const lecBody = z.object({ l: z.number({ error: "L 应为数字" }), e: z.number({ error: "E 应为数字" }), c: z.number({ error: "C 应为数字" }) }).strict();
const lsBody = z.object({ l: z.number({ error: "L 应为数字" }), s: z.number({ error: "S 应为数字" }) }).strict();
const regionQuery = z.object({ regionCode: z.string().trim().min(1, { error: "请指定区域代码" }).max(12) });

function canReadRegion(actor: Actor, path: string): boolean {
  if (actor.role === "admin") return true;
  return actor.scope.kind === "jurisdiction" && path.startsWith(actor.scope.regionPath);
}

/** Bands are a jurisdiction-wide rule: the administrator, or an emergency-management body (all sectors) at or above the region. */
function canWriteRegion(actor: Actor, path: string): boolean {
  if (actor.role === "admin") return true;
  return actor.role === "regulator" && actor.scope.kind === "jurisdiction" && actor.scope.sectors === null && path.startsWith(actor.scope.regionPath);
}

export async function calculatorRoutes(app: App) {
  const { db } = app.ctx;
  const tags = ["risks"];

  app.post("/api/calculators/lec", { schema: { tags, summary: "LEC 风险计算（D = L×E×C）", body: lecBody } }, async (req) => {
    const { bands } = await bandsForActor(db, actorOf(req));
    try {
      return calculateLec(req.body, bands);
    } catch (e) {
      throw scoreError(e);
    }
  });

  app.post("/api/calculators/ls", { schema: { tags, summary: "LS 风险矩阵计算（R = L×S）", body: lsBody } }, async (req) => {
    const { bands } = await bandsForActor(db, actorOf(req));
    try {
      return calculateLs(req.body, bands);
    } catch (e) {
      throw scoreError(e);
    }
  });

  app.get(
    "/api/calculators/tables",
    {
      schema: {
        tags,
        summary: "LEC/LS 取值表、分级标准与台账代码（?enterpriseId= 取该企业所在辖区的分级标准）",
        querystring: z.object({ enterpriseId: z.string().max(64).optional() }),
      },
    },
    async (req) => {
      const actor = actorOf(req);
      const effective = req.query.enterpriseId
        ? await bandsForPath(db, (await enterpriseForRead(db, actor, req.query.enterpriseId)).regionPath)
        : await bandsForActor(db, actor);
      return {
        lec: { calculatorVersion: LEC_CALCULATOR_VERSION, ...LEC_TABLES },
        ls: { calculatorVersion: LS_CALCULATOR_VERSION, ...LS_TABLES },
        bands: effective.bands,
        bandsSourceRegionCode: effective.sourceRegionCode,
        grades: RISK_GRADE_INFO,
        controlLevels: CONTROL_LEVELS,
        objectKinds: RISK_OBJECT_KINDS,
        classify1: MEASURE_CLASSIFY1,
        classify2: MEASURE_CLASSIFY2,
        dataSources: MEASURE_DATA_SOURCES,
      };
    },
  );

  const loadRegion = async (actor: Actor, code: string, mode: "read" | "write") => {
    const region = await regionByCode(db, code);
    if (mode === "read") {
      if (!region || !canReadRegion(actor, region.path)) throw notFound("区域");
      return region;
    }
    if (!region) throw fieldError("regionCode", `未知的区域代码 ${code}`, "UNKNOWN_REGION");
    if (!canWriteRegion(actor, region.path)) throw forbidden("只有系统管理员或本级及上级应急管理部门可以设置风险分级标准");
    return region;
  };

  const present = async (regionCode: string, regionPath: string) => {
    const [own] = await db
      .select()
      .from(jurisdictionSettings)
      .where(and(eq(jurisdictionSettings.regionCode, regionCode), eq(jurisdictionSettings.key, RISK_BANDS_KEY)));
    const effective = await bandsForPath(db, regionPath);
    return {
      regionCode,
      own: own ? riskBandsSchema.parse(own.value) : null,
      ownUpdatedAt: own?.updatedAt ?? null,
      effective: effective.bands,
      sourceRegionCode: effective.sourceRegionCode,
      defaults: DEFAULT_RISK_BANDS,
    };
  };

  app.get("/api/settings/risk-bands", { schema: { tags, summary: "辖区风险分级标准", querystring: regionQuery } }, async (req) => {
    const region = await loadRegion(actorOf(req), req.query.regionCode, "read");
    return present(region.code, region.path);
  });

  app.put(
    "/api/settings/risk-bands",
    { schema: { tags, summary: "设置辖区风险分级标准（LEC/LS 分级与管控层级）", querystring: regionQuery, body: riskBandsSchema } },
    async (req) => {
      const actor = actorOf(req);
      const region = await loadRegion(actor, req.query.regionCode, "write");
      const now = app.ctx.now();
      await db.transaction(async (tx) => {
        const [before] = await tx
          .select()
          .from(jurisdictionSettings)
          .where(and(eq(jurisdictionSettings.regionCode, region.code), eq(jurisdictionSettings.key, RISK_BANDS_KEY)))
          .for("update");
        const old = before ? riskBandsSchema.safeParse(before.value) : null;
        // A version names one set of bands: changed bands need a new version, or stored grades could not be explained.
        if (old?.success && old.data.version === req.body.version && canonicalJson(old.data) !== canonicalJson(req.body)) {
          throw new AppError(409, "BANDS_VERSION_UNCHANGED", "分级标准已修改，请同时更换版本号", [
            { field: "version", message: "分级标准已修改，请更换版本号" },
          ]);
        }
        await tx
          .insert(jurisdictionSettings)
          .values({ regionCode: region.code, key: RISK_BANDS_KEY, value: req.body, updatedBy: actor.userId, updatedAt: now })
          .onConflictDoUpdate({
            target: [jurisdictionSettings.regionCode, jurisdictionSettings.key],
            set: { value: req.body, updatedBy: actor.userId, updatedAt: now },
          });
        await appendAudit(
          tx,
          actor,
          { action: "riskBands.set", targetType: "region", targetId: region.code, before: before?.value ?? null, after: req.body },
          now,
        );
      });
      return present(region.code, region.path);
    },
  );

  app.delete(
    "/api/settings/risk-bands",
    { schema: { tags, summary: "删除本辖区的风险分级标准（恢复上级或默认标准）", querystring: regionQuery } },
    async (req) => {
      const actor = actorOf(req);
      const region = await loadRegion(actor, req.query.regionCode, "write");
      const now = app.ctx.now();
      await db.transaction(async (tx) => {
        const [gone] = await tx
          .delete(jurisdictionSettings)
          .where(and(eq(jurisdictionSettings.regionCode, region.code), eq(jurisdictionSettings.key, RISK_BANDS_KEY)))
          .returning();
        if (!gone) throw notFound("本辖区的分级标准");
        await appendAudit(tx, actor, { action: "riskBands.delete", targetType: "region", targetId: region.code, before: gone.value, after: null }, now);
      });
      return present(region.code, region.path);
    },
  );
}
