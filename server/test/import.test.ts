import ExcelJS from "exceljs";
import sharp from "sharp";
import { count, eq, inArray } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ENTERPRISE_IMPORT_COLUMNS, makeCreditCode } from "@anguan/domain";
import { auditEvents, enterprises, importJobs } from "../src/db/schema";
import { startTestApp, type Client, type TestApp } from "./support/testApp";

let t: TestApp;
let admin: Client;
let jr: Client;
let baohua: Client;

beforeAll(async () => {
  t = await startTestApp();
  [admin, jr, baohua] = await Promise.all([t.as("admin"), t.as("jr.yjj"), t.as("baohua.ajb")]);
});
afterAll(() => t.close());

const HEADERS = ENTERPRISE_IMPORT_COLUMNS.map((c) => c.header);
/** Codes under division 110108 (Beijing), which no seeded enterprise uses. */
const codeFor = (n: number) => makeCreditCode("91", "110108", `MAK${String(n).padStart(5, "0")}`);
const countEnterprises = async () => (await t.db.select({ n: count() }).from(enterprises))[0]!.n;

type Cells = Partial<Record<string, string | number>>;
const row = (n: number, over: Cells = {}): Cells => ({
  企业名称: `导入测试企业${n}号有限公司`,
  统一社会信用代码: codeFor(n),
  所属区域代码: "321183103",
  监管行业: "机械",
  详细地址: `宝华镇工业路 ${n} 号`,
  从业人数: 10 + n,
  是否规上企业: n % 2 ? "是" : "否",
  主要负责人: "张三",
  主要负责人电话: "13905290000",
  ...over,
});

async function xlsx(rows: Cells[], headers: readonly string[] = HEADERS): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet("企业名录");
  ws.addRow([...headers]);
  for (const r of rows) ws.addRow(headers.map((h) => r[h] ?? null));
  return Buffer.from(await wb.xlsx.writeBuffer());
}

