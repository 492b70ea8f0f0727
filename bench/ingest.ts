/**
 * `npm run bench:ingest`: telemetry ingest at national scale on PostgreSQL through an external broker.
 *
 * Data (kept between runs; BENCH_RESEED=1 to rebuild): the database `anguan_bench_ingest` on the server of
 * BENCH_DATABASE_URL / DATABASE_URL (default the local server), migrated and seeded with a small demo city, then
 * BENCH_GATEWAYS (440) simulated gateways × BENCH_SENSORS_PER_GATEWAY (1,000) = 440,000 registered sensors (the
 * national system's count) and one probe gateway with 40 probe sensors. Each run starts with an empty `readings`
 * table and no open alarm (BENCH_KEEP_READINGS=1 keeps what earlier runs stored).
 *
 * Run: the server as a child process (`server/src/main.ts`) subscribed to the broker at BENCH_MQTT_URL (default: a
 * Mosquitto started for the run, with queue limits sized for ingest) with MQTT_SUBSCRIBERS connections; the load generator
 * (`npm run simulate`) as a second process publishing BENCH_RATE (50,000) points/s spread over all sensors for
 * BENCH_DURATION seconds (60; 600 for the memory figure); and, in this process:
 *   - every 5 s: points stored (pg_stat_user_tables inserts into the readings partitions) and the server's RSS;
 *   - every 250 ms a probe point above high-high on the probe gateway, alternating with a normal one, and the time
 *     until that alarm arrives on the live channel (`GET /api/live` as the administrator): p50/p99;
 *   - afterwards, a bare `COPY readings FROM STDIN` of the same number of rows the server stored in 10 s, into the
 *     same table (a fresh time range), timed: our sustained rate as a share of it.
 * Figures are printed against the targets (≥ 50,000 points/s stored; p99 publish → live < 1 s; RSS flat).
 */
import { spawn } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import net from "node:net";
import { fileURLToPath } from "node:url";
import mqtt from "mqtt";
import pg from "pg";
import { from as copyFrom } from "pg-copy-streams";
import { migrate, openDatabase } from "../server/src/db/client";
import { hashPassword } from "../server/src/platform/auth";
import { seed } from "../server/src/seed/seed";
import { provisionSimGateways } from "../server/src/simulator/simulator";
import { freePort, machine, machineCpuMs, onCleanup, percentile, procCpuMs, REPO, runBench, startServer, tempDir } from "./lib";

const ADMIN_URL = process.env.BENCH_DATABASE_URL ?? process.env.DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";
const DB_NAME = "anguan_bench_ingest";
/** The broker: BENCH_MQTT_URL, or a Mosquitto started for the run with queues sized for the load (see startMosquitto). */
let MQTT_URL = process.env.BENCH_MQTT_URL ?? "";
const GATEWAYS = Number(process.env.BENCH_GATEWAYS ?? 440);
const PER_GATEWAY = Number(process.env.BENCH_SENSORS_PER_GATEWAY ?? 1000);
const RATE = Number(process.env.BENCH_RATE ?? 50_000);
const DURATION = Number(process.env.BENCH_DURATION ?? 60);
const BATCH = Number(process.env.BENCH_BATCH ?? 500);
const SUBSCRIBERS = process.env.BENCH_SUBSCRIBERS ?? "4";
const PASSWORD = "Anguan#2026";
const PROBE_GW = "probe-gw-1";
/** Probe sensors: each alternates a high-high and a normal value every PROBES × 250 ms, so each high is its own event. */
const PROBES = 40;
const probeTag = (k: number) => `PROBE-${k}`;
const TSX = fileURLToPath(import.meta.resolve("tsx"));

const dbUrl = (() => {
  const u = new URL(ADMIN_URL);
  u.pathname = `/${DB_NAME}`;
  return u.toString();
})();

async function adminQuery(sql: string) {
  const c = new pg.Client({ connectionString: ADMIN_URL });
  await c.connect();
  try {
    return await c.query(sql);
  } finally {
    await c.end();
  }
}

