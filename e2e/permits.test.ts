/**
 * A 一级 hot-work permit from application to archive, on phones (390×844), at 10:00 Beijing time on a working day
 * (the e2e server's test clock): the team leader 吴建军 applies for a hot work in a fire/explosion-hazard area and the
 * page derives 一级 → a worker with an expired welding certificate (陈志强) makes the submission fail with his name →
 * without him it is submitted → the safety manager approves on his phone (position recorded and shown) → a gas
 * analysis sampled 40 minutes ago blocks the start → the measures are confirmed and the key-node photos (watchman
 * present…) taken through the camera input → a fresh analysis → start → complete with the after-work photo →
 * acceptance → 已验收归档, PDF printable → the city bureau sees today's high-risk count and drills down to the permit.
 */
import { DEFAULT_WORK_CALENDAR, isWorkingDay } from "@anguan/domain";
import type { Browser, BrowserContext, Page } from "playwright-core";
import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { apiSend, PHONE, POLL, select } from "./hazardSteps";
import { apiGet, baseURL, launch, login, newPage, screenshot } from "./support";

const H = 3600_000;
const MIN = 60_000;
/** Where the approver stands (镇江, near the plant). */
const SITE = { latitude: 32.1875, longitude: 119.4521 };

let browser: Browser;
/** Server clock minus this machine's clock. */
let offsetMs = 0;
const serverNow = () => new Date(Date.now() + offsetMs);

/** Beijing wall-clock parts of an instant. */
const beijing = (d: Date) => new Date(d.getTime() + 8 * H).toISOString();
/** "YYYY-MM-DDTHH:mm" in Beijing time, as the datetime-local inputs take it. */
const localInput = (d: Date) => beijing(d).slice(0, 16);

/** 10:00 Beijing on today's date if it is a working day, else on the next working day. */
function workingDayTen(): Date {
  let day = beijing(new Date()).slice(0, 10);
  while (!isWorkingDay(day, DEFAULT_WORK_CALENDAR)) day = new Date(Date.parse(`${day}T00:00:00Z`) + 24 * H).toISOString().slice(0, 10);
  return new Date(Date.parse(`${day}T10:00:00+08:00`));
}

async function setClock(offset: number): Promise<void> {
  const { context, page } = await newPage(browser);
  await login(page, "admin");
  const r = await apiSend<{ now: string }>(page, "POST", "/api/test/clock", { offsetMs: offset });
  expect(r.status, "POST /api/test/clock (ANGUAN_TEST_CONTROLS=1 on the e2e server)").toBe(200);
  await context.close();
}

/** A real JPEG as the phone's camera makes it, its EXIF capture time the server's "now" in Beijing time. */
async function livePhoto(name: string, color: string) {
  const exif = beijing(serverNow()).slice(0, 19).replace(/-/g, ":").replace("T", " ");
  const buffer = await sharp({ create: { width: 360, height: 270, channels: 3, background: color } })
    .jpeg({ quality: 80 })
    .withExif({ IFD0: { Make: "AnguanE2E" }, IFD2: { DateTimeOriginal: exif } })
    .toBuffer();
  return { name, mimeType: "image/jpeg", buffer };
}

/** A signed-in phone (390×844), with the position shared when asked. */
async function phone(username: string, geolocation = false): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({
    baseURL: baseURL(),
    viewport: PHONE,
    locale: "zh-CN",
    timezoneId: "Asia/Shanghai",
    ...(geolocation ? { geolocation: SITE, permissions: ["geolocation"] } : {}),
  });
  const page = await context.newPage();
  page.setDefaultTimeout(15_000);
  await login(page, username);
  return { context, page };
}

/** No horizontal scrolling on the phone. */
async function fitsPhone(page: Page): Promise<void> {
  const width = await page.evaluate(() => document.documentElement.scrollWidth);
  expect(width, "page wider than the phone").toBeLessThanOrEqual(PHONE.width);
}

interface PermitJson {
  id: string;
  code: string;
  status: string;
  grade: string | null;
  version: number;
  approval: { byName: string; lat: number | null; lng: number | null } | null;
  acceptance: { byName: string } | null;
  workers: { name: string }[];
  gasAnalyses: { pass: boolean; sampledAt: string }[];
  evidence: { node: string; capture: string; uploadedByName: string; fileSha256: string; flag: string | null }[];
  measures: { no: number; involved: boolean | null; confirmedAt: string | null; evidenceId: string | null }[];
  events: { action: string; lat: number | null; lng: number | null }[];
}
const permitJson = (page: Page, id: string) => apiGet<PermitJson>(page, `/api/permits/${id}`);
const statusOf = (page: Page) => page.getByTestId("permit-header").getByTestId("permit-status").innerText();

