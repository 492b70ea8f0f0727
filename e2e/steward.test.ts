/**
 * The safety steward (企业安全管家) in a real browser:
 * 1. the 检修班 team leader holds today's pre-shift briefing on his phone: his team is preselected, two workers sign
 *    in by tapping their names, the check-in photo goes through the camera input → the briefing is in /briefings
 *    (3/4 signed in) and in the API;
 * 2. the registry shows the certificates' states (an expired welder's certificate in red);
 * 3. the team leader takes the seeded exam on the phone and gets the score the server computed;
 * 4. a duty period not yet due goes overdue when the (injected) clock passes its due date and the jobs run: the alarm
 *    is at the top of /duties, the period chip is red, the main leader has a 履职预警 notice in /todos, and the city
 *    bureau sees the overdue count in /duties/summary.
 */
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { apiSend, dayFromNow, PHONE, POLL, photo } from "./hazardSteps";
import { apiGet, launch, login, newPage, screenshot } from "./support";

let browser: Browser;
beforeAll(async () => {
  browser = await launch();
});

const DAY = 86_400_000;

/** Moves the e2e server's clock (ANGUAN_TEST_CONTROLS) as the administrator; optionally runs the background jobs. */
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
  const jobs = await apiSend<unknown>(again.page, "POST", "/api/test/jobs/run");
  expect(jobs.status).toBe(200);
  await again.context.close();
}

afterAll(async () => {
  // Put the shared e2e server's clock back for the files that run after this one.
  if (browser) await moveClock(0, false).catch(() => undefined);
  await browser?.close();
});

/** A camera photo taken now (EXIF capture time in Beijing time). */
async function livePhoto(name: string) {
  const beijing = new Date(Date.now() + 8 * 3600_000).toISOString();
  const exif = `${beijing.slice(0, 10).replaceAll("-", ":")} ${beijing.slice(11, 19)}`;
  return { name, mimeType: "image/jpeg", buffer: await photo("#3b7dd8", exif) };
}

async function ownEnterpriseId(page: Page): Promise<string> {
  const me = await apiGet<{ abilities: { ownEnterpriseId: string } }>(page, "/api/auth/me");
  return me.abilities.ownEnterpriseId;
}

/** Nothing wider than the phone's screen. */
async function fitsPhone(page: Page): Promise<void> {
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(PHONE.width);
}

interface BriefingItem {
  id: string;
  teamName: string;
  day: string;
  topic: string;
  attendeeCount: number;
  memberCount: number;
  photoFlag: string | null;
}

