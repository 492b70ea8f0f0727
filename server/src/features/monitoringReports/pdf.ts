/**
 * The report as a PDF (pdfmake, Noto Sans CJK from fonts-noto-cjk as in risks/pdf.ts) with its charts drawn by
 * ECharts on the server as SVG. pdfmake hands an SVG's text font to PDFKit as the font family's descriptor, which
 * PDFKit cannot open for a `.ttc` collection; the chart family is therefore declared with the PostScript name of the
 * face already loaded for the body text, which PDFKit finds in its cache of the document's fonts.
 */
import fs from "node:fs";
import pdfmake from "pdfmake";
import { ALARM_KINDS, ALARM_SEVERITIES } from "@anguan/domain";
import { AppError } from "../../platform/errors";
import { PDF_FONT_CANDIDATES } from "../risks/pdf";
import { CHART_FONT, causesChart, onlineRateChart, rankingChart, regionsChart, severityChart, sourcesChart, trendChart, type ChartSvg } from "./charts";
import {
  causeZh,
  changeZh,
  COMPARISON_LABELS,
  durationZh,
  kindZh,
  levelZh,
  minutesZh,
  num,
  pct,
  periodZh,
  reasonZh,
  reportTitle,
  SEVERITY_COLORS,
  severityZh,
  statusZh,
  timeZh,
} from "./format";
import type { DailyReport, EnterpriseStat, MonthlyReport, ReportData, SourceCount, WeeklyReport } from "./types";

/** Longest table printed; the Excel has every row. */
export const PDF_MAX_ROWS = 1000;

const REGULAR_FACE = "NotoSansCJKsc-Regular";
const loaded = new Map<string, string>();

function virtualFont(candidates: readonly string[]): string | null {
  const file = candidates.find((p) => fs.existsSync(p));
  if (!file) return null;
  let name = loaded.get(file);
  if (!name) {
    name = `anguan-report-font-${loaded.size + 1}.ttc`;
    pdfmake.virtualfs.writeFileSync(name, fs.readFileSync(file));
    loaded.set(file, name);
  }
  return name;
}

async function renderPdf(doc: Record<string, unknown>): Promise<Buffer> {
  const regular = virtualFont(PDF_FONT_CANDIDATES.regular);
  if (!regular) {
    throw new AppError(503, "PDF_FONT_MISSING", "服务器未安装中文字体（Noto Sans CJK），暂时无法生成 PDF；请管理员安装 fonts-noto-cjk 后重试");
  }
  const bold = virtualFont(PDF_FONT_CANDIDATES.bold) ?? regular;
  pdfmake.setUrlAccessPolicy(() => false);
  pdfmake.setLocalAccessPolicy(() => false);
  pdfmake.setFonts({
    NotoSansCJK: { normal: [regular, REGULAR_FACE], bold: [bold, bold === regular ? REGULAR_FACE : "NotoSansCJKsc-Bold"] },
    [CHART_FONT]: { normal: REGULAR_FACE, bold: REGULAR_FACE, italics: REGULAR_FACE, bolditalics: REGULAR_FACE },
  });
  const out = pdfmake.createPdf({ ...doc, defaultStyle: { font: "NotoSansCJK", fontSize: 9 } });
  return out.getBuffer();
}

/** Light horizontal lines with narrow padding, so ten columns fit an A4 page. */
const TABLE_LAYOUT = {
  hLineWidth: (i: number, node: { table: { headerRows: number; body: unknown[] } }) =>
    i === 0 || i === node.table.body.length ? 0 : i === node.table.headerRows ? 1 : 0.5,
  vLineWidth: () => 0,
  hLineColor: (i: number) => (i === 1 ? "#333" : "#ccc"),
  paddingLeft: () => 3,
  paddingRight: () => 3,
  paddingTop: () => 2,
  paddingBottom: () => 2,
};

type Cell = string | number | Record<string, unknown>;

const head = (cells: string[]) => cells.map((text) => ({ text, bold: true, fillColor: "#eef2f7" }));
const right = (text: string) => ({ text, alignment: "right" });
const severityCell = (s: string) => ({
  text: severityZh(s),
  color: s === "yellow" ? "#8d6e00" : (SEVERITY_COLORS[s as keyof typeof SEVERITY_COLORS] ?? "#000"),
});

