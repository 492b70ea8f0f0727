/**
 * Test-only controls, registered only when ANGUAN_TEST_CONTROLS=1 (refused in production): move the server's clock
 * and run the background jobs now, so browser tests can let a deadline pass. Admin only.
 */
import { z } from "zod";
import type { App } from "../../app";
import { runJobs } from "../../platform/jobs";

export async function testControlRoutes(app: App) {
  if (!app.ctx.config.ANGUAN_TEST_CONTROLS || !app.ctx.clock) return;
  const clock = app.ctx.clock;
  const tags = ["test"];
  app.post(
    "/api/test/clock",
    { config: { adminOnly: true }, schema: { tags, summary: "（测试）调整服务器时钟", body: z.object({ offsetMs: z.number().int() }) } },
    async (req) => {
      clock.setOffset(req.body.offsetMs);
      return { now: app.ctx.now().toISOString(), offsetMs: req.body.offsetMs };
    },
  );
  app.post("/api/test/jobs/run", { config: { adminOnly: true }, schema: { tags, summary: "（测试）立即运行定时任务" } }, async () => runJobs(app.ctx));
}
