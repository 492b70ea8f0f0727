/**
 * The hidden-hazard loop in a real browser: a worker scans a risk unit's QR code on a phone and reports an abnormal
 * item with a photo → the safety manager confirms and assigns the rectification → the worker uploads the after-photo
 * → the main leader rejects once, then accepts (a second acceptor gets "已被他人处理") → the township official sees
 * it closed in the statistics and in the list.
 */
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { act, apiSend, POLL, dayFromNow, hazardJson, jpegFile, select, session, statusOf, submitRectification, typeDate } from "./hazardSteps";
import { apiGet, launch, screenshot } from "./support";

let browser: Browser;
beforeAll(async () => {
  browser = await launch();
});
afterAll(() => browser?.close());

interface Register {
  objects: { units: { id: string; name: string; qrToken: string }[] }[];
}
interface Stats {
  totals: { found: number; rectified: number; overdue: number; openMajor: number; rectificationRate: number | null };
}

describe("hidden-hazard loop", () => {
  it("scan → abnormal with photo → confirm and assign → rectify → reject → rectify → accept → closed in the statistics", async () => {
    const stamp = `E2E${Date.now() % 1_000_000}`;
    const note = `叉车通道堆放货物未清理（${stamp}）`;

    // The township official's statistics before.
    const official = await session(browser, "baohua.ajb");
    const before = await apiGet<Stats>(official.page, "/api/hazard-stats?groupBy=level");

    // 1. The worker, on a phone, opens the QR label's URL of a unit of his enterprise.
    const worker = await session(browser, "ent.b.worker", true);
    const me = await apiGet<{ abilities: { ownEnterpriseId: string } }>(worker.page, "/api/auth/me");
    const register = await apiGet<Register>(worker.page, `/api/enterprises/${me.abilities.ownEnterpriseId}/risk-register`);
    const unit = register.objects.flatMap((o) => o.units).find((u) => u.name === "1号危化品仓库");
    expect(unit, "the demo unit 1号危化品仓库 of ent-b").toBeTruthy();
    const w = worker.page;
    await w.goto(`/m/u/${unit!.qrToken}`);
    await expect.poll(() => w.getByTestId("m-unit-name").innerText(), POLL).toContain("1号危化品仓库");
    expect(await w.getByTestId("m-risks").innerText()).toContain("重大");
    const check = w.getByTestId("m-check").first();
    await check.getByTestId("m-abnormal").click();
    await check.getByTestId("m-abnormal-photos-camera-input").setInputFiles([await jpegFile("before.jpg")]);
    await expect.poll(() => check.getByTestId("evidence-item").count(), POLL).toBe(1);
    await check.getByTestId("m-abnormal-note").fill(note);
    // Phone layout: nothing wider than the screen, the submit button is a big touch target.
    expect(await w.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    const submitBox = await w.getByTestId("m-scan-submit").boundingBox();
    expect(submitBox?.height ?? 0).toBeGreaterThanOrEqual(44);
    await screenshot(w, "hazard-scan-phone");
    await w.getByTestId("m-scan-submit").click();
    await w.getByTestId("m-scan-done").waitFor();
    const link = w.getByTestId("m-scan-hazard");
    await expect.poll(() => link.count(), POLL).toBe(1);
    const id = (await link.getAttribute("href"))!.split("/").pop()!;
    let h = await hazardJson(w, id);
    expect(h.status).toBe("reported");
    expect(h.evidence).toEqual([expect.objectContaining({ stage: "report", capture: "camera", uploadedByName: expect.stringContaining("刘强") })]);
    expect(h.evidence[0]!.takenAt).not.toBeNull();

    // 2. The safety manager confirms it and assigns the rectification to the worker.
    const manager = await session(browser, "ent.b");
    const m = manager.page;
    await m.goto(`/hazards/${id}`);
    await expect.poll(() => statusOf(m), POLL).toBe("待确认");
    const photos = await m.getByTestId("hazard-evidence").innerText();
    expect(photos).toContain("整改前");
    expect(photos).toContain("拍摄时间");
    expect(photos).toContain("接收时间");
    await act(m, "confirm", async () => {
      await select(m, "field-danger-type", "消防");
      await m.getByTestId("field-measures").fill("立即清理通道货物，设置禁止堆放标识");
      await select(m, "field-rectifier", /刘强/);
      await expect.poll(() => m.getByTestId("field-liable-person").inputValue(), POLL).toContain("刘强");
      await m.getByTestId("field-funds").fill("500");
      await typeDate(m, "field-deadline", dayFromNow(7));
      await m.getByTestId("field-contingency").fill("清理期间设置警戒，专人看护");
    });
    await expect.poll(() => statusOf(m), POLL).toBe("整改中");
    expect(await m.getByTestId("hazard-rectification").innerText()).toContain("刘强");
    await screenshot(m, "hazard-confirmed");

    // 3. The worker finds it in his to-dos and submits the rectification with an after-photo (on the phone).
    await w.goto("/m/todos");
    await w
      .getByTestId("todo-item")
      .filter({ hasText: note.slice(0, 10) })
      .first()
      .click();
    await w.waitForURL(new RegExp(`/m/hazards/${id}$`));
    await submitRectification(w, "已清理通道并设置标识");

    // 4. The main leader rejects once, with a reason.
    const leader = await session(browser, "ent.b.leader");
    const l = leader.page;
    await l.goto(`/hazards/${id}`);
    await expect.poll(() => statusOf(l), POLL).toBe("待验收");
    expect(await l.getByTestId("hazard-evidence").innerText()).toContain("整改后");
    await act(l, "reject", async () => {
      await l.getByTestId("field-reason").fill("标识未张贴到位，请补充");
    });
    await expect.poll(() => statusOf(l), POLL).toBe("整改中");
    expect(await l.getByTestId("hazard-timeline").innerText()).toContain("标识未张贴到位，请补充");

    // 5. The worker resubmits.
    await w.goto(`/m/hazards/${id}`);
    await expect.poll(() => w.getByTestId("hazard-timeline").innerText(), POLL).toContain("标识未张贴到位");
    await submitRectification(w, "已补贴禁止堆放标识");

    // 6. Two acceptors at once: the leader accepts; the safety manager, on the page he opened before, is told
    //    that someone else handled it and sees the new state.
    await m.goto(`/hazards/${id}`);
    await expect.poll(() => statusOf(m), POLL).toBe("待验收");
    await l.goto(`/hazards/${id}`);
    await expect.poll(() => statusOf(l), POLL).toBe("待验收");
    await act(l, "accept", async () => {
      await l.getByTestId("field-comment").fill("复查合格，同意销号");
    });
    await expect.poll(() => statusOf(l), POLL).toBe("已销号");
    await m.getByTestId("action-accept").click();
    await m.getByTestId("field-comment").fill("同意");
    await m.getByTestId("action-submit").click();
    await expect.poll(() => m.getByTestId("hazard-stale").innerText(), POLL).toContain("已被他人处理");
    await expect.poll(() => statusOf(m), POLL).toBe("已销号");
    expect(await m.getByTestId("hazard-actions").locator("[data-testid^=action-]").count()).toBe(0);
    h = await hazardJson(m, id);
    expect(h.status).toBe("closed");
    expect(h.events.map((e) => e.action)).toEqual(["report", "confirm", "submit_rectification", "reject", "submit_rectification", "accept"]);
    expect(h.evidence.filter((e) => e.stage === "rectification")).toHaveLength(2);
    await screenshot(l, "hazard-closed");

    // 7. The township official sees it closed: the statistics count one more rectified, and the list of closed
    //    hazards (the KPI's drill-down) shows it.
    const o = official.page;
    // The page asks for its own period (the last 12 calendar months); its card shows what the server answered it.
    const pageStats = o.waitForResponse((r) => r.url().includes("/api/hazard-stats?") && r.request().method() === "GET");
    await o.goto("/hazard-stats");
    const shown = (await (await pageStats).json()) as Stats;
    const after = await apiGet<Stats>(o, "/api/hazard-stats?groupBy=level");
    expect(after.totals.rectified).toBe(before.totals.rectified + 1);
    expect(after.totals.found).toBe(before.totals.found + 1);
    await expect.poll(async () => Number((await o.getByTestId("kpi-rectified").innerText()).replace(/\D/g, "")), POLL).toBe(shown.totals.rectified);
    await o.getByTestId("stats-trend").locator("canvas").first().waitFor();
    await screenshot(o, "hazard-stats");
    await o.getByTestId("kpi-rectified").click();
    await o.waitForURL(/\/hazards\?.*status=closed/);
    await o.getByTestId("hazard-search").fill(h.code);
    await o.getByTestId("hazard-search").press("Enter");
    const rows = o.getByTestId("hazard-table").locator("tbody tr.ant-table-row");
    await expect.poll(() => rows.allInnerTexts(), POLL).toEqual([expect.stringContaining("已销号")]);
    expect(await rows.first().innerText()).toContain(h.code);

    // The ledger export answers with an Excel file for the same filters.
    const ledger = await o.request.get(`/api/hazards/export?status=closed&q=${h.code}`);
    expect(ledger.status()).toBe(200);
    expect(ledger.headers()["content-type"]).toContain("spreadsheetml");

    for (const s of [official, worker, manager, leader]) await s.context.close();
  }, 180_000);

  it("an enterprise worker reports a hazard with 随手拍 on a phone in a few steps", async () => {
    const { context, page } = await session(browser, "ent.b.worker", true);
    await page.goto("/m");
    await page.getByTestId("m-report").click();
    await page.waitForURL(/\/m\/report$/);
    expect(await page.getByTestId("m-report-enterprise").innerText()).toContain("句容宝华智运仓储物流");
    // Without a photo the form says so and sends nothing.
    await page.getByTestId("m-report-description").fill("配电房门口积水，有漏电风险");
    await page.getByTestId("m-report-submit").click();
    await expect.poll(() => page.getByTestId("m-report-error").innerText(), POLL).toContain("照片");
    await page.getByTestId("m-report-photos-camera-input").setInputFiles([await jpegFile("snap.jpg", "#337ab7")]);
    await expect.poll(() => page.getByTestId("m-report-photos").getByTestId("evidence-item").count(), POLL).toBe(1);
    await page.getByTestId("m-report-location").fill("配电房");
    await page.getByTestId("m-report-type").getByText("电气").click();
    await screenshot(page, "hazard-report-phone");
    await page.getByTestId("m-report-submit").click();
    await page.getByTestId("m-report-done").waitFor();
    const code = await page.getByTestId("m-report-code").innerText();
    const list = await apiGet<{ items: { code: string; source: string; dangerType: number; status: string }[] }>(page, `/api/hazards?q=${code}`);
    expect(list.items).toEqual([expect.objectContaining({ code, source: "snapshot", dangerType: 3, status: "reported" })]);
    // Nobody else's: the API refuses an enterprise outside the worker's scope.
    const refused = await apiSend(page, "POST", "/api/hazards", { enterpriseId: "00000000-0000-4000-8000-000000000000", title: "x", evidenceIds: [] });
    expect(refused.status).toBe(404);
    await context.close();
  });
});
