/**
 * `npm run bench:permits`: special-work permits (GB 30871-2022) at city scale on PostgreSQL.
 *
 * Data, in a fresh database `anguan_bench_permits` on the server of BENCH_DATABASE_URL / DATABASE_URL (default the
 * local server; only host, port and credentials are used), dropped at the end (BENCH_KEEP=1 keeps it):
 *  - the server's first start seeds the demo city with 2,000 enterprises (BENCH_ENTERPRISES), including the demo
 *    steward fixture of 镇江华泰化工 (ent.a.safety and its certified people);
 *  - then in SQL (INSERT … SELECT generate_series, never row by row): 12 people per enterprise (main leader, safety
 *    manager, work leader, two watchmen, welders, electrician, scaffolder, crane operator, process operator, analyst)
 *    with their certificates (4 % expired, 3 % expiring);
 *  - 10,000 permits a day for 365 days (BENCH_PER_DAY × BENCH_DAYS = 3,650,000), appended in time order, spread over
 *    the enterprises by sector (hazardous chemicals weigh 12, industry 4, logistics/commerce 2, the rest 1). Type and
 *    grade mix: hot work 35 % (特级 2, 一级 12, 二级 21), height 20 % (Ⅰ 8, Ⅱ 6, Ⅲ 4, Ⅳ 2), temporary electricity 12 %,
 *    confined space 9 %, lifting 8 % (三级 6, 二级 1.6, 一级 0.4), blinding 7 %, excavation 6 %, road breaking 3 %.
 *    Grade inputs, grade result, approver level and the high-risk flag come from the domain (gradePermit,
 *    requiredApprover, isHighRiskWork) for each combination. Status by age: older than yesterday 95 % closed, 5 %
 *    cancelled; yesterday mostly closed, some completed or still in progress; today a live mix. Codes as the server
 *    assigns them (type prefix, day, per-enterprise sequence);
 *  - permit_workers for every permit (1–2 workers holding the type's certificate; the certificate snapshot is left
 *    empty), safety measures (the type's checklist) only for the last 30 days; no gas analyses, evidence or events;
 *  - VACUUM ANALYZE.
 *
 * Measured against the server as a child process, after its first background-jobs run:
 *  (a) GET /api/permits/high-risk ("today's high-risk work") as the city bureau (zj.yjj), the county bureau (jr.yjj)
 *      and the township office (baohua.ajb): one request at a time, BENCH_RUNS (default 60) after 5 warm-ups: p50/p95;
 *  (b) applying and submitting, as ent.a.safety in 镇江华泰化工: POST /api/permits (draft), PUT …/measures (answer the
 *      checklist), POST …/actions/submit (certificates of every worker and the watchman, validity window, measures
 *      answered, linked permits) — BENCH_SUBMITS (default 220) permits one at a time over hot work, height and
 *      temporary electricity: p50/p95 of each call;
 * and prints the figures against the targets (high-risk screen < 200 ms; submission p95 < 50 ms).
 *
 * Environment: BENCH_ENTERPRISES (2000), BENCH_PER_DAY (10000), BENCH_DAYS (365), BENCH_RUNS (60), BENCH_SUBMITS (220),
 * BENCH_KEEP=1 (keep the database), BENCH_HOLD=1 (keep the server up until Ctrl-C).
 */
import {
  beijingDate,
  type GradeInputs,
  gradePermit,
  isHighRiskWork,
  MEASURE_TEMPLATES,
  type PermitGrade,
  requiredApprover,
  SPECIAL_WORK_TYPES,
  type SpecialWorkType,
} from "@anguan/domain";
import pg from "pg";
import { fmtS, machine, onCleanup, percentile, runBench, type Server, startServer, tempDir } from "./lib";

const ADMIN_URL = process.env.BENCH_DATABASE_URL ?? process.env.DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";
const DB_NAME = "anguan_bench_permits";
const ENTERPRISES = Number(process.env.BENCH_ENTERPRISES ?? 2_000);
const PER_DAY = Number(process.env.BENCH_PER_DAY ?? 10_000);
const DAYS = Number(process.env.BENCH_DAYS ?? 365);
const RUNS = Number(process.env.BENCH_RUNS ?? 60);
const SUBMITS = Number(process.env.BENCH_SUBMITS ?? 220);
const PASSWORD = "Anguan#2026";
/** Days per load step (a step is one INSERT of permits with their workers). */
const CHUNK_DAYS = 30;
const MIN = 60_000;

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

async function freshDatabase(): Promise<void> {
  await query(ADMIN_URL, `DROP DATABASE IF EXISTS ${DB_NAME} WITH (FORCE)`);
  await query(ADMIN_URL, `CREATE DATABASE ${DB_NAME}`);
  if (process.env.BENCH_KEEP !== "1") onCleanup(() => query(ADMIN_URL, `DROP DATABASE IF EXISTS ${DB_NAME} WITH (FORCE)`).then(() => {}));
}

// ---------------------------------------------------------------------------------------------------------------
// Type and grade mix: each combination graded by the domain.