function table(headers: string[], rows: Cell[][], widths?: (string | number)[], empty = "无", fontSize = 8): unknown[] {
  const shown = rows.slice(0, PDF_MAX_ROWS);
  const body = shown.length ? shown : [[{ text: empty, colSpan: headers.length, alignment: "center", color: "#888" }, ...headers.slice(1).map(() => "")]];
  const out: unknown[] = [
    {
      table: { headerRows: 1, widths: widths ?? headers.map(() => "auto"), body: [head(headers), ...body] },
      layout: TABLE_LAYOUT,
      fontSize,
      margin: [0, 2, 0, 8],
    },
  ];
  if (rows.length > shown.length)
    out.push({ text: `仅列出前 ${PDF_MAX_ROWS} 条（共 ${rows.length} 条），完整清单见 Excel。`, color: "#888", fontSize: 8, margin: [0, 0, 0, 8] });
  return out;
}

const h2 = (text: string) => ({ text, style: "h2" });
/** A chart with its title (and the section heading before it), kept on one page. */
const chart = (c: ChartSvg, maxWidth = 520, heading?: string) => [
  {
    stack: [
      ...(heading ? [h2(heading)] : []),
      { text: c.title, style: "chartTitle" },
      { svg: c.svg, width: Math.min(c.width, maxWidth), font: CHART_FONT, margin: [0, 0, 0, 8] },
    ],
    unbreakable: true,
  },
];

function summaryBlock(d: ReportData): unknown[] {
  const s = d.summary;
  const h = s.handling;
  const kv = (k: string, v: string) => [
    { text: k, color: "#555" },
    { text: v, bold: true },
  ];
  const rows = [
    [...kv("监测点", `${s.sensors} 个`), ...kv("企业", `${s.enterprises} 家`)],
    [
      ...kv("报警总数", `${s.alarms} 次`),
      ...kv(
        "预警等级",
        Object.keys(ALARM_SEVERITIES)
          .map((k) => `${severityZh(k)} ${s.bySeverity[k as keyof typeof s.bySeverity]}`)
          .join("，"),
      ),
    ],
    [
      ...kv(
        "报警类型",
        Object.keys(ALARM_KINDS)
          .map((k) => `${kindZh(k)} ${s.byKind[k as keyof typeof s.byKind]}`)
          .join("，"),
      ),
      ...kv("在线率", pct(s.onlineRate, 2)),
    ],
    [...kv("离线", `${s.offlineSpells} 次，共 ${durationZh(s.offlineMinutes)}`), ...kv("已确认 / 已处置", `${h.acknowledged} / ${h.disposed}`)],
    [
      ...kv("确认用时（中位 / 平均）", `${num(h.ackMedianMinutes)} / ${num(h.ackAvgMinutes)} 分钟`),
      ...kv("处置用时（中位 / 平均）", `${num(h.disposeMedianMinutes)} / ${num(h.disposeAvgMinutes)} 分钟`),
    ],
    [
      ...kv(`${d.thresholds.ackWithinMinutes} 分钟内确认率`, pct(h.ackTimelyRate)),
      ...kv(`${d.thresholds.disposeWithinHours} 小时内处置率 / 处置及时率`, `${pct(h.disposeTimelyRate)} / ${pct(h.timeliness)}`),
    ],
  ];
  return [h2("一、概况"), { table: { widths: [90, "*", 110, "*"], body: rows }, layout: "noBorders", margin: [0, 0, 0, 8] }];
}

const enterpriseRateRows = (stats: readonly EnterpriseStat[]) =>
  stats.map((e) => [
    e.name,
    right(String(e.sensors)),
    right(String(e.alarms)),
    right(pct(e.onlineRate, 2)),
    right(String(e.offlineSpells)),
    right(durationZh(e.offlineMinutes)),
  ]);
const ENTERPRISE_RATE_HEAD = ["企业", "监测点", "报警", "在线率", "离线次数", "离线时长"];

const sourceRows = (xs: readonly SourceCount[]) =>
  xs.map((s, i) => [
    String(i + 1),
    s.enterpriseName,
    s.unitName ?? "—",
    `${s.tag} ${s.name}`,
    right(String(s.count)),
    Object.entries(s.kinds)
      .map(([k, n]) => `${kindZh(k)} ${n}`)
      .join("，"),
  ]);