const upload = (c: Client, buf: Buffer, name = "企业名录.xlsx") =>
  c.upload("/api/enterprise-imports", buf, name, "file", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");

async function waitForJob(c: Client, id: string, limitMs = 15_000) {
  const until = Date.now() + limitMs;
  for (;;) {
    const r = await c.get(`/api/enterprise-imports/${id}`);
    expect(r.status).toBe(200);
    if (r.body.status !== "validating") return r.body;
    if (Date.now() > until) throw new Error(`import job ${id} still validating after ${limitMs} ms`);
    await new Promise((res) => setTimeout(res, 25));
  }
}

async function validated(c: Client, rows: Cells[]) {
  const r = await upload(c, await xlsx(rows));
  expect(r.status, JSON.stringify(r.body)).toBe(202);
  expect(r.body).toMatchObject({ status: "validating", fileName: "企业名录.xlsx", total: rows.length, imported: 0 });
  const job = await waitForJob(c, r.body.id);
  expect(job.status).toBe("validated");
  return job;
}

describe("template", () => {
  it("is an xlsx with the Chinese headers and the caller's regions", async () => {
    const r = await jr.request("GET", "/api/enterprises/import-template");
    expect(r.status).toBe(200);
    expect(String(r.headers["content-type"])).toBe("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(r.raw.rawPayload as unknown as ArrayBuffer);
    const ws = wb.worksheets[0]!;
    expect((ws.getRow(1).values as unknown[]).slice(1)).toEqual(HEADERS);
    expect(HEADERS).toContain("统一社会信用代码");
    const help = wb.getWorksheet("填写说明")!;
    const codes: string[] = [];
    help.eachRow((rw, i) => {
      if (i > 1 && rw.getCell(5).text) codes.push(rw.getCell(5).text);
    });
    expect(codes).toContain("321183103");
    expect(codes).toContain("321183");
    expect(codes.every((c) => c.startsWith("321183"))).toBe(true); // only 句容市's subtree
    const sectors: string[] = [];
    help.eachRow((rw, i) => {
      if (i > 1 && rw.getCell(1).text) sectors.push(rw.getCell(1).text);
    });
    expect(sectors).toContain("危险化学品经营（带储存）");
  });

  it("can be filled in and uploaded as it is", async () => {
    const r = await jr.request("GET", "/api/enterprises/import-template");
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(r.raw.rawPayload as unknown as ArrayBuffer);
    const ws = wb.worksheets[0]!;
    const data = row(900, { 所属区域代码: "321183100", 监管行业: "餐饮" });
    ws.getRow(2).values = HEADERS.map((h) => data[h] ?? null);
    const up = await upload(jr, Buffer.from(await wb.xlsx.writeBuffer()));
    expect(up.status).toBe(202);
    const job = await waitForJob(jr, up.body.id);
    expect(job).toMatchObject({ status: "validated", total: 1, validCount: 1, errors: [] });
    expect((await jr.post(`/api/enterprise-imports/${job.id}/commit`, { mode: "none" })).body.status).toBe("cancelled");
  });
});

describe("validate and commit", () => {
  const rows = Array.from({ length: 20 }, (_, i) => row(i + 1));
  // data row i is spreadsheet row i + 2 (row 1 holds the headers)
  rows[3] = row(4, { 统一社会信用代码: `${codeFor(4).slice(0, 17)}${codeFor(4).endsWith("0") ? "1" : "0"}` }); // row 5
  rows[7] = row(8, { 所属区域代码: "321183199" }); // row 9
  rows[12] = row(13, { 监管行业: "造船业" }); // row 14
  let jobId: string;

  it("validates every row and reports exactly the bad ones with row, column and reason", async () => {
    const before = await countEnterprises();
    const job = await validated(admin, rows);
    jobId = job.id;
    expect(job).toMatchObject({ total: 20, processed: 20, validCount: 17, imported: 0 });
    expect(job.errors).toEqual([
      { row: 5, column: "统一社会信用代码", reason: "统一社会信用代码校验位错误" },
      { row: 9, column: "所属区域代码", reason: "未知的区域代码 321183199" },
      { row: 14, column: "监管行业", reason: "未知的监管行业“造船业”" },
    ]);
    expect(await countEnterprises()).toBe(before); // validation writes nothing
  });

  it("imports the 17 good rows in one go", async () => {
    const before = await countEnterprises();
    const auditBefore = (await t.db.select({ n: count() }).from(auditEvents).where(eq(auditEvents.action, "enterprise.import")))[0]!.n;
    const r = await admin.post(`/api/enterprise-imports/${jobId}/commit`, { mode: "valid" });
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ id: jobId, status: "done", imported: 17 });
    expect(await countEnterprises()).toBe(before + 17);
    const good = [1, 2, 3, 5, 6, 7, 9, 10, 11, 12, 14, 15, 16, 17, 18, 19, 20].map(codeFor);
    const stored = await t.db
      .select()
      .from(enterprises)
      .where(inArray(enterprises.creditCode, [...good, codeFor(4), codeFor(8), codeFor(13)]));
    expect(stored.map((e) => e.creditCode).sort()).toEqual([...good].sort());
    const e1 = stored.find((e) => e.creditCode === codeFor(1))!;
    expect(e1).toMatchObject({
      name: "导入测试企业1号有限公司",
      regionCode: "321183103",
      regionPath: "320000/321100/321183/321183103/",
      sector: "machinery",
      employeeCount: 11,
      isAboveScale: true,
      mainLeaderPhone: "13905290000",
    });
    const auditAfter = (await t.db.select({ n: count() }).from(auditEvents).where(eq(auditEvents.action, "enterprise.import")))[0]!.n;
    expect(auditAfter - auditBefore).toBe(17);
    // the imported enterprises are visible in the list
    const list = await baohua.get(`/api/enterprises?q=${encodeURIComponent("导入测试企业")}&pageSize=200`);
    expect(list.body.total).toBe(17);
    // and the audit chain is still intact
    expect((await admin.get("/api/audit/verify")).body.ok).toBe(true);
  });

  it("refuses to commit a job twice", async () => {
    const before = await countEnterprises();
    for (const mode of ["valid", "none"]) {
      const r = await admin.post(`/api/enterprise-imports/${jobId}/commit`, { mode });
      expect(r.status).toBe(409);
    }
    expect(await countEnterprises()).toBe(before);
    expect((await admin.get(`/api/enterprise-imports/${jobId}`)).body).toMatchObject({ status: "done", imported: 17 });
  });

  it("imports once when two commits race (double click)", async () => {
    const job = await validated(admin, [row(151), row(152)]);
    const before = await countEnterprises();
    const [a, b] = await Promise.all([
      admin.post(`/api/enterprise-imports/${job.id}/commit`, { mode: "valid" }),
      admin.post(`/api/enterprise-imports/${job.id}/commit`, { mode: "valid" }),
    ]);
    expect([a.status, b.status].sort()).toEqual([200, 409]);
    expect(await countEnterprises()).toBe(before + 2);
    expect((await admin.get(`/api/enterprise-imports/${job.id}`)).body).toMatchObject({ status: "done", imported: 2 });
  });

  it("commit 'none' imports nothing and ends the job", async () => {
    const before = await countEnterprises();
    const job = await validated(admin, [row(101), row(102), row(103)]);
    expect(job.validCount).toBe(3);
    const r = await admin.post(`/api/enterprise-imports/${job.id}/commit`, { mode: "none" });
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ status: "cancelled", imported: 0 });
    expect(await countEnterprises()).toBe(before);
    expect((await admin.post(`/api/enterprise-imports/${job.id}/commit`, { mode: "valid" })).status).toBe(409);
    expect(await countEnterprises()).toBe(before);
    const bad = await admin.post(`/api/enterprise-imports/${job.id}/commit`, { mode: "all" });
    expect(bad.status).toBe(400);
  });

  it("rolls the whole commit back when a code was taken after validation", async () => {
    const job = await validated(admin, [row(201), row(202), row(203)]);
    // someone registers row 202's enterprise in the meantime
    const created = await admin.post("/api/enterprises", { name: "抢先登记有限公司", creditCode: codeFor(202), regionCode: "321183103", sector: "machinery" });
    expect(created.status).toBe(201);
    const before = await countEnterprises();
    const r = await admin.post(`/api/enterprise-imports/${job.id}/commit`, { mode: "valid" });
    expect(r.status).toBe(409);
    expect(await countEnterprises()).toBe(before);
    const [row201] = await t.db
      .select()
      .from(enterprises)
      .where(eq(enterprises.creditCode, codeFor(201)));
    expect(row201).toBeUndefined();
    expect((await admin.get(`/api/enterprise-imports/${job.id}`)).body.status).toBe("failed");
  });
});

