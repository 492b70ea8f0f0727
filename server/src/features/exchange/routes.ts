/** 双重预防数据交换: export an enterprise's records in the national interface format, and import the same format. */
import { z } from "zod";
import { actorOf, type App } from "../../app";
import { enterpriseForRead, enterpriseForWrite } from "../../platform/scope";
import { exportDualPrevention } from "./export";
import { importDualPrevention } from "./import";

const params = z.object({ id: z.string().max(64) });
/** Files of a few thousand objects are several MB; the default body limit is 1 MB. */
const IMPORT_BODY_LIMIT = 50 * 1024 * 1024;

export async function exchangeRoutes(app: App) {
  const { db } = app.ctx;
  const tags = ["exchange"];

  app.get(
    "/api/enterprises/:id/dual-prevention/export",
    { schema: { tags, summary: "导出双重预防数据（国家接口字段与编码，JSON）", params } },
    async (req, reply) => {
      const e = await enterpriseForRead(db, actorOf(req), req.params.id);
      const body = await exportDualPrevention(db, e, app.ctx.now());
      return reply.header("content-disposition", `attachment; filename="dual-prevention-${body.companyCode}-${body.exportedAt}.json"`).send(body);
    },
  );

  app.post(
    "/api/enterprises/:id/dual-prevention/import",
    {
      bodyLimit: IMPORT_BODY_LIMIT,
      schema: {
        tags,
        summary: "导入双重预防数据（国家接口格式；全部成功或全部不导入）",
        params,
        // The file is checked object by object in the use case, so that every bad object is reported.
        body: z.record(z.string(), z.unknown(), { error: "请求内容应为 JSON 对象" }),
      },
    },
    async (req) => {
      const actor = actorOf(req);
      const now = app.ctx.now();
      return db.transaction(async (tx) => {
        const e = await enterpriseForWrite(tx, actor, req.params.id);
        return importDualPrevention(tx, actor, e, req.body, now);
      });
    },
  );
}
