/**
 * Excel import of enterprises: the template's columns (Chinese headers) and the row parser.
 * The parser turns a row of cell texts into an enterprise input or a list of problems, each naming its column.
 */
import { enterpriseInputSchema, type EnterpriseInput } from "./enterprise";
import { HAZARDOUS_PROCESSES, OPERATING_STATUSES, SUPERVISION_LEVELS, sectorFromLabel } from "./sectors";

export interface ImportColumn {
  key: keyof EnterpriseInput;
  header: string;
  required: boolean;
  hint: string;
}

export const ENTERPRISE_IMPORT_COLUMNS: readonly ImportColumn[] = [
  { key: "name", header: "企业名称", required: true, hint: "全称" },
  { key: "creditCode", header: "统一社会信用代码", required: true, hint: "18 位，含校验位" },
  { key: "regionCode", header: "所属区域代码", required: true, hint: "乡镇（街道）9 位或区县 6 位行政区划代码" },
  { key: "sector", header: "监管行业", required: true, hint: "如：危险化学品生产、物流仓储、餐饮" },
  { key: "address", header: "详细地址", required: false, hint: "" },
  { key: "lng", header: "经度", required: false, hint: "如 119.45" },
  { key: "lat", header: "纬度", required: false, hint: "如 32.20" },
  { key: "isAboveScale", header: "是否规上企业", required: false, hint: "是/否" },
  { key: "employeeCount", header: "从业人数", required: false, hint: "整数" },
  { key: "legalRepresentative", header: "法定代表人", required: false, hint: "" },
  { key: "mainLeader", header: "主要负责人", required: false, hint: "" },
  { key: "mainLeaderPhone", header: "主要负责人电话", required: false, hint: "" },
  { key: "safetyManager", header: "安全管理人员", required: false, hint: "" },
  { key: "safetyManagerPhone", header: "安全管理人员电话", required: false, hint: "" },
  { key: "operatingStatus", header: "经营状态", required: false, hint: "在业/停产/关闭" },
  { key: "supervisionLevel", header: "监管层级", required: false, hint: "省级/市级/县级/乡镇级" },
  { key: "hasMajorHazard", header: "是否涉及重大危险源", required: false, hint: "是/否" },
  { key: "hazardousProcesses", header: "重点监管危险化工工艺", required: false, hint: "工艺名称，多个用、分隔" },
];

export interface RowProblem {
  column: string;
  reason: string;
}

const YES = new Set(["是", "Y", "y", "yes", "true", "1", "TRUE"]);
const NO = new Set(["否", "N", "n", "no", "false", "0", "FALSE", ""]);

function byLabel<T extends string>(table: Record<T, { zh: string }>, text: string): T | undefined {
  return (Object.keys(table) as T[]).find((k) => table[k].zh === text || k === text);
}

/** Checks the header row; returns the missing or unknown headers. */
export function checkImportHeaders(headers: readonly string[]): { missing: string[]; unknown: string[] } {
  const known = new Set(ENTERPRISE_IMPORT_COLUMNS.map((c) => c.header));
  const present = new Set(headers.map((h) => h.trim()).filter(Boolean));
  return {
    missing: ENTERPRISE_IMPORT_COLUMNS.filter((c) => c.required && !present.has(c.header)).map((c) => c.header),
    unknown: [...present].filter((h) => !known.has(h)),
  };
}

/** Parses one row given as header → cell text. */
export function parseImportRow(cells: Readonly<Record<string, string>>): { ok: true; value: EnterpriseInput } | { ok: false; problems: RowProblem[] } {
  const problems: RowProblem[] = [];
  const raw: Record<string, unknown> = {};
  for (const col of ENTERPRISE_IMPORT_COLUMNS) {
    const t = (cells[col.header] ?? "").trim();
    if (!t) {
      if (col.required) problems.push({ column: col.header, reason: `${col.header}不能为空` });
      continue;
    }
    switch (col.key) {
      case "lat":
      case "lng":
      case "employeeCount": {
        const n = Number(t);
        if (Number.isNaN(n)) problems.push({ column: col.header, reason: `${col.header}应为数字` });
        else raw[col.key] = n;
        break;
      }
      case "isAboveScale":
      case "hasMajorHazard":
        if (YES.has(t)) raw[col.key] = true;
        else if (NO.has(t)) raw[col.key] = false;
        else problems.push({ column: col.header, reason: `${col.header}应填“是”或“否”` });
        break;
      case "sector": {
        const s = sectorFromLabel(t);
        if (s) raw.sector = s;
        else problems.push({ column: col.header, reason: `未知的监管行业“${t}”` });
        break;
      }
      case "operatingStatus": {
        const s = byLabel(OPERATING_STATUSES, t);
        if (s) raw.operatingStatus = s;
        else problems.push({ column: col.header, reason: `经营状态应为在业、停产或关闭` });
        break;
      }
      case "supervisionLevel": {
        const s = byLabel(SUPERVISION_LEVELS, t);
        if (s) raw.supervisionLevel = s;
        else problems.push({ column: col.header, reason: `监管层级应为省级、市级、县级或乡镇级` });
        break;
      }
      case "hazardousProcesses": {
        const names = t.split(/[、,，;；\s]+/).filter(Boolean);
        const codes: number[] = [];
        for (const n of names) {
          const i = HAZARDOUS_PROCESSES.findIndex((p) => p === n || p.replace(/工艺$/, "") === n.replace(/工艺$/, ""));
          if (i < 0) problems.push({ column: col.header, reason: `未知的重点监管危险化工工艺“${n}”` });
          else codes.push(i + 1);
        }
        raw.hazardousProcesses = codes;
        break;
      }
      default:
        raw[col.key] = t;
    }
  }
  const parsed = enterpriseInputSchema.safeParse(raw);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const key = String(issue.path[0] ?? "");
      const header = ENTERPRISE_IMPORT_COLUMNS.find((c) => c.key === key)?.header ?? key;
      if (!problems.some((p) => p.column === header)) problems.push({ column: header, reason: issue.message });
    }
  }
  if (problems.length || !parsed.success) return { ok: false, problems };
  return { ok: true, value: parsed.data };
}
