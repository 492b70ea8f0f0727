/**
 * The printable permit (A4, pdfmake with the Noto Sans CJK fonts of risks/pdf.ts): the permit's facts and grade, the
 * people and certificates, the safety measures with who confirmed them, the gas analyses, the signatures and times of
 * every step, and the key-node evidence with receipt time, uploader and SHA-256; a QR code links to the record.
 */
import QRCode from "qrcode";
import { renderPdf } from "../risks/pdf";
import type { PermitDetail } from "./present";

const bj = (iso: string | null | undefined) => (iso ? new Date(Date.parse(iso) + 8 * 3600_000).toISOString().slice(0, 16).replace("T", " ") : "—");

const ACTION_NAMES: Record<string, string> = {
  create: "申请",
  update: "修改",
  measures: "填写安全措施",
  measure_confirm: "确认安全措施",
  gas_analysis: "气体分析",
  evidence: "现场影像",
  submit: "提交审批",
  return: "退回",
  approve: "审批通过",
  start: "开始作业",
  suspend: "暂停作业",
  resume: "恢复作业",
  complete: "完工",
  accept: "完工验收",
  cancel: "取消",
  gas_overdue: "气体检测超时提醒",
};

const head = (cells: string[]) => cells.map((text) => ({ text, bold: true, fillColor: "#eef2f7" }));
const LAYOUT = {
  hLineWidth: () => 0.5,
  vLineWidth: () => 0.5,
  hLineColor: () => "#999",
  vLineColor: () => "#999",
  paddingLeft: () => 3,
  paddingRight: () => 3,
  paddingTop: () => 2,
  paddingBottom: () => 2,
};

function table(headers: string[], rows: unknown[][], widths: (string | number)[], empty = "无"): Record<string, unknown> {
  const body = rows.length ? rows : [[{ text: empty, colSpan: headers.length, alignment: "center", color: "#888" }, ...headers.slice(1).map(() => "")]];
  return { table: { headerRows: 1, widths, body: [head(headers), ...body] }, layout: LAYOUT, fontSize: 8, margin: [0, 2, 0, 8] };
}

