/**
 * `npm run simulate -- --gateways N --rate R [--url mqtt://127.0.0.1:1883] [--password P] [--sensors-per-gateway K]
 * [--batch B] [--duration S] [--provision]`: the telemetry load generator (./loadgen.ts). With --provision it first
 * registers the simulated gateways and sensors in the database at DATABASE_URL (PostgreSQL), so the server accepts
 * their tags (a running server picks them up when it reloads its sensor configuration).
 */
import { loadConfig, loadDotEnv } from "../config";
import { openDatabase } from "../db/client";
import { DEMO_PASSWORD } from "../seed/seed";
import { parseSimulateArgs, runLoad, USAGE, UsageError } from "./loadgen";
import { provisionSimGateways } from "./simulator";

async function main() {
  let opts: ReturnType<typeof parseSimulateArgs>;
  try {
    opts = parseSimulateArgs(process.argv.slice(2), DEMO_PASSWORD);
  } catch (e) {
    if (!(e instanceof UsageError)) throw e;
    console.error(`参数错误 (bad argument): ${e.message}\n\n${USAGE}`);
    process.exit(2);
  }
  if (opts.help) {
    console.log(USAGE);
    return;
  }
  if (opts.provision) {
    loadDotEnv();
    const url = loadConfig().DATABASE_URL;
    if (!url) {
      console.error("--provision 需要 DATABASE_URL（postgres://…，服务器所用的 PostgreSQL 数据库）");
      process.exit(2);
    }
    const database = await openDatabase({ url, poolSize: 2 });
    try {
      const t = performance.now();
      // Sensors expected at the rate given: each reports every N×K/R seconds.
      const periodSeconds = Math.max(1, Math.ceil((opts.gateways * opts.sensorsPerGateway) / opts.rate));
      const r = await provisionSimGateways(database.db, {
        gateways: opts.gateways,
        sensorsPerGateway: opts.sensorsPerGateway,
        password: opts.password,
        prefix: opts.prefix,
        periodSeconds,
      });
      console.log(
        `已登记 ${r.gatewayIds.length} 个网关、${r.gatewayIds.length * opts.sensorsPerGateway} 个测点（周期 ${periodSeconds} s），用时 ${Math.round(performance.now() - t)} ms`,
      );
    } finally {
      await database.close();
    }
  }
  let stop: () => void = () => {};
  const stopSignal = new Promise<void>((resolve) => {
    stop = resolve;
  });
  process.once("SIGINT", () => stop());
  process.once("SIGTERM", () => stop());
  const summary = await runLoad(opts, { log: (l) => console.log(l), stopSignal });
  if (summary.acked === 0) process.exitCode = 1;
}

main().catch((err) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
