/**
 * Risk graded control in the browser: ent.b builds a unit with an LEC-assessed event and sees its colour, turns a control
 * measure into an hourly inspection task, draws an area on the four-colour map; the township official (baohua.ajb)
 * confirms ent.b's work list (一企一清单); the register keeps to a phone's width.
 */
import type { Browser, Page } from "playwright-core";
import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { apiGet, launch, login, newPage } from "./support";

const POLL = { timeout: 15_000 };
/** These journeys take 20–40 s on a quiet machine; leave room for a busy one. */
const SLOW = 150_000;
const OBJECT = "E2E 反应装置区";
const UNIT = "E2E 反应釜单元";
const EVENT = "E2E 物料泄漏中毒";
const MEASURE = "E2E 有毒气体检测报警仪与紧急切断联锁";
const CHECK = "E2E 检查报警仪显示正常、联锁投用";
const AREA = "E2E 反应区";
const LIST = "E2E 一企一清单";
/** 较大风险 orange, as the page paints it. */
const ORANGE = "rgb(251, 140, 0)";

let browser: Browser;
beforeAll(async () => {
  browser = await launch();
});
afterAll(() => browser?.close());

const shot = (page: Page, name: string) => page.screenshot({ path: `/tmp/anguan-e2e-risks-${name}.png`, fullPage: true });

/** Opens an antd Select by its test id and picks the option whose text contains `text`. */
async function choose(page: Page, testId: string, text: string): Promise<void> {
  await page.getByTestId(testId).click();
  await page.locator(".ant-select-dropdown:not(.ant-select-dropdown-hidden)").last().locator(".ant-select-item-option", { hasText: text }).first().click();
}

/** The register's table row of the record with this name. */
const row = (page: Page, kind: "object" | "unit" | "event" | "measure", name: string) =>
  page.locator("tr.ant-table-row", { has: page.locator(`[data-testid="row-${kind}"][data-name="${name}"]`) });

interface Register {
  objects: {
    name: string;
    units: { id: string; name: string; riskGrade: string | null; events: { name: string; riskGrade: string; inherent: { result: { d: number } } }[] }[];
  }[];
}