export async function permitPdf(p: PermitDetail, url: string): Promise<Buffer> {
  const qr = await QRCode.toDataURL(url, { errorCorrectionLevel: "M", margin: 1, width: 300 });
  const kv = (k: string, v: string) => [{ text: k, bold: true, fillColor: "#f5f5f5" }, v || "—"];
  const person = (x: { name: string } | null) => x?.name ?? "—";
  const title = `${p.typeName}安全作业票${p.gradeName ? `（${p.gradeName}）` : ""}`;
  const content: unknown[] = [
    {
      columns: [
        {
          width: "*",
          stack: [
            { text: title, style: "title" },
            { text: p.enterpriseName, margin: [0, 2, 0, 0] },
            { text: `编号：${p.code}`, bold: true, margin: [0, 4, 0, 0] },
            { text: `状态：${p.statusName}${p.highRisk ? "    高风险作业" : ""}`, margin: [0, 2, 0, 0] },
          ],
        },
        {
          width: 90,
          stack: [
            { image: qr, width: 84, alignment: "right" },
            { text: "扫码查看电子作业票", fontSize: 7, alignment: "right" },
          ],
        },
      ],
      margin: [0, 0, 0, 8],
    },
    {
      table: {
        widths: [80, "*", 80, "*"],
        body: [
          [...kv("作业地点", p.place), ...kv("作业单位", p.workingUnit)],
          [{ text: "作业内容", bold: true, fillColor: "#f5f5f5" }, { text: p.content, colSpan: 3 }, "", ""],
          [...kv("计划开始", bj(p.plannedStart)), ...kv("计划结束", bj(p.plannedEnd))],
          [...kv("作业级别", p.gradeName ?? "不分级"), ...kv("最长有效期", `${p.maxValidityHours} 小时`)],
          [
            { text: "分级依据", bold: true, fillColor: "#f5f5f5" },
            {
              text: `${p.gradeResult ? (p.gradeResult as { basis: string; upgrades: string[] }).basis : ""}${(p.gradeResult as { upgrades?: string[] })?.upgrades?.length ? `；${(p.gradeResult as { upgrades: string[] }).upgrades.join("；")}` : ""}（${p.rulesVersion}）`,
              colSpan: 3,
            },
            "",
            "",
          ],
          [...kv("申请人", p.requesterName), ...kv("作业负责人", person(p.people.workLeader))],
          [...kv("监护人", person(p.people.watchman)), ...kv("分析人", person(p.people.gasAnalyst))],
          [...kv("安全交底人", person(p.people.briefer)), ...kv("审批级别", p.approverLevelName)],
          [
            { text: "关联作业票", bold: true, fillColor: "#f5f5f5" },
            { text: p.linkedPermits.map((l) => `${l.code}（${l.typeName}）`).join("，") || "无", colSpan: 3 },
            "",
            "",
          ],
        ],
      },
      layout: LAYOUT,
      fontSize: 9,
      margin: [0, 0, 0, 8],
    },
    { text: "作业人及证书", style: "h2" },
    table(
      ["作业人", "证书", "证号", "有效期至"],
      p.workers.flatMap((w) => (w.certificates.length ? w.certificates.map((c) => [w.name, c.typeName, c.number, c.validUntil]) : [[w.name, "—", "—", "—"]])),
      [70, "*", 100, 70],
    ),
    { text: "安全措施", style: "h2" },
    table(
      ["序号", "安全措施", "是否涉及", "确认人", "确认时间"],
      p.measures.map((m) => [String(m.no), m.text, m.involved === null ? "未填" : m.involved ? "涉及" : "不涉及", m.confirmedByName ?? "—", bj(m.confirmedAt)]),
      [24, "*", 40, 50, 70],
    ),
    { text: "气体分析", style: "h2" },
    table(
      ["取样时间", "取样点", "气体", "检测值", "合格标准", "结论", "分析人", "仪器"],
      p.gasAnalyses.map((g) => [bj(g.sampledAt), g.point, g.gas, `${g.value} ${g.unit}`, g.criterion, g.pass ? "合格" : "不合格", g.analystName, g.instrument]),
      [62, "*", 40, 50, 80, 30, 40, 50],
    ),
    { text: "签字与时间", style: "h2" },
    table(
      ["环节", "人员", "时间", "意见/说明", "位置"],
      p.events
        .filter((e) => !["gas_analysis", "evidence", "measure_confirm"].includes(e.action))
        .map((e) => [
          ACTION_NAMES[e.action] ?? e.action,
          e.actorName,
          bj(e.at),
          e.note || "—",
          e.lat != null && e.lng != null ? `${e.lat.toFixed(5)}, ${e.lng.toFixed(5)}` : "—",
        ]),
      [60, 70, 70, "*", 90],
    ),
    ...(p.approval ? [{ text: `审批：${p.approval.byName}，${bj(p.approval.at)}，意见：${p.approval.opinion}`, fontSize: 9, margin: [0, 0, 0, 2] }] : []),
    ...(p.acceptance ? [{ text: `完工验收：${p.acceptance.byName}，${bj(p.acceptance.at)}`, fontSize: 9, margin: [0, 0, 0, 2] }] : []),
    ...(p.cancelReason ? [{ text: `取消理由：${p.cancelReason}`, fontSize: 9, margin: [0, 0, 0, 2] }] : []),
    ...(p.retainUntil ? [{ text: `档案保存至：${bj(p.retainUntil).slice(0, 10)}`, fontSize: 9, margin: [0, 0, 0, 6] }] : []),
    { text: "关键节点影像", style: "h2" },
    table(
      ["节点", "接收时间", "上传人", "拍摄方式", "SHA-256", "提示"],
      p.evidence.map((e) => [
        e.nodeName,
        bj(e.receivedAt),
        e.uploadedByName,
        e.capture === "camera" ? "现场拍摄" : e.capture === "gallery" ? "相册" : "未声明",
        { text: e.fileSha256, fontSize: 6 },
        e.flag ?? "",
      ]),
      [70, 62, 50, 40, "*", 60],
    ),
    { text: `打印时间以服务器记录为准；电子作业票：${url}`, fontSize: 7, color: "#666", margin: [0, 6, 0, 0] },
  ];
  return renderPdf({
    pageSize: "A4",
    pageMargins: [32, 32, 32, 32],
    info: { title: `${title} ${p.code}`, subject: p.code, keywords: url, creator: "Anguan" },
    content,
    defaultStyle: { fontSize: 9 },
    styles: { title: { fontSize: 16, bold: true }, h2: { fontSize: 11, bold: true, margin: [0, 4, 0, 2] } },
  });
}
