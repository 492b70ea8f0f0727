/** The report as an Excel workbook (exceljs): one sheet per section, every row (the PDF may shorten long tables). */
import ExcelJS from "exceljs";
import { ALARM_KINDS, ALARM_SEVERITIES, ALARM_STATUSES } from "@anguan/domain";
import { causeZh, changeZh, COMPARISON_LABELS, kindZh, levelZh, periodZh, reasonZh, reportTitle, severityZh, statusZh, timeZh } from "./format";
import type { EnterpriseStat, ReportData, SourceCount } from "./types";

type Value = string | number | null;
interface Col {
  header: string;
  width?: number;
  /** Excel number format, e.g. "0.00%" for rates. */
  numFmt?: string;
}

function sheet(wb: ExcelJS.Workbook, name: string, cols: Col[], rows: Value[][]) {
  const ws = wb.addWorksheet(name, { views: [{ state: "frozen", ySplit: 1 }] });
  ws.columns = cols.map((c, i) => ({
    header: c.header,
    key: `c${i}`,
    width: c.width ?? Math.max(10, c.header.length * 2 + 2),
    style: c.numFmt ? { numFmt: c.numFmt } : {},
  }));
  ws.getRow(1).font = { bold: true };
  ws.getRow(1).fill = { type: "pattern", pattern: "solid", fgColor: { argb: "FFEEF2F7" } };
  for (const r of rows) ws.addRow(r);
  return ws;
}

const PCT = "0.00%";
const ENTERPRISE_COLS: Col[] = [
  { header: "企业", width: 36 },
  { header: "监测点" },
  { header: "报警" },
  ...Object.keys(ALARM_SEVERITIES).map((s) => ({ header: severityZh(s) })),
  { header: "在线率", numFmt: PCT },
  { header: "离线次数" },
  { header: "离线时长（分钟）", width: 16 },
  { header: "确认及时率", numFmt: PCT },
  { header: "处置及时率", numFmt: PCT },
  { header: "综合及时率", numFmt: PCT },
  { header: "未确认红色预警", width: 16 },
];
const enterpriseRow = (e: EnterpriseStat): Value[] => [
  e.name,
  e.sensors,
  e.alarms,
  ...Object.keys(ALARM_SEVERITIES).map((s) => e.bySeverity[s as keyof typeof e.bySeverity]),
  e.onlineRate,
  e.offlineSpells,
  e.offlineMinutes,
  e.ackTimelyRate,
  e.disposeTimelyRate,
  e.timeliness,
  e.unacknowledgedRed,
];

const SOURCE_COLS: Col[] = [
  { header: "#", width: 5 },
  { header: "企业", width: 32 },
  { header: "单元", width: 20 },
  { header: "位号", width: 16 },
  { header: "监测点", width: 24 },
  { header: "次数" },
  { header: "类型", width: 30 },
];
const sourceRow = (s: SourceCount, i: number): Value[] => [
  i + 1,
  s.enterpriseName,
  s.unitName,
  s.tag,
  s.name,
  s.count,
  Object.entries(s.kinds)
    .map(([k, n]) => `${kindZh(k)} ${n}`)
    .join("，"),
];

function summarySheet(wb: ExcelJS.Workbook, d: ReportData) {
  const s = d.summary;
  const h = s.handling;
  const rows: Value[][] = [
    ["报告", reportTitle(d)],
    ["范围", d.scope.name],
    ["报告期", periodZh(d)],
    ["生成时间", timeZh(d.generatedAt)],
    ["报告期已结束", d.partial ? "否（数据截至生成时间）" : "是"],
    ["监测点", s.sensors],
    ["企业", s.enterprises],
    ["报警总数", s.alarms],
    ...Object.keys(ALARM_SEVERITIES).map((k): Value[] => [severityZh(k), s.bySeverity[k as keyof typeof s.bySeverity]]),
    ...Object.keys(ALARM_KINDS).map((k): Value[] => [kindZh(k), s.byKind[k as keyof typeof s.byKind]]),
    ...Object.keys(ALARM_STATUSES).map((k): Value[] => [`状态：${statusZh(k)}`, s.byStatus[k as keyof typeof s.byStatus]]),
    ["在线率", s.onlineRate],
    ["离线次数", s.offlineSpells],
    ["离线时长（分钟）", s.offlineMinutes],
    ["已确认", h.acknowledged],
    ["确认用时中位数（分钟）", h.ackMedianMinutes],
    ["确认用时平均（分钟）", h.ackAvgMinutes],
    ["已处置", h.disposed],
    ["处置用时中位数（分钟）", h.disposeMedianMinutes],
    ["处置用时平均（分钟）", h.disposeAvgMinutes],
    [`${d.thresholds.ackWithinMinutes} 分钟内确认率`, h.ackTimelyRate],
    [`${d.thresholds.disposeWithinHours} 小时内处置率`, h.disposeTimelyRate],
    ["处置及时率", h.timeliness],
  ];
  const ws = sheet(
    wb,
    "概况",
    [
      { header: "指标", width: 28 },
      { header: "数值", width: 40 },
    ],
    rows,
  );
  ws.eachRow((row) => {
    const label = String(row.getCell(1).value ?? "");
    if (label.includes("率")) row.getCell(2).numFmt = PCT;
  });
}