async function prepare(): Promise<number> {
  const exists = (await adminQuery(`SELECT 1 FROM pg_database WHERE datname = '${DB_NAME}'`)).rowCount;
  if (exists && process.env.BENCH_RESEED) await adminQuery(`DROP DATABASE ${DB_NAME} WITH (FORCE)`);
  if (!exists || process.env.BENCH_RESEED) await adminQuery(`CREATE DATABASE ${DB_NAME}`);
  const database = await openDatabase({ url: dbUrl, poolSize: 4 });
  try {
    await migrate(database);
    const t0 = performance.now();
    const s = await seed(database.db, { demo: true, enterpriseCount: 50 });
    if (s.seeded) console.log(`seeded the demo city (50 enterprises) in ${Math.round(performance.now() - t0)} ms`);
    const pool = database.pool!;
    const have = Number((await pool.query(`SELECT count(*)::int AS n FROM sensors WHERE gateway_id LIKE 'sim-gw-%'`)).rows[0].n);
    if (have < GATEWAYS * PER_GATEWAY) {
      const t1 = performance.now();
      await provisionSimGateways(database.db, { gateways: GATEWAYS, sensorsPerGateway: PER_GATEWAY, password: PASSWORD, prefix: "sim", periodSeconds: 30 });
      console.log(`registered ${GATEWAYS} gateways × ${PER_GATEWAY} sensors in ${Math.round(performance.now() - t1)} ms`);
    }
    // The probe: one combustible gas detector (high 25, high-high 50 %LEL), no delay.
    const hash = await hashPassword(PASSWORD);
    const ent = (await pool.query(`SELECT enterprise_id, region_path, sector FROM gateways WHERE id = 'sim-gw-1'`)).rows[0];
    await pool.query(
      `INSERT INTO gateways (id, enterprise_id, region_path, sector, name, password_hash) VALUES ($1, $2, $3, $4, '基准探针网关', $5) ON CONFLICT (id) DO NOTHING`,
      [PROBE_GW, ent.enterprise_id, ent.region_path, ent.sector, hash],
    );
    for (let k = 1; k <= PROBES; k++) {
      await pool.query(
        `INSERT INTO sensors (enterprise_id, region_path, sector, gateway_id, tag, name, type, engineering_unit, h, hh, period_seconds, offline_after_seconds)
         VALUES ($1, $2, $3, $4, $5, '基准探针', 'combustible_gas', '%LEL', 25, 50, 10, 86400) ON CONFLICT (gateway_id, tag) DO NOTHING`,
        [ent.enterprise_id, ent.region_path, ent.sector, PROBE_GW, probeTag(k)],
      );
    }
    // Every run starts from empty readings and no open alarms, so runs compare (BENCH_KEEP_READINGS=1 keeps them).
    if (!process.env.BENCH_KEEP_READINGS) {
      await pool.query("TRUNCATE readings");
      await pool.query("UPDATE alarms SET status = 'cleared', cleared_at = now() WHERE status <> 'cleared'");
      await pool.query("CHECKPOINT");
    }
    const total = Number((await pool.query(`SELECT count(*)::int AS n FROM sensors WHERE enabled`)).rows[0].n);
    await pool.query("VACUUM ANALYZE sensors");
    return total;
  } finally {
    await database.close();
  }
}

/**
 * Mosquitto's defaults (1,000 queued and 20 in-flight messages per client) drop QoS 1 messages for a subscriber that
 * is a few hundred milliseconds behind at 100,000 messages/s; a production broker for ingest is configured for it, as
 * here. Returns the URL.
 */
async function startMosquitto(): Promise<string> {
  const port = await freePort();
  const dir = tempDir("mosquitto");
  const conf = `${dir}/mosquitto.conf`;
  fs.writeFileSync(
    conf,
    [
      `listener ${port} 127.0.0.1`,
      "allow_anonymous true",
      "persistence false",
      "max_queued_messages 0",
      "max_inflight_messages 0",
      "max_packet_size 10000000",
      "sys_interval 5",
      "",
    ].join("\n"),
  );
  const proc = spawn("mosquitto", ["-c", conf], { stdio: ["ignore", "pipe", "pipe"] });
  mosquittoPid = proc.pid ?? null;
  let out = "";
  proc.stderr.on("data", (b: Buffer) => (out += b.toString()));
  onCleanup(() => {
    proc.kill("SIGTERM");
  });
  for (let i = 0; i < 50; i++) {
    const ok = await new Promise<boolean>((resolve) => {
      const s = net.connect({ host: "127.0.0.1", port }, () => {
        s.end();
        resolve(true);
      });
      s.on("error", () => resolve(false));
    });
    if (ok) return `mqtt://127.0.0.1:${port}`;
    if (proc.exitCode !== null) break;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`mosquitto did not start: ${out}`);
}

let mosquittoPid: number | null = null;

/** The machine's time waiting for the disk so far (ms), from /proc/stat. */
function iowaitMs(): number {
  const f = fs.readFileSync("/proc/stat", "utf8").split("\n")[0]!.trim().split(/\s+/).slice(1).map(Number);
  return (f[4] ?? 0) * 10;
}