function dailyContent(d: DailyReport): unknown[] {
  return [
    ...summaryBlock(d),
    ...chart(severityChart(d.summary.bySeverity), 300),
    ...chart(onlineRateChart(d.enterprises)),
    h2("二、报警明细"),
    ...table(
      ["企业", "单元", "监测点", "类型 / 级别", "数值 / 限值", "报警时间", "确认用时", "处置用时", "原因", "状态"],
      d.alarms.map((a) => [
        a.enterpriseName,
        a.unitName ?? "—",
        `${a.tag} ${a.sensorName}`,
        { stack: [`${kindZh(a.kind)}${a.level ? ` ${levelZh(a.level)}` : ""}`, severityCell(a.severity)] },
        a.value === null ? "—" : `${num(a.value, 2)}${a.limit === null ? "" : ` / ${num(a.limit, 2)}`} ${a.engineeringUnit}`,
        timeZh(a.raisedAt).slice(11),
        minutesZh(a.ackMinutes),
        minutesZh(a.disposeMinutes),
        causeZh(a.cause),
        statusZh(a.status),
      ]),
      [62, 40, 60, 48, 50, 26, 32, 32, 36, "*"],
      "当日无报警",
      7.5,
    ),
    h2("三、离线记录"),
    ...table(
      ["企业", "监测点", "离线开始", "恢复时间", "当日离线时长"],
      d.offlineSpells.map((s) => [s.enterpriseName, `${s.tag} ${s.sensorName}`, timeZh(s.from), s.to ? timeZh(s.to) : "仍离线", right(durationZh(s.minutes))]),
      ["*", "*", 80, 80, 70],
      "当日无离线",
    ),
    h2("四、企业在线率"),
    ...table(ENTERPRISE_RATE_HEAD, enterpriseRateRows(d.enterprises), ["*", 40, 40, 50, 45, 70]),
  ];
}

function weeklyContent(d: WeeklyReport): unknown[] {
  return [
    ...summaryBlock(d),
    ...chart(trendChart(d.trend), 520, "二、每日报警趋势"),
    h2(`三、与上周（${d.previous.periodStart} 至 ${d.previous.periodEnd}）对比`),
    ...table(
      ["指标", "本周", "上周", "变化"],
      d.comparison.map((r) => [
        COMPARISON_LABELS[r.key].zh,
        right(COMPARISON_LABELS[r.key].format(r.current)),
        right(COMPARISON_LABELS[r.key].format(r.previous)),
        right(changeZh(r)),
      ]),
      ["*", 80, 80, 100],
    ),
    ...(d.topSensors.length ? chart(sourcesChart(d.topSensors), 520, "四、报警来源前十") : [h2("四、报警来源前十")]),
    ...table(["#", "企业", "单元", "监测点", "次数", "类型"], sourceRows(d.topSensors), [16, "*", 60, "*", 30, 90], "本周无报警"),
    ...table(
      ["#", "单元", "企业", "次数"],
      d.topUnits.map((u, i) => [String(i + 1), u.name, u.enterpriseName, right(String(u.count))]),
      [16, "*", "*", 40],
      "无单元报警",
    ),
    h2("五、报警原因"),
    {
      columns: [
        { stack: chart(causesChart(d.causes), 290), width: 300 },
        {
          stack: table(
            ["原因", "次数"],
            d.causes.map((c) => [causeZh(c.cause), right(String(c.count))]),
            ["*", 40],
          ),
          width: "*",
        },
      ],
      columnGap: 8,
    },
    h2(`六、频繁报警监测点（一周 ≥ ${d.thresholds.repeatOffenderMinAlarms} 次）`),
    ...table(["#", "企业", "单元", "监测点", "次数", "类型"], sourceRows(d.repeatOffenders), [16, "*", 60, "*", 30, 90], "无"),
    ...chart(onlineRateChart(d.enterprises), 520, "七、企业在线率"),
    ...table(ENTERPRISE_RATE_HEAD, enterpriseRateRows(d.enterprises), ["*", 40, 40, 50, 45, 70]),
  ];
}

