/**
 * `npm run bench:hazards`: dual prevention at city scale on PostgreSQL.
 *
 * Data (kept between runs; each seed step is skipped when its marker is in `bench_seed`): the database
 * `anguan_bench_hazards` on the server of BENCH_DATABASE_URL / DATABASE_URL (default the local server; only host, port
 * and credentials are used). The server's own first start seeds the demo city with 20,000 enterprises; then, in SQL
 * (INSERT … SELECT generate_series, never row by row): one risk analysis object per enterprise, 50,000 units,
 * 200,000 risk events with one control measure and one inspection task each (a realistic mix of cycles), and
 * 1,000,000 hidden hazards over the last three years, appended in time order as in real life (status by age, 3 %
 * major, national sources and types, skewed over the enterprises), then
 * VACUUM ANALYZE (autovacuum is off on the development machine).
 *
 * Measured, against a server started as a child process (`node --import tsx server/src/main.ts`):
 *   1. the hazard list with filters (GET /api/hazards), autocannon, as the city bureau (zj.yjj) and as a township
 *      office (baohua.ajb): p95;
 *   2. the statistics page of the whole city: GET /api/hazard-stats (groupBy=region, monthly trend, default 12 months)
 *      and GET /api/hazard-stats/overdue-ranking, one request at a time, and both together as the page loads them;
 *   3. registering hazards (POST /api/hazards) under concurrency: hazards/s;
 *   4. generating one day's inspection task instances for the city, in-process: generateInspectionInstances(db, day).
 * and prints the figures against the targets (list p95 < 100 ms; statistics < 300 ms; ≥ 500 hazards/s; one day's
 * instances < 10 s).
 *
 * Environment: BENCH_RESEED=1 (drop and seed again), BENCH_DROP=1 (drop the database at the end), BENCH_CONNECTIONS
 * (default 8), BENCH_DURATION (s, default 10), BENCH_HAZARDS (default 1000000), BENCH_ENTERPRISES (default 20000),
 * BENCH_ONLY=list,stats,create,instances (some of the measurements), BENCH_HOLD=1 (keep the server up until Ctrl-C).
 */
import autocannon, { type Request, type Result } from "autocannon";
import pg from "pg";
import { fmtS, machine, onCleanup, percentile, runBench, type Server, startServer, tempDir } from "./lib";

const ADMIN_URL = process.env.BENCH_DATABASE_URL ?? process.env.DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";
const DB_NAME = "anguan_bench_hazards";
const ENTERPRISES = Number(process.env.BENCH_ENTERPRISES ?? 20_000);
const HAZARDS = Number(process.env.BENCH_HAZARDS ?? 1_000_000);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 8);
const DURATION = Number(process.env.BENCH_DURATION ?? 10);
const PASSWORD = "Anguan#2026";
const CHUNK = 100_000;
/** Name of the benchmark's risk objects (the demo seed has its own registers for some enterprises). */
const BENCH_OBJECT = "主要生产装置（基准）";

const dbUrl = () => {
  const u = new URL(ADMIN_URL);
  u.pathname = `/${DB_NAME}`;
  return u.toString();
};

async function query<R = Record<string, unknown>>(url: string, text: string, params: unknown[] = []): Promise<R[]> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    return (await c.query(text, params)).rows as R[];
  } finally {
    await c.end();
  }
}

async function ensureDatabase(): Promise<void> {
  if (process.env.BENCH_RESEED === "1") await query(ADMIN_URL, `DROP DATABASE IF EXISTS ${DB_NAME} WITH (FORCE)`);
  const [exists] = await query(ADMIN_URL, "SELECT 1 FROM pg_database WHERE datname = $1", [DB_NAME]);
  if (!exists) await query(ADMIN_URL, `CREATE DATABASE ${DB_NAME}`);
  if (process.env.BENCH_DROP === "1") onCleanup(() => query(ADMIN_URL, `DROP DATABASE IF EXISTS ${DB_NAME} WITH (FORCE)`).then(() => {}));
}

