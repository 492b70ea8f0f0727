/** Steps shared by the hidden-hazard journeys (hazards.test.ts, major-hazard.test.ts). */
import type { Browser, BrowserContext, Page } from "playwright-core";
import sharp from "sharp";
import { expect } from "vitest";
import { apiGet, login, newPage, pickOption } from "./support";

export const PHONE = { width: 390, height: 844 };
/** Polling for what the UI shows after a request (vitest's default of 1 s is short for a page with several). */
export const POLL = { timeout: 15_000 };

/** A real JPEG as a phone camera makes it, with its EXIF capture time (DateTimeOriginal). */
export async function photo(color = "#d9534f", takenAt = "2026:12:01 09:30:00"): Promise<Buffer> {
  return sharp({ create: { width: 320, height: 240, channels: 3, background: color } })
    .jpeg({ quality: 80 })
    .withExif({ IFD0: { Make: "AnguanE2E" }, IFD2: { DateTimeOriginal: takenAt } })
    .toBuffer();
}

export const jpegFile = async (name: string, color?: string) => ({ name, mimeType: "image/jpeg", buffer: await photo(color) });

/** A signed-in browser context (phone-sized when asked). */
export async function session(browser: Browser, username: string, phone = false): Promise<{ context: BrowserContext; page: Page }> {
  const s = await newPage(browser, phone ? PHONE : {});
  await login(s.page, username);
  return s;
}

/** A write through the API from the page's session (CSRF header from the cookie), for set-up and cross-checks. */
export async function apiSend<T>(page: Page, method: "POST" | "PATCH", url: string, body?: unknown): Promise<{ status: number; body: T }> {
  const cookies = await page.context().cookies();
  const csrf = cookies.find((c) => c.name === "anguan_csrf")?.value ?? "";
  const r = await page.request.fetch(url, { method, headers: { "x-csrf-token": csrf, "content-type": "application/json" }, data: body ?? {} });
  const text = await r.text();
  return { status: r.status(), body: (text ? JSON.parse(text) : undefined) as T };
}

export { pickOption };

/** Opens an antd Select by its test id and picks the option. */
export async function select(page: Page, testId: string, option: string | RegExp): Promise<void> {
  await page.getByTestId(testId).click();
  await pickOption(page, option);
}

/** Types a date (YYYY-MM-DD) into an antd DatePicker. */
export async function typeDate(page: Page, testId: string, date: string): Promise<void> {
  const input = page
    .getByTestId(testId)
    .locator("input")
    .or(page.locator(`input[data-testid="${testId}"]`))
    .first();
  await input.click();
  await input.fill(date);
  await input.press("Enter");
}

/** A day N days from today in Asia/Shanghai (YYYY-MM-DD). */
export function dayFromNow(days: number): string {
  return new Date(Date.now() + 8 * 3600_000 + days * 86_400_000).toISOString().slice(0, 10);
}

/** The hazard's status tag on its page. */
export const statusOf = (page: Page) => page.getByTestId("hazard-header").getByTestId("hazard-status").innerText();

/** Takes an action from the hazard page: its button, its modal form (filled by `fill`), submit, modal closed. */
export async function act(page: Page, action: string, fill: (modal: ReturnType<Page["locator"]>) => Promise<void>): Promise<void> {
  await page.getByTestId(`action-${action}`).click();
  const modal = page.locator(".ant-modal:visible");
  await modal.waitFor();
  await fill(modal);
  await page.getByTestId("action-submit").click();
  await modal.waitFor({ state: "hidden" });
}

/** Uploads after-photos in an action modal and waits until they are in. */
export async function uploadInModal(page: Page, count = 1, color = "#5cb85c"): Promise<void> {
  const files = await Promise.all(Array.from({ length: count }, (_, i) => jpegFile(`after-${i + 1}.jpg`, color)));
  await page.getByTestId("action-evidence-camera-input").setInputFiles(files);
  await expect.poll(() => page.getByTestId("action-evidence").getByTestId("evidence-item").count(), POLL).toBe(count);
}

/** Submits the rectification (note + after-photo) on the hazard page. */
export async function submitRectification(page: Page, note: string): Promise<void> {
  await act(page, "submit_rectification", async () => {
    await page.getByTestId("field-note").fill(note);
    await uploadInModal(page);
  });
  await expect.poll(() => statusOf(page), POLL).toBe("待验收");
}

export interface HazardJson {
  id: string;
  code: string;
  title: string;
  status: string;
  level: string;
  version: number;
  supervised: boolean;
  escalationLevel: number;
  actions: string[];
  events: { action: string; comment: string; data?: Record<string, unknown> | null }[];
  evidence: { stage: string; takenAt: string | null; receivedAt: string; capture: string; uploadedByName: string }[];
}

export const hazardJson = (page: Page, id: string) => apiGet<HazardJson>(page, `/api/hazards/${id}`);
