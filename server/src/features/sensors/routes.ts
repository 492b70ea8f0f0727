/** 在线监测: gateways, sensors, a sensor's readings, the monitoring overview and online rates (docs/monitoring.md). */
import { actorOf, type App } from "../../app";
import { AppError, fieldError } from "../../platform/errors";
import { loadSensor } from "./access";
import { gatewayRoutes } from "./gateways";
import { monitoringOverview, onlineRates } from "./overview";
import { chooseBucket, queryReadings } from "./readings";
import { onlineRatesQuery, overviewQuery, readingsQuery, sensorIdParams } from "./schemas";
import { sensorRoutes } from "./sensors";

export async function monitoringRoutes(app: App) {
  const { db } = app.ctx;
  const tags = ["monitoring"];
  await gatewayRoutes(app);
  await sensorRoutes(app);

  app.get(
    "/api/sensors/:id/readings",
    {
      schema: {
        tags,
        summary: "监测点位的历史数据（原始或按分钟/小时汇总，每次至多 2000 个点）",
        params: sensorIdParams,
        querystring: readingsQuery,
      },
    },
    async (req) => {
      const actor = actorOf(req);
      const { row } = await loadSensor(db, actor, req.params.id, "read");
      const now = app.ctx.now();
      const to = req.query.to ?? now;
      const from = req.query.from ?? new Date(to.getTime() - 24 * 3600_000);
      if (from >= to) throw fieldError("to", "结束时间应晚于开始时间");
      const range = to.getTime() - from.getTime();
      let choice = chooseBucket(req.query.bucket, range, row.periodSeconds);
      let points: Awaited<ReturnType<typeof queryReadings>>;
      try {
        points = await queryReadings(db, row.id, from, to, choice);
      } catch (e) {
        // `auto` chose raw but the gateway sent faster than its period: summarise by minute instead.
        if (!(req.query.bucket === "auto" && choice.bucket === "raw" && e instanceof AppError)) throw e;
        choice = chooseBucket("minute", range, row.periodSeconds);
        points = await queryReadings(db, row.id, from, to, choice);
      }
      return { sensorId: row.id, from: from.toISOString(), to: to.toISOString(), bucket: choice.bucket, intervalSeconds: choice.widthSeconds, points };
    },
  );

  app.get(
    "/api/monitoring/overview",
    { schema: { tags, summary: "监测预警总览（点位、在线率、未消警报警，按企业和区域）", querystring: overviewQuery } },
    async (req) => monitoringOverview(db, actorOf(req), req.query, app.ctx.now()),
  );

  app.get(
    "/api/monitoring/online-rates",
    { schema: { tags, summary: "在线率（按点位、单元、企业或区域；默认今日）", querystring: onlineRatesQuery } },
    async (req) => onlineRates(db, actorOf(req), req.query, app.ctx.now()),
  );
}
