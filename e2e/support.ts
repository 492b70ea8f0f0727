import fs from "node:fs";
import path from "node:path";
import { type Browser, type BrowserContext, chromium, type Page } from "playwright-core";
import { inject } from "vitest";

export const PASSWORD = "Anguan#2026";
export const baseURL = () => inject("baseURL");
export const SHOTS = path.resolve(import.meta.dirname, "screenshots");

export function launch(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
    args: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
    ],
  });
}

export async function newPage(
  browser: Browser,
  opts: { width?: number; height?: number; locale?: string } = {},
): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({
    baseURL: baseURL(),
    viewport: { width: opts.width ?? 1366, height: opts.height ?? 860 },
    locale: opts.locale ?? "zh-CN",
    timezoneId: "Asia/Shanghai",
  });
  const page = await context.newPage();
  page.setDefaultTimeout(15_000);
  return { context, page };
}

export async function login(page: Page, username: string, password = PASSWORD): Promise<void> {
  await page.goto("/login");
  await page.getByTestId("login-username").fill(username);
  await page.getByTestId("login-password").fill(password);
  await page.getByTestId("login-submit").click();
  await page.getByTestId("user-menu").waitFor();
}

export async function screenshot(page: Page, name: string): Promise<string> {
  fs.mkdirSync(SHOTS, { recursive: true });
  const file = path.join(SHOTS, `${name}.png`);
  await page.screenshot({ path: file, fullPage: true });
  return file;
}

/** Logs in through the API from the page's context and calls an endpoint, for cross-checking what the UI shows. */
export async function apiGet<T>(page: Page, url: string): Promise<T> {
  const r = await page.request.get(url);
  if (!r.ok()) throw new Error(`${url}: ${r.status()}`);
  return (await r.json()) as T;
}

/**
 * Picks an option of the antd Select whose popup is open now, and waits for that popup to close. A click that lands
 * while the popup is still animating in can be lost; it is then repeated (only for single-choice Selects).
 */
export async function pickOption(page: Page, text: string | RegExp, exact = false): Promise<string> {
  // `has` locators are relative to the element they filter: this one finds the option inside a popup.
  const any = page.locator(".ant-select-item-option");
  const wanted = typeof text === "string" && exact ? any.filter({ has: page.getByText(text, { exact: true }) }) : any.filter({ hasText: text });
  const popup = page.locator(".ant-select-dropdown:visible", { has: wanted }).last();
  const option = popup
    .locator(".ant-select-item-option")
    .filter(typeof text === "string" && exact ? { has: page.getByText(text, { exact: true }) } : { hasText: text })
    .first();
  await option.waitFor();
  const label = await option.innerText();
  for (let attempt = 0; attempt < 3; attempt++) {
    await option.click().catch(() => undefined);
    try {
      await popup.waitFor({ state: "hidden", timeout: 4000 });
      return label;
    } catch {
      // still open: the click was lost; try again
    }
  }
  throw new Error(`选择「${String(text)}」后下拉框没有关闭`);
}