describe("duplicates and scope", () => {
  it("reports credit codes repeated in the file and ones already registered, per row", async () => {
    const [entA] = await t.db.select().from(enterprises).where(eq(enterprises.name, "镇江华泰化工有限公司"));
    const job = await validated(jr, [
      row(301),
      row(302, { 统一社会信用代码: codeFor(301).toLowerCase() }),
      row(303, { 统一社会信用代码: entA!.creditCode }),
      row(304),
    ]);
    expect(job.validCount).toBe(2);
    expect(job.errors).toEqual([
      { row: 3, column: "统一社会信用代码", reason: "与第 2 行重复" },
      { row: 4, column: "统一社会信用代码", reason: "已登记为“镇江华泰化工有限公司”" },
    ]);
  });

  it("reports every bad cell of a row, an unknown region among them", async () => {
    const job = await validated(jr, [row(351), row(352, { 所属区域代码: "321183999", 监管行业: "火星采矿", 主要负责人电话: "12345" })]);
    expect(job.validCount).toBe(1);
    expect(
      job.errors
        .filter((e: { row: number }) => e.row === 3)
        .map((e: { column: string }) => e.column)
        .sort(),
    ).toEqual(["所属区域代码", "监管行业", "主要负责人电话"].sort());
  });

  it("reports rows outside a township regulator's jurisdiction", async () => {
    const job = await validated(baohua, [row(401), row(402, { 所属区域代码: "321183100" }), row(403, { 所属区域代码: "321183103201" })]);
    expect(job.validCount).toBe(2);
    expect(job.errors).toHaveLength(1);
    expect(job.errors[0]).toMatchObject({ row: 3, column: "所属区域代码" });
    expect(job.errors[0].reason).toMatch(/辖区/);
  });

  it("reports rows outside a sector-limited department's sectors", async () => {
    const sw = await t.as("zj.sw");
    const job = await validated(sw, [row(501, { 监管行业: "餐饮" }), row(502, { 监管行业: "危险化学品生产" })]);
    expect(job.validCount).toBe(1);
    expect(job.errors.map((e: { row: number }) => e.row)).toEqual([3]);
  });
});