export async function reportXlsx(d: ReportData): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = "安管";
  wb.created = new Date(d.generatedAt);
  summarySheet(wb, d);
  if (d.kind === "daily") {
    sheet(
      wb,
      "报警明细",
      [
        { header: "企业", width: 32 },
        { header: "单元", width: 20 },
        { header: "位号", width: 16 },
        { header: "监测点", width: 24 },
        { header: "类型" },
        { header: "级别" },
        { header: "预警等级" },
        { header: "数值", numFmt: "0.###" },
        { header: "限值", numFmt: "0.###" },
        { header: "单位" },
        { header: "报警时间", width: 18 },
        { header: "确认用时（分钟）", width: 16 },
        { header: "处置用时（分钟）", width: 16 },
        { header: "原因" },
        { header: "状态" },
      ],
      d.alarms.map((a) => [
        a.enterpriseName,
        a.unitName,
        a.tag,
        a.sensorName,
        kindZh(a.kind),
        levelZh(a.level),
        severityZh(a.severity),
        a.value,
        a.limit,
        a.engineeringUnit,
        timeZh(a.raisedAt),
        a.ackMinutes,
        a.disposeMinutes,
        causeZh(a.cause),
        statusZh(a.status),
      ]),
    );
    sheet(
      wb,
      "离线记录",
      [
        { header: "企业", width: 32 },
        { header: "位号", width: 16 },
        { header: "监测点", width: 24 },
        { header: "离线开始", width: 18 },
        { header: "恢复时间", width: 18 },
        { header: "当日离线（分钟）", width: 16 },
      ],
      d.offlineSpells.map((s) => [s.enterpriseName, s.tag, s.sensorName, timeZh(s.from), s.to ? timeZh(s.to) : "仍离线", s.minutes]),
    );
    sheet(wb, "企业在线率", ENTERPRISE_COLS, d.enterprises.map(enterpriseRow));
  } else if (d.kind === "weekly") {
    sheet(
      wb,
      "每日趋势",
      [{ header: "日期", width: 12 }, { header: "合计" }, ...Object.keys(ALARM_SEVERITIES).map((s) => ({ header: severityZh(s) }))],
      d.trend.map((p) => [p.date, p.total, p.red, p.orange, p.yellow, p.blue]),
    );
    sheet(
      wb,
      "与上周对比",
      [
        { header: "指标", width: 26 },
        { header: "本周", width: 14 },
        { header: "上周", width: 14 },
        { header: "变化", width: 18 },
      ],
      d.comparison.map((r) => [
        COMPARISON_LABELS[r.key].zh,
        COMPARISON_LABELS[r.key].format(r.current),
        COMPARISON_LABELS[r.key].format(r.previous),
        changeZh(r),
      ]),
    );
    sheet(wb, "报警最多的监测点", SOURCE_COLS, d.topSensors.map(sourceRow));
    sheet(
      wb,
      "报警最多的单元",
      [{ header: "#", width: 5 }, { header: "单元", width: 28 }, { header: "企业", width: 32 }, { header: "次数" }],
      d.topUnits.map((u, i) => [i + 1, u.name, u.enterpriseName, u.count]),
    );
    sheet(
      wb,
      "报警原因",
      [{ header: "原因", width: 16 }, { header: "次数" }],
      d.causes.map((c) => [causeZh(c.cause), c.count]),
    );
    sheet(wb, "频繁报警监测点", SOURCE_COLS, d.repeatOffenders.map(sourceRow));
    sheet(wb, "企业在线率", ENTERPRISE_COLS, d.enterprises.map(enterpriseRow));
  } else {
    sheet(
      wb,
      "每日趋势",
      [{ header: "日期", width: 12 }, { header: "合计" }, ...Object.keys(ALARM_SEVERITIES).map((s) => ({ header: severityZh(s) }))],
      d.trend.map((p) => [p.date, p.total, p.red, p.orange, p.yellow, p.blue]),
    );
    sheet(
      wb,
      "企业排名",
      [{ header: "名次", width: 6 }, ...ENTERPRISE_COLS],
      d.ranking.map((e) => [e.rank, ...enterpriseRow(e)]),
    );
    sheet(
      wb,
      "重点关注名单",
      [
        { header: "企业", width: 32 },
        { header: "在线率", numFmt: PCT },
        { header: "处置及时率", numFmt: PCT },
        { header: "未确认红色预警", width: 16 },
        { header: "原因", width: 40 },
      ],
      d.redList.map((e) => [e.name, e.onlineRate, e.timeliness, e.unacknowledgedRed, e.reasons.map(reasonZh).join("；")]),
    );
    sheet(
      wb,
      "报警原因",
      [{ header: "原因", width: 16 }, { header: "次数" }],
      d.causes.map((c) => [causeZh(c.cause), c.count]),
    );
    if (d.scope.type === "region")
      sheet(
        wb,
        "分区域汇总",
        [
          { header: "区域代码", width: 12 },
          { header: "区域", width: 20 },
          { header: "企业" },
          { header: "监测点" },
          { header: "报警" },
          { header: "红色" },
          { header: "在线率", numFmt: PCT },
          { header: "处置及时率", numFmt: PCT },
          { header: "列入重点关注", width: 14 },
        ],
        d.regions.map((r) => [r.code, r.name, r.enterprises, r.sensors, r.alarms, r.red, r.onlineRate, r.timeliness, r.redListed]),
      );
  }
  sheet(
    wb,
    "判定规则",
    [
      { header: "规则", width: 36 },
      { header: "取值", width: 20 },
    ],
    [
      ["及时确认（分钟内）", d.thresholds.ackWithinMinutes],
      ["及时处置（小时内）", d.thresholds.disposeWithinHours],
      ["重点关注名单：在线率低于", d.thresholds.redList.minOnlineRate],
      ["重点关注名单：处置及时率低于", d.thresholds.redList.minTimeliness],
      ["重点关注名单：存在未确认红色预警", d.thresholds.redList.unacknowledgedRed ? "是" : "否"],
      ["频繁报警：一周报警次数不少于", d.thresholds.repeatOffenderMinAlarms],
    ],
  );
  return Buffer.from(await wb.xlsx.writeBuffer());
}
