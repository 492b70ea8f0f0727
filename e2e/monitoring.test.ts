/**
 * Major hazard monitoring in the browser: a value published by the demo gateway raises an alarm that appears on the
 * enterprise's duty screen and in /api/alarms within 2 s; the duty officer handles it to 消警; the city bureau's
 * monitoring screen shows a new alarm live; the grading of a major hazard source shows its terms; the daily record
 * renders with its download buttons.
 */
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { apiGet, baseURL, launch, login, newPage, PASSWORD, pickOption, screenshot } from "./support";

let browser: Browser;
beforeAll(async () => {
  browser = await launch();
});
afterAll(() => browser?.close());

/** What the demo gateway demo-gw-1 sends (HTTP ingest, the server's clock stamps it). */
async function publish(points: { tag: string; value: number }[]) {
  const r = await fetch(`${baseURL()}/api/telemetry`, {
    method: "POST",
    headers: { "content-type": "application/json", authorization: `Basic ${Buffer.from(`demo-gw-1:${PASSWORD}`).toString("base64")}` },
    body: JSON.stringify({ points }),
  });
  expect(r.status).toBe(200);
  expect((await r.json()).accepted).toBe(points.length);
}

interface AlarmItem {
  id: string;
  tag: string;
  kind: string;
  level: string | null;
  status: string;
  conditionActive: boolean;
}

/**
 * The sensor's open limit alarm. Other browser tests move the server clock (permits, duties) with the simulator off,
 * so the demo sensors may also hold an open offline alarm by the time this file runs.
 */
async function openAlarmOf(page: Page, tag: string): Promise<AlarmItem | undefined> {
  const list = await apiGet<{ items: AlarmItem[] }>(page, "/api/alarms?status=open&pageSize=100");
  return list.items.find((a) => a.tag === tag && a.kind === "limit");
}

describe("duty screen (值班值守)", () => {
  it("shows a published high-high gas reading and its alarm within 2 s, then the officer handles it to 消警", async () => {
    const { context, page } = await newPage(browser);
    await login(page, "ent.a");
    await page.goto("/duty");
    const card = page.getByTestId("sensor-card-GT-101");
    await card.waitFor();
    await page.getByTestId("active-alarms").waitFor();
    // Let the live channel connect before publishing.
    await page.waitForTimeout(500);
    const t0 = Date.now();
    await publish([{ tag: "GT-101", value: 72.5 }]);
    await page.waitForFunction(() => document.querySelector('[data-testid="sensor-card-GT-101"]')?.getAttribute("data-state") === "hh", null, {
      timeout: 2000,
    });
    await page
      .getByTestId("active-alarms")
      .getByText("GT-101")
      .first()
      .waitFor({ timeout: 2000 - (Date.now() - t0) });
    const elapsed = Date.now() - t0;
    expect(elapsed).toBeLessThan(2000);
    await expect.poll(async () => (await card.getByTestId("sensor-card-value").textContent()) ?? "").toContain("72.5");
    const alarm = await openAlarmOf(page, "GT-101");
    expect(alarm).toMatchObject({ level: "hh", status: "raised", conditionActive: true });
    await screenshot(page, "duty-screen-alarm");

    // Duty handling on the alarm's page: acknowledge → verify with a cause → dispose with feedback → 消警.
    await page.goto(`/alarms/${alarm!.id}`);
    await page.getByTestId("alarm-action-acknowledge").click();
    await page.getByTestId("alarm-action-verify").click();
    await page.getByTestId("alarm-cause").click();
    await pickOption(page, "真实报警");
    await page.getByTestId("alarm-note").fill("罐区人孔处甲醇蒸气聚集，现场确认");
    await page.locator(".ant-modal-footer .ant-btn-primary").last().click();
    await page.getByTestId("alarm-action-dispose").click();
    await page.getByTestId("alarm-feedback").fill("停止作业，通风置换，复测合格");
    await page.locator(".ant-modal-footer .ant-btn-primary").last().click();
    // Still above the limit: 消警 is not offered until the reading is back to normal.
    await expect.poll(async () => (await openAlarmOf(page, "GT-101"))?.status).toBe("disposed");
    expect(await page.getByTestId("alarm-action-clear").count()).toBe(0);
    await publish([{ tag: "GT-101", value: 1.5 }]);
    await expect.poll(async () => (await openAlarmOf(page, "GT-101"))?.conditionActive).toBe(false);
    await page.reload();
    await page.getByTestId("alarm-action-clear").click();
    await page
      .locator(".ant-popconfirm")
      .getByRole("button", { name: /确\s*定|OK|是/ })
      .click();
    await expect.poll(async () => (await apiGet<{ status: string }>(page, `/api/alarms/${alarm!.id}`)).status).toBe("cleared");
    const detail = await apiGet<{ events: { action: string }[] }>(page, `/api/alarms/${alarm!.id}`);
    expect(detail.events.map((e) => e.action)).toEqual(expect.arrayContaining(["raise", "acknowledge", "verify", "dispose", "return", "clear"]));
    await screenshot(page, "alarm-cleared");
    await context.close();
  }, 90_000);
});

