/**
 * 重大事故隐患判定标准 items: the shipped lists (domain) are upserted at every start, demo or production; other
 * industries' standards are added by an administrator as data.
 */
import { asc, inArray } from "drizzle-orm";
import { z } from "zod";
import { determinationItemInputSchema, SECTOR_CODES, type Sector } from "@anguan/domain";
import { actorOf, type App } from "../../app";
import { determinationItems } from "../../db/schema";
import { appendAudit } from "../../platform/audit";
import { AppError } from "../../platform/errors";

const listQuery = z.object({
  sector: z.enum(SECTOR_CODES as [Sector, ...Sector[]], { error: "监管行业无效" }).optional(),
  standard: z.string().trim().max(100).optional(),
});

const addBody = z.object({
  items: z.array(determinationItemInputSchema).min(1, { error: "至少添加一条判定条款" }).max(500, { error: "一次最多添加 500 条" }),
});

export async function standardRoutes(app: App) {
  const { db } = app.ctx;
  const tags = ["hazards"];

  app.get("/api/hazard-standards", { schema: { tags, summary: "重大事故隐患判定标准条款", querystring: listQuery } }, async (req) => {
    actorOf(req);
    const rows = await db
      .select()
      .from(determinationItems)
      .orderBy(asc(determinationItems.standard), asc(determinationItems.seq), asc(determinationItems.code));
    const { sector, standard } = req.query;
    const items = rows.filter((r) => (!sector || r.sectors.length === 0 || r.sectors.includes(sector)) && (!standard || r.standard === standard));
    return { items };
  });

  app.post(
    "/api/hazard-standards",
    { config: { adminOnly: true }, schema: { tags, summary: "添加判定标准条款（管理员）", body: addBody } },
    async (req, reply) => {
      const actor = actorOf(req);
      const items = req.body.items;
      const codes = items.map((i) => i.code);
      const dup = codes.filter((c, i) => codes.indexOf(c) !== i);
      if (dup.length) throw new AppError(409, "DUPLICATE_CODE", `编码重复：${[...new Set(dup)].join("、")}`, [{ field: "items", message: "编码重复" }]);
      const added = await db.transaction(async (tx) => {
        const existing = await tx
          .select({ code: determinationItems.code })
          .from(determinationItems)
          .where(
            inArray(
              determinationItems.code,
              items.map((i) => i.code),
            ),
          );
        if (existing.length) {
          throw new AppError(409, "DUPLICATE_CODE", `编码已存在：${existing.map((e) => e.code).join("、")}`, [{ field: "items", message: "编码已存在" }]);
        }
        const rows = await tx.insert(determinationItems).values(items).returning();
        await appendAudit(
          tx,
          actor,
          {
            action: "hazard_standard.add",
            targetType: "determination_items",
            targetId: rows
              .map((r) => r.code)
              .join(",")
              .slice(0, 500),
            after: rows,
          },
          app.ctx.now(),
        );
        return rows;
      });
      return reply.status(201).send({ added: added.length, items: added });
    },
  );
}
