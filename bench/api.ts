/**
 * `npm run bench:api`: the enterprise list and detail endpoints under load, 20,000 demo enterprises on PostgreSQL.
 *
 * Drops and creates the database `anguan_bench` on the server of BENCH_DATABASE_URL (default
 * postgres://postgres@127.0.0.1:5432/postgres; only host, port and credentials are used), starts the server against
 * it (which seeds the demo jurisdiction with 20,000 enterprises: that start is timed), runs ANALYZE as autovacuum
 * would, logs in as zj.yjj (the whole city) and runs autocannon on loopback: a 2 s warm-up, then 10 s measured, per endpoint. Any non-2xx answer, socket
 * error or timeout fails the run. Besides requests/s and latency it prints the CPU time per request of the server,
 * of its PostgreSQL backends (PostgreSQL on this machine only) and of autocannon, read from /proc: on a shared machine
 * that is steadier than throughput. The server is stopped and the database dropped at the end, also on error.
 *
 * Environment: BENCH_PGLITE=1 (embedded PGlite instead of PostgreSQL), BENCH_CONNECTIONS (default 16),
 * BENCH_DURATION (s, default 10), BENCH_ENTERPRISES (default 20000), BENCH_HOLD=1 (keep the server and database up
 * after the run until Ctrl-C, to look at them with psql).
 */
import autocannon, { type Request, type Result } from "autocannon";
import pg from "pg";
import { fmtS, machine, machineCpuMs, onCleanup, percentile, procCpuMs, runBench, type Server, startServer, tempDir } from "./lib";

const PGLITE = process.env.BENCH_PGLITE === "1";
const ADMIN_URL = process.env.BENCH_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";
const DB_NAME = "anguan_bench";
const ENTERPRISES = Number(process.env.BENCH_ENTERPRISES ?? 20_000);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 16);
const DURATION = Number(process.env.BENCH_DURATION ?? 10);
const WARMUP = 2;
const USER = "zj.yjj";
const PASSWORD = "Anguan#2026";

/** Region + sector + search term, as a regulator filters the list; every combination matches rows (checked first). */
const LIST_FILTERS = [
  { regionCode: "321183", sector: "machinery", q: "机械" }, // 句容市, 机械
  { regionCode: "321181", sector: "light_industry", q: "丹阳" }, // 丹阳市, 轻工: many matches
  { regionCode: "321191", sector: "hazchem_production", q: "化工" }, // 镇江新区, 危化品生产
  { regionCode: "321183103", sector: "logistics_warehousing", q: "物流" }, // 宝华镇, 物流仓储
  { regionCode: "321102", sector: "catering", q: "餐饮" }, // 京口区, 餐饮
  { regionCode: "321100", sector: "commerce", q: "超市" }, // the whole city, 商贸
];
const listPath = (f: (typeof LIST_FILTERS)[number]) => `/api/enterprises?${new URLSearchParams({ ...f, page: "1", pageSize: "20" })}`;

interface Measured {
  name: string;
  rps: number;
  p50: number;
  p95: number;
  p99: number;
  requests: number;
  non2xx: number;
  cpu: ReturnType<typeof cpuPerRequest>;
}

async function sql<R = unknown>(url: string, text: string): Promise<R[]> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    return (await c.query(text)).rows as R[];
  } finally {
    await c.end();
  }
}

async function recreateDatabase(): Promise<string> {
  await sql(ADMIN_URL, `DROP DATABASE IF EXISTS ${DB_NAME} WITH (FORCE)`);
  await sql(ADMIN_URL, `CREATE DATABASE ${DB_NAME}`);
  onCleanup(() => sql(ADMIN_URL, `DROP DATABASE IF EXISTS ${DB_NAME} WITH (FORCE)`).then(() => {}));
  const url = new URL(ADMIN_URL);
  url.pathname = `/${DB_NAME}`;
  return url.toString();
}

/** CPU used so far by the server, its PostgreSQL backends (when PostgreSQL runs on this machine), this process, all. */
async function cpuNow(serverPid: number) {
  const local = ["127.0.0.1", "localhost", "[::1]"].includes(new URL(ADMIN_URL).hostname);
  const backends = PGLITE || !local ? [] : await sql<{ pid: number }>(ADMIN_URL, `SELECT pid FROM pg_stat_activity WHERE datname = '${DB_NAME}'`);
  const pgCpu = new Map(backends.map((b) => [b.pid, procCpuMs(b.pid)]));
  const self = process.cpuUsage();
  return { server: procCpuMs(serverPid), pg: pgCpu, bench: (self.user + self.system) / 1000, machine: machineCpuMs() };
}
type Cpu = Awaited<ReturnType<typeof cpuNow>>;