/** Runs a seed step once: its marker in bench_seed says it is done. */
async function step(c: pg.Client, name: string, fn: () => Promise<number>): Promise<void> {
  const [done] = (await c.query("SELECT rows, ms FROM bench_seed WHERE step = $1", [name])).rows as { rows: number; ms: number }[];
  if (done) {
    console.log(`  ${name}: already there (${done.rows.toLocaleString("en")} rows, seeded in ${fmtS(done.ms)})`);
    return;
  }
  const t0 = performance.now();
  await c.query("BEGIN");
  try {
    const rows = await fn();
    const ms = Math.round(performance.now() - t0);
    await c.query("INSERT INTO bench_seed (step, rows, ms) VALUES ($1, $2, $3)", [name, rows, ms]);
    await c.query("COMMIT");
    console.log(`  ${name}: ${rows.toLocaleString("en")} rows in ${fmtS(ms)}`);
  } catch (err) {
    await c.query("ROLLBACK");
    throw err;
  }
}

const TITLES = [
  "消防通道堵塞",
  "灭火器压力不足",
  "电气线路私拉乱接",
  "配电箱未上锁",
  "安全警示标志缺失",
  "可燃气体报警仪未校验",
  "压力表超期未检",
  "防护栏松动",
  "应急照明失效",
  "危化品未分类存放",
  "作业人员未佩戴防护用品",
  "安全阀未定期校验",
  "静电接地线断开",
  "叉车带病作业",
  "特种作业人员无证上岗",
  "应急预案未演练",
];
const sqlArray = (xs: readonly string[]) => `ARRAY[${xs.map((x) => `'${x}'`).join(",")}]`;