interface Combo {
  type: SpecialWorkType;
  expect: PermitGrade | null;
  /** Share in per mille. */
  share: number;
  inputs: GradeInputs;
  hours: [number, number];
  /** Slots (see PEOPLE) of the first and, with probability `second`, a second worker. */
  workers: [number, number | null, number];
}

const hot = (x: Partial<Extract<GradeInputs, { type: "hot_work" }>>): GradeInputs => ({
  type: "hot_work",
  inHazardArea: false,
  onRunningEquipment: false,
  inMajorHazardTankDike: false,
  onPipeRack: false,
  ...x,
});

const COMBOS: Combo[] = [
  { type: "hot_work", expect: "hot_special", share: 20, inputs: hot({ inHazardArea: true, onRunningEquipment: true }), hours: [2, 8], workers: [5, 6, 0.5] },
  { type: "hot_work", expect: "hot_1", share: 120, inputs: hot({ inHazardArea: true }), hours: [2, 8], workers: [5, 6, 0.4] },
  { type: "hot_work", expect: "hot_2", share: 210, inputs: hot({}), hours: [2, 24], workers: [5, 6, 0.3] },
  { type: "height", expect: "height_1", share: 80, inputs: { type: "height", heightM: 3, factors: [] }, hours: [2, 24], workers: [8, null, 0] },
  { type: "height", expect: "height_2", share: 60, inputs: { type: "height", heightM: 8, factors: [] }, hours: [2, 24], workers: [8, null, 0] },
  { type: "height", expect: "height_3", share: 40, inputs: { type: "height", heightM: 20, factors: [] }, hours: [2, 24], workers: [8, null, 0] },
  { type: "height", expect: "height_4", share: 20, inputs: { type: "height", heightM: 35, factors: ["wind_5"] }, hours: [2, 12], workers: [8, null, 0] },
  { type: "temp_electricity", expect: null, share: 120, inputs: { type: "temp_electricity", inHazardArea: false }, hours: [24, 168], workers: [7, null, 0] },
  { type: "confined_space", expect: null, share: 90, inputs: { type: "confined_space", inHazardArea: true }, hours: [2, 12], workers: [10, 5, 0.6] },
  { type: "lifting", expect: "lifting_3", share: 60, inputs: { type: "lifting", massT: 20 }, hours: [2, 8], workers: [9, null, 0] },
  { type: "lifting", expect: "lifting_2", share: 16, inputs: { type: "lifting", massT: 60 }, hours: [2, 8], workers: [9, null, 0] },
  { type: "lifting", expect: "lifting_1", share: 4, inputs: { type: "lifting", massT: 150 }, hours: [4, 12], workers: [9, null, 0] },
  { type: "blinding", expect: null, share: 70, inputs: { type: "blinding", inHazardArea: true }, hours: [1, 4], workers: [10, 6, 0.5] },
  { type: "excavation", expect: null, share: 60, inputs: { type: "excavation", inHazardArea: false }, hours: [4, 48], workers: [10, 11, 0.5] },
  { type: "road_breaking", expect: null, share: 30, inputs: { type: "road_breaking", inHazardArea: false }, hours: [4, 48], workers: [10, null, 0] },
];

/** People of each enterprise by slot: post, department, key group, certificates. */
const PEOPLE: { post: string; department: string; keyGroup: string | null; certs: string[] }[] = [
  { post: "总经理（主要负责人）", department: "公司领导", keyGroup: "main_leader", certs: ["main_leader"] },
  { post: "安全管理员", department: "安全环保部", keyGroup: "safety_manager", certs: ["safety_manager", "watchman"] },
  { post: "设备主任", department: "设备部", keyGroup: null, certs: [] },
  { post: "监护人", department: "安全环保部", keyGroup: null, certs: ["watchman"] },
  { post: "监护人", department: "生产部", keyGroup: null, certs: ["watchman"] },
  { post: "焊工", department: "设备部", keyGroup: "special_operation", certs: ["welding_cutting"] },
  { post: "焊工", department: "设备部", keyGroup: "special_operation", certs: ["welding_cutting"] },
  { post: "电工", department: "设备部", keyGroup: "special_operation", certs: ["electrician"] },
  { post: "架子工", department: "设备部", keyGroup: "special_operation", certs: ["height_work"] },
  { post: "起重工", department: "设备部", keyGroup: "special_operation", certs: ["crane"] },
  { post: "操作工", department: "生产部", keyGroup: "special_operation", certs: ["hazchem_process"] },
  { post: "分析员", department: "质检部", keyGroup: null, certs: [] },
];

const SURNAMES =
  "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤".split(
    "",
  );
const GIVEN = [
  "伟",
  "强",
  "磊",
  "军",
  "勇",
  "杰",
  "涛",
  "斌",
  "超",
  "明",
  "刚",
  "平",
  "辉",
  "鹏",
  "华",
  "飞",
  "鑫",
  "波",
  "宁",
  "建国",
  "建华",
  "志强",
  "海涛",
  "立新",
  "国庆",
  "卫东",
  "红军",
  "永刚",
  "晓东",
  "春生",
];
const lit = (s: string) => `'${s.replaceAll("'", "''")}'`;
const sqlArray = (xs: readonly string[]) => `ARRAY[${xs.map(lit).join(",")}]::text[]`;

