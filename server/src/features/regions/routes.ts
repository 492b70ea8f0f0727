/** 行政区划: the regions a caller may filter by — its jurisdiction's subtree, or its own enterprises' regions. */
import { asc, inArray, like } from "drizzle-orm";
import { actorOf, type App } from "../../app";
import { enterprises, regions } from "../../db/schema";
import { enterpriseScopeWhere, likeEscape } from "../../platform/scope";

export async function regionRoutes(app: App) {
  const { db } = app.ctx;
  app.get("/api/regions", { schema: { tags: ["regions"], summary: "可见的行政区划（树的扁平列表）" } }, async (req) => {
    const actor = actorOf(req);
    const s = actor.scope;
    const cols = { code: regions.code, name: regions.name, level: regions.level, parentCode: regions.parentCode, lat: regions.lat, lng: regions.lng };
    if (s.kind === "all") return { items: await db.select(cols).from(regions).orderBy(asc(regions.path)) };
    if (s.kind === "jurisdiction") {
      return {
        items: await db
          .select(cols)
          .from(regions)
          .where(like(regions.path, `${likeEscape(s.regionPath)}%`))
          .orderBy(asc(regions.path)),
      };
    }
    // Enterprise users and third parties: the regions of the enterprises they can see, with their ancestors.
    const paths = await db.selectDistinct({ path: enterprises.regionPath }).from(enterprises).where(enterpriseScopeWhere(s));
    const codes = [...new Set(paths.flatMap((p) => p.path.split("/").filter(Boolean)))];
    if (codes.length === 0) return { items: [] };
    return { items: await db.select(cols).from(regions).where(inArray(regions.code, codes)).orderBy(asc(regions.path)) };
  });
}