async function seedData(): Promise<void> {
  const c = new pg.Client({ connectionString: dbUrl() });
  await c.connect();
  try {
    await c.query("CREATE TABLE IF NOT EXISTS bench_seed (step text PRIMARY KEY, rows int NOT NULL, ms int NOT NULL)");
    const { n } = (await c.query("SELECT count(*)::int AS n FROM enterprises")).rows[0] as { n: number };
    console.log(`  ${n.toLocaleString("en")} enterprises (server seed)`);

    await step(c, "risk objects", async () => {
      const r = await c.query(`INSERT INTO risk_objects (enterprise_id, kind, name) SELECT id, 'production_unit', '${BENCH_OBJECT}' FROM enterprises`);
      return r.rowCount ?? 0;
    });
    await step(c, "risk units", async () => {
      // Two units per object, a third for half of them: 50,000 for 20,000 enterprises.
      const r = await c.query(`
        INSERT INTO risk_units (enterprise_id, object_id, name, department, liable_person, qr_token, risk_grade)
        SELECT o.enterprise_id, o.id, '风险分析单元' || g, '生产部', '张工', md5(o.id::text || g), (ARRAY['重大','较大','一般','低','低','一般'])[1 + (o.rn + g) % 6]
        FROM (SELECT id, enterprise_id, row_number() OVER (ORDER BY id) AS rn FROM risk_objects WHERE name = '${BENCH_OBJECT}') o
        CROSS JOIN generate_series(1, 3) g
        WHERE g <= 2 OR o.rn <= (SELECT count(*) / 2 FROM risk_objects WHERE name = '${BENCH_OBJECT}')`);
      return r.rowCount ?? 0;
    });
    await step(c, "risk events (4 per unit) with one control measure and one inspection task each", async () => {
      const ev = await c.query(`
        INSERT INTO risk_events (enterprise_id, unit_id, name, method, risk_grade, risk_level)
        SELECT u.enterprise_id, u.id, (ARRAY['火灾','爆炸','中毒和窒息','机械伤害','触电','高处坠落','物体打击','车辆伤害'])[1 + (abs(hashtext(u.id::text)) + g) % 8],
               'lec', (ARRAY['较大','一般','低','低'])[g], g + 1
        FROM risk_units u JOIN risk_objects o ON o.id = u.object_id AND o.name = '${BENCH_OBJECT}' CROSS JOIN generate_series(1, 4) g`);
      await c.query(`
        INSERT INTO control_measures (enterprise_id, unit_id, event_id, description, classify1, classify2, classify3, control_level, responsible_person, data_src, troubleshoot_content)
        SELECT e.enterprise_id, e.unit_id, e.id, '落实' || e.name || '防范措施', '1', '1-1', '', 'team', '李班长', 2, '检查' || e.name || '防范措施是否有效'
        FROM risk_events e JOIN risk_units u ON u.id = e.unit_id JOIN risk_objects o ON o.id = u.object_id AND o.name = '${BENCH_OBJECT}'`);
      // Cycles: 10 % every 2 hours 08:00–18:00, 50 % daily, 20 % weekly, 15 % monthly, 5 % yearly; a quarter working days only.
      await c.query(`
        INSERT INTO inspection_tasks (enterprise_id, unit_id, measure_id, content, cycle, cycle_unit, work_day_type, work_start, work_end, work_type, start_at)
        SELECT m.enterprise_id, m.unit_id, m.id, m.troubleshoot_content,
               CASE WHEN k < 2 THEN 2 ELSE 1 END,
               CASE WHEN k < 2 THEN 'hour' WHEN k < 12 THEN 'day' WHEN k < 16 THEN 'week' WHEN k < 19 THEN 'month' ELSE 'year' END,
               CASE WHEN k % 4 = 3 THEN 1 ELSE 0 END,
               CASE WHEN k < 2 THEN '08:00' END, CASE WHEN k < 2 THEN '18:00' END, 0, '2024-01-01T00:00:00+08:00'
        FROM (SELECT *, abs(hashtext(id::text)) % 20 AS k FROM control_measures WHERE description LIKE '落实%防范措施') m`);
      return ev.rowCount ?? 0;
    });
    const { org } = (await c.query("SELECT id AS org FROM organizations WHERE name = '镇江市应急管理局'")).rows[0] as { org: string };
    for (let from = 1; from <= HAZARDS; from += CHUNK) {
      const to = Math.min(HAZARDS, from + CHUNK - 1);
      await step(c, `hazards ${from.toLocaleString("en")}–${to.toLocaleString("en")}`, async () => {
        const r = await c.query(
          `
          WITH ent AS (SELECT id, region_path, sector, (row_number() OVER (ORDER BY id) - 1)::int AS i FROM enterprises),
          n AS (SELECT count(*)::int AS c FROM enterprises),
          raw AS (
            -- In the order they were registered (numbers rise with time, as rows are appended in real life).
            -- Skewed: a few enterprises report many hazards, most report a few.
            SELECT g, floor(random() * random() * (SELECT c FROM n))::int AS ei,
                   random() AS r1, random() AS r2, random() AS r3, random() AS r4, random() AS r5, random() AS r6, random() AS r7
            FROM generate_series($1::int, $2::int) g
          ),
          h AS (
            SELECT raw.*, ent.id AS enterprise_id, ent.region_path, ent.sector,
                   date_trunc('second', now() - (1 - (g - 1 + r1) / $4::float8) * interval '1095 days') AS reported_at,
                   (1 - (g - 1 + r1) / $4::float8) * 1095 AS age
            FROM raw JOIN ent ON ent.i = raw.ei
          ),
          s AS (
            SELECT h.*,
              CASE WHEN age > 60 THEN
                CASE WHEN r2 < 0.965 THEN 'closed' WHEN r2 < 0.98 THEN 'dismissed' WHEN r2 < 0.995 THEN 'rectifying' ELSE 'awaiting_acceptance' END
              ELSE
                CASE WHEN r2 < 0.45 THEN 'closed' WHEN r2 < 0.75 THEN 'rectifying' WHEN r2 < 0.85 THEN 'awaiting_acceptance'
                     WHEN r2 < 0.95 THEN 'reported' WHEN r2 < 0.97 AND r3 < 0.03 THEN 'awaiting_signoff' ELSE 'dismissed' END
              END AS status,
              CASE WHEN r3 < 0.03 THEN 'major' ELSE 'general' END AS level,
              reported_at + (1 + floor(r6 * 30)) * interval '1 day' AS due
            FROM h
          )
          INSERT INTO hazards (enterprise_id, region_path, sector, code, title, description, status, level, danger_type, source, manage_type,
                               reported_by_name, reported_at, confirmed_at, deadline, rectification, closed_at, accepted_at, accept_comment,
                               supervised_by_org_id, supervised_at, escalation_level, created_at, updated_at)
          SELECT enterprise_id, region_path, sector, 'YHB' || lpad(g::text, 9, '0'),
                 (${sqlArray(TITLES)})[1 + floor(r4 * ${TITLES.length})::int], '', status, level,
                 CASE WHEN r4 < 0.05 THEN NULL ELSE 1 + floor(r5 * 8)::int END,
                 CASE WHEN r5 < 0.55 THEN '1' WHEN r5 < 0.65 THEN '2' WHEN r5 < 0.70 THEN '3' WHEN r5 < 0.75 THEN '4' WHEN r5 < 0.80 THEN '5'
                      WHEN r5 < 0.82 THEN '6' WHEN r5 < 0.84 THEN '7' WHEN r5 < 0.87 THEN '8' WHEN r5 < 0.92 THEN '9' WHEN r5 < 0.94 THEN '10'
                      WHEN r5 < 0.97 THEN 'regulator' WHEN r5 < 0.985 THEN 'third_party' WHEN r5 < 0.99 THEN 'public' ELSE 'snapshot' END,
                 CASE WHEN status IN ('reported', 'dismissed') THEN NULL WHEN r6 < 0.4 THEN 'immediate' ELSE 'deadline' END,
                 '安全员', reported_at,
                 CASE WHEN status IN ('reported', 'dismissed') THEN NULL ELSE reported_at + interval '2 hours' END,
                 CASE WHEN status IN ('reported', 'dismissed') THEN NULL ELSE due END,
                 CASE WHEN status IN ('reported', 'dismissed') THEN NULL
                      ELSE jsonb_build_object('measures', '立即整改', 'liablePerson', '王主任', 'funds', floor(r7 * 5000), 'contingencyPlan', '专项预案') END,
                 CASE WHEN status = 'closed' THEN least(now(), reported_at + (0.5 + r7 * 25) * interval '1 day') END,
                 CASE WHEN status IN ('closed', 'awaiting_signoff') THEN least(now(), reported_at + (0.5 + r7 * 25) * interval '1 day') END,
                 CASE WHEN status = 'closed' THEN '验收合格' END,
                 CASE WHEN level = 'major' AND r7 < 0.3 THEN $3::uuid END,
                 CASE WHEN level = 'major' AND r7 < 0.3 THEN reported_at + interval '1 day' END,
                 -- Already escalated as the job would have (0 / 24 / 72 h after the deadline), so its first run has little to do.
                 CASE WHEN status = 'rectifying' AND due < now() THEN
                   CASE WHEN now() - due > interval '72 hours' THEN 3 WHEN now() - due > interval '24 hours' THEN 2 ELSE 1 END ELSE 0 END,
                 reported_at, reported_at
          FROM s`,
          [from, to, org, HAZARDS],
        );
        return r.rowCount ?? 0;
      });
    }
    await step(c, "VACUUM ANALYZE", async () => {
      await c.query("COMMIT"); // VACUUM cannot run inside the step's transaction
      await c.query("VACUUM ANALYZE");
      await c.query("BEGIN");
      return 0;
    });
    const totals = (
      await c.query(`SELECT (SELECT count(*) FROM risk_units)::int AS units, (SELECT count(*) FROM risk_events)::int AS events,
        (SELECT count(*) FROM control_measures)::int AS measures, (SELECT count(*) FROM inspection_tasks WHERE active)::int AS tasks,
        (SELECT count(*) FROM hazards)::int AS hazards`)
    ).rows[0] as Record<string, number>;
    console.log(
      `  in the database (with the demo seed's own registers): ${Object.entries(totals)
        .map(([k, v]) => `${v.toLocaleString("en")} ${k}`)
        .join(", ")}`,
    );
  } finally {
    await c.end();
  }
}

