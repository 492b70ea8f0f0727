/**
 * PDFs of the register with pdfmake and Debian's Noto Sans CJK (fonts-noto-cjk; `.ttc` collections, opened by their
 * PostScript names): 岗位风险告知卡 (one card per unit) and a sheet of QR labels. The font files are read once and kept
 * in pdfmake's virtual file system; no URL or other local file may be read while a document is built.
 */
import fs from "node:fs";
import pdfmake from "pdfmake";
import QRCode from "qrcode";
import { CONTROL_LEVELS, MEASURE_CLASSIFY1, RISK_GRADE_INFO, type ControlLevel, type RiskColor, type RiskGrade } from "@anguan/domain";
import { AppError } from "../../platform/errors";
import type { PresentedUnit } from "./present";

/** Where the fonts are looked for (Debian's fonts-noto-cjk first). Tests may change the lists. */
export const PDF_FONT_CANDIDATES = {
  regular: [
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/noto-cjk/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/google-noto-cjk/NotoSansCJK-Regular.ttc",
  ],
  bold: [
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Bold.ttc",
    "/usr/share/fonts/noto-cjk/NotoSansCJK-Bold.ttc",
    "/usr/share/fonts/google-noto-cjk/NotoSansCJK-Bold.ttc",
  ],
};

const loaded = new Map<string, string>(); // file path → virtual name
let seq = 0;

function virtualFont(candidates: readonly string[]): string | null {
  const file = candidates.find((p) => fs.existsSync(p));
  if (!file) return null;
  let name = loaded.get(file);
  if (!name) {
    name = `anguan-font-${++seq}.ttc`;
    pdfmake.virtualfs.writeFileSync(name, fs.readFileSync(file));
    loaded.set(file, name);
  }
  return name;
}

/** Builds a PDF; 503 with a clear message when the CJK font is not installed. */
export async function renderPdf(doc: Record<string, unknown>): Promise<Buffer> {
  const regular = virtualFont(PDF_FONT_CANDIDATES.regular);
  if (!regular) {
    throw new AppError(503, "PDF_FONT_MISSING", "服务器未安装中文字体（Noto Sans CJK），暂时无法生成 PDF；请管理员安装 fonts-noto-cjk 后重试");
  }
  const bold = virtualFont(PDF_FONT_CANDIDATES.bold) ?? regular;
  pdfmake.setUrlAccessPolicy(() => false);
  pdfmake.setLocalAccessPolicy(() => false);
  // pdfmake writes the loaded font into the descriptor it is given: hand it a fresh one for every document.
  pdfmake.setFonts({
    NotoSansCJK: { normal: [regular, "NotoSansCJKsc-Regular"], bold: [bold, bold === regular ? "NotoSansCJKsc-Regular" : "NotoSansCJKsc-Bold"] },
  });
  const out = pdfmake.createPdf({ ...doc, defaultStyle: { font: "NotoSansCJK", fontSize: 10, ...((doc.defaultStyle as object) ?? {}) } });
  return out.getBuffer();
}

export const COLOR_HEX: Record<RiskColor, { bg: string; fg: string }> = {
  red: { bg: "#e53935", fg: "#ffffff" },
  orange: { bg: "#fb8c00", fg: "#ffffff" },
  yellow: { bg: "#fdd835", fg: "#3e2f00" },
  blue: { bg: "#1e88e5", fg: "#ffffff" },
};

const qrImage = (url: string) => QRCode.toDataURL(url, { errorCorrectionLevel: "M", margin: 1, width: 360 });

function gradeCell(grade: string | null) {
  const info = grade ? RISK_GRADE_INFO[grade as RiskGrade] : null;
  if (!info) return { text: "未评估", alignment: "center" };
  const c = COLOR_HEX[info.color];
  return { text: info.zh, fillColor: c.bg, color: c.fg, bold: true, alignment: "center" };
}

export interface CardContext {
  enterpriseName: string;
  safetyContact: string;
  objectNames: Map<string, string>;
  qrUrl: (qrToken: string) => string;
}