/** A plant layout (厂区平面图) as a PNG, drawn from SVG. */
function plantLayout(): Promise<Buffer> {
  const box = (x: number, y: number, w: number, h: number, label: string) =>
    `<rect x="${x}" y="${y}" width="${w}" height="${h}" fill="#fff" stroke="#333" stroke-width="3"/>` +
    `<text x="${x + w / 2}" y="${y + h / 2 + 12}" font-size="34" text-anchor="middle" font-family="Noto Sans CJK SC" fill="#333">${label}</text>`;
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="1200" height="800"><rect width="1200" height="800" fill="#f4f1ea"/>
    ${box(80, 80, 420, 260, "反应装置区")}${box(600, 80, 500, 260, "成品仓库")}${box(80, 440, 420, 280, "装卸平台")}${box(600, 440, 500, 280, "办公楼")}</svg>`;
  return sharp(Buffer.from(svg)).png().toBuffer();
}

describe("risk graded control in the browser", () => {
  let enterpriseId = "";

  it(
    "ent.b builds a unit with an LEC-assessed event and sees it orange (较大风险)",
    async () => {
      const { context, page } = await newPage(browser);
      await login(page, "ent.b");
      enterpriseId = (await apiGet<{ abilities: { ownEnterpriseId: string } }>(page, "/api/auth/me")).abilities.ownEnterpriseId;
      const menu = page.getByTestId("side-menu");
      for (const entry of ["风险分级管控", "风险四色图", "排查任务", "一企一清单"]) await expect.poll(() => menu.innerText()).toContain(entry);
      await menu.getByText("风险分级管控").click();
      await page.getByTestId("risk-register").waitFor();

      await page.getByTestId("add-object").click();
      await page.getByTestId("object-name").fill(OBJECT);
      await page.getByTestId("risk-object-form-save").click();
      await row(page, "object", OBJECT).waitFor();

      await row(page, "object", OBJECT).getByTestId("add-unit").click();
      await page.getByTestId("unit-name").fill(UNIT);
      await page.getByTestId("unit-liable").locator("input").fill("孙静");
      await page.getByTestId("risk-unit-form-save").click();
      await row(page, "unit", UNIT).waitFor();
      await expect.poll(() => row(page, "unit", UNIT).getByTestId("grade-unit").innerText()).toBe("未评价");

      // LEC: L 6 (相当可能) × E 6 (每天工作时间内暴露) × C 7 (严重，重伤) = 252 → 较大风险 (160 ≤ D ≤ 320).
      await row(page, "unit", UNIT).getByTestId("add-event").click();
      await page.getByTestId("event-name").fill(EVENT);
      await choose(page, "inherent-l", "6 — 相当可能");
      await choose(page, "inherent-e", "6 — 每天工作时间内暴露");
      await choose(page, "inherent-c", "7 — 严重，重伤");
      const live = page.getByTestId("inherent-result");
      await expect.poll(() => live.getAttribute("data-grade"), POLL).toBe("较大");
      expect(await live.innerText()).toMatch(/D = 252[\s\S]*较大风险[\s\S]*第 2 级/);
      await shot(page, "event-form");
      await page.getByTestId("risk-event-form-save").click();

      const eventTag = row(page, "event", EVENT).getByTestId("grade-event");
      await expect.poll(() => eventTag.getAttribute("data-color"), POLL).toBe("orange");
      expect(await eventTag.innerText()).toBe("较大风险");
      expect(await eventTag.evaluate((el) => getComputedStyle(el).backgroundColor)).toBe(ORANGE);
      const unitTag = row(page, "unit", UNIT).getByTestId("grade-unit");
      await expect.poll(() => unitTag.getAttribute("data-color"), POLL).toBe("orange");
      expect(await row(page, "event", EVENT).getByTestId("event-inherent").innerText()).toContain("D=252");

      const reg = await apiGet<Register>(page, `/api/enterprises/${enterpriseId}/risk-register`);
      const unit = reg.objects.find((o) => o.name === OBJECT)?.units.find((u) => u.name === UNIT);
      expect(unit?.riskGrade).toBe("较大");
      expect(unit?.events[0]?.inherent.result.d).toBe(252);

      // A control measure (classify 1-4 安全仪表) turned into an hourly inspection task.
      await row(page, "event", EVENT).getByTestId("add-measure").click();
      await page.getByTestId("measure-description").fill(MEASURE);
      await choose(page, "measure-classify2", "1-4");
      await page.getByTestId("measure-check").fill(CHECK);
      await page.getByTestId("risk-measure-form-save").click();
      await row(page, "measure", MEASURE).waitFor();
      await shot(page, "register");

      await row(page, "measure", MEASURE).getByTestId("add-task").click();
      await expect.poll(() => page.getByTestId("task-content").inputValue()).toBe(CHECK);
      await page.locator('input[data-testid="task-cycle"], [data-testid="task-cycle"] input').first().fill("2");
      await choose(page, "task-cycle-unit", "小时");
      await expect.poll(() => page.getByTestId("task-cycle-preview").innerText()).toBe("周期：每 2 小时（08:00–18:00）");
      await page.getByTestId("task-form-save").click();
      await page.getByTestId("task-form").waitFor({ state: "detached" });

      await menu.getByText("排查任务").click();
      const taskRow = page.locator("tr.ant-table-row", { hasText: CHECK });
      await expect.poll(() => taskRow.getByTestId("task-cycle-text").innerText(), POLL).toBe("每 2 小时（08:00–18:00）");
      await shot(page, "tasks");
      await context.close();
    },
    SLOW,
  );

  it(
    "ent.b draws a 3-point area on the four-colour map and sees it orange",
    async () => {
      const { context, page } = await newPage(browser);
      await login(page, "ent.b");
      await page.getByTestId("side-menu").getByText("风险四色图").click();
      await page.getByTestId("map-create").first().click();
      await page.getByTestId("map-name").fill("E2E 厂区平面图");
      await page
        .getByTestId("map-create-form")
        .locator('input[type="file"]')
        .setInputFiles({ name: "plant.png", mimeType: "image/png", buffer: await plantLayout() });
      await expect.poll(() => page.getByTestId("map-create-save").isEnabled(), POLL).toBe(true);
      await page.getByTestId("map-create-save").click();
      await page.getByTestId("map-svg").waitFor();

      await page.getByTestId("map-edit").click();
      const box = await page.getByTestId("map-svg").boundingBox();
      if (!box) throw new Error("the map is not shown");
      for (const [x, y] of [
        [0.08, 0.12],
        [0.4, 0.12],
        [0.24, 0.4],
      ] as const)
        await page.mouse.click(box.x + box.width * x, box.y + box.height * y);
      await expect.poll(() => page.getByTestId("map-point").count()).toBe(2);
      await page.getByTestId("map-first-point").click();
      await page.getByTestId("area-name").fill(AREA);
      await choose(page, "area-units", UNIT);
      await page.keyboard.press("Escape");
      await page.getByTestId("area-ok").click();
      await page.getByTestId("map-save").click();

      const area = page.locator(`[data-testid="map-area"][data-name="${AREA}"]`);
      await expect.poll(() => area.getAttribute("data-color"), POLL).toBe("orange");
      expect(await area.locator("polygon").getAttribute("fill")).toBe("#fb8c00");
      await expect.poll(() => page.getByTestId("map-area-list").innerText(), POLL).toContain("较大风险");
      await shot(page, "map");

      // Saved: after a reload the server colours the area by its unit's grade.
      await page.reload();
      await expect.poll(() => page.locator(`[data-testid="map-area"][data-name="${AREA}"]`).getAttribute("data-color"), POLL).toBe("orange");
      const maps = await apiGet<{ items: { id: string; name: string }[] }>(page, `/api/enterprises/${enterpriseId}/risk-maps`);
      const map = await apiGet<{ areas: { name: string; polygon: number[][]; color: string }[] }>(
        page,
        `/api/risk-maps/${maps.items.find((m) => m.name === "E2E 厂区平面图")?.id}`,
      );
      expect(map.areas.map((a) => [a.name, a.polygon.length, a.color])).toEqual([[AREA, 3, "orange"]]);
      await context.close();
    },
    SLOW,
  );

  it(
    "the township official confirms ent.b's work list (一企一清单)",
    async () => {
      const ent = await newPage(browser);
      await login(ent.page, "ent.b");
      await ent.page.getByTestId("side-menu").getByText("一企一清单").click();
      await ent.page.getByTestId("checklist-create").click();
      await ent.page.getByTestId("checklist-name").fill(LIST);
      await ent.page.getByTestId("checklist-templates").locator(".ant-checkbox-wrapper").first().click();
      await ent.page.getByTestId("item-add").click();
      await ent.page.getByTestId("item-content").last().fill("E2E 夜间值班人员每 2 小时巡查库区一次");
      await ent.page.getByTestId("checklist-form-save").click();
      await expect.poll(() => ent.page.getByTestId("checklist-title").innerText(), POLL).toBe(LIST);
      expect(await ent.page.getByTestId("checklist-items").innerText()).toContain("E2E 夜间值班人员每 2 小时巡查库区一次");
      await ent.page.getByTestId("checklist-submit").click();
      await ent.page.getByTestId("checklist-submit-ok").click();
      await expect.poll(() => ent.page.getByTestId("checklist-status").getAttribute("data-status"), POLL).toBe("confirming");
      // ent.b (安全管理人员) is none of the three parties.
      expect(await ent.page.getByTestId("checklist-confirm").count()).toBe(0);
      await ent.context.close();

      const { context, page } = await newPage(browser);
      await login(page, "baohua.ajb");
      await page.goto(`/enterprises/${enterpriseId}?tab=dualPrevention`);
      await page.getByTestId("dp-checklists").click();
      await page.getByTestId("checklist-table").getByText(LIST).click();
      await expect.poll(() => page.getByTestId("checklist-title").innerText(), POLL).toBe(LIST);
      expect(await page.getByTestId("slot-enterprise").getByTestId("checklist-confirm").count()).toBe(0);
      expect(await page.getByTestId("slot-expert").getByTestId("checklist-confirm").count()).toBe(0);
      await page.getByTestId("slot-township").getByTestId("checklist-confirm").click();
      await page.getByTestId("checklist-confirm-ok").click();
      const slot = page.getByTestId("slot-township");
      await expect.poll(() => slot.getAttribute("data-confirmed"), POLL).toBe("1");
      expect(await slot.innerText()).toContain("陈晓东（宝华镇安监办） 已确认");
      expect(await page.getByTestId("slot-enterprise").getAttribute("data-confirmed")).toBe("0");
      expect(await page.getByTestId("checklist-status").getAttribute("data-status")).toBe("confirming");
      await shot(page, "checklist-confirmed");
      await context.close();
    },
    SLOW,
  );

  it(
    "the register fits a phone's width",
    async () => {
      const { context, page } = await newPage(browser, { width: 390, height: 844 });
      await login(page, "ent.b");
      await page.goto(`/enterprises/${enterpriseId}/risks`);
      await row(page, "unit", UNIT).waitFor();
      expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth + 1)).toBe(true);
      expect(await row(page, "unit", UNIT).getByTestId("grade-unit").getAttribute("data-color")).toBe("orange");
      await shot(page, "register-phone");
      await context.close();
    },
    SLOW,
  );
});