/** CPU ms so far of every PostgreSQL process on this machine (the server's backends and background workers). */
function postgresCpuMs(): number {
  let total = 0;
  for (const d of fs.readdirSync("/proc")) {
    if (!/^\d+$/.test(d)) continue;
    try {
      if (fs.readFileSync(`/proc/${d}/comm`, "utf8").trim() !== "postgres") continue;
    } catch {
      continue;
    }
    total += procCpuMs(Number(d)) ?? 0;
  }
  return total;
}

async function storedSoFar(c: pg.Client): Promise<number> {
  const r = await c.query(`SELECT coalesce(sum(n_tup_ins), 0)::int8 AS n FROM pg_stat_user_tables WHERE relname LIKE 'readings_%'`);
  return Number(r.rows[0].n);
}

function rssMb(pid: number): number {
  try {
    const m = /VmRSS:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, "utf8"));
    return m ? Number(m[1]) / 1024 : Number.NaN;
  } catch {
    return Number.NaN;
  }
}

async function login(base: string): Promise<string> {
  const r = await fetch(`${base}/api/auth/login`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ username: "admin", password: PASSWORD }),
  });
  if (!r.ok) throw new Error(`admin login failed: ${r.status}`);
  return r.headers
    .getSetCookie()
    .map((c) => c.split(";")[0])
    .join("; ");
}

/** Follows the live channel; calls back with each alarm event's probe value. */
async function followLive(base: string, cookie: string, onProbe: (value: number) => void): Promise<() => void> {
  const ctrl = new AbortController();
  const res = await fetch(`${base}/api/live`, { headers: { cookie }, signal: ctrl.signal });
  if (!res.ok || !res.body) throw new Error(`live channel: ${res.status}`);
  const reader = res.body.getReader();
  const dec = new TextDecoder();
  let buf = "";
  void (async () => {
    try {
      for (;;) {
        const { value, done } = await reader.read();
        if (done) break;
        buf += dec.decode(value, { stream: true });
        let i = buf.indexOf("\n\n");
        while (i >= 0) {
          const block = buf.slice(0, i);
          buf = buf.slice(i + 2);
          if (block.startsWith("event: alarm")) {
            const data = JSON.parse(block.slice(block.indexOf("data: ") + 6)) as { tag: string; lastValue: number | null };
            if (data.tag.startsWith("PROBE-") && data.lastValue !== null) onProbe(data.lastValue);
          }
          i = buf.indexOf("\n\n");
        }
      }
    } catch {}
  })();
  return () => ctrl.abort();
}

async function timeCopy(rows: number, sensorIds: number[]): Promise<number> {
  const c = new pg.Client({ connectionString: dbUrl });
  await c.connect();
  try {
    // A fresh day inside the retention, so the rows go to a real partition of the same table.
    const day = new Date(Date.now() - 20 * 86_400_000);
    day.setUTCHours(0, 0, 0, 0);
    const name = `readings_${day.toISOString().slice(0, 10).replace(/-/g, "")}`;
    const next = new Date(day.getTime() + 86_400_000);
    await c.query(`CREATE TABLE IF NOT EXISTS ${name} PARTITION OF readings FOR VALUES FROM ('${day.toISOString()}') TO ('${next.toISOString()}')`);
    await c.query(`DELETE FROM ${name}`);
    const lines: string[] = [];
    for (let i = 0; i < rows; i++) {
      const ts = new Date(day.getTime() + Math.floor(i / sensorIds.length) * 1000 + 1).toISOString();
      lines.push(`${sensorIds[i % sensorIds.length]}\t${ts}\t${(i % 1000) / 10}\t0\n`);
    }
    const t0 = performance.now();
    const stream = c.query(copyFrom("COPY readings (sensor_id, ts, value, quality) FROM STDIN"));
    await new Promise<void>((resolve, reject) => {
      stream.on("finish", () => resolve());
      stream.on("error", reject);
      const chunk = 10_000;
      let i = 0;
      const write = () => {
        while (i < lines.length) {
          const ok = stream.write(lines.slice(i, i + chunk).join(""));
          i += chunk;
          if (!ok) return stream.once("drain", write);
        }
        stream.end();
      };
      write();
    });
    const ms = performance.now() - t0;
    await c.query(`DROP TABLE ${name}`);
    return (rows / ms) * 1000;
  } finally {
    await c.end();
  }
}