async function login(base: string, username: string): Promise<{ cookie: string; csrf: string }> {
  const res = await fetch(`${base}/api/auth/login`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ username, password: PASSWORD }),
  });
  if (res.status !== 200) throw new Error(`login as ${username} answered ${res.status}: ${await res.text()}`);
  const pairs = res.headers.getSetCookie().map((c) => c.split(";")[0]!);
  const csrf = pairs.find((p) => p.startsWith("anguan_csrf="))?.split("=")[1] ?? "";
  return { cookie: pairs.join("; "), csrf };
}

async function timed(base: string, path: string, cookie: string): Promise<{ ms: number; body: unknown }> {
  const t0 = performance.now();
  const res = await fetch(base + path, { headers: { cookie } });
  const body = res.headers.get("content-type")?.includes("json") ? await res.json() : await res.arrayBuffer();
  const ms = performance.now() - t0;
  if (res.status !== 200) throw new Error(`GET ${path} answered ${res.status}: ${JSON.stringify(body)}`);
  return { ms, body };
}

function rotating(paths: readonly string[], extra: Partial<Request> = {}): Request[] {
  let i = 0;
  return [{ method: "GET", ...extra, setupRequest: (req) => ({ ...req, path: paths[i++ % paths.length]! }) }];
}

function assertClean(label: string, r: Result): void {
  if (r.non2xx || r.errors || r.timeouts)
    throw new Error(`${label}: ${r.non2xx} non-2xx (4xx ${r["4xx"]}, 5xx ${r["5xx"]}), ${r.errors} errors, ${r.timeouts} timeouts`);
}

