/** Background jobs and the test-only controls (registered only with ANGUAN_TEST_CONTROLS=1, admin only). */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadConfig, ConfigError } from "../src/config";
import { runJobs } from "../src/platform/jobs";
import { startTestApp, type TestApp } from "./support/testApp";
import { TEST_NOW } from "./support/testDb";

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp({ ANGUAN_TEST_CONTROLS: "1" });
}, 60_000);
afterAll(() => t?.close());

describe("jobs", () => {
  it("runs all jobs in one pass and a second pass changes nothing more", async () => {
    const first = await runJobs(t.app.ctx);
    expect(first.ran).toBe(true);
    const second = await runJobs(t.app.ctx);
    expect(second).toMatchObject({ ran: true, instances: 0, missed: 0, escalated: 0 });
  });

  it("test controls move the clock and run the jobs, for administrators only", async () => {
    const admin = await t.as("admin");
    const entB = await t.as("ent.b");
    expect((await entB.post("/api/test/clock", { offsetMs: 1000 })).status).toBe(403);
    const r = await admin.post("/api/test/clock", { offsetMs: 3 * 86_400_000 });
    expect(r.status).toBe(200);
    expect(new Date(r.body.now).getTime()).toBe(TEST_NOW.getTime() + 3 * 86_400_000);
    expect(t.app.ctx.now().getTime()).toBe(TEST_NOW.getTime() + 3 * 86_400_000);
    // Idle sessions end by the server clock: three days later everyone signs in again.
    expect((await admin.post("/api/test/jobs/run", {})).status).toBe(401);
    const admin2 = await t.as("admin");
    const jobs = await admin2.post("/api/test/jobs/run", {});
    expect(jobs.status).toBe(200);
    expect(jobs.body.ran).toBe(true);
    expect((await admin2.post("/api/test/clock", { offsetMs: "soon" })).status).toBe(400);
    await admin2.post("/api/test/clock", { offsetMs: 0 });
  });

  it("are refused in production and absent by default", async () => {
    expect(() => loadConfig({ NODE_ENV: "production", SESSION_SECRET: "x".repeat(32), ANGUAN_TEST_CONTROLS: "1" })).toThrow(ConfigError);
    expect(loadConfig({}).ANGUAN_TEST_CONTROLS).toBe(false);
  });
});
