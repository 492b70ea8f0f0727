/** Excel: the import template, reading an uploaded workbook, and exporting the filtered list. */
import ExcelJS from "exceljs";
import { asc, eq } from "drizzle-orm";
import {
  ENTERPRISE_IMPORT_COLUMNS,
  HAZARDOUS_PROCESSES,
  OPERATING_STATUSES,
  SECTOR_CODES,
  SECTORS,
  SUPERVISION_LEVELS,
  type Actor,
  type OperatingStatus,
  type Sector,
  type SupervisionLevel,
} from "@anguan/domain";
import type { Queryable } from "../../db/client";
import { enterprises, regions } from "../../db/schema";
import { AppError } from "../../platform/errors";
import { listWhere, type ListQuery } from "./queries";

export const XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
export const MAX_IMPORT_ROWS = 50_000;

export async function importTemplate(regionRows: { code: string; name: string; level: string }[]): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = "安管 Anguan";
  const ws = wb.addWorksheet("企业名录");
  ws.columns = ENTERPRISE_IMPORT_COLUMNS.map((c) => ({ header: c.header, key: c.key, width: Math.max(12, c.header.length * 2 + 4), style: { numFmt: "@" } }));
  ws.getRow(1).font = { bold: true };
  ENTERPRISE_IMPORT_COLUMNS.forEach((c, i) => {
    const cell = ws.getRow(1).getCell(i + 1);
    cell.fill = { type: "pattern", pattern: "solid", fgColor: { argb: c.required ? "FFFFE7BA" : "FFF0F0F0" } };
    if (c.hint) cell.note = `${c.required ? "必填。" : ""}${c.hint}`;
  });
  ws.views = [{ state: "frozen", ySplit: 1 }];
  const lists = wb.addWorksheet("填写说明");
  lists.columns = [
    { header: "监管行业", width: 26 },
    { header: "经营状态", width: 10 },
    { header: "监管层级", width: 10 },
    { header: "重点监管危险化工工艺", width: 22 },
    { header: "区域代码", width: 14 },
    { header: "区域名称", width: 20 },
  ];
  const n = Math.max(SECTOR_CODES.length, HAZARDOUS_PROCESSES.length, regionRows.length);
  for (let i = 0; i < n; i++) {
    const r = regionRows[i];
    lists.addRow([
      SECTORS[SECTOR_CODES[i] as Sector]?.zh ?? null,
      Object.values(OPERATING_STATUSES)[i]?.zh ?? null,
      Object.values(SUPERVISION_LEVELS)[i]?.zh ?? null,
      HAZARDOUS_PROCESSES[i] ?? null,
      r?.code ?? null,
      r?.name ?? null,
    ]);
  }
  const sectorCol = ENTERPRISE_IMPORT_COLUMNS.findIndex((c) => c.key === "sector") + 1;
  for (let row = 2; row <= 1000; row++) {
    ws.getRow(row).getCell(sectorCol).dataValidation = {
      type: "list",
      allowBlank: false,
      formulae: [`'填写说明'!$A$2:$A$${SECTOR_CODES.length + 1}`],
      showErrorMessage: true,
      errorTitle: "监管行业",
      error: "请从下拉列表选择监管行业",
    };
  }
  return Buffer.from(await wb.xlsx.writeBuffer());
}

export interface SheetRows {
  headers: string[];
  rows: { rowNumber: number; cells: Record<string, string> }[];
}

/** Reads the first worksheet: header row 1, data from row 2; fully blank rows are skipped. */
export async function readWorkbook(buf: Buffer): Promise<SheetRows> {
  if (buf.length < 4 || buf.readUInt32LE(0) !== 0x04034b50) {
    throw new AppError(400, "NOT_EXCEL", "上传的文件不是 Excel（.xlsx）文件");
  }
  const wb = new ExcelJS.Workbook();
  try {
    await wb.xlsx.load(buf as unknown as ArrayBuffer);
  } catch {
    throw new AppError(400, "NOT_EXCEL", "无法读取该 Excel 文件，请使用下载的模板（.xlsx）");
  }
  const ws = wb.worksheets[0];
  if (!ws || ws.actualRowCount === 0) throw new AppError(400, "EMPTY_FILE", "Excel 文件是空的");
  const headerRow = ws.getRow(1);
  const headers: string[] = [];
  headerRow.eachCell({ includeEmpty: true }, (cell, col) => {
    headers[col - 1] = cell.text.trim();
  });
  const rows: SheetRows["rows"] = [];
  for (let r = 2; r <= ws.rowCount; r++) {
    const row = ws.getRow(r);
    if (!row.hasValues) continue;
    const cells: Record<string, string> = {};
    let any = false;
    headers.forEach((h, i) => {
      if (!h) return;
      const t = row.getCell(i + 1).text?.trim() ?? "";
      if (t) any = true;
      cells[h] = t;
    });
    if (any) rows.push({ rowNumber: r, cells });
    if (rows.length > MAX_IMPORT_ROWS) throw new AppError(400, "TOO_MANY_ROWS", `一次最多导入 ${MAX_IMPORT_ROWS} 行`);
  }
  return { headers: headers.filter(Boolean), rows };
}

const yesNo = (b: boolean) => (b ? "是" : "否");

export async function exportEnterprises(db: Queryable, actor: Actor, q: ListQuery, _today: string): Promise<Buffer> {
  const where = await listWhere(db, actor, q);
  const wb = new ExcelJS.Workbook();
  wb.creator = "安管 Anguan";
  const ws = wb.addWorksheet("企业名录");
  ws.columns = [
    { header: "序号", key: "n", width: 6 },
    ...ENTERPRISE_IMPORT_COLUMNS.map((c) => ({ header: c.header, key: c.key, width: Math.max(12, c.header.length * 2 + 4) })),
    { header: "所属区域", key: "regionName", width: 16 },
  ];
  ws.getRow(1).font = { bold: true };
  ws.views = [{ state: "frozen", ySplit: 1 }];
  let n = 0;
  for (;;) {
    const page = await db
      .select({ e: enterprises, regionName: regions.name })
      .from(enterprises)
      .innerJoin(regions, eq(regions.code, enterprises.regionCode))
      .where(where)
      .orderBy(asc(enterprises.name), asc(enterprises.id))
      .limit(5000)
      .offset(n);
    for (const { e, regionName } of page) {
      n++;
      ws.addRow({
        n,
        ...e,
        sector: SECTORS[e.sector as Sector]?.zh ?? e.sector,
        operatingStatus: OPERATING_STATUSES[e.operatingStatus as OperatingStatus]?.zh ?? e.operatingStatus,
        supervisionLevel: SUPERVISION_LEVELS[e.supervisionLevel as SupervisionLevel]?.zh ?? e.supervisionLevel,
        isAboveScale: yesNo(e.isAboveScale),
        hasMajorHazard: yesNo(e.hasMajorHazard),
        hazardousProcesses: e.hazardousProcesses.map((i) => HAZARDOUS_PROCESSES[i - 1]).join("、"),
        regionName,
      });
    }
    if (page.length < 5000) break;
  }
  return Buffer.from(await wb.xlsx.writeBuffer());
}