interface Figure {
  what: string;
  value: string;
  target: string;
  met: boolean;
}
const figures: Figure[] = [];

async function loadTest(label: string, server: Server, opts: { cookie: string; requests: Request[] }) {
  const base = { url: server.base, connections: CONNECTIONS, headers: { cookie: opts.cookie }, timeout: 10 };
  assertClean(`${label} (warm-up)`, await autocannon({ ...base, duration: 2, requests: opts.requests }));
  const latencies: number[] = [];
  const run = autocannon({ ...base, duration: DURATION, requests: opts.requests });
  run.on("response", (_c, _s, _b, ms) => latencies.push(ms));
  const r = await run;
  assertClean(label, r);
  latencies.sort((a, b) => a - b);
  return { rps: r.requests.mean, total: r.requests.total, p50: percentile(latencies, 50), p95: percentile(latencies, 95), p99: percentile(latencies, 99) };
}

async function listBench(server: Server) {
  const probe = await fetch(`${server.base}/api/hazards?pageSize=1`, { headers: { cookie: (await login(server.base, "zj.yjj")).cookie } });
  if (probe.status === 404) {
    console.log("  GET /api/hazards is not registered: list benchmark skipped");
    return;
  }
  const filters: Record<string, Record<string, string>[]> = {
    "zj.yjj": [
      { status: "rectifying", regionCode: "321183" },
      { level: "major", status: "open" },
      { overdue: "1" },
      { source: "regulator", from: "2026-01-01" },
      { sector: "hazchem_production", dangerType: "5" },
      { supervised: "1" },
      { q: "消防" },
      {},
    ],
    "baohua.ajb": [{ status: "rectifying" }, { overdue: "1" }, { level: "major" }, { from: "2026-06-01", to: "2026-09-30" }, { q: "灭火器" }, {}],
  };
  for (const [user, list] of Object.entries(filters)) {
    const { cookie } = await login(server.base, user);
    const paths = list.map((f) => `/api/hazards?${new URLSearchParams({ ...f, page: "1", pageSize: "20" })}`);
    for (const p of paths) {
      const { body } = await timed(server.base, p, cookie);
      console.log(`  ${user} ${decodeURIComponent(p)} → ${(body as { total: number }).total.toLocaleString("en")} matches`);
    }
    const m = await loadTest(`list as ${user}`, server, { cookie, requests: rotating(paths) });
    console.log(
      `  list as ${user}: ${m.rps.toFixed(0)} req/s, p50/p95/p99 ${m.p50.toFixed(1)} / ${m.p95.toFixed(1)} / ${m.p99.toFixed(1)} ms (${CONNECTIONS} connections)`,
    );
    figures.push({
      what: `hazard list with filters, p95 (${user}, ${CONNECTIONS} connections)`,
      value: `${m.p95.toFixed(1)} ms`,
      target: "< 100 ms",
      met: m.p95 < 100,
    });
  }
}

