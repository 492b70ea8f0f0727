/** 个人培训档案 (Excel): the person, their certificates, and every training record (courses, exams, briefings, external). */
import ExcelJS from "exceljs";
import { KEY_GROUPS, type KeyGroup } from "@anguan/domain";
import type { personDetail } from "./present";

export const XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

const STATE_ZH: Record<string, string> = { valid: "有效", expiring: "即将到期", expired: "已过期", none: "无证书" };
const RECORD_KIND_ZH: Record<string, string> = { course: "课程学习", exam: "考试", briefing: "班前教育", external: "外部培训" };

type Detail = NonNullable<Awaited<ReturnType<typeof personDetail>>>;

export async function trainingRecordWorkbook(p: Detail, generatedAt: string): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = "安管 Anguan";
  const bold = (row: ExcelJS.Row) => {
    row.font = { bold: true };
  };

  const info = wb.addWorksheet("人员信息");
  info.columns = [
    { header: "项目", key: "k", width: 16 },
    { header: "内容", key: "v", width: 48 },
  ];
  bold(info.getRow(1));
  const rows: [string, string][] = [
    ["姓名", p.name],
    ["所属企业", p.enterpriseName],
    ["人员类别", p.kind === "contractor" ? `承包商人员（${p.contractorCompany}）` : "本企业员工"],
    ["身份证号", p.idNumberMasked],
    ["部门", p.department],
    ["岗位", p.post],
    ["班组", p.teamName ?? ""],
    ["三项岗位", p.keyGroup ? KEY_GROUPS[p.keyGroup as KeyGroup].zh : ""],
    ["持证状态", STATE_ZH[p.certState] ?? p.certState],
    ["在职", p.active ? "是" : "否（已停用）"],
    ["导出时间", generatedAt],
  ];
  for (const [k, v] of rows) info.addRow({ k, v });

  const certs = wb.addWorksheet("证书");
  certs.columns = [
    { header: "证书类型", key: "typeName", width: 30 },
    { header: "证书名称/操作项目", key: "title", width: 20 },
    { header: "证书编号", key: "number", width: 22 },
    { header: "发证机关", key: "issuer", width: 24 },
    { header: "发证日期", key: "issuedOn", width: 12 },
    { header: "有效期至", key: "validUntil", width: 12 },
    { header: "状态", key: "state", width: 10 },
  ];
  bold(certs.getRow(1));
  for (const c of p.certificates) {
    certs.addRow({ ...c, issuedOn: c.issuedOn ?? "", state: c.superseded ? `${STATE_ZH[c.state]}（已换证）` : STATE_ZH[c.state] });
  }

  const rec = wb.addWorksheet("培训记录");
  rec.columns = [
    { header: "日期", key: "day", width: 12 },
    { header: "类别", key: "kind", width: 12 },
    { header: "内容", key: "title", width: 40 },
    { header: "学时", key: "hours", width: 8 },
    { header: "结果", key: "result", width: 16 },
  ];
  bold(rec.getRow(1));
  for (const r of p.trainingRecords) rec.addRow({ ...r, kind: RECORD_KIND_ZH[r.kind] ?? r.kind });
  const total = p.trainingRecords.reduce((s, r) => s + r.hours, 0);
  const sum = rec.addRow({ day: "合计", title: `${p.trainingRecords.length} 条记录`, hours: Math.round(total * 10) / 10 });
  bold(sum);
  for (const ws of [info, certs, rec]) ws.views = [{ state: "frozen", ySplit: 1 }];
  return Buffer.from(await wb.xlsx.writeBuffer());
}
