/**
 * A major hidden hazard in a real browser: reported at ent-b with 随手拍 and confirmed as major with its determination
 * standard item and six-element governance plan → the district (jr.yjj) is told, finds it in its to-dos and puts it
 * under supervision (挂牌督办) → the deadline passes (the e2e server's test clock) → the escalations are in the
 * hazard's history and in the main leader's to-dos → the enterprise cannot close it → the district signs it off.
 */
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { act, apiSend, dayFromNow, hazardJson, jpegFile, POLL, select, session, statusOf, submitRectification, typeDate } from "./hazardSteps";
import { launch, login, newPage, pickOption, screenshot } from "./support";

let browser: Browser;
beforeAll(async () => {
  browser = await launch();
});

const DAY = 86_400_000;

/** Moves the e2e server's clock (ANGUAN_TEST_CONTROLS) and runs the background jobs, as the administrator. */
async function moveClock(offsetMs: number, runJobs: boolean): Promise<void> {
  const { context, page } = await newPage(browser);
  await login(page, "admin");
  const r = await apiSend<{ now: string }>(page, "POST", "/api/test/clock", { offsetMs });
  expect(r.status, "POST /api/test/clock (ANGUAN_TEST_CONTROLS=1 on the e2e server)").toBe(200);
  await context.close();
  if (!runJobs) return;
  // Sessions expire when the clock jumps: sign in again at the new time.
  const again = await newPage(browser);
  await login(again.page, "admin");
  const jobs = await apiSend<{ ran: boolean; escalated: number }>(again.page, "POST", "/api/test/jobs/run");
  expect(jobs.status).toBe(200);
  expect(jobs.body.escalated).toBeGreaterThanOrEqual(1);
  await again.context.close();
}

afterAll(async () => {
  // Put the shared e2e server's clock back for the files that run after this one.
  if (browser) await moveClock(0, false).catch(() => undefined);
  await browser?.close();
});

async function firstOption(page: Page, testId: string): Promise<string> {
  await page.getByTestId(testId).click();
  const first = await page.locator(".ant-select-dropdown:visible .ant-select-item-option").first().innerText();
  return pickOption(page, first);
}

