/** 隐患统计, 超期排名 and 隐患台账 (Excel), each for the caller's scope. */
import { actorOf, type App } from "../../app";
import { shanghaiDate } from "../../platform/time";
import { hazardFilterQuery } from "./filters";
import { exportLedger } from "./ledger";
import { hazardStats, overdueRanking, rankingQuery, statsQuery } from "./service";

export async function hazardStatsRoutes(app: App) {
  const { db } = app.ctx;
  const tags = ["hazard-stats"];

  app.get(
    "/api/hazard-stats",
    {
      schema: {
        tags,
        summary: "隐患统计（发现、整改、超期、重大、整改率，按区域/行业/企业/等级/类型/来源分组及趋势）",
        querystring: statsQuery,
      },
    },
    async (req) => hazardStats(db, actorOf(req), req.query, app.ctx.now()),
  );

  app.get("/api/hazard-stats/overdue-ranking", { schema: { tags, summary: "企业超期隐患排名", querystring: rankingQuery } }, async (req) =>
    overdueRanking(db, actorOf(req), req.query, app.ctx.now()),
  );

  app.get("/api/hazards/export", { schema: { tags, summary: "导出隐患台账（Excel，按列表筛选条件）", querystring: hazardFilterQuery } }, async (req, reply) => {
    const now = app.ctx.now();
    const { buffer, rows, total } = await exportLedger(db, actorOf(req), req.query, now);
    const name = encodeURIComponent(`隐患台账-${shanghaiDate(now)}.xlsx`);
    return reply
      .header("content-type", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
      .header("content-disposition", `attachment; filename="hazard-ledger.xlsx"; filename*=UTF-8''${name}`)
      .header("x-ledger-rows", String(rows))
      .header("x-ledger-total", String(total))
      .send(buffer);
  });
}