/** Runs one load step in a transaction and prints its time. */
async function step(c: pg.Client, name: string, fn: () => Promise<number>, timings: { name: string; rows: number; ms: number }[]): Promise<void> {
  const t0 = performance.now();
  await c.query("BEGIN");
  try {
    const rows = await fn();
    await c.query("COMMIT");
    const ms = performance.now() - t0;
    timings.push({ name, rows, ms });
    console.log(`  ${name}: ${rows.toLocaleString("en")} rows in ${fmtS(ms)}`);
  } catch (err) {
    await c.query("ROLLBACK");
    throw err;
  }
}

async function seedData(): Promise<{ loadMs: number; counts: Record<string, number> }> {
  const c = new pg.Client({ connectionString: dbUrl() });
  await c.connect();
  const timings: { name: string; rows: number; ms: number }[] = [];
  const t0 = performance.now();
  try {
    // Lookups: combinations (graded by the domain) and their slots, the measure templates, the people slots.
    const ref = { start: new Date("2026-11-24T09:00:00+08:00"), end: new Date("2026-11-24T11:00:00+08:00") }; // a working Tuesday, daytime
    const comboRows = COMBOS.map((k, idx) => {
      const result = gradePermit(k.inputs, ref.start, ref.end);
      if (result.grade !== k.expect) throw new Error(`combination ${idx}: the domain grades ${k.type} as ${result.grade}, expected ${k.expect}`);
      const appr = requiredApprover(k.type, result.grade);
      return `(${idx}, ${lit(k.type)}, ${result.grade ? lit(result.grade) : "NULL"}, ${lit(JSON.stringify(k.inputs))}::jsonb, ${lit(JSON.stringify(result))}::jsonb,
        ${isHighRiskWork(k.type, result.grade)}, ${lit(appr.level)}, ${sqlArray(appr.coSign)}, ${lit(SPECIAL_WORK_TYPES[k.type].prefix)},
        ${"inHazardArea" in k.inputs ? !!k.inputs.inHazardArea : false}, ${k.hours[0]}, ${k.hours[1]}, ${k.workers[0]}, ${k.workers[1] ?? "NULL"}, ${k.workers[2]}, ${k.share})`;
    });
    await c.query(`CREATE TABLE bench_combo (idx int PRIMARY KEY, type text, grade text, inputs jsonb, result jsonb, high_risk boolean, approver_level text,
      co_sign text[], prefix text, in_hazard boolean, h_min float8, h_max float8, w1 int, w2 int, w2_p float8, share int)`);
    await c.query(`INSERT INTO bench_combo VALUES ${comboRows.join(",")}`);
    await c.query(
      `CREATE TABLE bench_combo_slot AS SELECT (row_number() OVER (ORDER BY idx, g) - 1)::int AS k, idx FROM bench_combo, generate_series(1, share) g`,
    );
    await c.query("CREATE UNIQUE INDEX ON bench_combo_slot (k)");
    const measureRows = (Object.keys(MEASURE_TEMPLATES) as SpecialWorkType[]).flatMap((t) =>
      MEASURE_TEMPLATES[t].map((m) => `(${lit(t)}, ${m.no}, ${lit(m.text)}, ${!!m.photo})`),
    );
    await c.query("CREATE TABLE bench_measure (type text, no int, text text, photo boolean)");
    await c.query(`INSERT INTO bench_measure VALUES ${measureRows.join(",")}`);
    await c.query("CREATE TABLE bench_person_slot (slot int, post text, department text, key_group text)");
    await c.query(
      `INSERT INTO bench_person_slot VALUES ${PEOPLE.map((p, i) => `(${i}, ${lit(p.post)}, ${lit(p.department)}, ${p.keyGroup ? lit(p.keyGroup) : "NULL"})`).join(",")}`,
    );
    await c.query("CREATE TABLE bench_cert_slot (slot int, type text)");
    await c.query(`INSERT INTO bench_cert_slot VALUES ${PEOPLE.flatMap((p, i) => p.certs.map((t) => `(${i}, ${lit(t)})`)).join(",")}`);

    // Enterprises with their people's ids and names (arrays, 1-based by slot + 1) and a weight by sector.
    await step(
      c,
      "enterprises (weights, people ids)",
      async () => {
        const r = await c.query(`
          CREATE TABLE bench_ent AS
          SELECT (row_number() OVER (ORDER BY e.id) - 1)::int AS i, e.id, e.region_path, e.sector,
                 CASE WHEN e.sector LIKE 'hazchem%' THEN 12
                      WHEN e.sector IN ('metallurgy','nonferrous','building_materials','machinery','light_industry','textile','non_coal_mine','tobacco','construction','fireworks') THEN 4
                      WHEN e.sector IN ('logistics_warehousing','transport','commerce') THEN 2 ELSE 1 END AS weight,
                 ARRAY(SELECT gen_random_uuid() FROM generate_series(1, ${PEOPLE.length}) WHERE e.id IS NOT NULL) AS ids,
                 ARRAY(SELECT (${sqlArray(SURNAMES)})[1 + floor(random() * ${SURNAMES.length})::int] || (${sqlArray(GIVEN)})[1 + floor(random() * ${GIVEN.length})::int]
                       FROM generate_series(1, ${PEOPLE.length}) WHERE e.id IS NOT NULL) AS names
          FROM enterprises e`);
        await c.query("CREATE UNIQUE INDEX ON bench_ent (i)");
        await c.query("CREATE UNIQUE INDEX ON bench_ent (id)");
        await c.query(
          "CREATE TABLE bench_ent_slot AS SELECT (row_number() OVER (ORDER BY e.i, g) - 1)::int AS k, e.i FROM bench_ent e, generate_series(1, e.weight) g",
        );
        await c.query("CREATE UNIQUE INDEX ON bench_ent_slot (k)");
        return r.rowCount ?? 0;
      },
      timings,
    );
    await step(
      c,
      "personnel",
      async () => {
        const r = await c.query(`
          INSERT INTO personnel (id, enterprise_id, region_path, sector, name, kind, department, post, key_group, created_at, updated_at)
          SELECT e.ids[s.slot + 1], e.id, e.region_path, e.sector, e.names[s.slot + 1], 'employee', s.department, s.post, s.key_group,
                 now() - interval '400 days', now() - interval '400 days'
          FROM bench_ent e CROSS JOIN bench_person_slot s`);
        return r.rowCount ?? 0;
      },
      timings,
    );
    await step(
      c,
      "certificates (4 % expired, 3 % expiring)",
      async () => {
        const r = await c.query(`
          INSERT INTO certificates (enterprise_id, region_path, sector, person_id, type, title, number, issuer, issued_on, valid_until, created_at, updated_at)
          SELECT e.id, e.region_path, e.sector, e.ids[s.slot + 1], s.type, '', 'B' || e.i || '-' || s.slot || '-' || s.type,
                 CASE WHEN s.type IN ('main_leader','safety_manager') THEN '镇江市应急管理局' WHEN s.type = 'watchman' THEN '企业内部培训'
                      WHEN s.type = 'crane' THEN '镇江市市场监督管理局' ELSE '江苏省应急管理厅' END,
                 (v.until - interval '6 years')::date, v.until, now() - interval '400 days', now() - interval '400 days'
          FROM bench_ent e CROSS JOIN bench_cert_slot s
          CROSS JOIN LATERAL (SELECT random() AS r WHERE e.id IS NOT NULL AND s.slot IS NOT NULL) x
          CROSS JOIN LATERAL (SELECT (CASE WHEN x.r < 0.04 THEN current_date - (1 + floor(x.r * 5000))::int
                                           WHEN x.r < 0.07 THEN current_date + floor((x.r - 0.04) * 900)::int
                                           ELSE current_date + 40 + floor(x.r * 1500)::int END) AS until) v`);
        return r.rowCount ?? 0;
      },
      timings,
    );

    // Codes continue the sequences of the demo seed's own permits (ent-a and others have some in the last 60 days).
    await c.query(`CREATE TABLE bench_seq_base AS SELECT enterprise_id, (created_at AT TIME ZONE 'Asia/Shanghai')::date AS day, max(right(code, 4)::int) AS n
      FROM permits GROUP BY 1, 2`);
    await c.query("CREATE UNIQUE INDEX ON bench_seq_base (enterprise_id, day)");
    const entSlots = ((await c.query("SELECT count(*)::int AS k FROM bench_ent_slot")).rows[0] as { k: number }).k;
    // Days as the server counts them (Asia/Shanghai), whatever the database session's zone.
    const today = beijingDate(new Date());
    let workers = 0;
    const total = PER_DAY * DAYS;
    const chunk = PER_DAY * CHUNK_DAYS;
    for (let from = 1; from <= total; from += chunk) {
      const to = Math.min(total, from + chunk - 1);
      const firstDay = Math.floor((from - 1) / PER_DAY);
      const lastDay = Math.floor((to - 1) / PER_DAY);
      await step(
        c,
        `permits + workers, days ${firstDay + 1}–${lastDay + 1} of ${DAYS}`,
        async () => {
          const r = await c.query(
            `
            WITH raw AS (
              SELECT g, ((g - 1) / $3::int)::int AS d, random() AS r1, random() AS r2, random() AS r3, random() AS r4, random() AS r5, random() AS r6
              FROM generate_series($1::int, $2::int) g
            ),
            p0 AS (
              SELECT raw.*, e.id AS enterprise_id, e.region_path, e.sector, e.ids, e.names, c.*,
                     ((($6::date - ($4::int - 1 - raw.d)) + time '07:00') + raw.r2 * interval '10 hours') AT TIME ZONE 'Asia/Shanghai' AS start_at,
                     raw.d = $4::int - 1 AS today, raw.d = $4::int - 2 AS yesterday
              FROM raw
              JOIN bench_ent_slot es ON es.k = floor(raw.r1 * $5::int)::int
              JOIN bench_ent e ON e.i = es.i
              JOIN bench_combo_slot cs ON cs.k = floor(raw.r3 * 1000)::int
              JOIN bench_combo c ON c.idx = cs.idx
            ),
            p1 AS (
              SELECT p0.*, date_trunc('second', start_at + (h_min + r4 * (h_max - h_min)) * interval '1 hour') AS end_at,
                CASE WHEN today THEN
                       CASE WHEN r5 < 0.04 THEN 'draft' WHEN r5 < 0.16 THEN 'pending_approval' WHEN r5 < 0.40 THEN 'approved' WHEN r5 < 0.78 THEN 'in_progress'
                            WHEN r5 < 0.80 THEN 'suspended' WHEN r5 < 0.90 THEN 'completed' WHEN r5 < 0.97 THEN 'closed' ELSE 'cancelled' END
                     WHEN yesterday THEN
                       CASE WHEN r5 < 0.85 THEN 'closed' WHEN r5 < 0.92 THEN 'completed' WHEN r5 < 0.95 THEN 'in_progress' ELSE 'cancelled' END
                     ELSE CASE WHEN r5 < 0.95 THEN 'closed' ELSE 'cancelled' END END AS status
              FROM p0
            ),
            p2 AS (
              SELECT p1.*, date_trunc('second', start_at) - interval '2 hours' AS created, coalesce(b.n, 0) AS seq_base,
                CASE WHEN status IN ('approved','in_progress','suspended','completed','closed') THEN date_trunc('second', start_at) - interval '30 minutes' END AS approved,
                CASE WHEN status IN ('in_progress','suspended','completed','closed') THEN date_trunc('second', start_at) + interval '5 minutes' END AS started,
                CASE WHEN status IN ('completed','closed') THEN date_trunc('second', start_at + (end_at - start_at) * 0.8) END AS completed
              FROM p1 LEFT JOIN bench_seq_base b ON b.enterprise_id = p1.enterprise_id
                AND b.day = ((date_trunc('second', start_at) - interval '2 hours') AT TIME ZONE 'Asia/Shanghai')::date
            ),
            ins AS (
              INSERT INTO permits (enterprise_id, region_path, sector, code, type, grade, grade_inputs, grade_result, rules_version, status, high_risk,
                place, content, working_unit, in_hazard_area, planned_start, planned_end, work_date, requester_id, requester_name, work_leader_id,
                watchman_id, gas_analyst_id, briefer_id, approver_level, co_sign, approved_by_name, approved_at, approval_opinion, started_at,
                suspended_at, completed_at, accepted_by_name, accepted_at, closed_at, cancel_reason, retain_until, version, created_at, updated_at)
              SELECT enterprise_id, region_path, sector,
                     prefix || '-' || to_char(created AT TIME ZONE 'Asia/Shanghai', 'YYYYMMDD') || '-' ||
                       lpad((seq_base + row_number() OVER (PARTITION BY enterprise_id, (created AT TIME ZONE 'Asia/Shanghai')::date ORDER BY g))::text, 4, '0'),
                     type, grade, inputs, result, 'GB 30871-2022@1', status, high_risk,
                     (ARRAY['一车间','二车间','罐区','装卸区','公用工程','污水处理站','仓库','管廊'])[1 + floor(r6 * 8)::int] || (1 + floor(r4 * 20)::int) || '号位置',
                     '检修作业', '设备部', in_hazard, date_trunc('second', start_at), end_at, (start_at AT TIME ZONE 'Asia/Shanghai')::date,
                     ids[2], names[2], ids[3], ids[4 + floor(r6 * 2)::int], CASE WHEN type IN ('hot_work','confined_space') THEN ids[12] END, ids[2],
                     approver_level, co_sign, CASE WHEN approved IS NOT NULL THEN names[1] END, approved,
                     CASE WHEN approved IS NOT NULL THEN '同意作业' ELSE '' END, started,
                     CASE WHEN status = 'suspended' THEN started + interval '1 hour' END, completed,
                     CASE WHEN status = 'closed' THEN names[2] END, CASE WHEN status = 'closed' THEN completed + interval '30 minutes' END,
                     CASE WHEN status = 'closed' THEN completed + interval '30 minutes' WHEN status = 'cancelled' THEN created + interval '1 hour' END,
                     CASE WHEN status = 'cancelled' THEN '生产计划调整' ELSE '' END,
                     CASE WHEN status = 'closed' THEN completed + interval '30 minutes' + interval '365 days'
                          WHEN status = 'cancelled' THEN created + interval '1 hour' + interval '365 days' END,
                     1 + (approved IS NOT NULL)::int + (started IS NOT NULL)::int + (completed IS NOT NULL)::int + (status = 'closed')::int,
                     created, coalesce(completed + interval '30 minutes', started, approved, created + interval '10 minutes')
              FROM p2
              ORDER BY g
              RETURNING id, enterprise_id, type, grade
            )
            INSERT INTO permit_workers (permit_id, person_id, enterprise_id, position)
            SELECT ins.id, e.ids[w.slot + 1], ins.enterprise_id, w.pos
            FROM ins JOIN bench_ent e ON e.id = ins.enterprise_id JOIN bench_combo c ON c.type = ins.type AND c.grade IS NOT DISTINCT FROM ins.grade
            CROSS JOIN LATERAL (VALUES (c.w1, 0), (CASE WHEN (abs(hashtext(ins.id::text)) % 100) < c.w2_p * 100 THEN c.w2 END, 1)) w(slot, pos)
            WHERE w.slot IS NOT NULL`,
            [from, to, PER_DAY, DAYS, entSlots, today],
          );
          workers += r.rowCount ?? 0;
          return to - from + 1;
        },
        timings,
      );
    }
    console.log(`  permit_workers: ${workers.toLocaleString("en")} rows with the permits`);
    await step(
      c,
      "safety measures of the last 30 days",
      async () => {
        const r = await c.query(
          `
          INSERT INTO permit_measures (permit_id, no, text, photo_required, involved, confirmed_by_name, confirmed_at)
          SELECT p.id, m.no, m.text, m.photo,
                 CASE WHEN p.status = 'draft' THEN NULL ELSE m.no <= 4 OR abs(hashtext(p.id::text || m.no)) % 10 < 8 END,
                 CASE WHEN p.started_at IS NOT NULL AND (m.no <= 4 OR abs(hashtext(p.id::text || m.no)) % 10 < 8) THEN '监护人' END,
                 CASE WHEN p.started_at IS NOT NULL AND (m.no <= 4 OR abs(hashtext(p.id::text || m.no)) % 10 < 8) THEN p.started_at - interval '8 minutes' END
          FROM permits p JOIN bench_measure m ON m.type = p.type
          WHERE p.work_date >= $1::date - 29 AND NOT EXISTS (SELECT 1 FROM permit_measures x WHERE x.permit_id = p.id)`,
          [today],
        );
        return r.rowCount ?? 0;
      },
      timings,
    );
    const tv = performance.now();
    await c.query("VACUUM ANALYZE");
    console.log(`  VACUUM ANALYZE: ${fmtS(performance.now() - tv)}`);
    const counts = (
      await c.query(
        `SELECT (SELECT count(*) FROM enterprises)::int AS enterprises, (SELECT count(*) FROM personnel)::int AS personnel,
        (SELECT count(*) FROM certificates)::int AS certificates, (SELECT count(*) FROM permits)::int AS permits,
        (SELECT count(*) FROM permit_workers)::int AS permit_workers, (SELECT count(*) FROM permit_measures)::int AS permit_measures,
        (SELECT count(*) FROM permits WHERE work_date = $1::date)::int AS permits_today,
        (SELECT count(*) FROM permits WHERE work_date = $1::date AND high_risk)::int AS high_risk_today,
        pg_size_pretty(pg_database_size(current_database())) AS size`,
        [today],
      )
    ).rows[0] as Record<string, number>;
    console.log(
      `  in the database: ${Object.entries(counts)
        .map(([k, v]) => `${typeof v === "number" ? v.toLocaleString("en") : v} ${k}`)
        .join(", ")}`,
    );
    return { loadMs: performance.now() - t0, counts };
  } finally {
    await c.end();
  }
}