async function statsBench(server: Server) {
  const { cookie } = await login(server.base, "zj.yjj");
  const runs = 15;
  const pages: Record<string, string> = {
    "statistics, groupBy=region, monthly trend (12 months)": "/api/hazard-stats?groupBy=region&period=month",
    "statistics, groupBy=sector, weekly trend (12 weeks)": "/api/hazard-stats?groupBy=sector&period=week",
    "statistics, groupBy=enterprise (句容市), daily (30 days; counted from the hazards)": "/api/hazard-stats?groupBy=enterprise&regionCode=321183&period=day",
    "statistics, groupBy=type, monthly (12 months; counted from the hazards)": "/api/hazard-stats?groupBy=type&period=month",
    "statistics, groupBy=region, one calendar year": "/api/hazard-stats?groupBy=region&from=2025-01-01&to=2025-12-31",
    "overdue ranking (top 20)": "/api/hazard-stats/overdue-ranking?limit=20",
  };
  let first = true;
  for (const [label, path] of Object.entries(pages)) {
    await timed(server.base, path, cookie); // warm
    const xs: number[] = [];
    let body: unknown;
    for (let i = 0; i < runs; i++) {
      const r = await timed(server.base, path, cookie);
      xs.push(r.ms);
      body = r.body;
    }
    xs.sort((a, b) => a - b);
    if (first) {
      const b = body as { totals: Record<string, number> };
      console.log(`  city totals (12 months): ${JSON.stringify(b.totals)}`);
      first = false;
    }
    console.log(
      `  ${label}: p50 ${percentile(xs, 50).toFixed(0)} ms, p95 ${percentile(xs, 95).toFixed(0)} ms, max ${xs[xs.length - 1]!.toFixed(0)} ms (${runs} runs, one at a time)`,
    );
    figures.push({ what: `city ${label}, p95`, value: `${percentile(xs, 95).toFixed(0)} ms`, target: "< 300 ms", met: percentile(xs, 95) < 300 });
  }
  // The page: statistics and ranking requested together.
  const xs: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    await Promise.all([
      timed(server.base, pages["statistics, groupBy=region, monthly trend (12 months)"]!, cookie),
      timed(server.base, pages["overdue ranking (top 20)"]!, cookie),
    ]);
    xs.push(performance.now() - t0);
  }
  xs.sort((a, b) => a - b);
  console.log(`  statistics page (both requests together): p50 ${percentile(xs, 50).toFixed(0)} ms, p95 ${percentile(xs, 95).toFixed(0)} ms`);
  figures.push({
    what: "city statistics page (statistics + ranking together), p95",
    value: `${percentile(xs, 95).toFixed(0)} ms`,
    target: "< 300 ms",
    met: percentile(xs, 95) < 300,
  });
}

async function createBench(server: Server) {
  const { cookie, csrf } = await login(server.base, "zj.yjj");
  const ids = (await query<{ id: string }>(dbUrl(), "SELECT id FROM enterprises ORDER BY id LIMIT 500")).map((r) => r.id);
  const [before] = await query<{ n: number }>(dbUrl(), "SELECT count(*)::int AS n FROM hazards");
  let i = 0;
  const requests: Request[] = [
    {
      method: "POST",
      headers: { cookie, "x-csrf-token": csrf, "content-type": "application/json" },
      setupRequest: (req) => ({
        ...req,
        path: "/api/hazards",
        body: JSON.stringify({ enterpriseId: ids[i++ % ids.length], title: `监管检查发现隐患 ${i}`, description: "消防通道堆放杂物", dangerType: 5 }),
      }),
    },
  ];
  const probe = await fetch(`${server.base}/api/hazards`, {
    method: "POST",
    headers: requests[0]!.headers,
    body: JSON.stringify({ enterpriseId: ids[0], title: "探测", dangerType: 5 }),
  });
  if (probe.status === 404) {
    console.log("  POST /api/hazards is not registered: creation benchmark skipped");
    return;
  }
  if (probe.status !== 201) throw new Error(`POST /api/hazards answered ${probe.status}: ${await probe.text()}`);
  const m = await loadTest("create", server, { cookie, requests });
  const [after] = await query<{ n: number }>(dbUrl(), "SELECT count(*)::int AS n FROM hazards");
  console.log(
    `  POST /api/hazards: ${m.rps.toFixed(0)} hazards/s, p50/p95 ${m.p50.toFixed(1)} / ${m.p95.toFixed(1)} ms (${CONNECTIONS} connections; ${(after!.n - before!.n).toLocaleString("en")} hazards added incl. warm-up)`,
  );
  figures.push({
    what: `registering hazards, POST /api/hazards (${CONNECTIONS} connections)`,
    value: `${m.rps.toFixed(0)} /s`,
    target: "≥ 500 /s",
    met: m.rps >= 500,
  });
}

