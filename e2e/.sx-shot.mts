import { chromium } from "playwright-core";
const base = "http://127.0.0.1:15173";
const [user, ...paths] = process.argv.slice(2);
const browser = await chromium.launch({ executablePath: "/usr/bin/chromium", args: ["--no-sandbox"] });
const ctx = await browser.newContext({ baseURL: base, viewport: { width: 1440, height: 1000 }, locale: "zh-CN" });
const page = await ctx.newPage();
const errors: string[] = [];
page.on("pageerror", (e) => errors.push(String(e)));
page.on("console", (m) => { if (m.type() === "error") errors.push(m.text()); });
await page.goto("/login");
await page.getByTestId("login-username").fill(user!);
await page.getByTestId("login-password").fill("Anguan#2026");
await page.getByTestId("login-submit").click();
await page.waitForURL((u) => !u.pathname.startsWith("/login"), { timeout: 20000 });
for (const p of paths) {
  await page.goto(p);
  await page.waitForTimeout(6000);
  const name = `${user}-${p.replace(/[^a-z0-9]+/gi, "_")}`;
  await page.screenshot({ path: `/tmp/sx-shots/${name}.png`, fullPage: true });
  console.log("shot", name);
}
console.log("errors:", JSON.stringify(errors.slice(0, 10), null, 1));
await browser.close();