// ---------------------------------------------------------------------------------------------------------------
// HTTP

interface Session {
  cookie: string;
  csrf: string;
}

async function login(base: string, username: string): Promise<Session> {
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

async function call(base: string, s: Session, method: string, path: string, body?: unknown): Promise<{ status: number; ms: number; body: any }> {
  const t0 = performance.now();
  const res = await fetch(base + path, {
    method,
    headers: { cookie: s.cookie, ...(method === "GET" ? {} : { "x-csrf-token": s.csrf, "content-type": "application/json" }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  const ms = performance.now() - t0;
  let parsed: unknown = text;
  try {
    parsed = JSON.parse(text);
  } catch {}
  return { status: res.status, ms, body: parsed };
}

interface Figure {
  what: string;
  value: string;
  target: string;
  met: boolean | null;
}
const figures: Figure[] = [];
const stats = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return { p50: percentile(s, 50), p95: percentile(s, 95), max: s[s.length - 1]! };
};

async function highRiskBench(server: Server) {
  for (const [user, label] of [
    ["zj.yjj", "city (镇江市)"],
    ["jr.yjj", "county (句容市)"],
    ["baohua.ajb", "township (宝华镇)"],
  ] as const) {
    const s = await login(server.base, user);
    const path = "/api/permits/high-risk";
    let first = await call(server.base, s, "GET", path);
    if (first.status !== 200) throw new Error(`GET ${path} as ${user} answered ${first.status}: ${JSON.stringify(first.body).slice(0, 300)}`);
    for (let i = 0; i < 4; i++) first = await call(server.base, s, "GET", path);
    const xs: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      const r = await call(server.base, s, "GET", path);
      if (r.status !== 200) throw new Error(`GET ${path} as ${user} answered ${r.status}`);
      xs.push(r.ms);
    }
    const m = stats(xs);
    const b = first.body as { counts: Record<string, number>; regions: unknown[]; items: unknown[] };
    console.log(
      `  ${label} as ${user}: ${JSON.stringify(b.counts)}, ${b.regions.length} regions, ${b.items.length} items listed — p50 ${m.p50.toFixed(1)} ms, p95 ${m.p95.toFixed(1)} ms, max ${m.max.toFixed(1)} ms (${RUNS} requests, one at a time)`,
    );
    figures.push({
      what: `today's high-risk work, ${label}, p95 (total ${b.counts.total})`,
      value: `${m.p95.toFixed(1)} ms`,
      target: "< 200 ms",
      met: m.p95 < 200,
    });
    figures.push({ what: `today's high-risk work, ${label}, p50`, value: `${m.p50.toFixed(1)} ms`, target: "", met: null });
  }
}

async function submitBench(server: Server) {
  const s = await login(server.base, "ent.a.safety");
  const rows = await query<{ enterprise_id: string; name: string; id: string }>(
    dbUrl(),
    `SELECT p.enterprise_id, p.name, p.id FROM personnel p JOIN enterprises e ON e.id = p.enterprise_id
     WHERE e.name = '镇江华泰化工有限公司' AND p.id_number_masked <> ''`,
  );
  if (!rows.length) throw new Error("the demo steward people of 镇江华泰化工 are missing (demo seed)");
  const enterpriseId = rows[0]!.enterprise_id;
  const person = (n: string) => {
    const p = rows.find((r) => r.name === n);
    if (!p) throw new Error(`person ${n} missing`);
    return p.id;
  };
  const before = (await query<{ n: number }>(dbUrl(), "SELECT count(*)::int AS n FROM permits WHERE enterprise_id = $1", [enterpriseId]))[0]!.n;
  console.log(`  镇江华泰化工 holds ${before.toLocaleString("en")} permits before the run`);
  const now = Date.now();
  const base = {
    enterpriseId,
    workingUnit: "设备部检修班",
    plannedStart: new Date(now + 60 * MIN).toISOString(),
    plannedEnd: new Date(now + 180 * MIN).toISOString(),
    workLeaderId: person("吴建军"),
    watchmanId: person("周海涛"),
    gasAnalystId: person("刘洋"),
    brieferId: person("周海涛"),
  };
  const kinds = [
    {
      type: "hot_work",
      place: "维修车间外空地",
      content: "检修平台钢梯焊接",
      inHazardArea: false,
      gradeInputs: { onRunningEquipment: false, inMajorHazardTankDike: false, onPipeRack: false },
      workerIds: [person("王立新")],
    },
    {
      type: "height",
      place: "厂区东侧管廊",
      content: "管廊保温层更换",
      inHazardArea: false,
      gradeInputs: { heightM: 8, factors: [] },
      workerIds: [person("张伟")],
    },
    { type: "temp_electricity", place: "维修车间外空地", content: "检修用电焊机临时接电", inHazardArea: false, gradeInputs: {}, workerIds: [person("李卫")] },
  ];
  // The checks do refuse: 陈志强's welding certificate expired on 2026-10-31.
  {
    const d = await call(server.base, s, "POST", "/api/permits", { ...base, ...kinds[0], workerIds: [person("陈志强")] });
    if (d.status !== 201) throw new Error(`POST /api/permits answered ${d.status}: ${JSON.stringify(d.body).slice(0, 400)}`);
    const m = await call(server.base, s, "PUT", `/api/permits/${d.body.id}/measures`, {
      items: d.body.measures.map((x: { no: number }) => ({ no: x.no, involved: true })),
      version: d.body.version,
    });
    const r = await call(server.base, s, "POST", `/api/permits/${d.body.id}/actions/submit`, { version: m.body.version });
    const fields = (r.body?.details ?? r.body?.fields ?? []).map((f: { field: string; code?: string }) => `${f.field}:${f.code ?? ""}`).join(", ");
    console.log(`  probe: a welder with an expired certificate → ${r.status} ${r.body?.code ?? ""} (${fields})`);
    if (r.status !== 422) throw new Error(`submitting with an expired certificate answered ${r.status}, expected 422`);
  }
  const create: number[] = [];
  const measures: number[] = [];
  const submit: number[] = [];
  const read: number[] = [];
  // Warm-up: 10 permits not counted.
  for (let i = 0; i < SUBMITS + 10; i++) {
    const k = kinds[i % kinds.length]!;
    const d = await call(server.base, s, "POST", "/api/permits", { ...base, ...k });
    if (d.status !== 201) throw new Error(`POST /api/permits answered ${d.status}: ${JSON.stringify(d.body).slice(0, 400)}`);
    const m = await call(server.base, s, "PUT", `/api/permits/${d.body.id}/measures`, {
      items: d.body.measures.map((x: { no: number }) => ({ no: x.no, involved: true })),
      version: d.body.version,
    });
    if (m.status !== 200) throw new Error(`PUT measures answered ${m.status}: ${JSON.stringify(m.body).slice(0, 400)}`);
    const r = await call(server.base, s, "POST", `/api/permits/${d.body.id}/actions/submit`, { version: m.body.version });
    if (r.status !== 200 || r.body.status !== "pending_approval") throw new Error(`submit answered ${r.status}: ${JSON.stringify(r.body).slice(0, 400)}`);
    // The answer of every write is the permit's full detail: its cost alone, for comparison.
    const g = await call(server.base, s, "GET", `/api/permits/${d.body.id}`);
    if (g.status !== 200) throw new Error(`GET /api/permits/:id answered ${g.status}`);
    if (i >= 10) {
      read.push(g.ms);
      create.push(d.ms);
      measures.push(m.ms);
      submit.push(r.ms);
    }
  }
  const c = stats(create);
  const m = stats(measures);
  const sb = stats(submit);
  const rd = stats(read);
  console.log(
    `  POST /api/permits (draft, grade derived, checklist filled): p50 ${c.p50.toFixed(1)} ms, p95 ${c.p95.toFixed(1)} ms, max ${c.max.toFixed(1)} ms`,
  );
  console.log(`  PUT /api/permits/:id/measures (answer the checklist): p50 ${m.p50.toFixed(1)} ms, p95 ${m.p95.toFixed(1)} ms, max ${m.max.toFixed(1)} ms`);
  console.log(`  POST /api/permits/:id/actions/submit (all checks): p50 ${sb.p50.toFixed(1)} ms, p95 ${sb.p95.toFixed(1)} ms, max ${sb.max.toFixed(1)} ms`);
  console.log(`  GET /api/permits/:id (the detail every write answers with): p50 ${rd.p50.toFixed(1)} ms, p95 ${rd.p95.toFixed(1)} ms`);
  console.log(`  (${SUBMITS} permits, one at a time, hot work / height / temporary electricity in turn)`);
  figures.push({ what: `permit submission with all checks, p95 (${SUBMITS})`, value: `${sb.p95.toFixed(1)} ms`, target: "< 50 ms", met: sb.p95 < 50 });
  figures.push({ what: "permit submission, p50", value: `${sb.p50.toFixed(1)} ms`, target: "", met: null });
  figures.push({ what: "permit creation (draft), p95", value: `${c.p95.toFixed(1)} ms`, target: "", met: null });
  figures.push({ what: "permit creation (draft), p50", value: `${c.p50.toFixed(1)} ms`, target: "", met: null });
  figures.push({ what: "answering the checklist (PUT measures), p95", value: `${m.p95.toFixed(1)} ms`, target: "", met: null });
  figures.push({ what: "permit detail (GET, the answer of every write), p50", value: `${rd.p50.toFixed(1)} ms`, target: "", met: null });
}

/** Waits until the server's first background-jobs run (2 s after start) is over, so it does not overlap the measurements. */
async function waitForJobs(): Promise<void> {
  await new Promise((r) => setTimeout(r, 3_000));
  for (let i = 0; i < 1200; i++) {
    const rows = await query(dbUrl(), "SELECT 1 FROM pg_locks WHERE locktype = 'advisory' AND objid = 7213003 AND granted");
    if (rows.length === 0) return;
    await new Promise((r) => setTimeout(r, 500));
  }
}

runBench("bench:permits", async () => {
  console.log(`bench:permits on ${machine()}`);
  console.log(
    `database: PostgreSQL, fresh database ${DB_NAME} (dropped at the end); ${ENTERPRISES.toLocaleString("en")} enterprises, ${PER_DAY.toLocaleString("en")} permits a day for ${DAYS} days`,
  );
  await freshDatabase();
  const env: Record<string, string> = {
    NODE_ENV: "production",
    SESSION_SECRET: "bench-session-secret-0123456789abcdefghij",
    ANGUAN_DEMO: "1",
    ANGUAN_SIMULATOR: "0",
    MQTT_ENABLED: "0",
    DEMO_ENTERPRISES: String(ENTERPRISES),
    LOG_LEVEL: "warn",
    DATA_DIR: tempDir("data"),
    WEB_DIST: tempDir("web-dist"),
    DATABASE_URL: dbUrl(),
    JOBS_INTERVAL_SECONDS: "86400",
  };
  console.log("\nserver start (migrations, demo seed) …");
  const first = await startServer(env, 3_600_000);
  console.log(`  healthy after ${fmtS(first.readyMs)}`);
  await first.stop();
  console.log("\nloading (set-based SQL) …");
  const { loadMs } = await seedData();
  console.log(`  load total: ${fmtS(loadMs)}`);
  const server = await startServer(env);
  console.log(`\nserver up in ${fmtS(server.readyMs)}; waiting for its first background-jobs run to finish …`);
  const tj = performance.now();
  await waitForJobs();
  console.log(`  jobs done after ${fmtS(performance.now() - tj)}`);

  console.log("\n(a) today's high-risk work (GET /api/permits/high-risk)");
  await highRiskBench(server);
  console.log("\n(b) applying and submitting permits");
  await submitBench(server);

  console.log(`\nload avg after the run: ${machine().split("load avg ")[1]}`);
  const w = Math.max(...figures.map((f) => f.what.length));
  console.log(`\n${"figure".padEnd(w)}  ${"measured".padStart(10)}  ${"target".padEnd(9)}  result`);
  for (const f of figures)
    console.log(`${f.what.padEnd(w)}  ${f.value.padStart(10)}  ${f.target.padEnd(9)}  ${f.met === null ? "" : f.met ? "met" : "MISSED"}`);
  console.log(`\ndata load: ${fmtS(loadMs)}`);
  if (process.env.BENCH_HOLD === "1") {
    console.log(`\nBENCH_HOLD: server at ${server.base}; psql ${dbUrl()}; Ctrl-C to stop`);
    await new Promise(() => {});
  }
});