describe("bad files", () => {
  it("rejects a PNG and a text file as NOT_EXCEL", async () => {
    const png = await sharp({ create: { width: 10, height: 10, channels: 3, background: "#00c" } })
      .png()
      .toBuffer();
    const r = await upload(admin, png, "企业名录.xlsx");
    expect(r.status).toBe(400);
    expect(r.body.code).toBe("NOT_EXCEL");
    const txt = await upload(admin, Buffer.from("企业名称,统一社会信用代码\n某公司,91110108MA01HK7P4M\n"), "企业名录.xlsx");
    expect(txt.status).toBe(400);
    expect(txt.body.code).toBe("NOT_EXCEL");
    // a zip that is not a workbook
    const zipLike = Buffer.concat([Buffer.from([0x50, 0x4b, 0x03, 0x04]), Buffer.alloc(200, 7)]);
    expect((await upload(admin, zipLike)).body.code).toBe("NOT_EXCEL");
  });

  it("rejects an empty workbook and a workbook with headers only as EMPTY_FILE", async () => {
    const wb = new ExcelJS.Workbook();
    wb.addWorksheet("空");
    const r = await upload(admin, Buffer.from(await wb.xlsx.writeBuffer()));
    expect(r.status).toBe(400);
    expect(r.body.code).toBe("EMPTY_FILE");
    const headersOnly = await upload(admin, await xlsx([]));
    expect(headersOnly.status).toBe(400);
    expect(headersOnly.body.code).toBe("EMPTY_FILE");
  });

  it("rejects wrong headers as WRONG_HEADERS, naming the missing columns", async () => {
    const r = await upload(admin, await xlsx([{ 名称: "某公司", 代码: codeFor(600) }], ["名称", "代码", "所属区域代码", "监管行业"]));
    expect(r.status).toBe(400);
    expect(r.body.code).toBe("WRONG_HEADERS");
    expect(r.body.fields.map((f: { field: string }) => f.field)).toEqual(["企业名称", "统一社会信用代码"]);
    expect(r.body.message).toContain("企业名称");
  });

  it("creates no job for a rejected file", async () => {
    const before = (await t.db.select({ n: count() }).from(importJobs))[0]!.n;
    await upload(admin, Buffer.from("not excel"));
    expect((await t.db.select({ n: count() }).from(importJobs))[0]!.n).toBe(before);
  });
});

describe("who may import", () => {
  it("forbids enterprise users and experts (template and upload)", async () => {
    const file = await xlsx([row(700)]);
    for (const u of ["ent.a", "ent.b", "expert1"]) {
      const c = await t.as(u);
      const tpl = await c.get("/api/enterprises/import-template");
      expect(tpl.status, u).toBe(403);
      expect(tpl.body.code).toBe("FORBIDDEN");
      expect((await upload(c, file)).status, u).toBe(403);
    }
  });

  it("hides a job from everyone but its creator (404)", async () => {
    const job = await validated(jr, [row(801)]);
    for (const c of [admin, baohua]) {
      expect((await c.get(`/api/enterprise-imports/${job.id}`)).status).toBe(404);
      expect((await c.post(`/api/enterprise-imports/${job.id}/commit`, { mode: "valid" })).status).toBe(404);
    }
    expect((await jr.get(`/api/enterprise-imports/${job.id}`)).body.status).toBe("validated");
    const [stillThere] = await t.db
      .select()
      .from(enterprises)
      .where(eq(enterprises.creditCode, codeFor(801)));
    expect(stillThere).toBeUndefined();
    expect((await jr.get("/api/enterprise-imports/not-a-uuid")).status).toBe(404);
    expect((await jr.get("/api/enterprise-imports/00000000-0000-4000-8000-000000000000")).status).toBe(404);
  });
});