async function instancesBench() {
  const { openDatabase } = await import("../server/src/db/client");
  const { generateInspectionInstances } = await import("../server/src/features/inspections/jobs");
  const { addDays, shanghaiDate } = await import("../server/src/platform/time");
  const d = await openDatabase({ url: dbUrl(), poolSize: 4 });
  try {
    const now = new Date();
    // A day the server's own job has not generated yet (it does today and tomorrow); cleared first so reruns measure the same work.
    const day = addDays(shanghaiDate(now), 3);
    await d.pool!.query("DELETE FROM inspection_instances WHERE due_from >= ($1::date)::timestamp AT TIME ZONE 'Asia/Shanghai'", [addDays(day, -1)]);
    const [tasks] = (await d.pool!.query("SELECT count(*)::int AS n FROM inspection_tasks WHERE active")).rows as { n: number }[];
    const t0 = performance.now();
    const n = await generateInspectionInstances(d.db, day, now);
    const ms = performance.now() - t0;
    console.log(`  generateInspectionInstances(${day}): ${n.toLocaleString("en")} instances from ${tasks!.n.toLocaleString("en")} tasks in ${fmtS(ms)}`);
    figures.push({ what: `one day's inspection instances for the city (${n.toLocaleString("en")})`, value: fmtS(ms), target: "< 10 s", met: ms < 10_000 });
  } finally {
    await d.close();
  }
}

/** Waits until the server's first background-jobs run (2 s after start) is over, so it does not overlap the measurements. */
async function waitForJobs(): Promise<void> {
  await new Promise((r) => setTimeout(r, 3_000));
  for (let i = 0; i < 600; i++) {
    const rows = await query(dbUrl(), "SELECT 1 FROM pg_locks WHERE locktype = 'advisory' AND objid = 7213003 AND granted");
    if (rows.length === 0) return;
    await new Promise((r) => setTimeout(r, 500));
  }
}

runBench("bench:hazards", async () => {
  console.log(`bench:hazards on ${machine()}`);
  console.log(
    `database: PostgreSQL, database ${DB_NAME} (kept between runs); ${ENTERPRISES.toLocaleString("en")} enterprises, ${HAZARDS.toLocaleString("en")} hazards`,
  );
  await ensureDatabase();
  const env: Record<string, string> = {
    NODE_ENV: "production",
    SESSION_SECRET: "bench-session-secret-0123456789abcdefghij",
    ANGUAN_DEMO: "1",
    DEMO_ENTERPRISES: String(ENTERPRISES),
    LOG_LEVEL: "warn",
    DATA_DIR: tempDir("data"),
    WEB_DIST: tempDir("web-dist"),
    DATABASE_URL: dbUrl(),
    JOBS_INTERVAL_SECONDS: "86400",
  };
  console.log("\nserver start (migrations; the demo seed on the first start) …");
  const first = await startServer(env, 3_600_000); // the 20,000-enterprise demo seed takes minutes on a busy machine
  console.log(`  healthy after ${fmtS(first.readyMs)}`);
  await first.stop();
  console.log("\nseeding (skipped where already done) …");
  await seedData();
  const server = await startServer(env);
  console.log(`\nserver up in ${fmtS(server.readyMs)}; waiting for its first background-jobs run to finish …`);
  await waitForJobs();

  const only = process.env.BENCH_ONLY?.split(",");
  const parts: [string, string, () => Promise<void>][] = [
    ["list", "1. hazard list with filters", () => listBench(server)],
    ["stats", "2. statistics of the whole city", () => statsBench(server)],
    ["create", "3. registering hazards", () => createBench(server)],
    ["instances", "4. one day's inspection task instances", () => instancesBench()],
  ];
  for (const [key, title, run] of parts) {
    if (only && !only.includes(key)) continue;
    console.log(`\n${title}`);
    await run();
  }

  console.log(`\nload avg after the run: ${machine().split("load avg ")[1]}`);
  const w = Math.max(...figures.map((f) => f.what.length));
  console.log(`\n${"figure".padEnd(w)}  ${"measured".padStart(10)}  ${"target".padEnd(9)}  result`);
  for (const f of figures) console.log(`${f.what.padEnd(w)}  ${f.value.padStart(10)}  ${f.target.padEnd(9)}  ${f.met ? "met" : "MISSED"}`);
  if (process.env.BENCH_HOLD === "1") {
    console.log(`\nBENCH_HOLD: server at ${server.base}; psql ${dbUrl()}; Ctrl-C to stop`);
    await new Promise(() => {});
  }
});