/** Takes an action from the permit page (its modal, optional text), and waits for the status. */
async function act(page: Page, action: string, status: string, text?: string): Promise<void> {
  await page.getByTestId(`action-${action}`).click();
  const modal = page.locator(".ant-modal:visible");
  await modal.waitFor();
  if (text !== undefined) await page.getByTestId("action-text").fill(text);
  await page.getByTestId("action-ok").click();
  await modal.waitFor({ state: "hidden" });
  await expect.poll(() => statusOf(page), POLL).toBe(status);
}

/** Records a gas analysis through the form (methane, LEL 5 %, pass) sampled at `at`. */
async function recordGas(page: Page, at: Date, value: string): Promise<void> {
  const before = await page.getByTestId("gas-row").count();
  await page.getByTestId("gas-new").click();
  const modal = page.locator(".ant-modal:visible");
  await modal.waitFor();
  await page.getByTestId("gas-sampled-at").fill(localInput(at));
  await page.getByTestId("gas-point").fill("T-102 进料管线动火点");
  await page.getByTestId("gas-value").fill(value);
  await page.getByTestId("gas-instrument").fill("四合一气体检测仪 MX4-0217");
  await expect.poll(() => page.getByTestId("gas-verdict").getAttribute("data-pass"), POLL).toBe("true");
  await page.getByTestId("gas-submit").click();
  await modal.waitFor({ state: "hidden" });
  await expect.poll(() => page.getByTestId("gas-row").count(), POLL).toBe(before + 1);
}

beforeAll(async () => {
  browser = await launch();
  const target = workingDayTen();
  offsetMs = target.getTime() - Date.now();
  await setClock(offsetMs);
});

afterAll(async () => {
  // Put the shared e2e server's clock back for the files that run after this one.
  if (browser) await setClock(0).catch(() => undefined);
  await browser?.close();
});