/** CPU ms per request by process, and the share of the machine's CPU that other processes took meanwhile. */
function cpuPerRequest(a: Cpu, b: Cpu, requests: number) {
  let pgMs: number | null = PGLITE ? 0 : null;
  for (const [pid, after] of b.pg) {
    if (after === null) continue;
    pgMs = (pgMs ?? 0) + after - (a.pg.get(pid) ?? 0);
  }
  const server = a.server !== null && b.server !== null ? b.server - a.server : null;
  const bench = b.bench - a.bench;
  const busy = b.machine.busy - a.machine.busy;
  const others = busy - (server ?? 0) - (pgMs ?? 0) - bench;
  return {
    server: server === null ? null : server / requests,
    pg: pgMs === null ? null : pgMs / requests,
    bench: bench / requests,
    othersShare: others / (b.machine.total - a.machine.total),
  };
}

async function login(base: string): Promise<string> {
  const res = await fetch(`${base}/api/auth/login`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ username: USER, password: PASSWORD }),
  });
  if (res.status !== 200) throw new Error(`login as ${USER} answered ${res.status}: ${await res.text()}`);
  const cookie = res.headers
    .getSetCookie()
    .map((c) => c.split(";")[0]!)
    .join("; ");
  if (!cookie.includes("anguan_sid=")) throw new Error("login set no session cookie");
  return cookie;
}

async function getJson<T>(base: string, path: string, cookie: string): Promise<T> {
  const res = await fetch(base + path, { headers: { cookie } });
  if (res.status !== 200) throw new Error(`GET ${path} answered ${res.status}: ${await res.text()}`);
  return (await res.json()) as T;
}

/** ~200 enterprise ids spread over the whole (name-ordered) list. */
async function sampleIds(base: string, cookie: string): Promise<string[]> {
  type Page = { items: { id: string }[]; total: number };
  const first = await getJson<Page>(base, "/api/enterprises?page=1&pageSize=50", cookie);
  const pages = Math.max(1, Math.ceil(first.total / 50));
  const picks = [...new Set([1, Math.ceil(pages / 4), Math.ceil(pages / 2), Math.ceil((pages * 3) / 4)])];
  const ids: string[] = [];
  for (const p of picks) ids.push(...(await getJson<Page>(base, `/api/enterprises?page=${p}&pageSize=50`, cookie)).items.map((i) => i.id));
  if (ids.length < 50) throw new Error(`only ${ids.length} enterprises visible to ${USER}`);
  return ids;
}

/** Requests cycling over `paths`, shared by all connections so that they spread evenly. */
function rotating(paths: readonly string[]): Request[] {
  let i = 0;
  return [{ method: "GET", setupRequest: (req) => ({ ...req, path: paths[i++ % paths.length]! }) }];
}

function assertClean(label: string, r: Result): void {
  if (r.non2xx || r.errors || r.timeouts) {
    throw new Error(`${label}: ${r.non2xx} non-2xx (4xx ${r["4xx"]}, 5xx ${r["5xx"]}), ${r.errors} errors, ${r.timeouts} timeouts`);
  }
}

async function measure(name: string, server: Server, cookie: string, paths: readonly string[]): Promise<Measured> {
  const opts = { url: server.base, connections: CONNECTIONS, headers: { cookie }, timeout: 10 };
  assertClean(`${name} (warm-up)`, await autocannon({ ...opts, duration: WARMUP, requests: rotating(paths) }));
  const latencies: number[] = [];
  const before = await cpuNow(server.proc.pid!);
  const run = autocannon({ ...opts, duration: DURATION, requests: rotating(paths) });
  run.on("response", (_client, _status, _bytes, ms) => latencies.push(ms));
  const r = await run;
  const cpu = cpuPerRequest(before, await cpuNow(server.proc.pid!), r.requests.total);
  assertClean(name, r);
  latencies.sort((a, b) => a - b);
  return {
    name,
    rps: r.requests.mean,
    p50: percentile(latencies, 50),
    p95: percentile(latencies, 95),
    p99: percentile(latencies, 99),
    requests: r.requests.total,
    non2xx: r.non2xx,
    cpu,
  };
}

