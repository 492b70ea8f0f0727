/**
 * GET /api/monitoring-reports (one report, as JSON, PDF or Excel) and GET /api/monitoring-reports/list (the stored
 * reports in the caller's scope). Regulators read their region and the regions and enterprises below it; enterprise
 * users their own enterprise; a region or enterprise outside the caller's scope is 404.
 */
import { z } from "zod";
import { actorOf, type App } from "../../app";
import { shanghaiDate } from "../../platform/time";
import { reportXlsx } from "./excel";
import { periodZh, reportKindZh } from "./format";
import { reportPdf } from "./pdf";
import { lastCompletePeriod, REPORT_KIND_CODES, type ReportKind } from "./rules";
import { listReports, reportFor, targetFor } from "./service";

const kindSchema = z.enum(REPORT_KIND_CODES as [ReportKind, ...ReportKind[]], { error: "报告类型应为 daily（日记录）、weekly（周分析）或 monthly（月通报）" });
const dateSchema = z
  .string({ error: "日期格式应为 YYYY-MM-DD" })
  .regex(/^\d{4}-\d{2}-\d{2}$/, { error: "日期格式应为 YYYY-MM-DD" })
  .refine((s) => !Number.isNaN(new Date(`${s}T00:00:00Z`).getTime()) && new Date(`${s}T00:00:00Z`).toISOString().startsWith(s), { error: "日期无效" });
const enterpriseIdSchema = z.uuid({ error: "企业 ID 格式无效" });
const regionCodeSchema = z.string().regex(/^(\d{6}|\d{9}|\d{12})$/, { error: "区域代码应为 6、9 或 12 位数字" });
const flag = z.enum(["1", "true", "0", "false"], { error: "应为 true 或 false" }).transform((v) => v === "1" || v === "true");

const reportQuery = z.object({
  kind: kindSchema,
  /** Any day of the period; default: the last finished period. */
  date: dateSchema.optional(),
  enterpriseId: enterpriseIdSchema.optional(),
  regionCode: regionCodeSchema.optional(),
  regenerate: flag.optional(),
  format: z.enum(["json", "pdf", "xlsx"], { error: "格式应为 json、pdf 或 xlsx" }).default("json"),
});

const listQuery = z.object({
  kind: kindSchema.optional(),
  enterpriseId: enterpriseIdSchema.optional(),
  regionCode: regionCodeSchema.optional(),
  page: z.coerce.number({ error: "页码应为数字" }).int().min(1, { error: "页码从 1 开始" }).max(100_000).default(1),
  pageSize: z.coerce.number({ error: "每页条数应为数字" }).int().min(1).max(200, { error: "每页最多 200 条" }).default(20),
});

const safeName = (s: string) => s.replace(/[\\/:*?"<>|\s]+/g, "_");

export async function monitoringReportRoutes(app: App) {
  const { db, config } = app.ctx;
  const tags = ["monitoring-reports"];

  app.get(
    "/api/monitoring-reports",
    {
      schema: {
        tags,
        summary: "监测报告（日记录、周分析、月通报）：所选企业或区域、含该日期的报告期；format=pdf|xlsx 下载",
        querystring: reportQuery,
      },
    },
    async (req, reply) => {
      const actor = actorOf(req);
      const now = app.ctx.now();
      const q = req.query;
      const target = await targetFor(db, actor, q);
      const date = q.date ?? lastCompletePeriod(q.kind, shanghaiDate(now)).start;
      const report = await reportFor(db, target, { kind: q.kind, date, now, escalationMinutes: config.ALARM_ESCALATION_MINUTES, regenerate: q.regenerate });
      if (q.format === "json") return report;
      const d = report.data;
      const base = `${reportKindZh(d.kind)}-${safeName(d.scope.name)}-${safeName(periodZh(d))}`;
      const ascii = `monitoring-${d.kind}-${d.periodStart}`;
      const file =
        q.format === "pdf"
          ? { buf: await reportPdf(d), type: "application/pdf", ext: "pdf" }
          : { buf: await reportXlsx(d), type: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", ext: "xlsx" };
      return reply
        .header("content-type", file.type)
        .header("content-disposition", `attachment; filename="${ascii}.${file.ext}"; filename*=UTF-8''${encodeURIComponent(`${base}.${file.ext}`)}`)
        .header("cache-control", "private, no-store")
        .send(file.buf);
    },
  );

  app.get("/api/monitoring-reports/list", { schema: { tags, summary: "已生成的监测报告（本人范围内）", querystring: listQuery } }, async (req) =>
    listReports(db, actorOf(req), req.query),
  );
}