describe("a 一级 hot-work permit on phones, from application to archive", () => {
  const stamp = `E2E${Date.now() % 1_000_000}`;
  const place = `1号罐区 T-102 储罐进料管线（${stamp}）`;
  let id = "";
  let code = "";
  const sessions: { context: BrowserContext }[] = [];
  afterAll(async () => {
    for (const s of sessions) await s.context.close().catch(() => undefined);
  });

  it("the team leader applies on his phone: the grade is derived, an expired certificate refuses the submission", async () => {
    const team = await phone("ent.a.team");
    sessions.push(team);
    const t = team.page;
    await t.goto("/m");
    await t.getByTestId("m-permits").click();
    await t.waitForURL(/\/m\/permits\/new$/);
    await t.getByTestId("type-hot_work").click();
    await t.getByTestId("field-place").fill(place);
    await t.getByTestId("field-content").fill("更换进料管线法兰短节，电焊作业");
    await t.getByTestId("field-working-unit").fill("检修班");
    // The window defaults from the server's clock: 10:00–14:00 on the working day.
    await expect.poll(() => t.getByTestId("field-start").inputValue(), POLL).toBe(localInput(workingDayTen()));
    expect(await t.getByTestId("field-end").inputValue()).toBe(localInput(new Date(workingDayTen().getTime() + 4 * H)));

    // Outside a hazardous area it is 二级; in a fire/explosion-hazard area the server derives 一级 (never typed).
    await expect.poll(() => t.getByTestId("preview-grade").getAttribute("data-grade"), POLL).toBe("hot_2");
    await t.getByTestId("hot-inHazardArea").click();
    await expect.poll(() => t.getByTestId("preview-grade").getAttribute("data-grade"), POLL).toBe("hot_1");
    expect(await t.getByTestId("preview-grade").innerText()).toContain("一级");
    expect(await t.getByTestId("preview-basis").innerText()).toContain("火灾爆炸危险场所内的其他动火");
    expect(await t.getByTestId("preview-validity").innerText()).toContain("8 小时");
    expect(await t.getByTestId("preview-approver").innerText()).toContain("安全管理部门");
    expect(await t.getByTestId("preview-gas").innerText()).toContain("须气体分析");
    expect(await t.getByTestId("preview-upgrades").count()).toBe(0);

    // The people, from the enterprise's registry.
    await select(t, "field-work-leader", /吴建军/);
    await select(t, "field-watchman", /周海涛/);
    await select(t, "field-gas-analyst", /刘洋/);
    await select(t, "field-briefer", /周海涛/);
    await t.getByTestId("field-workers").click();
    for (const name of ["王立新", "陈志强"]) {
      const option = t.locator(".ant-select-dropdown:visible .ant-select-item-option").filter({ hasText: name }).first();
      await option.click();
    }
    await t.keyboard.press("Escape");
    await expect.poll(() => t.getByTestId("worker-row").count(), POLL).toBe(2);
    // The preview already names the expired certificate.
    await expect.poll(() => t.getByTestId("preview-certs").innerText(), POLL).toContain("陈志强");
    expect(await t.getByTestId("preview-certs").innerText()).toContain("2026-10-31 过期");
    expect(await t.locator('[data-testid="worker-row"][data-name="陈志强"]').getByTestId("worker-cert-problem").innerText()).toContain("焊接与热切割作业");
    expect(await t.locator('[data-testid="worker-row"][data-name="王立新"]').innerText()).toContain("证书有效");

    // The measures: the general ones, the 15 m clean-up and the fire extinguishers involved; the rest not.
    const involved = new Set([1, 2, 3, 4, 7, 10]);
    const count = await t.locator('[data-testid^="form-measure-"][data-testid$="-yes"]').count();
    expect(count).toBe(13);
    for (let no = 1; no <= count; no++) await t.getByTestId(`form-measure-${no}-${involved.has(no) ? "yes" : "no"}`).click();
    await fitsPhone(t);
    await screenshot(t, "permit-phone-form");

    // Submitting: the server refuses, naming 陈志强's expired certificate; the draft is kept.
    await t.getByTestId("permit-submit").click();
    await expect.poll(() => t.getByTestId("permit-form-error").innerText(), POLL).toContain("陈志强");
    const refusal = await t.getByTestId("permit-form-error").innerText();
    expect(refusal).toContain("焊接与热切割作业证书已于 2026-10-31 过期");
    expect(refusal).not.toContain("王立新");
    expect(t.url()).toMatch(/\/m\/permits\/new$/);

    // Without him it goes through, to the permit's page.
    await t.locator('[data-testid="worker-row"][data-name="陈志强"]').getByTestId("worker-remove").click();
    await expect.poll(() => t.getByTestId("preview-certs").innerText(), POLL).toContain("均有效");
    await t.getByTestId("permit-submit").click();
    await t.waitForURL(/\/m\/permits\/[0-9a-f-]{36}$/);
    id = t.url().split("/").pop()!;
    await expect.poll(() => statusOf(t), POLL).toBe("待审批");
    code = await t.getByTestId("permit-code").innerText();
    expect(code).toMatch(/^DH-\d{8}-\d{4}$/);
    const p = await permitJson(t, id);
    expect(p.grade).toBe("hot_1");
    expect(p.workers.map((w) => w.name)).toEqual(["王立新"]);
    expect(p.measures.filter((m) => m.involved).map((m) => m.no)).toEqual([...involved]);
    expect(await t.getByTestId("permit-header").getByTestId("permit-grade").innerText()).toContain("一级");
    // The requester cannot approve his own permit: no button.
    expect(await t.getByTestId("action-approve").count()).toBe(0);
  }, 120_000);

  it("the safety manager approves on his phone; the position is recorded and shown", async () => {
    expect(id).not.toBe("");
    const safety = await phone("ent.a.safety", true);
    sessions.push(safety);
    const s = safety.page;
    await s.goto(`/m/permits/${id}`);
    await expect.poll(() => statusOf(s), POLL).toBe("待审批");
    await s.getByTestId("action-approve").click();
    await s.locator(".ant-modal:visible").waitFor();
    await expect.poll(() => s.getByTestId("action-location").getAttribute("data-state"), POLL).toBe("ok");
    expect(await s.getByTestId("action-location").innerText()).toContain("32.1875");
    await s.getByTestId("action-text").fill("同意，落实监护和气体检测");
    await s.getByTestId("action-ok").click();
    await expect.poll(() => statusOf(s), POLL).toBe("已审批待作业");
    expect(await s.getByTestId("permit-approval").innerText()).toContain("周海涛");
    expect(await s.getByTestId("permit-approval-location").innerText()).toContain("32.18750, 119.45210");
    const p = await permitJson(s, id);
    expect(p.approval).toMatchObject({ lat: SITE.latitude, lng: SITE.longitude });
    expect(p.events.find((e) => e.action === "approve")).toMatchObject({ lat: SITE.latitude, lng: SITE.longitude });
  }, 60_000);

  it("a 40-minute-old gas analysis blocks the start; measures and live photos, a fresh analysis, then the work starts", async () => {
    const team = await phone("ent.a.team");
    sessions.push(team);
    const t = team.page;
    await t.goto(`/m/permits/${id}`);
    await expect.poll(() => statusOf(t), POLL).toBe("已审批待作业");

    // An analysis sampled 40 minutes ago: it passes, but it is too old to start on.
    await recordGas(t, new Date(serverNow().getTime() - 40 * MIN), "0.10");
    await t.getByTestId("action-start").click();
    await t.locator(".ant-modal:visible").waitFor();
    await t.getByTestId("action-ok").click();
    await expect.poll(() => t.getByTestId("action-error").innerText(), POLL).toMatch(/气体分析取样已过 4[01] 分钟，超过 30 分钟，须重新分析/);
    await t
      .locator(".ant-modal:visible")
      .getByRole("button", { name: /取\s*消/ })
      .click();
    expect(await statusOf(t)).toBe("已审批待作业");

    // The involved measures confirmed on site: the two marked for a photo with the camera.
    for (const no of [1, 2, 3, 4]) {
      await t.getByTestId(`measure-${no}-confirm`).click();
      await expect.poll(() => t.getByTestId(`measure-${no}`).getAttribute("data-confirmed"), POLL).toBe("true");
    }
    for (const [no, color] of [
      [7, "#6b8e23"],
      [10, "#b22222"],
    ] as const) {
      await t.getByTestId(`measure-${no}-confirm`).click();
      await t.locator(".ant-modal:visible").waitFor();
      await t.getByTestId("measure-photo-camera-input").setInputFiles([await livePhoto(`measure-${no}.jpg`, color)]);
      await expect.poll(() => t.locator(".ant-modal:visible").getByTestId("evidence-item").count(), POLL).toBe(1);
      await t.getByTestId("measure-confirm-ok").click();
      await expect.poll(() => t.getByTestId(`measure-${no}`).getAttribute("data-confirmed"), POLL).toBe("true");
    }

    // The key-node photos: site cleared, and the watchman at his post — taken with the camera input.
    for (const [node, color] of [
      ["site_before", "#4682b4"],
      ["watchman", "#daa520"],
    ] as const) {
      await t.getByTestId(`evidence-${node}-camera-input`).setInputFiles([await livePhoto(`${node}.jpg`, color)]);
      await expect.poll(() => t.getByTestId(`node-${node}`).getAttribute("data-count"), POLL).toBe("1");
    }
    const watchman = t.getByTestId("node-watchman").getByTestId("permit-evidence-item");
    expect(await watchman.innerText()).toContain("吴建军");
    expect(await watchman.innerText()).toContain("现场拍摄");
    expect(await watchman.getByTestId("evidence-sha").innerText()).toMatch(/^[0-9a-f]{12}…$/);

    // Only the stale analysis stands in the way now.
    await expect.poll(() => t.getByTestId("blockers-start").locator("li").allInnerTexts(), POLL).toEqual([expect.stringMatching(/已过 4[01] 分钟/)]);
    expect(await t.getByTestId("blockers-start").locator("li").first().getAttribute("data-code")).toBe("GAS_ANALYSIS_STALE");

    // A fresh analysis (the form's time is the server's now) → the work starts.
    await recordGas(t, serverNow(), "0.05");
    await expect.poll(() => t.getByTestId("blockers-start").count(), POLL).toBe(0);
    await act(t, "start", "作业中");
    await fitsPhone(t);
    await screenshot(t, "permit-phone-detail");

    const p = await permitJson(t, id);
    expect(p.gasAnalyses.map((g) => g.pass)).toEqual([true, true]);
    const nodes = p.evidence.map((e) => e.node).sort();
    expect(nodes).toEqual(["measures", "measures", "site_before", "watchman"]);
    expect(p.evidence.every((e) => e.capture === "camera" && e.uploadedByName.includes("吴建军") && /^[0-9a-f]{64}$/.test(e.fileSha256))).toBe(true);
    expect(p.evidence.filter((e) => e.flag)).toEqual([]);
  }, 150_000);

  it("completes with the after-work photo, is accepted by the safety manager and archived; the PDF prints", async () => {
    const team = await phone("ent.a.team");
    sessions.push(team);
    const t = team.page;
    await t.goto(`/m/permits/${id}`);
    await expect.poll(() => statusOf(t), POLL).toBe("作业中");
    expect(await t.getByTestId("blockers-complete").innerText()).toContain("完工现场清理");
    await t.getByTestId("evidence-site_after-camera-input").setInputFiles([await livePhoto("site_after.jpg", "#2e8b57")]);
    await expect.poll(() => t.getByTestId("node-site_after").getAttribute("data-count"), POLL).toBe("1");
    await act(t, "complete", "完工待验收", "动火结束，现场已清理，无遗留火种");
    // The requester does not accept his own work.
    expect(await t.getByTestId("action-accept").count()).toBe(0);

    const safety = await phone("ent.a.safety", true);
    sessions.push(safety);
    const s = safety.page;
    await s.goto(`/m/permits/${id}`);
    await act(s, "accept", "已验收归档");
    expect(await s.getByTestId("permit-acceptance").innerText()).toContain("周海涛");
    const timeline = s.getByTestId("permit-timeline");
    for (const action of ["submit", "approve", "start", "complete", "accept"])
      expect(await timeline.locator(`[data-action="${action}"]`).count()).toBeGreaterThanOrEqual(1);
    const p = await permitJson(s, id);
    expect(p.status).toBe("closed");
    expect(p.acceptance?.byName).toContain("周海涛");

    // 打印作业票: the link on the page answers a PDF.
    const href = await s.getByTestId("permit-pdf").getAttribute("href");
    expect(href).toBe(`/api/permits/${id}/pdf`);
    const pdf = await s.request.get(href!);
    expect(pdf.status()).toBe(200);
    expect(pdf.headers()["content-type"]).toContain("application/pdf");
    expect((await pdf.body()).subarray(0, 5).toString()).toBe("%PDF-");
  }, 90_000);

  it("the city bureau sees today's high-risk work and drills down to the permit", async () => {
    const { context, page } = await newPage(browser);
    sessions.push({ context });
    await login(page, "zj.yjj");
    const api = await apiGet<{ day: string; counts: Record<string, number>; items: { code: string }[] }>(page, "/api/permits/high-risk");
    expect(api.day).toBe(beijing(serverNow()).slice(0, 10));
    expect(api.counts.hot_1).toBeGreaterThanOrEqual(1);
    await page.goto("/permits/high-risk");
    await expect.poll(() => page.getByTestId("count-hot_1").getAttribute("data-count"), POLL).toBe(String(api.counts.hot_1));
    expect(await page.getByTestId("count-total").getAttribute("data-count")).toBe(String(api.counts.total));
    expect(await page.getByTestId("count-hot_1").innerText()).toContain("一级动火");
    await screenshot(page, "permit-high-risk");

    // Drill down: 一级动火 → the list holds this permit → its page.
    await page.getByTestId("count-hot_1").click();
    await expect.poll(() => page.getByTestId("drill-title").innerText(), POLL).toContain("一级动火");
    // Codes are unique per enterprise (another enterprise may hold the same DH-… today): find the link by the permit.
    const link = page.getByTestId("high-risk-items").locator(`a[data-testid="high-risk-link"][href="/permits/${id}"]`);
    await expect.poll(() => link.count(), POLL).toBe(1);
    const rows = await page.getByTestId("high-risk-items").locator("tbody tr.ant-table-row").allInnerTexts();
    expect(rows.length).toBe(api.counts.hot_1);
    expect(rows.every((r) => r.includes("一级"))).toBe(true);
    await link.click();
    await page.waitForURL(new RegExp(`/permits/${id}$`));
    await expect.poll(() => page.getByTestId("permit-code").innerText(), POLL).toBe(code);
    expect(await statusOf(page)).toBe("已验收归档");
    // A regulator reads, never acts.
    expect(await page.getByTestId("permit-actions").count()).toBe(0);
  }, 60_000);
});