describe("major hidden hazard", () => {
  it("reported, confirmed as major, supervised by the district, escalated when overdue, signed off by the district", async () => {
    const stamp = `E2E${Date.now() % 1_000_000}`;
    const description = `危化品仓库喷淋系统停用（${stamp}）`;

    // 1. The worker reports it on his phone as a possible major hazard.
    const worker = await session(browser, "ent.b.worker", true);
    const w = worker.page;
    await w.goto("/m/report");
    await w.getByTestId("m-report-photos-camera-input").setInputFiles([await jpegFile("sprinkler.jpg", "#8a6d3b")]);
    await expect.poll(() => w.getByTestId("m-report-photos").getByTestId("evidence-item").count(), POLL).toBe(1);
    await w.getByTestId("m-report-description").fill(description);
    await w.getByTestId("m-report-location").fill("1号危化品仓库");
    await w.getByTestId("m-report-major").click();
    await w.getByTestId("m-report-submit").click();
    await w.getByTestId("m-report-done").waitFor();
    const code = await w.getByTestId("m-report-code").innerText();
    const list = await (await w.request.get(`/api/hazards?q=${code}`)).json();
    const id: string = list.items[0].id;

    // 2. The safety manager confirms it as major: standard item, governance plan, five elements, deadline tomorrow.
    const manager = await session(browser, "ent.b");
    const m = manager.page;
    await m.goto(`/hazards/${id}`);
    await expect.poll(() => statusOf(m), POLL).toBe("待确认");
    await act(m, "confirm", async (modal) => {
      expect(await m.getByTestId("field-level").innerText()).toContain("重大隐患");
      await select(m, "field-danger-type", "消防");
      const item = await firstOption(m, "field-standard-item");
      expect(item.length).toBeGreaterThan(5);
      for (const k of ["objectives", "methods", "fundsAndMaterials", "organizationAndPeople", "timeLimit", "safetyMeasures"]) {
        await m.getByTestId(`field-plan-${k}`).fill(`治理方案：${k}（${stamp}）`);
      }
      await m.getByTestId("field-measures").fill("恢复喷淋系统供水，更换损坏喷头");
      await select(m, "field-rectifier", /刘强/);
      await m.getByTestId("field-funds").fill("20000");
      await typeDate(m, "field-deadline", dayFromNow(1));
      await m.getByTestId("field-contingency").fill("停用期间增配灭火器，专人24小时巡查");
      expect(await modal.innerText()).toContain("重大隐患治理方案");
    });
    await expect.poll(() => statusOf(m), POLL).toBe("整改中");
    expect(await m.getByTestId("hazard-plan").innerText()).toContain(`治理方案：objectives（${stamp}）`);
    expect(await m.getByTestId("hazard-standard-item").innerText()).not.toBe("");
    await screenshot(m, "major-hazard-confirmed");

    // 3. The district sees the report in its to-dos and puts the hazard under supervision.
    const district = await session(browser, "jr.yjj");
    const d = district.page;
    await d.goto("/todos");
    const notice = d.getByTestId("todo-item").filter({ hasText: stamp }).first();
    await expect.poll(() => notice.innerText(), POLL).toContain("重大事故隐患报告");
    await notice.click();
    await d.waitForURL(new RegExp(`/hazards/${id}$`));
    await act(d, "supervise", async () => {
      await d.getByTestId("field-note").fill("限期完成喷淋系统修复，每日报告进展");
    });
    await expect.poll(() => d.getByTestId("hazard-header").innerText(), POLL).toContain("挂牌督办");
    expect((await hazardJson(d, id)).supervised).toBe(true);

    // 4. The deadline passes: five days later the jobs escalate it to all three levels.
    await moveClock(5 * DAY, true);
    // Sessions expired with the jump: everyone signs in again.
    const manager2 = await session(browser, "ent.b");
    const h = await hazardJson(manager2.page, id);
    const escalations = h.events.filter((e) => e.action === "escalate");
    expect(escalations.map((e) => e.data?.level)).toEqual([1, 2, 3]);
    expect(h.escalationLevel).toBe(3);

    // …in the hazard's history, as the main leader sees it, and in his to-dos.
    const leader = await session(browser, "ent.b.leader");
    const l = leader.page;
    await l.goto(`/hazards/${id}`);
    await expect.poll(() => l.getByTestId("hazard-timeline").locator('[data-action="escalate"]').count(), POLL).toBe(3);
    expect(await l.getByTestId("hazard-header").innerText()).toContain("超期");
    await screenshot(l, "major-hazard-escalated");
    await l.goto("/todos?kind=escalation");
    await expect.poll(() => l.getByTestId("todo-list").innerText(), POLL).toContain(stamp);
    expect(await l.getByTestId("todo-list").innerText()).toContain("第 2 级");

    // 5. The worker rectifies (late) and the leader accepts: it waits for the district, the leader cannot close it.
    const worker2 = await session(browser, "ent.b.worker", true);
    await worker2.page.goto(`/m/hazards/${id}`);
    await submitRectification(worker2.page, "喷淋系统已恢复供水并试喷合格");
    await l.goto(`/hazards/${id}`);
    await act(l, "accept", async () => {
      await l.getByTestId("field-comment").fill("企业自验合格，报请督办部门核销");
    });
    await expect.poll(() => statusOf(l), POLL).toBe("待监管核销");
    expect(await l.getByTestId("action-sign_off").count()).toBe(0);
    const refused = await apiSend<{ code: string }>(l, "POST", `/api/hazards/${id}/actions/sign_off`, { comment: "企业自行核销" });
    expect(refused.status).toBe(403);
    expect(refused.body.code).toBe("HAZARD_SUPERVISED_CLOSE");

    // 6. The district signs it off.
    const district2 = await session(browser, "jr.yjj");
    const d2 = district2.page;
    await d2.goto(`/hazards/${id}`);
    await act(d2, "sign_off", async () => {
      await d2.getByTestId("field-comment").fill("现场核查合格，予以核销");
    });
    await expect.poll(() => statusOf(d2), POLL).toBe("已销号");
    await screenshot(d2, "major-hazard-signed-off");
    const closed = await hazardJson(d2, id);
    expect(closed.status).toBe("closed");
    expect(closed.events.map((e) => e.action)).toEqual(expect.arrayContaining(["report_major", "supervise", "escalate", "accept", "sign_off"]));

    for (const s of [worker, manager, manager2, district, leader, worker2, district2]) await s.context.close();
  }, 240_000);
});
