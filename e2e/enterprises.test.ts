/** User journeys in a real browser (Debian Chromium): scope in the UI, the import with bad rows, Chinese rendering. */
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import ExcelJS from "exceljs";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { apiGet, launch, login, newPage, screenshot } from "./support";

let browser: Browser;
beforeAll(async () => {
  browser = await launch();
});
afterAll(() => browser?.close());

interface Item {
  id: string;
  name: string;
  regionCode: string;
  regionName: string;
}

describe("enterprise registry in the browser", () => {
  it("baohua.ajb sees only 宝华镇 enterprises", async () => {
    const { context, page } = await newPage(browser);
    await login(page, "baohua.ajb");
    await page.goto("/enterprises");
    const table = page.getByTestId("enterprise-table");
    await table.locator("tbody tr.ant-table-row").first().waitFor();
    const api = await apiGet<{ items: Item[]; total: number }>(page, "/api/enterprises?pageSize=200");
    expect(api.total).toBeGreaterThan(2);
    expect(api.items.every((e) => e.regionCode.startsWith("321183103"))).toBe(true);
    const rows = await table.locator("tbody tr.ant-table-row").allInnerTexts();
    expect(rows.length).toBe(Math.min(api.total, 20));
    for (const r of rows) expect(r).toContain("宝华镇");
    // An enterprise outside 宝华镇 is not reachable by URL either.
    const admin = await newPage(browser);
    await login(admin.page, "admin");
    const all = await apiGet<{ items: Item[] }>(admin.page, "/api/enterprises?q=华泰化工");
    await admin.context.close();
    await page.goto(`/enterprises/${all.items[0]!.id}`);
    await expect.poll(() => page.locator("body").innerText()).toMatch(/不存在|无权/);
    await context.close();
  });

  it("ent.b sees only its own enterprise file", async () => {
    const { context, page } = await newPage(browser);
    await login(page, "ent.b");
    const menu = await page.getByTestId("side-menu").innerText();
    expect(menu).toContain("本企业档案");
    expect(menu).not.toContain("企业导入");
    await page.getByTestId("side-menu").getByText("本企业档案").click();
    await expect.poll(() => page.getByTestId("enterprise-name").innerText()).toContain("句容宝华智运仓储物流有限公司");
    const list = await apiGet<{ items: Item[]; total: number }>(page, "/api/enterprises");
    expect(list.total).toBe(1);
    expect(list.items[0]!.name).toBe("句容宝华智运仓储物流有限公司");
    await context.close();
  });

  it("admin imports 20 rows with 3 bad ones, sees the three errors and imports the 17 good rows", async () => {
    const { context, page } = await newPage(browser);
    await login(page, "admin");
    const before = (await apiGet<{ total: number }>(page, "/api/enterprises?pageSize=1")).total;
    const buf = await buildImportFile();
    await page.goto("/enterprises/import");
    await page
      .locator('input[type="file"]')
      .setInputFiles({ name: "企业导入.xlsx", mimeType: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", buffer: buf });
    const errors = page.getByTestId("import-errors");
    await errors.waitFor({ timeout: 30_000 });
    const text = await errors.innerText();
    const dataRows = await errors.locator("tbody tr.ant-table-row").count();
    expect(dataRows).toBe(3);
    expect(text).toContain("统一社会信用代码");
    expect(text).toContain("所属区域代码");
    expect(text).toContain("监管行业");
    for (const row of ["5", "11", "17"]) expect(text).toMatch(new RegExp(`(^|\\s)${row}(\\s|$)`));
    await screenshot(page, "import-errors");
    await page.getByTestId("import-commit-valid").click();
    await expect.poll(() => page.getByTestId("import-result").innerText(), { timeout: 30_000 }).toContain("17");
    const after = (await apiGet<{ total: number }>(page, "/api/enterprises?pageSize=1")).total;
    expect(after - before).toBe(17);
    await context.close();
  });

  it("renders the enterprise list in Chinese with CJK fonts", async () => {
    const fonts = execFileSync("fc-list", [":lang=zh", "family"], { encoding: "utf8" });
    expect(fonts).toMatch(/CJK|Noto Sans SC|WenQuanYi/);
    const { context, page } = await newPage(browser);
    await login(page, "zj.yjj");
    await page.goto("/enterprises");
    await page.getByTestId("enterprise-table").locator("tbody tr.ant-table-row").first().waitFor();
    const header = await page.getByTestId("enterprise-table").locator("thead").innerText();
    expect(header).toContain("企业名称");
    expect(header).toContain("统一社会信用代码");
    // The CJK glyphs have real widths (not the zero-width / tofu fallback): "企业名称" is about four em wide.
    const width = await page.evaluate(() => {
      const c = document.createElement("canvas").getContext("2d")!;
      c.font = "20px sans-serif";
      return c.measureText("企业名称").width;
    });
    expect(width).toBeGreaterThan(70);
    const file = await screenshot(page, "enterprise-list-zh");
    expect(fs.statSync(file).size).toBeGreaterThan(30_000);
    await context.close();
  });

  it("switches to English and works at phone width", async () => {
    const { context, page } = await newPage(browser, { width: 390, height: 844 });
    await page.goto("/login");
    await page.getByTestId("language-switch").click();
    await page.getByText("English", { exact: true }).click();
    await expect.poll(() => page.getByTestId("login-submit").innerText()).toMatch(/Log ?in|Sign ?in/i);
    await login(page, "jr.yjj");
    await page.goto("/enterprises");
    await page.getByTestId("enterprise-table").locator("tbody tr.ant-table-row").first().waitFor();
    expect(await page.getByTestId("menu-toggle").isVisible()).toBe(true);
    const scrollWidth = await page.evaluate(() => document.documentElement.scrollWidth);
    expect(scrollWidth).toBeLessThanOrEqual(400);
    await screenshot(page, "enterprise-list-phone-en");
    await context.close();
  });
});

/** 20 rows: rows 5, 11 and 17 (Excel row numbers) are bad — check digit, unknown region, unknown sector. */
async function buildImportFile(): Promise<Buffer> {
  const { makeCreditCode } = await import("@anguan/domain");
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet("企业名录");
  ws.addRow(["企业名称", "统一社会信用代码", "所属区域代码", "监管行业", "详细地址", "从业人数"]);
  for (let i = 0; i < 20; i++) {
    const excelRow = i + 2;
    let code = makeCreditCode("91", "321183", `E2E${String(i).padStart(4, "0")}Q`.slice(0, 8));
    let region = "321183103";
    let sector = "机械";
    if (excelRow === 5) code = `${code.slice(0, 17)}${code.endsWith("0") ? "1" : "0"}`;
    if (excelRow === 11) region = "321183999";
    if (excelRow === 17) sector = "火星采矿";
    ws.addRow([`句容测试导入企业${i + 1}号有限公司`, code, region, sector, "句容市宝华镇测试路1号", 30 + i]);
  }
  return Buffer.from(await wb.xlsx.writeBuffer());
}