const ms = (x: number | null) => (x === null ? "n/a" : x.toFixed(2));

function report(m: Measured, target: { p95: number; rps?: number }): string {
  const ok = m.p95 < target.p95 && (target.rps === undefined || m.rps >= target.rps);
  const want = `p95 < ${target.p95} ms${target.rps ? `, ≥ ${target.rps.toLocaleString("en")} req/s` : ""}`;
  return [
    `${m.name}`,
    `  requests/s (mean)  ${m.rps.toFixed(0)}   (${m.requests} requests in ${DURATION} s)`,
    `  latency p50/p95/p99  ${m.p50.toFixed(1)} / ${m.p95.toFixed(1)} / ${m.p99.toFixed(1)} ms`,
    `  non-2xx  ${m.non2xx}`,
    `  CPU per request  server ${ms(m.cpu.server)}${PGLITE ? " (PGlite runs inside it)" : `, PostgreSQL ${ms(m.cpu.pg)}`}, autocannon ${ms(m.cpu.bench)} ms` +
      `  (other processes took ${(m.cpu.othersShare * 100).toFixed(0)}% of the machine meanwhile)`,
    `  target  ${want}: ${ok ? "met" : "MISSED"}`,
  ].join("\n");
}

runBench("bench:api", async () => {
  console.log(`bench:api on ${machine()}`);
  console.log(
    `database: ${PGLITE ? "PGlite (embedded)" : `PostgreSQL, database ${DB_NAME}`}; ${ENTERPRISES} enterprises; ${CONNECTIONS} connections; ${WARMUP} s warm-up + ${DURATION} s per endpoint`,
  );
  const dataDir = tempDir("data");
  const env: Record<string, string> = {
    NODE_ENV: "production",
    SESSION_SECRET: "bench-session-secret-0123456789abcdefghij",
    ANGUAN_DEMO: "1",
    DEMO_ENTERPRISES: String(ENTERPRISES),
    LOG_LEVEL: "warn",
    DATA_DIR: dataDir,
    WEB_DIST: tempDir("web-dist"), // empty: no UI, no build
  };
  if (!PGLITE) env.DATABASE_URL = await recreateDatabase();

  console.log(`\nfirst start (migrate + seed ${ENTERPRISES} enterprises) …`);
  const server = await startServer(env);
  console.log(`  seed start → healthy: ${fmtS(server.readyMs)} wall clock (server's own "ready in": ${server.selfReportedMs ?? "?"} ms)`);

  if (!PGLITE) {
    const t = performance.now();
    await sql(env.DATABASE_URL!, "ANALYZE"); // the seed leaves no planner statistics until autovacuum (off on this machine)
    console.log(`  ANALYZE (as autovacuum would): ${fmtS(performance.now() - t)}`);
  }
  const cookie = await login(server.base);
  const paths = LIST_FILTERS.map(listPath);
  for (const p of paths) {
    const { total } = await getJson<{ total: number }>(server.base, p, cookie);
    console.log(`  ${decodeURIComponent(p)} → ${total} matches`);
    if (total === 0) throw new Error(`${p} matches nothing: the list benchmark would measure empty pages`);
  }
  const ids = await sampleIds(server.base, cookie);
  console.log(`  ${ids.length} enterprise ids for the detail benchmark\n`);

  const list = await measure(`GET /api/enterprises (region + sector + q, page size 20; ${paths.length} combinations)`, server, cookie, paths);
  console.log(report(list, { p95: 50, rps: 1500 }));
  const detail = await measure(
    `GET /api/enterprises/:id (${ids.length} ids)`,
    server,
    cookie,
    ids.map((id) => `/api/enterprises/${id}`),
  );
  console.log(report(detail, { p95: 20 }));
  console.log(`\nload avg after the run: ${machine().split("load avg ")[1]}`);

  if (process.env.BENCH_HOLD === "1") {
    console.log(`\nBENCH_HOLD: server at ${server.base}, cookie "${cookie}"${PGLITE ? "" : `, psql ${env.DATABASE_URL}`}; Ctrl-C to stop and clean up`);
    await new Promise(() => {});
  }
});
