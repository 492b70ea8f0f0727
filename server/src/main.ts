/** Starts Anguan: config → database → migrations → first-start seed → HTTP (API + web UI on one port). */
import { DEMO_STEWARD_USERS } from "./seed/demoSteward";
import path from "node:path";
import { sql } from "drizzle-orm";
import { buildApp } from "./app";
import { ConfigError, loadConfig, loadDotEnv } from "./config";
import { DataDirLockedError, migrate, openDatabase } from "./db/client";
import { purgeIdleSessions } from "./platform/auth";
import { startJobs } from "./platform/jobs";
import { PortInUseError } from "./features/telemetry/broker";
import type { MonitoringService } from "./features/telemetry/service";
import { startDemoSimulator } from "./simulator/simulator";
import { DEMO_PASSWORD, DEMO_USERS, seed } from "./seed/seed";

async function main() {
  const t0 = performance.now();
  loadDotEnv();
  const config = loadConfig();
  const database = await openDatabase({ url: config.DATABASE_URL, dataDir: path.join(config.dataDir, "pgdata") });
  await migrate(database);
  const seeded = await seed(database.db, { demo: config.ANGUAN_DEMO, enterpriseCount: config.DEMO_ENTERPRISES });
  // After a bulk seed: planner statistics and the visibility map (index-only scans), as autovacuum would do later.
  if (seeded.seeded) await database.db.execute(sql`VACUUM ANALYZE`);
  // The clock: real time, or real time plus an offset that test controls may move (ANGUAN_TEST_CONTROLS=1).
  let offsetMs = 0;
  const now = () => new Date(Date.now() + offsetMs);
  const clock = config.ANGUAN_TEST_CONTROLS
    ? {
        setOffset: (ms: number) => {
          offsetMs = ms;
        },
      }
    : undefined;
  const app = await buildApp({ config, database, db: database.db, now, clock });
  try {
    await app.listen({ port: config.PORT, host: config.HOST });
  } catch (err) {
    if (err instanceof PortInUseError) {
      console.error(err.message);
      process.exit(1);
    }
    if ((err as { code?: string }).code === "EADDRINUSE") {
      console.error(`端口 ${config.PORT} 已被占用 (port ${config.PORT} is in use): 请设置 PORT 使用其他端口`);
      process.exit(1);
    }
    throw err;
  }
  // MQTT: where gateways connect; and in demo mode the simulator that keeps the monitoring screens alive.
  const monitoring = app.ctx.monitoring as MonitoringService | undefined;
  const brokerPort = monitoring?.broker?.port ?? null;
  const mqttUrl = config.MQTT_URL ?? (brokerPort !== null ? `mqtt://127.0.0.1:${brokerPort}` : null);
  let simulator: { stop(): Promise<void> } | null = null;
  if ((config.ANGUAN_SIMULATOR ?? config.ANGUAN_DEMO) && mqttUrl) {
    simulator = await startDemoSimulator({ db: database.db, url: mqttUrl, password: DEMO_PASSWORD, log: (m) => app.log.info(m) }).catch((err) => {
      app.log.error({ err }, "simulator failed to start");
      return null;
    });
  }
  const purge = setInterval(() => purgeIdleSessions(database.db, config.SESSION_IDLE_MINUTES).catch(() => {}), 10 * 60_000);
  purge.unref();
  const stopJobs = startJobs({ db: database.db, now, config }, (msg, err) => (err ? app.log.error({ err }, msg) : app.log.info(msg)));
  const port = (app.server.address() as { port: number }).port;
  const lines = [`安管 Anguan 已启动: http://localhost:${port}  (db: ${database.kind}, ready in ${Math.round(performance.now() - t0)} ms)`];
  if (brokerPort !== null)
    lines.push(`MQTT 接入: mqtt://localhost:${brokerPort}  主题 anguan/v1/<网关编号>/telemetry${simulator ? "（演示模拟器运行中）" : ""}`);
  else if (config.MQTT_URL) lines.push(`MQTT 接入: 外部代理 ${config.MQTT_URL}`);
  if (seeded.seeded)
    lines.push(
      `首次启动：已写入${config.ANGUAN_DEMO ? `演示数据（${seeded.enterprises} 家企业）` : "管理员账号 admin（请运行 npm run admin:create 设置密码）"}`,
    );
  if (config.ANGUAN_DEMO) {
    lines.push(`演示账号 (demo users), 密码 password: ${DEMO_PASSWORD}`);
    for (const u of [...DEMO_USERS, ...DEMO_STEWARD_USERS]) lines.push(`  ${u.username.padEnd(12)} ${u.displayName}`);
  }
  console.log(lines.join("\n"));
  const stop = async () => {
    stopJobs();
    await simulator?.stop().catch(() => {});
    await app.close();
    await database.close();
    process.exit(0);
  };
  process.once("SIGINT", stop);
  process.once("SIGTERM", stop);
}

main().catch((err) => {
  if (err instanceof ConfigError || err instanceof DataDirLockedError) {
    console.error(err.message);
    process.exit(2);
  }
  console.error(err);
  process.exit(1);
});