function monthlyContent(d: MonthlyReport): unknown[] {
  const t = d.thresholds;
  return [
    ...summaryBlock(d),
    ...chart(trendChart(d.trend), 520, "二、每日报警趋势"),
    h2("三、企业排名"),
    {
      text: `按报警次数从多到少，次数相同时在线率、处置及时率低者在前。处置及时率：${t.ackWithinMinutes} 分钟内确认且 ${t.disposeWithinHours} 小时内处置的报警占比。`,
      fontSize: 8,
      color: "#555",
    },
    ...(d.ranking.length ? chart(rankingChart(d.ranking)) : []),
    ...table(
      ["名次", "企业", "监测点", "报警", "红色", "在线率", "确认及时率", "处置及时率", "综合及时率"],
      d.ranking.map((e) => [
        right(String(e.rank)),
        e.name,
        right(String(e.sensors)),
        right(String(e.alarms)),
        right(String(e.bySeverity.red)),
        right(pct(e.onlineRate, 2)),
        right(pct(e.ackTimelyRate)),
        right(pct(e.disposeTimelyRate)),
        right(pct(e.timeliness)),
      ]),
      [26, "*", 34, 30, 30, 45, 45, 45, 45],
    ),
    h2("四、重点关注名单"),
    {
      text: `列入条件（可配置）：在线率低于 ${pct(t.redList.minOnlineRate, 0)}，或处置及时率低于 ${pct(t.redList.minTimeliness, 0)}${t.redList.unacknowledgedRed ? "，或存在未确认的红色预警" : ""}。`,
      fontSize: 8,
      color: "#555",
    },
    ...table(
      ["企业", "在线率", "处置及时率", "未确认红色预警", "原因"],
      d.redList.map((e) => [
        e.name,
        right(pct(e.onlineRate, 2)),
        right(pct(e.timeliness)),
        right(String(e.unacknowledgedRed)),
        e.reasons.map(reasonZh).join("；"),
      ]),
      ["*", 50, 55, 60, 150],
      "本月无企业列入",
    ),
    h2("五、报警原因"),
    ...table(
      ["原因", "次数"],
      d.causes.map((c) => [causeZh(c.cause), right(String(c.count))]),
      ["*", 60],
    ),
    ...(d.scope.type === "region"
      ? [
          ...(d.regions.length ? chart(regionsChart(d.regions), 520, "六、分区域汇总") : [h2("六、分区域汇总")]),
          ...table(
            ["区域", "企业", "监测点", "报警", "红色", "在线率", "处置及时率", "列入重点关注"],
            d.regions.map((r) => [
              r.name,
              right(String(r.enterprises)),
              right(String(r.sensors)),
              right(String(r.alarms)),
              right(String(r.red)),
              right(pct(r.onlineRate, 2)),
              right(pct(r.timeliness)),
              right(String(r.redListed)),
            ]),
            ["*", 36, 40, 36, 36, 50, 55, 50],
          ),
        ]
      : []),
  ];
}

export function reportDoc(d: ReportData): Record<string, unknown> {
  const title = reportTitle(d);
  const body = d.kind === "daily" ? dailyContent(d) : d.kind === "weekly" ? weeklyContent(d) : monthlyContent(d);
  return {
    pageSize: "A4",
    pageMargins: [36, 40, 36, 40],
    info: { title: `${title} ${d.scope.name} ${periodZh(d)}`, creator: "安管" },
    footer: (page: number, pages: number) => ({
      text: `${title} · ${d.scope.name} · 第 ${page} / ${pages} 页`,
      alignment: "center",
      fontSize: 7,
      color: "#888",
    }),
    styles: {
      title: { fontSize: 17, bold: true, alignment: "center", margin: [0, 0, 0, 4] },
      subtitle: { fontSize: 10, alignment: "center", color: "#333", margin: [0, 0, 0, 2] },
      h2: { fontSize: 12, bold: true, margin: [0, 10, 0, 4] },
      chartTitle: { fontSize: 9, bold: true, color: "#333", margin: [0, 4, 0, 2] },
    },
    content: [
      { text: title, style: "title" },
      { text: `${d.scope.name} · ${periodZh(d)}`, style: "subtitle" },
      {
        text: `生成时间：${timeZh(d.generatedAt)}${d.partial ? "（报告期尚未结束，数据截至生成时间）" : ""}`,
        alignment: "center",
        fontSize: 8,
        color: "#666",
        margin: [0, 0, 0, 8],
      },
      ...body,
    ],
  };
}

export async function reportPdf(d: ReportData): Promise<Buffer> {
  return renderPdf(reportDoc(d));
}