describe("regulator monitoring screen (监测预警)", () => {
  it("the city bureau sees a new alarm of an enterprise in its jurisdiction arrive live", async () => {
    const { context, page } = await newPage(browser);
    await login(page, "zj.yjj");
    await page.goto("/monitoring");
    await page.getByTestId("active-alarms").waitFor();
    await page.getByTestId("enterprise-table").waitFor();
    await page.waitForTimeout(500);
    const t0 = Date.now();
    await publish([{ tag: "GT-401", value: 30 }]);
    await page.getByTestId("active-alarms").getByText("GT-401").first().waitFor({ timeout: 2000 });
    expect(Date.now() - t0).toBeLessThan(2000);
    await screenshot(page, "monitoring-screen");
    await context.close();
  }, 60_000);
});

describe("major hazard source (重大危险源)", () => {
  it("lists the enterprise's units and shows every term of a grade 2 source", async () => {
    const { context, page } = await newPage(browser);
    await login(page, "ent.a");
    const list = await apiGet<{ items: { id: string; name: string; grade: number | null; isMajor: boolean; rValue: number }[] }>(
      page,
      "/api/hazard-units?pageSize=50",
    );
    const major = list.items.find((u) => u.grade === 2);
    expect(major).toBeDefined();
    await page.goto("/major-hazards");
    await page.getByText(major!.name).first().waitFor();
    await page.goto(`/major-hazards/${major!.id}`);
    await page.getByTestId("unit-title").waitFor();
    const grading = page.locator('[data-testid$="-r"]').first();
    await expect.poll(async () => Number((await grading.textContent())?.replace(/,/g, ""))).toBeCloseTo(major!.rValue, 1);
    await expect.poll(async () => page.locator('[data-testid="term-ratio"]').count()).toBeGreaterThanOrEqual(2);
    await screenshot(page, "major-hazard-detail");
    await context.close();
  }, 60_000);
});

describe("monitoring reports (日记录)", () => {
  it("renders the daily record of the enterprise with PDF and Excel downloads", async () => {
    const { context, page } = await newPage(browser);
    await login(page, "ent.a");
    await page.goto("/monitoring-reports");
    await page.getByTestId("mr-kind").waitFor();
    const pdf = page.getByTestId("mr-download-pdf");
    await expect.poll(async () => await pdf.isEnabled()).toBe(true);
    const href = await pdf.getAttribute("href");
    expect(href).toContain("format=pdf");
    const r = await page.request.get(href!);
    expect(r.status()).toBe(200);
    expect((await r.body()).subarray(0, 4).toString()).toBe("%PDF");
    await screenshot(page, "monitoring-report");
    await context.close();
  }, 60_000);
});
