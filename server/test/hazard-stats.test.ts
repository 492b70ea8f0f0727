/**
 * 隐患统计, 超期排名, 隐患台账: a small fixed set of hazards inserted directly, and expectations computed here by a
 * plain, independent reading of the rules (filter the fixture list in JS), plus a few figures written out by hand.
 */
import ExcelJS from "exceljs";
import { eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { enterprises, hazards, organizations, users } from "../src/db/schema";
import { startTestApp, type Client, type TestApp } from "./support/testApp";

let t: TestApp;
const ent: Record<string, { id: string; regionPath: string; sector: string; regionCode: string; name: string }> = {};

type Fx = {
  n: number;
  e: "A" | "B" | "B2" | "CAT" | "RET" | "JO";
  at: string;
  status: string;
  level?: "general" | "major";
  type?: number | null;
  source?: string;
  deadline?: string;
  closedAt?: string;
  supervised?: boolean;
};

// now = 2026-11-23T02:00Z (10:00 in Shanghai). Times are UTC; comments give the Shanghai day where it matters.
const FIXTURES: Fx[] = [
  { n: 1, e: "A", at: "2026-09-05T03:00:00Z", status: "closed", type: 1, source: "1", deadline: "2026-09-10T00:00:00Z", closedAt: "2026-09-09T03:00:00Z" },
  { n: 2, e: "A", at: "2026-10-10T03:00:00Z", status: "rectifying", level: "major", type: 2, source: "9", deadline: "2026-11-01T00:00:00Z", supervised: true },
  { n: 3, e: "A", at: "2026-11-20T03:00:00Z", status: "reported", type: null, source: "snapshot" },
  { n: 4, e: "A", at: "2026-08-15T03:00:00Z", status: "closed", type: 3, source: "2", deadline: "2026-09-20T00:00:00Z", closedAt: "2026-09-15T03:00:00Z" },
  { n: 5, e: "A", at: "2026-11-02T03:00:00Z", status: "dismissed", type: 8, source: "1" },
  { n: 6, e: "B", at: "2026-09-30T17:00:00Z", status: "rectifying", type: 7, source: "1", deadline: "2026-12-01T00:00:00Z" }, // 10-01 01:00 Shanghai
  { n: 7, e: "B", at: "2026-10-05T03:00:00Z", status: "awaiting_acceptance", type: 5, source: "3", deadline: "2026-10-20T00:00:00Z" },
  { n: 8, e: "B", at: "2026-11-10T03:00:00Z", status: "rectifying", type: 1, source: "regulator", deadline: "2026-11-15T00:00:00Z" },
  { n: 9, e: "B", at: "2026-11-22T17:00:00Z", status: "rectifying", level: "major", type: 4, source: "1", deadline: "2026-11-22T20:00:00Z" }, // Monday 11-23 Shanghai
  { n: 10, e: "B2", at: "2026-10-12T03:00:00Z", status: "closed", type: 7, source: "1", deadline: "2026-10-25T00:00:00Z", closedAt: "2026-10-20T03:00:00Z" },
  { n: 11, e: "B2", at: "2025-12-01T03:00:00Z", status: "rectifying", type: 7, source: "1", deadline: "2026-01-01T00:00:00Z" },
  {
    n: 12,
    e: "CAT",
    at: "2026-09-15T03:00:00Z",
    status: "closed",
    type: 5,
    source: "public",
    deadline: "2026-11-05T00:00:00Z",
    closedAt: "2026-11-01T03:00:00Z",
  },
  { n: 13, e: "CAT", at: "2026-10-15T03:00:00Z", status: "rectifying", type: 5, source: "1", deadline: "2026-11-01T00:00:00Z" },
  {
    n: 14,
    e: "RET",
    at: "2026-11-05T03:00:00Z",
    status: "awaiting_signoff",
    level: "major",
    type: 1,
    source: "regulator",
    deadline: "2026-11-20T00:00:00Z",
    supervised: true,
  },
  { n: 15, e: "JO", at: "2026-10-01T00:00:00Z", status: "rectifying", type: 6, source: "1", deadline: "2026-10-15T00:00:00Z" },
  { n: 16, e: "JO", at: "2026-09-02T03:00:00Z", status: "closed", type: 6, source: "1", deadline: "2026-12-01T00:00:00Z", closedAt: "2026-11-23T01:00:00Z" },
  { n: 17, e: "CAT", at: "2026-08-31T16:30:00Z", status: "closed", type: 5, source: "1", deadline: "2026-09-02T00:00:00Z", closedAt: "2026-08-31T20:00:00Z" }, // 09-01 Shanghai
  { n: 18, e: "A", at: "2026-08-31T15:30:00Z", status: "rectifying", type: 1, source: "1", deadline: "2026-12-31T00:00:00Z" }, // 08-31 23:30 Shanghai
];

const NOW = new Date("2026-11-23T02:00:00Z");
const OPEN = ["reported", "rectifying", "awaiting_acceptance", "awaiting_signoff"];
const day = (iso: string) => new Date(new Date(iso).getTime() + 8 * 3600_000).toISOString().slice(0, 10);

/** The rules, read plainly: what each figure counts. */
function expected(list: Fx[], from: string, to: string) {
  const inP = (iso?: string) => !!iso && day(iso) >= from && day(iso) <= to;
  const found = list.filter((h) => inP(h.at) && h.status !== "dismissed");
  const open = list.filter((h) => OPEN.includes(h.status));
  return {
    found: found.length,
    rectified: list.filter((h) => h.status === "closed" && inP(h.closedAt)).length,
    open: open.length,
    overdue: list.filter((h) => h.status === "rectifying" && h.deadline && new Date(h.deadline) < NOW).length,
    openMajor: open.filter((h) => h.level === "major").length,
    supervised: open.filter((h) => h.supervised).length,
    rectificationRate: found.length ? Math.round((found.filter((h) => h.status === "closed").length / found.length) * 10000) / 10000 : null,
  };
}
const of = (...keys: Fx["e"][]) => FIXTURES.filter((f) => keys.includes(f.e));

let acceptorId: string;
let acceptorName: string;
let cityOrgId: string;

beforeAll(async () => {
  t = await startTestApp();
  const pick = async (label: Fx["e"], where: ReturnType<typeof sql>) => {
    const [r] = await t.db
      .select({
        id: enterprises.id,
        regionPath: enterprises.regionPath,
        sector: enterprises.sector,
        regionCode: enterprises.regionCode,
        name: enterprises.name,
      })
      .from(enterprises)
      .where(where)
      .orderBy(enterprises.name)
      .limit(1);
    if (!r) throw new Error(`fixture enterprise ${label} missing`);
    ent[label] = r;
  };
  await pick("A", sql`${enterprises.name} = '镇江华泰化工有限公司'`);
  await pick("B", sql`${enterprises.name} = '句容宝华智运仓储物流有限公司'`);
  await pick("B2", sql`${enterprises.name} = '句容市宝华恒力精密机械有限公司'`);
  await pick("CAT", sql`${enterprises.name} = '镇江京江福满楼餐饮有限公司'`);
  await pick("RET", sql`${enterprises.name} = '镇江润佳超市有限公司'`);
  await pick("JO", sql`${enterprises.regionPath} LIKE '%/321183/%' AND ${enterprises.regionCode} <> '321183103' AND ${enterprises.sector} = 'machinery'`);
  const [acc] = await t.db.select({ id: users.id, name: users.displayName }).from(users).where(eq(users.username, "ent.a"));
  acceptorId = acc!.id;
  acceptorName = acc!.name;
  const [org] = await t.db.select({ id: organizations.id }).from(organizations).where(eq(organizations.name, "镇江市应急管理局"));
  cityOrgId = org!.id;
  await t.db.delete(hazards); // whatever demo hazards the seed holds: this file counts its own
  await t.db.insert(hazards).values(
    FIXTURES.map((f) => ({
      enterpriseId: ent[f.e]!.id,
      regionPath: ent[f.e]!.regionPath,
      sector: ent[f.e]!.sector,
      code: `YHTEST${String(f.n).padStart(4, "0")}`,
      title: `测试隐患${f.n}`,
      status: f.status,
      level: f.level ?? "general",
      dangerType: f.type ?? null,
      source: f.source ?? "1",
      manageType: f.deadline ? "deadline" : null,
      reportedByName: "测试",
      reportedAt: new Date(f.at),
      deadline: f.deadline ? new Date(f.deadline) : null,
      rectification: f.deadline ? { measures: "整改", liablePerson: `责任人${f.n}`, funds: f.n * 100, deadline: f.deadline, contingencyPlan: "预案" } : null,
      closedAt: f.closedAt ? new Date(f.closedAt) : null,
      acceptedAt: f.closedAt ? new Date(f.closedAt) : null,
      acceptedBy: f.closedAt ? acceptorId : null,
      supervisedByOrgId: f.supervised ? cityOrgId : null,
    })),
  );
}, 60_000);
afterAll(() => t?.close());

const Q = "from=2026-09-01&to=2026-11-23";

describe("GET /api/hazard-stats", () => {
  let city: Client;
  beforeAll(async () => {
    city = await t.as("zj.yjj");
  });

  it("counts the whole city: totals written out by hand and by the rules", async () => {
    const r = await city.get(`/api/hazard-stats?${Q}&groupBy=region&period=month`);
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    // found: 1,2,3,6,7,8,9,10,12,13,14,15,16,17 (5 dismissed, 4/11/18 before the period) = 14; closed among them: 1,10,12,16,17
    // rectified (closed in period): 1,4,10,12,16,17 = 6; open: 2,3,6,7,8,9,11,13,14,15,18 = 11
    // overdue (rectifying past deadline): 2,8,9,11,13,15 = 6; open major: 2,9,14; supervised & open: 2,14
    expect(r.body.totals).toEqual({ found: 14, rectified: 6, open: 11, overdue: 6, openMajor: 3, supervised: 2, rectificationRate: 0.3571 });
    expect(r.body.totals).toEqual(expected(FIXTURES, "2026-09-01", "2026-11-23"));
    expect(r.body.regionCode).toBe("321100");
  });

  it("groups by the direct child regions with names, and drills down", async () => {
    const r = await city.get(`/api/hazard-stats?${Q}&groupBy=region`);
    const byKey = new Map(r.body.groups.map((g: { key: string }) => [g.key, g]));
    // Every child region of 镇江市 is listed, with or without hazards.
    expect(byKey.has("321112")).toBe(true);
    const jurong = byKey.get("321183") as Record<string, unknown>;
    expect(jurong.name).toBe("句容市");
    expect(jurong.hasChildren).toBe(true);
    expect(jurong).toMatchObject(expected(of("B", "B2", "JO"), "2026-09-01", "2026-11-23"));
    expect(byKey.get("321191")).toMatchObject({ name: "镇江新区", ...expected(of("A"), "2026-09-01", "2026-11-23") });
    expect(byKey.get("321102")).toMatchObject(expected(of("CAT"), "2026-09-01", "2026-11-23"));
    expect(byKey.get("321112")).toMatchObject({ found: 0, open: 0, rectificationRate: null });
    // Drill: 句容市 → its townships → 宝华镇's enterprises.
    const down = await city.get(`/api/hazard-stats?${Q}&groupBy=region&regionCode=321183`);
    expect(down.status).toBe(200);
    expect(down.body.totals).toEqual(expected(of("B", "B2", "JO"), "2026-09-01", "2026-11-23"));
    const baohua = down.body.groups.find((g: { key: string }) => g.key === "321183103");
    expect(baohua).toMatchObject({ name: "宝华镇", ...expected(of("B", "B2"), "2026-09-01", "2026-11-23") });
    const ents = await city.get(`/api/hazard-stats?${Q}&groupBy=enterprise&regionCode=321183103`);
    expect(ents.body.groups.map((g: { name: string }) => g.name).sort()).toEqual([ent.B!.name, ent.B2!.name].sort());
    const b = ents.body.groups.find((g: { key: string }) => g.key === ent.B!.id);
    expect(b).toMatchObject(expected(of("B"), "2026-09-01", "2026-11-23"));
  });

  it("groups by sector, level, type and source", async () => {
    const sector = await city.get(`/api/hazard-stats?${Q}&groupBy=sector`);
    const catering = sector.body.groups.find((g: { key: string }) => g.key === "catering");
    expect(catering).toMatchObject({ name: "餐饮", ...expected(of("CAT"), "2026-09-01", "2026-11-23") });
    const level = await city.get(`/api/hazard-stats?${Q}&groupBy=level`);
    expect(level.body.groups.find((g: { key: string }) => g.key === "major")).toMatchObject({
      name: "重大隐患",
      ...expected(
        FIXTURES.filter((f) => f.level === "major"),
        "2026-09-01",
        "2026-11-23",
      ),
    });
    const type = await city.get(`/api/hazard-stats?${Q}&groupBy=type`);
    expect(type.body.groups.find((g: { key: string }) => g.key === "5")).toMatchObject({
      name: "消防",
      ...expected(
        FIXTURES.filter((f) => f.type === 5),
        "2026-09-01",
        "2026-11-23",
      ),
    });
    expect(type.body.groups.find((g: { key: string }) => g.key === "")).toMatchObject({ name: "未分类", found: 1, open: 1 });
    const source = await city.get(`/api/hazard-stats?${Q}&groupBy=source`);
    expect(source.body.groups.find((g: { key: string }) => g.key === "regulator")).toMatchObject({ name: "监管检查", found: 2, open: 2, overdue: 1 });
  });

  it("gives the trend per Asia/Shanghai month, week and day", async () => {
    const m = await city.get(`/api/hazard-stats?${Q}&period=month`);
    expect(m.body.trend.map((x: { period: string }) => x.period)).toEqual(["2026-09-01", "2026-10-01", "2026-11-01"]);
    for (const b of m.body.trend) {
      const end = b.period === "2026-11-01" ? "2026-11-23" : b.period === "2026-09-01" ? "2026-09-30" : "2026-10-31";
      const e = expected(FIXTURES, b.period, end);
      expect(b, b.period).toEqual({ period: b.period, found: e.found, rectified: e.rectified, rectificationRate: e.rectificationRate });
    }
    // Hand-written: September found 1,12,16,17 (6 is 10-01 in Shanghai); October 2,6,7,10,13,15.
    expect(m.body.trend[0].found).toBe(4);
    expect(m.body.trend[1].found).toBe(6);
    // Weeks start on Monday: #9 (Monday 01:00 in Shanghai) is in the week of 11-23, alone.
    const w = await city.get("/api/hazard-stats?from=2026-11-16&to=2026-11-23&period=week");
    expect(w.body.trend).toEqual([
      { period: "2026-11-16", found: 1, rectified: 0, rectificationRate: 0 },
      { period: "2026-11-23", found: 1, rectified: 1, rectificationRate: 0 },
    ]);
    const d = await city.get("/api/hazard-stats?from=2026-11-22&to=2026-11-23&period=day&groupBy=period");
    expect(d.body.groups.map((g: { key: string; found: number }) => [g.key, g.found])).toEqual([
      ["2026-11-22", 0],
      ["2026-11-23", 1],
    ]);
  });

  it("counts only the caller's scope", async () => {
    const cases: [string, Fx["e"][]][] = [
      ["jr.yjj", ["B", "B2", "JO"]],
      ["baohua.ajb", ["B", "B2"]],
      ["zj.sw", ["CAT", "RET"]],
      ["ent.a", ["A"]],
      ["ent.b", ["B"]],
      ["expert1", ["A"]],
      ["admin", ["A", "B", "B2", "CAT", "RET", "JO"]],
    ];
    for (const [user, keys] of cases) {
      const c = await t.as(user);
      const r = await c.get(`/api/hazard-stats?${Q}`);
      expect(r.status, user).toBe(200);
      expect(r.body.totals, user).toEqual(expected(of(...keys), "2026-09-01", "2026-11-23"));
      const sum = r.body.groups.reduce((s: number, g: { found: number }) => s + g.found, 0);
      expect(sum, `${user}: groups add up`).toBe(r.body.totals.found);
    }
    // The township's default groups are its own villages.
    const bh = await t.as("baohua.ajb");
    const r = await bh.get(`/api/hazard-stats?${Q}`);
    expect(r.body.regionCode).toBe("321183103");
    expect(r.body.groups.some((g: { name: string }) => g.name === "宝华社区")).toBe(true);
  });

  it("answers 404 for a region outside the jurisdiction, 400 for bad input", async () => {
    const bh = await t.as("baohua.ajb");
    expect((await bh.get("/api/hazard-stats?regionCode=321191")).status).toBe(404);
    expect((await bh.get("/api/hazard-stats?regionCode=321183")).status).toBe(404);
    expect((await bh.get("/api/hazard-stats?regionCode=321183103")).status).toBe(200);
    const unknown = await bh.get("/api/hazard-stats?regionCode=999999");
    expect(unknown.status).toBe(400);
    expect(unknown.body.fields[0].field).toBe("regionCode");
    const bad = await bh.get("/api/hazard-stats?groupBy=colour");
    expect(bad.status).toBe(400);
    expect(bad.body.fields[0].field).toBe("groupBy");
    expect((await bh.get("/api/hazard-stats?from=2026-11-01&to=2026-10-01")).status).toBe(400);
    expect((await bh.get("/api/hazard-stats?from=2020-01-01&to=2026-11-01&period=day")).status).toBe(400);
    expect((await t.anonymous().get("/api/hazard-stats")).status).toBe(401);
  });

  it("gives a null rate when nothing was found", async () => {
    const r = await city.get("/api/hazard-stats?from=2024-01-01&to=2024-01-31");
    expect(r.body.totals).toMatchObject({ found: 0, rectified: 0, rectificationRate: null, open: 11 });
  });
});

describe("GET /api/hazard-stats/overdue-ranking", () => {
  it("ranks the enterprises by overdue hazards, with open and major counts", async () => {
    const city = await t.as("zj.yjj");
    const r = await city.get("/api/hazard-stats/overdue-ranking?limit=10");
    expect(r.status).toBe(200);
    // B: 8, 9 overdue (9 major), open 6,7,8,9 → 4; then A (2, major; open 2,3,18), B2 (11), CAT (13), JO (15): one each.
    expect(r.body.items[0]).toMatchObject({ rank: 1, enterpriseId: ent.B!.id, enterpriseName: ent.B!.name, overdue: 2, open: 4, openMajor: 1 });
    expect(r.body.items[1]).toMatchObject({ enterpriseId: ent.A!.id, overdue: 1, open: 3, openMajor: 1 });
    expect(r.body.items.slice(2).map((i: { overdue: number; openMajor: number }) => [i.overdue, i.openMajor])).toEqual([
      [1, 0],
      [1, 0],
      [1, 0],
    ]);
    expect(r.body.items.some((i: { enterpriseId: string }) => i.enterpriseId === ent.RET!.id)).toBe(false); // nothing overdue
    const top1 = await city.get("/api/hazard-stats/overdue-ranking?limit=1");
    expect(top1.body.items).toHaveLength(1);
    const bh = await t.as("baohua.ajb");
    const own = await bh.get("/api/hazard-stats/overdue-ranking");
    expect(own.body.items.map((i: { enterpriseId: string }) => i.enterpriseId).sort()).toEqual([ent.B!.id, ent.B2!.id].sort());
    expect((await bh.get("/api/hazard-stats/overdue-ranking?regionCode=321191")).status).toBe(404);
    const sw = await t.as("zj.sw");
    expect((await sw.get("/api/hazard-stats/overdue-ranking")).body.items.map((i: { enterpriseId: string }) => i.enterpriseId)).toEqual([ent.CAT!.id]);
  });
});

async function readLedger(c: Client, query: string) {
  const r = await c.get(`/api/hazards/export${query}`);
  expect(r.status, typeof r.body === "string" ? r.body.slice(0, 300) : JSON.stringify(r.body)).toBe(200);
  expect(String(r.headers["content-type"])).toContain("spreadsheetml");
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(r.raw.rawPayload as unknown as ArrayBuffer);
  const ws = wb.worksheets[0]!;
  const rows: unknown[][] = [];
  ws.eachRow((row) => {
    const v = row.values as unknown[];
    rows.push(Array.from({ length: 18 }, (_, i) => v[i + 1] ?? ""));
  });
  return { ws, rows };
}

describe("GET /api/hazards/export (隐患台账)", () => {
  const HEADERS = [
    "隐患编号",
    "企业名称",
    "所属区域",
    "行业",
    "隐患名称",
    "隐患等级",
    "隐患类型",
    "隐患来源",
    "治理类型",
    "发现时间",
    "整改期限",
    "整改责任人",
    "整改资金",
    "状态",
    "是否超期",
    "验收人",
    "验收时间",
    "挂牌督办",
  ];

  it("exports the filtered list with a title row, the headers and one row per hazard", async () => {
    const jr = await t.as("jr.yjj");
    const { rows } = await readLedger(jr, "?status=rectifying");
    expect(String(rows[0]![0])).toContain("隐患台账");
    expect(String(rows[0]![0])).toContain("状态：整改中");
    expect(rows[1]).toEqual(HEADERS);
    const want = of("B", "B2", "JO").filter((f) => f.status === "rectifying");
    expect(rows.length - 2).toBe(want.length); // 6, 8, 9, 11, 15
    expect(want.length).toBe(5);
    // Newest first; #9 is the newest (11-23 01:00 Shanghai), overdue, major.
    expect(rows[2]).toEqual([
      "YHTEST0009",
      ent.B!.name,
      "宝华镇",
      "物流仓储",
      "测试隐患9",
      "重大隐患",
      "仪表",
      "日常排查",
      "限期整改",
      "2026-11-23 01:00",
      "2026-11-23 04:00",
      "责任人9",
      900,
      "整改中",
      "是",
      "",
      "",
      "否",
    ]);
    const six = rows.find((r) => r[0] === "YHTEST0006")!;
    expect(six[14]).toBe("否");
  });

  it("applies the other filters and the caller's scope", async () => {
    const city = await t.as("zj.yjj");
    const closed = await readLedger(city, "?status=closed&from=2026-09-01&to=2026-11-23");
    const wantClosed = FIXTURES.filter((f) => f.status === "closed" && day(f.at) >= "2026-09-01");
    expect(closed.rows.length - 2).toBe(wantClosed.length);
    const one = closed.rows.find((r) => r[0] === "YHTEST0012")!;
    expect([one[15], one[16]]).toEqual([acceptorName, "2026-11-01 11:00"]);
    const supervised = await readLedger(city, "?supervised=1");
    expect(supervised.rows.slice(2).map((r) => [r[0], r[17]])).toEqual([
      ["YHTEST0014", "镇江市应急管理局"],
      ["YHTEST0002", "镇江市应急管理局"],
    ]);
    const overdue = await readLedger(city, "?overdue=1&regionCode=321183");
    expect(overdue.rows.slice(2).map((r) => r[0])).toEqual(["YHTEST0009", "YHTEST0008", "YHTEST0015", "YHTEST0011"]);
    const q = await readLedger(city, `?q=${encodeURIComponent("测试隐患1")}&level=general&dangerType=7`);
    expect(q.rows.slice(2).map((r) => r[0])).toEqual(["YHTEST0010", "YHTEST0011"]);
    const sw = await t.as("zj.sw");
    const own = await readLedger(sw, "");
    expect(
      own.rows
        .slice(2)
        .map((r) => r[0])
        .sort(),
    ).toEqual(["YHTEST0012", "YHTEST0013", "YHTEST0014", "YHTEST0017"]);
    const a = await t.as("ent.a");
    expect((await readLedger(a, "")).rows.length - 2).toBe(of("A").length);
    const bh = await t.as("baohua.ajb");
    expect((await bh.get("/api/hazards/export?regionCode=321191")).status).toBe(404);
    const bad = await bh.get("/api/hazards/export?status=lost");
    expect(bad.status).toBe(400);
    expect(bad.body.fields[0].field).toBe("status");
  });
});

describe("the statistics summary (hazard_stats_rollup)", () => {
  it("covers ranges that cut months, from day and month rows", async () => {
    const city = await t.as("zj.yjj");
    for (const [from, to] of [
      ["2026-09-10", "2026-10-20"],
      ["2026-09-01", "2026-09-30"],
      ["2026-10-02", "2026-11-23"],
      ["2025-11-15", "2026-11-23"],
    ]) {
      const r = await city.get(`/api/hazard-stats?from=${from}&to=${to}&groupBy=region`);
      expect(r.body.totals, `${from}…${to}`).toEqual(expected(FIXTURES, from!, to!));
      // The same through the other counting (from the hazards, as for groupBy=level): the same totals.
      const raw = await city.get(`/api/hazard-stats?from=${from}&to=${to}&groupBy=level`);
      expect(raw.body.totals, `${from}…${to} raw`).toEqual(r.body.totals);
    }
  });

  it("stays exact through transitions, and equals a rebuild from the hazards", async () => {
    const city = await t.as("zj.yjj");
    const fixtures = FIXTURES.map((f) => ({ ...f }));
    const set = async (n: number, patch: Partial<Fx>) => {
      Object.assign(fixtures.find((f) => f.n === n)!, patch);
      await t.db
        .update(hazards)
        .set({ status: patch.status, closedAt: patch.closedAt ? new Date(patch.closedAt) : null })
        .where(eq(hazards.code, `YHTEST${String(n).padStart(4, "0")}`));
    };
    await set(13, { status: "closed", closedAt: "2026-11-22T03:00:00Z" }); // rectifying → closed
    await set(3, { status: "dismissed" }); // reported → dismissed
    await set(1, { status: "rectifying", closedAt: undefined }); // closed → back (as if corrected)
    await t.db.delete(hazards).where(eq(hazards.code, "YHTEST0017"));
    const kept = fixtures.filter((f) => f.n !== 17);
    const r = await city.get(`/api/hazard-stats?${Q}`);
    expect(r.body.totals).toEqual(expected(kept, "2026-09-01", "2026-11-23"));
    const rows = async () =>
      (
        await t.db.execute(
          sql`SELECT grain, period::text, region_path, sector, found, found_closed, closed FROM hazard_stats_rollup
              WHERE found <> 0 OR found_closed <> 0 OR closed <> 0 ORDER BY 1, 2, 3, 4`,
        )
      ).rows;
    const incremental = await rows();
    const { REBUILD } = await import("../src/features/hazardStats/rollup");
    const rebuilt = await t.db
      .transaction(async (tx) => {
        for (const s of REBUILD) await tx.execute(sql.raw(s));
        const out = (
          await tx.execute(
            sql`SELECT grain, period::text, region_path, sector, found, found_closed, closed FROM hazard_stats_rollup
                WHERE found <> 0 OR found_closed <> 0 OR closed <> 0 ORDER BY 1, 2, 3, 4`,
          )
        ).rows;
        throw Object.assign(new Error("rollback"), { out });
      })
      .catch((e: { out?: unknown }) => e.out);
    expect(incremental.length).toBeGreaterThan(0);
    expect(incremental).toEqual(rebuilt);
  });
});
