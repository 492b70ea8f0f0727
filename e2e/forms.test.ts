/** Editing the enterprise file in the browser: an enterprise keeps its own file; field errors land on their fields. */
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { apiGet, launch, login, newPage } from "./support";

let browser: Browser;
beforeAll(async () => {
  browser = await launch();
});
afterAll(() => browser?.close());

describe("enterprise file forms", () => {
  it("ent.b edits its own address, cannot touch the regulator-owned fields, and the change shows in the history", async () => {
    const { context, page } = await newPage(browser);
    await login(page, "ent.b");
    const me = await apiGet<{ abilities: { ownEnterpriseId: string } }>(page, "/api/auth/me");
    const id = me.abilities.ownEnterpriseId;
    await page.goto(`/enterprises/${id}/edit`);
    await page.getByTestId("enterprise-form").waitFor();
    for (const f of ["field-name", "field-creditCode"]) expect(await page.getByTestId(f).isDisabled(), f).toBe(true);
    const address = `句容市宝华镇仓储路${Date.now() % 1000}号`;
    const input = page.getByTestId("enterprise-form").getByLabel(/详细地址/);
    await input.fill(address);
    await page.getByTestId("enterprise-save").click();
    await page.waitForURL(new RegExp(`/enterprises/${id}$`));
    const stored = await apiGet<{ address: string; version: number }>(page, `/api/enterprises/${id}`);
    expect(stored.address).toBe(address);
    await page.getByRole("tab", { name: /变更记录/ }).click();
    await expect.poll(() => page.getByTestId("history-timeline").innerText()).toContain(address);
    await context.close();
  });

  it("a wrong check digit is reported on the credit-code field and nothing is saved", async () => {
    const { context, page } = await newPage(browser);
    await login(page, "jr.yjj");
    const before = (await apiGet<{ total: number }>(page, "/api/enterprises?pageSize=1")).total;
    await page.goto("/enterprises/new");
    await page.getByTestId("field-name").fill("句容测试校验企业有限公司");
    await page.getByTestId("field-creditCode").fill("91110108MA01HK7P4X");
    await page.getByTestId("enterprise-save").click();
    const item = page.locator(".ant-form-item").filter({ has: page.getByTestId("field-creditCode") });
    await expect.poll(() => item.innerText()).toContain("校验位错误");
    expect((await apiGet<{ total: number }>(page, "/api/enterprises?pageSize=1")).total).toBe(before);
    await context.close();
  });
});