describe("safety steward", () => {
  it("a team leader holds the pre-shift briefing on his phone with sign-in and a live check-in photo", async () => {
    const stamp = `E2E${Date.now() % 1_000_000}`;
    const topic = `检修作业安全交底（${stamp}）`;
    const { context, page } = await newPage(browser, PHONE);
    await login(page, "ent.a.team");
    const enterpriseId = await ownEnterpriseId(page);
    const today = dayFromNow(0);

    // From the phone's start page: the 班前教育 tile.
    await page.goto("/m");
    await page.getByTestId("m-briefing").click();
    await page.waitForURL(/\/m\/briefings\/new$/);
    // His own team is preselected and its members are listed; he, holding the phone, is signed in already.
    await expect.poll(() => page.getByTestId("briefing-team-select").innerText(), POLL).toContain("检修班");
    const attendee = (name: string) => page.locator(`[data-testid="attendee"][data-name="${name}"]`);
    await attendee("王立新").waitFor();
    expect(await page.getByTestId("attendee").count()).toBe(4);
    await expect.poll(() => attendee("吴建军").getAttribute("data-signed"), POLL).toBe("1");
    expect(await attendee("王立新").getAttribute("data-signed")).toBe("0");

    // Two workers sign in by tapping their names on the leader's phone.
    await attendee("王立新").locator("button.attendee-tap").click();
    await attendee("李卫").locator("button.attendee-tap").click();
    await expect.poll(() => attendee("王立新").getAttribute("data-signed"), POLL).toBe("1");
    expect(await attendee("李卫").getAttribute("data-signed")).toBe("1");
    expect(await attendee("陈志强").getAttribute("data-signed")).toBe("0");
    expect(await page.getByTestId("briefing-signed-count").innerText()).toBe("3/4");

    await page.getByTestId("briefing-topic-input").fill(topic);
    await page.getByTestId("briefing-content").fill("今日检修动火作业，严格执行作业票制度，监护人全程在场");
    // The check-in photo through the camera input (capture), no gallery offered.
    expect(await page.getByTestId("briefing-photo-gallery-input").count()).toBe(0);
    expect(await page.getByTestId("briefing-photo-camera-input").getAttribute("capture")).toBe("environment");
    await page.getByTestId("briefing-photo-camera-input").setInputFiles([await livePhoto("checkin.jpg")]);
    await expect.poll(() => page.getByTestId("briefing-photo").getByTestId("evidence-item").count(), POLL).toBe(1);

    await fitsPhone(page);
    const submitBox = await page.getByTestId("briefing-submit").boundingBox();
    expect(submitBox?.height ?? 0).toBeGreaterThanOrEqual(44);
    await screenshot(page, "steward-briefing-phone");
    await page.getByTestId("briefing-submit").click();
    await page.getByTestId("briefing-done").waitFor();
    await fitsPhone(page);

    // In the API: today's briefing of 检修班 with 3 of its 4 members and the live photo.
    const list = await apiGet<{ items: BriefingItem[] }>(page, `/api/briefings?enterpriseId=${enterpriseId}&from=${today}&to=${today}`);
    const mine = list.items.find((b) => b.topic === topic);
    expect(mine).toMatchObject({ teamName: "检修班", day: today, attendeeCount: 3, memberCount: 4, photoFlag: null });
    const detail = await apiGet<{ attendees: { name: string }[] }>(page, `/api/briefings/${mine!.id}`);
    expect(detail.attendees.map((a) => a.name).sort()).toEqual(["吴建军", "李卫", "王立新"].sort());
    await context.close();

    // On the desktop /briefings of the enterprise: 检修班 held today with 3/4, and the row in the history.
    const desk = await newPage(browser);
    await login(desk.page, "ent.a");
    const d = desk.page;
    await d.goto("/briefings");
    const team = d.getByTestId("briefing-team").filter({ hasText: "检修班" });
    await expect.poll(() => team.getAttribute("data-held"), POLL).toBe("1");
    expect(await team.getByTestId("briefing-team-attendance").innerText()).toBe("3/4");
    const row = d.getByTestId("briefing-row").filter({ hasText: topic });
    await row.waitFor();
    expect(await row.getByTestId("briefing-row-attendance").innerText()).toBe("3/4");
    await row.click();
    await expect.poll(() => d.getByTestId("briefing-attendance").innerText(), POLL).toBe("3/4");
    expect(await d.getByTestId("briefing-attendees").innerText()).toContain("王立新");
    await d.getByTestId("briefing-photo").first().waitFor();
    await screenshot(d, "steward-briefings");
    await desk.context.close();
  }, 120_000);

  it("the personnel registry shows the certificates' states and the 三项岗位 summary", async () => {
    const { context, page } = await newPage(browser);
    await login(page, "ent.a");
    const enterpriseId = await ownEnterpriseId(page);
    await page.goto("/personnel");
    const row = (name: string) => page.getByTestId("person-row").filter({ has: page.getByTestId("person-link").getByText(name, { exact: true }) });
    await row("陈志强").waitFor();
    // 陈志强's welding certificate expired (red); 王立新's is valid; 刘洋 has none.
    expect(await row("陈志强").locator('[data-testid="cert-state"]').getAttribute("data-state")).toBe("expired");
    expect(await row("陈志强").locator('[data-testid="cert-tag"][data-state="expired"]').count()).toBe(1);
    expect(await row("王立新").locator('[data-testid="cert-state"]').getAttribute("data-state")).toBe("valid");
    expect(await row("刘洋").locator('[data-testid="cert-state"]').getAttribute("data-state")).toBe("none");
    // The key-group cards carry the server's counts.
    const groups = await apiGet<{ groups: { keyGroup: string; people: number }[] }>(page, `/api/personnel/key-groups?enterpriseId=${enterpriseId}`);
    const special = groups.groups.find((g) => g.keyGroup === "special_operation")!;
    expect(special.people).toBeGreaterThanOrEqual(3);
    expect(await page.getByTestId("key-group-special_operation").innerText()).toContain(String(special.people));
    await screenshot(page, "steward-personnel");

    // The expiry reminders list the expired certificate.
    await page.goto("/personnel?tab=expiry&state=expired");
    await expect.poll(() => page.getByTestId("expiry-table").innerText(), POLL).toContain("陈志强");

    // The monthly briefing statistics of the teams, with the server's held rate.
    const month = dayFromNow(0).slice(0, 7);
    const stats = await apiGet<{ teams: { teamName: string; held: number; days: number }[] }>(
      page,
      `/api/briefings/stats?enterpriseId=${enterpriseId}&month=${month}`,
    );
    const repair = stats.teams.find((x) => x.teamName === "检修班")!;
    await page.goto("/briefings?tab=stats");
    const statRow = page.getByTestId("briefing-stats").locator("tr").filter({ hasText: "检修班" });
    await expect.poll(() => statRow.innerText(), POLL).toContain(String(repair.held));
    await page.getByTestId("briefing-chart").waitFor();
    await screenshot(page, "steward-briefing-stats");

    // 安全学习: the seeded course opens with its description; the exam and the question bank are listed.
    await page.goto("/training");
    await page.getByTestId("course-card").first().click();
    await page.getByTestId("course-drawer").getByTestId("course-materials").waitFor();
    await page.goto("/training?tab=exams");
    await expect.poll(() => page.getByTestId("exam-row").count(), POLL).toBeGreaterThan(0);
    await page.goto("/training?tab=questions");
    await expect.poll(() => page.getByTestId("questions-table").locator("tbody tr.ant-table-row").count(), POLL).toBeGreaterThanOrEqual(10);
    await screenshot(page, "steward-training-questions");
    await context.close();
  }, 120_000);

  it("the team leader takes the seeded exam on his phone and gets his score", async () => {
    // The answers, as a manager sees the bank.
    const mgr = await newPage(browser);
    await login(mgr.page, "ent.a");
    const enterpriseId = await ownEnterpriseId(mgr.page);
    const bank = await apiGet<{ items: { id: string; stem: string; kind: string; answer: string[]; points: number }[] }>(
      mgr.page,
      `/api/questions?enterpriseId=${enterpriseId}&pageSize=200`,
    );
    const answerOf = new Map(bank.items.map((q) => [q.stem, q]));
    await mgr.context.close();

    const { context, page } = await newPage(browser, PHONE);
    await login(page, "ent.a.team");
    const exams = await apiGet<{ items: { id: string; title: string; totalPoints: number; passMark: number }[] }>(
      page,
      `/api/exams?enterpriseId=${enterpriseId}`,
    );
    expect(exams.items.length).toBeGreaterThan(0);
    const exam = exams.items[0]!;
    await page.goto(`/m/exams/${exam.id}`);
    await page.getByTestId("exam-start").click();
    await page.getByTestId("exam-taking").waitFor();
    await expect.poll(() => page.getByTestId("exam-timer").innerText(), POLL).toMatch(/^\d{2}:\d{2}$/);

    // Every question right except the first one shown.
    let expected = 0;
    let total = 0;
    let n = 0;
    for (;;) {
      const card = page.getByTestId("exam-question");
      await expect.poll(() => card.getAttribute("data-index"), POLL).toBe(String(n));
      const stem = (await page.getByTestId("exam-stem").innerText()).trim();
      const q = answerOf.get(stem);
      expect(q, `question「${stem}」in the bank`).toBeTruthy();
      total += q!.points;
      const keys = (await card.getByTestId("exam-option").evaluateAll((els) => els.map((e) => e.getAttribute("data-key") ?? ""))).filter(Boolean);
      const pick = n === 0 ? [keys.find((k) => !q!.answer.includes(k))!] : q!.answer;
      if (n !== 0) expected += q!.points;
      for (const k of pick) await card.locator(`[data-testid="exam-option"][data-key="${k}"]`).click();
      if (n === 0) await screenshot(page, "steward-exam-question");
      n++;
      if ((await page.getByTestId("exam-next").count()) === 0) break;
      await page.getByTestId("exam-next").click();
    }
    const detail = await apiGet<{ questionIds?: string[]; questionCount?: number }>(page, `/api/exams/${exam.id}`);
    expect(n).toBe(detail.questionIds?.length ?? detail.questionCount);
    await fitsPhone(page);

    const submitted = page.waitForResponse((r) => /\/api\/exam-attempts\/[^/]+\/submit$/.test(r.url()) && r.request().method() === "POST");
    await page.getByTestId("exam-submit").click();
    await page.getByTestId("exam-submit-confirm").click();
    const res = await submitted;
    expect(res.status()).toBe(200);
    const result = (await res.json()) as { score: number; totalPoints: number; passed: boolean; passMark: number };
    expect(result.score).toBe(expected);
    expect(result.totalPoints).toBe(total);
    expect(result.passed).toBe(expected >= result.passMark);

    await page.getByTestId("exam-result").waitFor();
    expect(await page.getByTestId("exam-score").innerText()).toContain(`${expected} 分`);
    expect(await page.getByTestId("exam-passed").getAttribute("data-passed")).toBe(result.passed ? "1" : "0");
    expect(await page.locator('[data-testid="exam-review-item"][data-correct="0"]').count()).toBe(1);
    expect(await page.locator('[data-testid="exam-review-item"][data-correct="1"]').count()).toBe(n - 1);
    await fitsPhone(page);
    await screenshot(page, "steward-exam-result");
    await context.close();
  }, 120_000);

  it("a duty period going overdue with the injected clock raises an alarm seen by the enterprise and the regulator", async () => {
    interface Duties {
      year: number;
      items: { code: string; name: string; periods: { key: string; label: string; due: string; status: string }[] }[];
    }
    const ent = await newPage(browser);
    await login(ent.page, "ent.a");
    const enterpriseId = await ownEnterpriseId(ent.page);
    const year = Number(dayFromNow(0).slice(0, 4));
    const before = await apiGet<Duties>(ent.page, `/api/duties?enterpriseId=${enterpriseId}&year=${year}`);
    // The next period not yet due.
    const next = before.items
      .flatMap((d) => d.periods.filter((p) => p.status === "pending" || p.status === "due").map((p) => ({ duty: d, period: p })))
      .sort((a, b) => a.period.due.localeCompare(b.period.due))[0];
    expect(next, "a duty period not yet due this year").toBeTruthy();
    const { duty, period } = next!;
    const overdueBefore = before.items.reduce((s, d) => s + d.periods.filter((p) => p.status === "overdue").length, 0);
    const official = await newPage(browser);
    await login(official.page, "zj.yjj");
    const summaryBefore = await apiGet<{ enterprises: { id: string; overdue: number }[] }>(official.page, `/api/duties/summary?year=${year}&pageSize=500`);
    expect(summaryBefore.enterprises.find((e) => e.id === enterpriseId)?.overdue).toBe(overdueBefore);
    await ent.context.close();
    await official.context.close();

    // The day after the due date, 10:00 Beijing time; the jobs run.
    const target = Date.parse(`${period.due}T10:00:00+08:00`) + DAY;
    await moveClock(target - Date.now(), true);

    const { context, page } = await newPage(browser);
    await login(page, "ent.a");
    const after = await apiGet<Duties>(page, `/api/duties?enterpriseId=${enterpriseId}&year=${year}`);
    const overdueAfter = after.items.reduce((s, d) => s + d.periods.filter((p) => p.status === "overdue").length, 0);
    expect(after.items.find((d) => d.code === duty.code)!.periods.find((p) => p.key === period.key)!.status).toBe("overdue");
    expect(overdueAfter).toBeGreaterThan(overdueBefore);
    const alarms = await apiGet<{ items: { dutyCode: string; periodKey: string; kind: string }[] }>(
      page,
      `/api/duty-alarms?enterpriseId=${enterpriseId}&open=true&pageSize=100`,
    );
    expect(alarms.items).toContainEqual(expect.objectContaining({ dutyCode: duty.code, periodKey: period.key, kind: "overdue" }));

    await page.goto(`/duties?year=${year}`);
    const alarm = page.locator(`[data-testid="duty-alarm"][data-code="${duty.code}"][data-kind="overdue"]`).filter({ hasText: period.label });
    await alarm.waitFor();
    expect(await page.getByTestId("duty-alarms").innerText()).toContain(duty.name);
    const chip = page.locator(`[data-testid="duty-row"][data-code="${duty.code}"] [data-testid="duty-period"][data-key="${period.key}"]`);
    expect(await chip.getAttribute("data-status")).toBe("overdue");
    expect(await chip.innerText()).toContain("已逾期");
    await screenshot(page, "steward-duties-alarm");

    // The main leader's notice in 我的待办.
    await page.goto("/todos?kind=notification");
    const notice = page.getByTestId("todo-item").filter({ hasText: `履职预警：${duty.name}（${period.label}）逾期未完成` });
    await notice.first().waitFor();
    expect(await notice.first().getAttribute("data-kind")).toBe("notification");
    await context.close();

    // The city bureau: the enterprise's overdue count in 企业履职情况.
    const reg = await newPage(browser);
    await login(reg.page, "zj.yjj");
    const summary = await apiGet<{ totals: { overdue: number }; enterprises: { id: string; name: string; overdue: number }[] }>(
      reg.page,
      `/api/duties/summary?year=${year}&pageSize=500`,
    );
    const mine = summary.enterprises.find((e) => e.id === enterpriseId)!;
    expect(mine.overdue).toBe(overdueAfter);
    expect(summary.totals.overdue).toBeGreaterThanOrEqual(1);
    await reg.page.goto(`/duties/summary?year=${year}&pageSize=100`);
    const row = reg.page.getByTestId("summary-enterprise-row").filter({ hasText: mine.name });
    await expect.poll(() => row.getByTestId("summary-overdue").innerText(), POLL).toBe(String(overdueAfter));
    expect(await reg.page.getByTestId("summary-total-overdue").innerText()).toContain(String(summary.totals.overdue));
    await screenshot(reg.page, "steward-duty-summary");
    await reg.context.close();
  }, 240_000);
});
