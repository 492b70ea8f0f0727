/** 单位管理 in the browser: an administrator creates a third-party organisation and assigns an enterprise to it. */
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { apiGet, launch, login, newPage, pickOption as pick, screenshot } from "./support";

let browser: Browser;
beforeAll(async () => {
  browser = await launch();
});
afterAll(() => browser?.close());

interface Org {
  id: string;
  name: string;
  kind: string;
}
interface Assignment {
  enterpriseId: string;
  name: string;
  purpose: string;
  createdAt: string;
}

/** Picks an option of the antd Select that is open now. */
const pickOption = (page: Page, text: string) => pick(page, text, true);

describe("organisations", () => {
  it("admin creates a third-party organisation and assigns 镇江华泰化工有限公司 to it", async () => {
    const { context, page } = await newPage(browser);
    await login(page, "admin");
    await page.getByTestId("side-menu").getByText("单位管理").click();
    await page.waitForURL(/\/admin\/organizations$/);
    await page.getByTestId("org-table").locator("tbody tr.ant-table-row").first().waitFor();

    // A government body needs a region and a department: the form says so before anything is sent.
    await page.getByTestId("org-create").click();
    const form = page.getByTestId("org-form");
    await form.waitFor();
    await page.getByTestId("org-kind").click();
    await pickOption(page, "政府部门");
    await page.getByTestId("org-save").click();
    await expect.poll(() => form.innerText()).toContain("请选择部门");

    const name = `镇江e2e安全技术服务有限公司${Date.now() % 100000}`;
    await page.getByTestId("org-kind").click();
    await pickOption(page, "第三方服务机构");
    await page.getByTestId("org-name").fill(name);
    await page.getByTestId("org-save").click();
    const row = page.getByTestId("org-table").locator("tr.ant-table-row", { hasText: name });
    await row.waitFor();
    expect(await row.innerText()).toContain("第三方服务机构");

    await row.getByRole("button", { name: "分派企业" }).click();
    const drawer = page.getByTestId("assign-drawer");
    await drawer.waitFor();
    await page.getByTestId("assign-enterprise").click();
    await page.keyboard.type("华泰");
    await pickOption(page, "镇江华泰化工有限公司");
    await page.getByTestId("assign-purpose").fill("安全生产技术服务（e2e）");
    await page.getByTestId("assign-add").click();
    const table = page.getByTestId("assign-table");
    await expect.poll(() => table.locator("tbody tr.ant-table-row").allInnerTexts()).toEqual([expect.stringContaining("镇江华泰化工有限公司")]);
    expect(await table.locator("tbody tr.ant-table-row").innerText()).toContain("安全生产技术服务（e2e）");
    await screenshot(page, "organization-assignments");

    const orgs = await apiGet<{ items: Org[] }>(page, `/api/organizations?kind=third_party&q=${encodeURIComponent(name)}`);
    expect(orgs.items).toHaveLength(1);
    const id = orgs.items[0]!.id;
    const stored = await apiGet<{ items: Assignment[] }>(page, `/api/organizations/${id}/assignments`);
    expect(stored.items).toEqual([expect.objectContaining({ name: "镇江华泰化工有限公司", purpose: "安全生产技术服务（e2e）" })]);

    // Removing it (after confirmation) empties the list there and on the server.
    await table.getByRole("button", { name: "撤销" }).click();
    await page.locator(".ant-popconfirm:visible").getByRole("button", { name: "撤销" }).click();
    await expect.poll(() => table.locator("tbody tr.ant-table-row").count()).toBe(0);
    expect((await apiGet<{ items: Assignment[] }>(page, `/api/organizations/${id}/assignments`)).items).toEqual([]);
    await context.close();
  });
});