runBench("bench:ingest", async () => {
  console.log(`bench:ingest — ${machine()}`);
  if (!MQTT_URL) MQTT_URL = await startMosquitto();
  console.log(`database ${DB_NAME}, broker ${MQTT_URL}, ${RATE} points/s for ${DURATION} s, batches of ${BATCH}`);
  const sensors = await prepare();
  console.log(`${sensors.toLocaleString("en")} sensors registered`);

  // WAL compression for the server's sessions (a superuser setting; a production role gets it with ALTER ROLE … SET):
  // after each checkpoint the first change of every index page writes the whole page to the WAL, which at 50,000
  // points/s over 440,000 sensors makes the disk the limit. BENCH_PG_OPTIONS="" runs without.
  const pgOptions = process.env.BENCH_PG_OPTIONS ?? "-c wal_compression=lz4";
  const serverDbUrl = pgOptions ? `${dbUrl}?options=${encodeURIComponent(pgOptions)}` : dbUrl;
  console.log(`server database options: ${pgOptions || "(none)"}`);
  const server = await startServer({
    DATABASE_URL: serverDbUrl,
    DATA_DIR: tempDir("data"),
    MQTT_URL,
    MQTT_SUBSCRIBERS: SUBSCRIBERS,
    ANGUAN_SIMULATOR: "0",
    LOG_LEVEL: "warn",
  });
  console.log(`server ready in ${Math.round(server.readyMs)} ms (engine loaded ${sensors.toLocaleString("en")} sensors)`);
  const serverPid = server.proc.pid!;
  const cookie = await login(server.base);

  // Probe: publish times by value; the live channel reports the value back.
  const sentAt = new Map<number, number>();
  const latencies: number[] = [];
  const stopLive = await followLive(server.base, cookie, (v) => {
    const t = sentAt.get(v);
    if (t !== undefined) {
      latencies.push(performance.now() - t);
      sentAt.delete(v);
    }
  });
  onCleanup(stopLive);
  const probe = await mqtt.connectAsync(MQTT_URL, { clientId: `bench-probe-${crypto.randomBytes(3).toString("hex")}`, username: PROBE_GW, password: PASSWORD });
  onCleanup(() => probe.endAsync(true));

  const stats = new pg.Client({ connectionString: dbUrl });
  await stats.connect();
  onCleanup(() => stats.end());

  const load = spawn(
    process.execPath,
    [
      "--import",
      TSX,
      `${REPO}/server/src/simulator/cli.ts`,
      "--gateways",
      String(GATEWAYS),
      "--rate",
      String(RATE),
      "--sensors-per-gateway",
      String(PER_GATEWAY),
      "--batch",
      String(BATCH),
      "--duration",
      String(DURATION),
      "--url",
      MQTT_URL,
      "--password",
      PASSWORD,
    ],
    { cwd: REPO, stdio: ["ignore", "pipe", "pipe"] },
  );
  let loadOut = "";
  load.stdout.on("data", (b: Buffer) => (loadOut += b.toString()));
  load.stderr.on("data", (b: Buffer) => (loadOut += b.toString()));
  onCleanup(() => {
    if (load.exitCode === null) load.kill("SIGKILL");
  });
  const loadDone = new Promise<void>((r) => load.once("exit", () => r()));

  let seq = 0;
  const probeTimer = setInterval(() => {
    const k = (seq % PROBES) + 1;
    const high = Math.floor(seq / PROBES) % 2 === 0;
    seq++;
    const value = high ? 60 + seq / 1000 : 1;
    const ts = new Date().toISOString();
    if (high) sentAt.set(value, performance.now());
    probe.publish(`anguan/v1/${PROBE_GW}/telemetry`, JSON.stringify({ ts, points: [{ tag: probeTag(k), value }] }), { qos: 1 });
  }, 250);
  onCleanup(() => clearInterval(probeTimer));

  const io0 = iowaitMs();
  const cpu0 = {
    server: procCpuMs(serverPid) ?? 0,
    load: procCpuMs(load.pid!) ?? 0,
    broker: mosquittoPid ? (procCpuMs(mosquittoPid) ?? 0) : 0,
    pg: postgresCpuMs(),
    machine: machineCpuMs(),
  };
  const samples: { t: number; stored: number; rss: number }[] = [];
  const t0 = performance.now();
  const base = await storedSoFar(stats);
  let finished = false;
  void loadDone.then(() => (finished = true));
  console.log("\n   t (s)   stored/s (5 s)   total stored   server RSS (MB)   probe p99 (ms)");
  while (!finished) {
    await new Promise((r) => setTimeout(r, 5000));
    const stored = (await storedSoFar(stats)) - base;
    const t = (performance.now() - t0) / 1000;
    const rss = rssMb(serverPid);
    const prev = samples.at(-1) ?? { t: 0, stored: 0 };
    samples.push({ t, stored, rss });
    const lat = [...latencies].sort((a, b) => a - b);
    console.log(
      `${t.toFixed(0).padStart(8)} ${Math.round((stored - prev.stored) / (t - prev.t))
        .toLocaleString("en")
        .padStart(
          16,
        )} ${stored.toLocaleString("en").padStart(14)} ${rss.toFixed(0).padStart(17)} ${lat.length ? percentile(lat, 99).toFixed(0).padStart(16) : "-".padStart(16)}`,
    );
  }
  clearInterval(probeTimer);
  const io1 = iowaitMs();
  const cpu1 = {
    server: procCpuMs(serverPid) ?? 0,
    load: procCpuMs(load.pid!) ?? cpu0.load,
    broker: mosquittoPid ? (procCpuMs(mosquittoPid) ?? 0) : 0,
    pg: postgresCpuMs(),
    machine: machineCpuMs(),
  };
  // Let the server drain what the broker still holds.
  await new Promise((r) => setTimeout(r, 3000));
  const totalStored = (await storedSoFar(stats)) - base;

  // Sustained rate: from the first sample after warm-up (10 s) to the last during the load.
  // The last sample spans the end of the load: leave it out.
  const steady = samples.slice(0, -1).filter((s) => s.t >= 10);
  const first = steady[0];
  const last = steady.at(-1);
  const sustained = first && last && last.t > first.t ? (last.stored - first.stored) / (last.t - first.t) : Number.NaN;
  const lat = latencies.sort((a, b) => a - b);
  const rssValues = samples.map((s) => s.rss).filter(Number.isFinite);
  const rssEarly = rssValues.slice(1, 4);
  const rssLate = rssValues.slice(-3);
  const avg = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / Math.max(1, xs.length);

  console.log(
    `\nload generator:\n${
      loadOut
        .split("\n")
        .filter((l) => /合计|total|summary|汇总/i.test(l))
        .join("\n") || loadOut.split("\n").slice(-4).join("\n")
    }`,
  );

  const sensorIds = (await stats.query(`SELECT id FROM sensors WHERE gateway_id LIKE 'sim-gw-%' ORDER BY id LIMIT 50000`)).rows.map((r) => Number(r.id));
  const copyRows = Math.max(100_000, Math.round((Number.isFinite(sustained) ? sustained : RATE) * 10));
  const copyRate = await timeCopy(copyRows, sensorIds);

  console.log("\n== results ==");
  console.log(`sensors registered              ${sensors.toLocaleString("en")}`);
  console.log(`points stored                   ${totalStored.toLocaleString("en")} in ${(samples.at(-1)?.t ?? 0).toFixed(0)} s`);
  console.log(
    `sustained stored rate           ${Math.round(sustained).toLocaleString("en")} points/s   (target ≥ 50,000)  ${sustained >= 50_000 ? "met" : "MISSED"}`,
  );
  console.log(
    `publish → live alarm            p50 ${percentile(lat, 50).toFixed(0)} ms, p99 ${percentile(lat, 99).toFixed(0)} ms over ${lat.length} probes (target p99 < 1,000 ms)  ${percentile(lat, 99) < 1000 ? "met" : "MISSED"}; ${sentAt.size} probes not seen`,
  );
  console.log(
    `server RSS                      first ${avg(rssEarly).toFixed(0)} MB → last ${avg(rssLate).toFixed(0)} MB, max ${Math.max(...rssValues).toFixed(0)} MB`,
  );
  const wall = (samples.at(-1)?.t ?? 1) * 1000;
  const share = (a: number, b: number) => `${(((b - a) / wall) * 100).toFixed(0)} %`;
  console.log(
    `CPU during the load (of one core)  server ${share(cpu0.server, cpu1.server)}, PostgreSQL ${share(cpu0.pg, cpu1.pg)}, broker ${share(cpu0.broker, cpu1.broker)}, load generator ${share(cpu0.load, cpu1.load)}; machine busy ${(((cpu1.machine.busy - cpu0.machine.busy) / (cpu1.machine.total - cpu0.machine.total)) * 100).toFixed(0)} % of 2 cores, waiting for the disk ${(((io1 - io0) / (cpu1.machine.total - cpu0.machine.total)) * 100).toFixed(0)} %`,
  );
  console.log(
    `bare COPY of ${copyRows.toLocaleString("en")} rows       ${Math.round(copyRate).toLocaleString("en")} rows/s; ours is ${((sustained / copyRate) * 100).toFixed(0)} % of it`,
  );
});