/** 岗位风险告知卡: one page per unit. */
export async function riskCardsDoc(units: PresentedUnit[], ctx: CardContext): Promise<Record<string, unknown>> {
  const content: unknown[] = [];
  for (const [i, u] of units.entries()) {
    const measures = u.events.flatMap((e) => e.measures.map((m) => ({ ...m, eventName: e.name })));
    const control = measures.filter((m) => m.classify1 !== "4");
    const emergency = measures.filter((m) => m.classify1 === "4");
    const line = (m: (typeof measures)[number]) =>
      `【${MEASURE_CLASSIFY1[m.classify1 as keyof typeof MEASURE_CLASSIFY1]?.zh ?? m.classify1}】${m.description}（${CONTROL_LEVELS[m.controlLevel as ControlLevel]?.zh ?? m.controlLevel}级${m.responsiblePerson ? `，责任人：${m.responsiblePerson}` : ""}）`;
    content.push(
      { text: "岗位风险告知卡", style: "title", pageBreak: i === 0 ? undefined : "before" },
      { text: ctx.enterpriseName, alignment: "center", margin: [0, 0, 0, 8] },
      {
        table: {
          widths: [70, "*", 70, "*"],
          body: [
            [{ text: "风险分析单元", bold: true }, u.name, { text: "所属对象", bold: true }, ctx.objectNames.get(u.objectId) ?? ""],
            [{ text: "位置", bold: true }, u.location || "—", { text: "责任部门", bold: true }, u.department || "—"],
            [{ text: "责任人", bold: true }, u.liablePerson || "—", { text: "风险等级", bold: true }, gradeCell(u.riskGrade)],
          ],
        },
        margin: [0, 0, 0, 8],
      },
      ...(u.status === "shutdown" ? [{ text: "本单元停用检维修中", color: "#c62828", bold: true, margin: [0, 0, 0, 6] }] : []),
      { text: "主要风险", style: "heading" },
      {
        table: {
          headerRows: 1,
          widths: ["*", "*", 60],
          body: [
            [
              { text: "风险事件", bold: true },
              { text: "可能后果", bold: true },
              { text: "风险等级", bold: true, alignment: "center" },
            ],
            ...(u.events.length
              ? u.events.map((e) => [e.name, e.consequence || e.description || "—", gradeCell(e.riskGrade)])
              : [[{ text: "暂无风险事件", colSpan: 3 }, "", ""]]),
          ],
        },
        margin: [0, 0, 0, 8],
      },
      { text: "管控措施", style: "heading" },
      control.length ? { ul: control.map(line), margin: [0, 0, 0, 8] } : { text: "—", margin: [0, 0, 0, 8] },
      { text: "应急措施", style: "heading" },
      emergency.length ? { ul: emergency.map(line), margin: [0, 0, 0, 8] } : { text: "—", margin: [0, 0, 0, 8] },
      {
        columns: [
          {
            width: "*",
            stack: [
              { text: "应急电话", style: "heading" },
              { text: "火警 119    急救 120", fontSize: 14, bold: true },
              ...(ctx.safetyContact ? [{ text: `企业安全负责人：${ctx.safetyContact}`, margin: [0, 4, 0, 0] }] : []),
              { text: `单元责任人：${u.liablePerson || "—"}`, margin: [0, 4, 0, 0] },
            ],
          },
          {
            width: 100,
            stack: [
              { image: await qrImage(ctx.qrUrl(u.qrToken)), width: 96 },
              { text: "扫码查看风险与排查", fontSize: 8, alignment: "center" },
            ],
          },
        ],
        margin: [0, 6, 0, 0],
      },
    );
  }
  if (!content.length) content.push({ text: "岗位风险告知卡", style: "title" }, { text: "暂无风险分析单元", alignment: "center" });
  return {
    pageSize: "A4",
    pageMargins: [36, 36, 36, 36],
    info: { title: `岗位风险告知卡 - ${ctx.enterpriseName}` },
    content,
    styles: { title: { fontSize: 20, bold: true, alignment: "center", margin: [0, 0, 0, 4] }, heading: { fontSize: 12, bold: true, margin: [0, 2, 0, 4] } },
  };
}

export const LABELS_PER_ROW = 3;
export const LABEL_ROWS_PER_PAGE = 4;

/** A sheet of QR labels: 3 × 4 per A4 page, each with the unit's and the enterprise's names under the code. */
export async function qrLabelsDoc(
  units: { name: string; qrToken: string }[],
  ctx: Pick<CardContext, "enterpriseName" | "qrUrl">,
): Promise<Record<string, unknown>> {
  const cells = await Promise.all(
    units.map(async (u) => ({
      stack: [
        { image: await qrImage(ctx.qrUrl(u.qrToken)), width: 120, alignment: "center" },
        { text: u.name, bold: true, fontSize: 11, alignment: "center", margin: [0, 4, 0, 0] },
        { text: ctx.enterpriseName, fontSize: 8, alignment: "center" },
        { text: "扫码查看风险与排查", fontSize: 7, color: "#666666", alignment: "center" },
      ],
      margin: [0, 8, 0, 0],
    })),
  );
  const rows: unknown[][] = [];
  for (let i = 0; i < cells.length; i += LABELS_PER_ROW) {
    const row: unknown[] = cells.slice(i, i + LABELS_PER_ROW);
    while (row.length < LABELS_PER_ROW) row.push({ text: "" });
    rows.push(row);
  }
  return {
    pageSize: "A4",
    pageMargins: [24, 24, 24, 24],
    info: { title: `风险分析单元二维码 - ${ctx.enterpriseName}` },
    content: rows.length
      ? [{ table: { widths: ["*", "*", "*"], heights: 190, dontBreakRows: true, body: rows }, layout: { hLineColor: "#bbbbbb", vLineColor: "#bbbbbb" } }]
      : [{ text: "没有可打印的风险分析单元", alignment: "center" }],
  };
}
