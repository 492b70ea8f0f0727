import ExcelJS from "exceljs";
import sharp from "sharp";
import { and, count, eq, like } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ENTERPRISE_IMPORT_COLUMNS, makeCreditCode } from "@anguan/domain";
import { assignments, auditEvents, enterprises, organizations, users } from "../src/db/schema";
import { startTestApp, type Client, type TestApp } from "./support/testApp";

let t: TestApp;
let admin: Client;
let jr: Client; // 句容市应急管理局: region 321183, all sectors
let baohua: Client; // 宝华镇安监办: region 321183103
let sw: Client; // 镇江市商务局: whole city, commerce + catering only
let entA: Client;
let entB: Client;
let expert: Client;
let entAId: string;
let entBId: string;

beforeAll(async () => {
  t = await startTestApp();
  [admin, jr, baohua, sw, entA, entB, expert] = await Promise.all([
    t.as("admin"),
    t.as("jr.yjj"),
    t.as("baohua.ajb"),
    t.as("zj.sw"),
    t.as("ent.a"),
    t.as("ent.b"),
    t.as("expert1"),
  ]);
  const idOf = async (name: string) => (await t.db.select({ id: enterprises.id }).from(enterprises).where(eq(enterprises.name, name)))[0]!.id;
  entAId = await idOf("镇江华泰化工有限公司");
  entBId = await idOf("句容宝华智运仓储物流有限公司");
});
afterAll(() => t.close());

/** Credit codes of a division (110108, Beijing) no seeded enterprise uses, so they never collide with the seed. */
const codeFor = (n: number) => makeCreditCode("91", "110108", `MAT${String(n).padStart(5, "0")}`);
const BAOHUA_PATH = "320000/321100/321183/321183103/";
const shanghaiDay = (d: Date) => new Date(d.getTime() + 8 * 3600_000).toISOString().slice(0, 10);
const plusDays = (day: string, n: number) => {
  const d = new Date(`${day}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + n);
  return d.toISOString().slice(0, 10);
};
const countEnterprises = async () => (await t.db.select({ n: count() }).from(enterprises))[0]!.n;
const countAudit = async () => (await t.db.select({ n: count() }).from(auditEvents))[0]!.n;
const fieldsOf = (body: { fields?: { field: string }[] }) => (body.fields ?? []).map((f) => f.field).sort();

describe("create", () => {
  let createdId: string;
  const CODE = codeFor(1);

  it("answers 201 with the enterprise, the credit code normalised, region names root → leaf", async () => {
    const before = await countEnterprises();
    const r = await baohua.post("/api/enterprises", {
      name: " 句容市宝华测试精密机械有限公司 ",
      creditCode: ` ${CODE.slice(0, 9).toLowerCase()} ${CODE.slice(9).toLowerCase()} `,
      regionCode: "321183103201",
      sector: "machinery",
      address: "宝华镇仓头村 1 号",
      employeeCount: 42,
      mainLeaderPhone: "13905291234",
    });
    expect(r.status).toBe(201);
    createdId = r.body.id;
    expect(r.body).toMatchObject({
      name: "句容市宝华测试精密机械有限公司",
      creditCode: CODE,
      regionCode: "321183103201",
      regionName: "仓头村",
      regionNames: ["江苏省", "镇江市", "句容市", "宝华镇", "仓头村"],
      sector: "machinery",
      employeeCount: 42,
      operatingStatus: "operating",
      hasMajorHazard: false,
      hazardousProcesses: [],
      version: 1,
      createdAt: t.clock.now.toISOString(),
      abilities: { update: true, manageLicences: true, manageContacts: true, manageAttachments: true },
      lockedFields: [],
    });
    expect(r.body).not.toHaveProperty("regionPath");
    expect(await countEnterprises()).toBe(before + 1);
    const [row] = await t.db.select().from(enterprises).where(eq(enterprises.id, createdId));
    expect(row?.regionPath).toBe(`${BAOHUA_PATH}321183103201/`);
    expect(row?.creditCode).toBe(CODE);
  });

  it("records an audit event and a history entry", async () => {
    const events = await t.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.targetType, "enterprise"), eq(auditEvents.targetId, createdId)));
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ action: "enterprise.create", actorName: "陈晓东（宝华镇安监办）", enterpriseId: createdId, before: null });
    expect(events[0]!.after).toMatchObject({ creditCode: CODE, name: "句容市宝华测试精密机械有限公司", employeeCount: 42 });
    expect(events[0]!.after).not.toHaveProperty("regionPath");
    const h = await baohua.get(`/api/enterprises/${createdId}/history`);
    expect(h.status).toBe(200);
    expect(h.body.items).toHaveLength(1);
    expect(h.body.items[0]).toMatchObject({ action: "enterprise.create", actorName: "陈晓东（宝华镇安监办）", targetType: "enterprise", targetId: createdId });
    expect(h.body.items[0].changes).toContainEqual({ field: "creditCode", before: null, after: CODE });
    expect(h.body.items[0].changes).toContainEqual({ field: "address", before: null, after: "宝华镇仓头村 1 号" });
  });

  it("is readable in scope and 404 outside", async () => {
    expect((await jr.get(`/api/enterprises/${createdId}`)).status).toBe(200);
    expect((await admin.get(`/api/enterprises/${createdId}`)).status).toBe(200);
    for (const c of [sw, entB, expert]) {
      const r = await c.get(`/api/enterprises/${createdId}`);
      expect(r.status).toBe(404);
      expect(r.body.code).toBe("NOT_FOUND");
    }
    expect((await admin.get("/api/enterprises/00000000-0000-4000-8000-000000000000")).status).toBe(404);
    expect((await admin.get("/api/enterprises/not-a-uuid")).status).toBe(404);
  });

  it("refuses creation outside the caller's region or sectors, and by enterprise users and experts", async () => {
    const before = await countEnterprises();
    const base = { name: "越界测试企业", creditCode: codeFor(2), sector: "machinery" };
    const outside = await baohua.post("/api/enterprises", { ...base, regionCode: "321183100" }); // 下蜀镇
    expect(outside.status).toBe(403);
    expect(outside.body.code).toBe("FORBIDDEN");
    expect((await sw.post("/api/enterprises", { ...base, regionCode: "321102001" })).status).toBe(403); // 商务局 cannot register machinery
    expect((await entB.post("/api/enterprises", { ...base, regionCode: "321183103" })).status).toBe(403);
    expect((await expert.post("/api/enterprises", { ...base, regionCode: "321183103" })).status).toBe(403);
    expect(await countEnterprises()).toBe(before);
    // 商务局 may register a restaurant anywhere in the city
    const ok = await sw.post("/api/enterprises", { ...base, name: "京口测试饭店", sector: "catering", regionCode: "321102001" });
    expect(ok.status).toBe(201);
  });
});

describe("create: validation", () => {
  const valid = () => ({ name: "校验测试有限公司", creditCode: codeFor(10), regionCode: "321183", sector: "light_industry" });

  it("rejects a bad credit code on creditCode with a Chinese message", async () => {
    const code = codeFor(10);
    const wrongCheck = code.slice(0, 17) + (code[17] === "1" ? "2" : "1");
    const r = await admin.post("/api/enterprises", { ...valid(), creditCode: wrongCheck });
    expect(r.status).toBe(400);
    expect(r.body.code).toBe("VALIDATION_FAILED");
    expect(r.body.fields).toEqual([{ field: "creditCode", message: "统一社会信用代码校验位错误" }]);
    expect(r.body.message).toMatch(/[\u4e00-\u9fff]/);
    const letters = await admin.post("/api/enterprises", { ...valid(), creditCode: "91110108MA01HK7O4M" });
    expect(letters.body.fields[0].field).toBe("creditCode");
    expect(letters.body.fields[0].message).toContain("I、O、S、V、Z");
  });

  it("rejects an unknown region on regionCode", async () => {
    const before = await countEnterprises();
    const r = await admin.post("/api/enterprises", { ...valid(), regionCode: "321183199" });
    expect(r.status).toBe(400);
    expect(fieldsOf(r.body)).toEqual(["regionCode"]);
    expect(r.body.fields[0].message).toContain("321183199");
    const malformed = await admin.post("/api/enterprises", { ...valid(), regionCode: "3211" });
    expect(malformed.status).toBe(400);
    expect(fieldsOf(malformed.body)).toEqual(["regionCode"]);
    expect(await countEnterprises()).toBe(before);
  });

  it("names every field of the wrong type or value", async () => {
    const r = await admin.post("/api/enterprises", {
      ...valid(),
      employeeCount: "many",
      hasMajorHazard: "yes",
      lat: "32.1",
      sector: "shipyards",
      hazardousProcesses: [99],
    });
    expect(r.status).toBe(400);
    expect(fieldsOf(r.body)).toEqual(["employeeCount", "hasMajorHazard", "hazardousProcesses.0", "lat", "sector"]);
    expect(r.body.fields.find((f: { field: string }) => f.field === "employeeCount").message).toBe("从业人数应为数字");
    const missing = await admin.post("/api/enterprises", { sector: "other" });
    expect(fieldsOf(missing.body)).toEqual(["creditCode", "name", "regionCode"]);
  });

  it("answers 409 DUPLICATE_CREDIT_CODE for a code in use and changes nothing", async () => {
    const [seeded] = await t.db.select().from(enterprises).where(eq(enterprises.id, entAId));
    const before = await countEnterprises();
    const auditBefore = await countAudit();
    const r = await jr.post("/api/enterprises", { ...valid(), regionCode: "321183103", creditCode: seeded!.creditCode.toLowerCase() });
    expect(r.status).toBe(409);
    expect(r.body.code).toBe("DUPLICATE_CREDIT_CODE");
    expect(r.body.fields[0].field).toBe("creditCode");
    expect(r.body.fields[0].message).toContain("镇江华泰化工有限公司");
    expect(await countEnterprises()).toBe(before);
    expect(await countAudit()).toBe(auditBefore);
  });
});

describe("PATCH", () => {
  let id: string;
  const CODE = codeFor(20);

  beforeAll(async () => {
    const r = await jr.post("/api/enterprises", {
      name: "宝华修改测试有限公司",
      creditCode: CODE,
      regionCode: "321183103",
      sector: "textile",
      address: "旧地址 1 号",
      employeeCount: 10,
    });
    expect(r.status).toBe(201);
    id = r.body.id;
  });

  it("changes the given fields only, bumps the version and records field-by-field history", async () => {
    const r = await jr.patch(`/api/enterprises/${id}`, { address: "新地址 2 号", employeeCount: 12, expectedVersion: 1 });
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ address: "新地址 2 号", employeeCount: 12, version: 2, name: "宝华修改测试有限公司", sector: "textile", creditCode: CODE });
    const h = await baohua.get(`/api/enterprises/${id}/history`);
    expect(h.body.items.map((i: { action: string }) => i.action)).toEqual(["enterprise.update", "enterprise.create"]);
    const latest = h.body.items[0];
    expect(latest.actorName).toBe("李明（句容市应急管理局）");
    const changes = [...latest.changes].sort((a, b) => a.field.localeCompare(b.field));
    expect(changes).toEqual([
      { field: "address", before: "旧地址 1 号", after: "新地址 2 号" },
      { field: "employeeCount", before: 10, after: 12 },
    ]);
  });

  it("answers 409 CONFLICT on a stale expectedVersion and changes nothing", async () => {
    const r = await baohua.patch(`/api/enterprises/${id}`, { address: "并发修改", expectedVersion: 1 });
    expect(r.status).toBe(409);
    expect(r.body.code).toBe("CONFLICT");
    const [row] = await t.db.select().from(enterprises).where(eq(enterprises.id, id));
    expect(row).toMatchObject({ address: "新地址 2 号", version: 2 });
    const ok = await baohua.patch(`/api/enterprises/${id}`, { address: "并发修改", expectedVersion: 2 });
    expect(ok.status).toBe(200);
    expect(ok.body.version).toBe(3);
  });

  it("rejects unknown fields and internal columns by name, and bad values", async () => {
    const r = await jr.patch(`/api/enterprises/${id}`, { address: "x", foo: 1 });
    expect(r.status).toBe(400);
    expect(r.body.code).toBe("VALIDATION_FAILED");
    expect(fieldsOf(r.body)).toEqual(["foo"]);
    expect((await jr.patch(`/api/enterprises/${id}`, { regionPath: "320000/" })).status).toBe(400);
    expect((await jr.patch(`/api/enterprises/${id}`, { version: 99 })).status).toBe(400);
    const phone = await jr.patch(`/api/enterprises/${id}`, { mainLeaderPhone: "12345" });
    expect(fieldsOf(phone.body)).toEqual(["mainLeaderPhone"]);
    const [row] = await t.db.select().from(enterprises).where(eq(enterprises.id, id));
    expect(row).toMatchObject({ address: "并发修改", version: 3, mainLeaderPhone: "" });
  });

  it("answers 409 DUPLICATE_CREDIT_CODE when changing to a code in use", async () => {
    const [a] = await t.db.select({ creditCode: enterprises.creditCode }).from(enterprises).where(eq(enterprises.id, entAId));
    const r = await jr.patch(`/api/enterprises/${id}`, { creditCode: a!.creditCode });
    expect(r.status).toBe(409);
    expect(r.body.code).toBe("DUPLICATE_CREDIT_CODE");
  });

  it("keeps regulators inside their jurisdiction when moving an enterprise", async () => {
    const out = await baohua.patch(`/api/enterprises/${id}`, { regionCode: "321183100" });
    expect(out.status).toBe(403);
    const moved = await jr.patch(`/api/enterprises/${id}`, { regionCode: "321183100" });
    expect(moved.status).toBe(200);
    expect(moved.body.regionNames).toEqual(["江苏省", "镇江市", "句容市", "下蜀镇"]);
    const [row] = await t.db.select().from(enterprises).where(eq(enterprises.id, id));
    expect(row?.regionPath).toBe("320000/321100/321183/321183100/");
    expect((await baohua.get(`/api/enterprises/${id}`)).status).toBe(404);
    expect((await baohua.patch(`/api/enterprises/${id}`, { address: "x" })).status).toBe(403);
  });

  it("lets an enterprise user edit its own address but not the fields regulators decide", async () => {
    const [before] = await t.db.select().from(enterprises).where(eq(enterprises.id, entBId));
    const ok = await entB.patch(`/api/enterprises/${entBId}`, { address: "句容市宝华镇物流园 9 号", safetyManagerPhone: "13905290006", name: before!.name });
    expect(ok.status).toBe(200);
    expect(ok.body.address).toBe("句容市宝华镇物流园 9 号");
    expect([...ok.body.lockedFields].sort()).toEqual(["creditCode", "name", "regionCode", "sector", "supervisionLevel"]);
    expect(ok.body.abilities.update).toBe(true);
    const attempts: Record<string, unknown> = { sector: "commerce", regionCode: "321183100", creditCode: codeFor(21), name: "改名物流有限公司" };
    for (const [field, value] of Object.entries(attempts)) {
      const r = await entB.patch(`/api/enterprises/${entBId}`, { address: "不应保存", [field]: value });
      expect(r.status, field).toBe(403);
      expect(r.body.code).toBe("FIELD_NOT_EDITABLE");
      expect(fieldsOf(r.body)).toEqual([field]);
    }
    const [after] = await t.db.select().from(enterprises).where(eq(enterprises.id, entBId));
    expect(after).toMatchObject({
      address: "句容市宝华镇物流园 9 号",
      sector: before!.sector,
      regionCode: before!.regionCode,
      creditCode: before!.creditCode,
      name: before!.name,
    });
    expect(after!.version).toBe(before!.version + 1);
  });

  it("forbids an enterprise user to touch another enterprise (403 write, 404 read)", async () => {
    expect((await entB.patch(`/api/enterprises/${entAId}`, { address: "x" })).status).toBe(403);
    expect((await entB.get(`/api/enterprises/${entAId}`)).status).toBe(404);
    expect((await expert.patch(`/api/enterprises/${entAId}`, { address: "x" })).status).toBe(403);
    expect((await expert.get(`/api/enterprises/${entAId}`)).status).toBe(200);
  });

  it("leaves fields absent from the patch untouched (hazardous processes, flags)", async () => {
    const [before] = await t.db.select().from(enterprises).where(eq(enterprises.id, entAId));
    expect(before!.hazardousProcesses.length).toBeGreaterThan(0);
    const r = await entA.patch(`/api/enterprises/${entAId}`, { address: "镇江新区丁岗镇港南路 1 号" });
    expect(r.status).toBe(200);
    const [after] = await t.db.select().from(enterprises).where(eq(enterprises.id, entAId));
    expect(after!.hazardousProcesses).toEqual(before!.hazardousProcesses);
    expect(after!.hasMajorHazard).toBe(before!.hasMajorHazard);
    expect(after!.isAboveScale).toBe(before!.isAboveScale);
    expect(after!.employeeCount).toBe(before!.employeeCount);
    const h = await entA.get(`/api/enterprises/${entAId}/history`);
    expect(h.body.items[0].changes).toEqual([{ field: "address", before: before!.address, after: "镇江新区丁岗镇港南路 1 号" }]);
  });
});

describe("list", () => {
  type Row = Pick<
    typeof enterprises.$inferSelect,
    "id" | "name" | "creditCode" | "address" | "regionCode" | "regionPath" | "sector" | "operatingStatus" | "hasMajorHazard"
  >;
  let all: Row[];
  const listAll = async (c: Client, query: string) => {
    const r = await c.get(`/api/enterprises?pageSize=200&${query}`);
    expect(r.status, JSON.stringify(r.body).slice(0, 300)).toBe(200);
    return r.body as {
      items: { id: string; name: string; regionCode: string; sector: string; operatingStatus: string; hasMajorHazard: boolean }[];
      total: number;
    };
  };
  const ids = (rows: { id: string }[]) => rows.map((r) => r.id).sort();

  beforeAll(async () => {
    all = await t.db
      .select({
        id: enterprises.id,
        name: enterprises.name,
        creditCode: enterprises.creditCode,
        address: enterprises.address,
        regionCode: enterprises.regionCode,
        regionPath: enterprises.regionPath,
        sector: enterprises.sector,
        operatingStatus: enterprises.operatingStatus,
        hasMajorHazard: enterprises.hasMajorHazard,
      })
      .from(enterprises);
    expect(all.length).toBeGreaterThan(120);
  });

  it("lists everything for an admin, with the summary shape", async () => {
    const r = await listAll(admin, "");
    expect(r.total).toBe(all.length);
    expect(Object.keys(r.items[0]!).sort()).toEqual(
      [
        "creditCode",
        "employeeCount",
        "hasMajorHazard",
        "id",
        "licenceAlert",
        "mainLeader",
        "mainLeaderPhone",
        "name",
        "operatingStatus",
        "regionCode",
        "regionName",
        "sector",
      ].sort(),
    );
  });

  it("q matches a name fragment", async () => {
    const r = await listAll(admin, `q=${encodeURIComponent("华泰")}`);
    const expected = all.filter((e) => e.name.includes("华泰") || e.address.includes("华泰"));
    expect(r.total).toBe(expected.length);
    expect(ids(r.items)).toEqual(ids(expected));
    expect(r.items.map((i) => i.id)).toContain(entAId);
  });

  it("q matches a credit-code prefix, in any case", async () => {
    const [a] = all.filter((e) => e.id === entAId);
    const prefix = a!.creditCode.slice(0, 12);
    const r = await listAll(admin, `q=${prefix.toLowerCase()}`);
    const expected = all.filter((e) => e.creditCode.startsWith(prefix) || e.name.toUpperCase().includes(prefix) || e.address.toUpperCase().includes(prefix));
    expect(r.total).toBe(expected.length);
    expect(ids(r.items)).toEqual(ids(expected));
    expect(ids(r.items)).toContain(entAId);
    // a code from the middle is not a prefix
    const middle = await listAll(admin, `q=${a!.creditCode.slice(4, 14)}`);
    expect(ids(middle.items)).not.toContain(entAId);
  });

  it("finds the same rows by the 2-character index (no filter) as by the scope indexes (region filter)", async () => {
    for (const term of ["机械", "化", "有限公司", "镇江", "路1"]) {
      const everywhere = await listAll(admin, `q=${encodeURIComponent(term)}`);
      const expected = all.filter((e) => e.name.includes(term) || e.address.includes(term) || e.creditCode.startsWith(term));
      expect(ids(everywhere.items), term).toEqual(ids(expected));
      const inJurong = await listAll(admin, `q=${encodeURIComponent(term)}&regionCode=321183`);
      expect(ids(inJurong.items), term).toEqual(ids(expected.filter((e) => e.regionCode.startsWith("321183"))));
    }
  });

  it("treats LIKE wildcards in q literally", async () => {
    const r = await listAll(admin, `q=${encodeURIComponent("%")}`);
    expect(r.total).toBe(all.filter((e) => e.name.includes("%") || e.address.includes("%")).length);
  });

  it("regionCode filters the subtree, matching a direct database count", async () => {
    const r = await listAll(admin, "regionCode=321183");
    const [db] = await t.db.select({ n: count() }).from(enterprises).where(like(enterprises.regionPath, "320000/321100/321183/%"));
    expect(r.total).toBe(db!.n);
    expect(r.total).toBe(all.filter((e) => e.regionCode.startsWith("321183")).length);
    expect(r.items.every((i) => i.regionCode.startsWith("321183"))).toBe(true);
    const town = await listAll(admin, "regionCode=321183103");
    expect(town.total).toBe(all.filter((e) => e.regionPath.startsWith(BAOHUA_PATH)).length);
    expect(ids(town.items)).toContain(entBId);
    const unknown = await admin.get("/api/enterprises?regionCode=321183199");
    expect(unknown.status).toBe(400);
    expect(fieldsOf(unknown.body)).toEqual(["regionCode"]);
  });

  it("filters by sector, operating status and major hazard, alone and combined", async () => {
    for (const [query, pred] of [
      ["sector=machinery", (e: Row) => e.sector === "machinery"],
      ["operatingStatus=suspended", (e: Row) => e.operatingStatus === "suspended"],
      ["hasMajorHazard=true", (e: Row) => e.hasMajorHazard],
      ["hasMajorHazard=false", (e: Row) => !e.hasMajorHazard],
      ["regionCode=321191&sector=hazchem_production", (e: Row) => e.regionCode.startsWith("321191") && e.sector === "hazchem_production"],
      ["sector=catering&operatingStatus=operating", (e: Row) => e.sector === "catering" && e.operatingStatus === "operating"],
    ] as const) {
      const r = await listAll(admin, query);
      const expected = all.filter(pred);
      expect(r.total, query).toBe(expected.length);
      expect(ids(r.items), query).toEqual(ids(expected));
    }
    expect(all.some((e) => e.hasMajorHazard)).toBe(true);
    expect((await admin.get("/api/enterprises?sector=shipyards")).status).toBe(400);
    expect((await admin.get("/api/enterprises?hasMajorHazard=maybe")).status).toBe(400);
  });

  it("pages through the list in a stable order without gaps or repeats", async () => {
    const full = await listAll(admin, "regionCode=321183");
    const seen: string[] = [];
    for (let page = 1; page <= Math.ceil(full.total / 7); page++) {
      const r = await admin.get(`/api/enterprises?regionCode=321183&pageSize=7&page=${page}`);
      expect(r.body.total).toBe(full.total);
      expect(r.body.items.length).toBe(Math.min(7, full.total - (page - 1) * 7));
      seen.push(...r.body.items.map((i: { id: string }) => i.id));
    }
    expect(seen).toEqual(full.items.map((i) => i.id));
    const beyond = await admin.get(`/api/enterprises?regionCode=321183&pageSize=7&page=${Math.ceil(full.total / 7) + 3}`);
    expect(beyond.body).toEqual({ items: [], total: full.total });
    const defaults = await admin.get("/api/enterprises");
    expect(defaults.body.items).toHaveLength(20);
    expect(fieldsOf((await admin.get("/api/enterprises?pageSize=201")).body)).toEqual(["pageSize"]);
    expect(fieldsOf((await admin.get("/api/enterprises?page=0")).body)).toEqual(["page"]);
  });

  it("lists only the caller's scope", async () => {
    const town = await listAll(baohua, "");
    expect(ids(town.items)).toEqual(ids(all.filter((e) => e.regionPath.startsWith(BAOHUA_PATH))));
    const commerce = await listAll(sw, "");
    expect(ids(commerce.items)).toEqual(ids(all.filter((e) => e.sector === "commerce" || e.sector === "catering")));
    // a filter cannot widen the scope
    const swMachinery = await listAll(sw, "sector=machinery");
    expect(swMachinery.total).toBe(0);
    const outside = await listAll(baohua, "regionCode=321102");
    expect(outside.total).toBe(0);
    const assigned = await t.db
      .select({ id: assignments.enterpriseId })
      .from(assignments)
      .innerJoin(organizations, eq(organizations.id, assignments.orgId))
      .innerJoin(users, eq(users.orgId, organizations.id))
      .where(eq(users.username, "expert1"));
    const ex = await listAll(expert, "");
    expect(ids(ex.items)).toEqual(ids(assigned));
    const own = await listAll(entB, "");
    expect(ids(own.items)).toEqual([entBId]);
  });
});

describe("licences", () => {
  let id: string;
  let today: string;
  const base = "/api/enterprises";

  beforeAll(async () => {
    const r = await jr.post(base, { name: "证照测试机械有限公司", creditCode: codeFor(30), regionCode: "321183103", sector: "machinery" });
    id = r.body.id;
    today = shanghaiDay(t.clock.now);
  });

  it("computes each licence's state from the clock", async () => {
    const mk = (type: string, number: string, validUntil: string | null) =>
      jr.post(`${base}/${id}/licences`, { type, number, issuer: "句容市应急管理局", validFrom: "2024-01-01", validUntil });
    const expired = await mk("business_licence", "L-EXPIRED", plusDays(today, -1));
    expect(expired.status).toBe(201);
    expect(expired.body).toMatchObject({
      type: "business_licence",
      number: "L-EXPIRED",
      issuer: "句容市应急管理局",
      validFrom: "2024-01-01",
      validUntil: plusDays(today, -1),
      fileSha256: null,
      state: "expired",
    });
    expect(typeof expired.body.id).toBe("string");
    expect((await mk("safety_production_licence", "L-SOON", plusDays(today, 10))).body.state).toBe("expiring");
    expect((await mk("standardisation_cert", "L-TODAY", today)).body.state).toBe("expiring");
    expect((await mk("principal_safety_cert", "L-OK", plusDays(today, 100))).body.state).toBe("valid");
    expect((await mk("other", "L-NONE", null)).body.state).toBe("none");
    const list = await baohua.get(`${base}/${id}/licences`);
    expect(list.status).toBe(200);
    expect(Object.fromEntries(list.body.items.map((l: { number: string; state: string }) => [l.number, l.state]))).toEqual({
      "L-EXPIRED": "expired",
      "L-SOON": "expiring",
      "L-TODAY": "expiring",
      "L-OK": "valid",
      "L-NONE": "none",
    });
  });

  it("shows the worst licence in the list's licenceAlert", async () => {
    const q = `q=${encodeURIComponent("证照测试机械")}`;
    expect((await jr.get(`${base}?${q}`)).body.items[0].licenceAlert).toBe("expired");
  });

  it("moves states as time passes", async () => {
    t.clock.now = new Date(t.clock.now.getTime() + 95 * 86_400_000);
    try {
      const c = await t.as("jr.yjj"); // the old sessions have been idle for 95 days
      const list = await c.get(`${base}/${id}/licences`);
      const state = Object.fromEntries(list.body.items.map((l: { number: string; state: string }) => [l.number, l.state]));
      expect(state["L-OK"]).toBe("expiring");
      expect(state["L-SOON"]).toBe("expired");
    } finally {
      t.clock.now = new Date(t.clock.now.getTime() - 95 * 86_400_000);
    }
  });

  it("rejects validFrom after validUntil on validUntil, on create and on change", async () => {
    const before = (await jr.get(`${base}/${id}/licences`)).body.items.length;
    const r = await jr.post(`${base}/${id}/licences`, { type: "other", number: "L-BAD", validFrom: "2027-01-02", validUntil: "2027-01-01" });
    expect(r.status).toBe(400);
    expect(r.body.fields).toEqual([{ field: "validUntil", message: "有效期至不能早于有效期起" }]);
    const list = (await jr.get(`${base}/${id}/licences`)).body.items as { id: string; number: string; validUntil: string }[];
    expect(list).toHaveLength(before);
    const ok = list.find((l) => l.number === "L-OK")!;
    const patch = await jr.patch(`${base}/${id}/licences/${ok.id}`, { validFrom: plusDays(ok.validUntil, 1) });
    expect(patch.status).toBe(400);
    expect(fieldsOf(patch.body)).toEqual(["validUntil"]);
    expect((await jr.get(`${base}/${id}/licences`)).body.items.find((l: { id: string }) => l.id === ok.id).validFrom).toBe("2024-01-01");
    const badFile = await jr.post(`${base}/${id}/licences`, { type: "other", number: "L-FILE", fileSha256: "a".repeat(64) });
    expect(badFile.status).toBe(400);
    expect(fieldsOf(badFile.body)).toEqual(["fileSha256"]);
    const badDate = await jr.post(`${base}/${id}/licences`, { type: "other", number: "L-DATE", validUntil: "2027-02-30" });
    expect(fieldsOf(badDate.body)).toEqual(["validUntil"]);
  });

  it("renewing clears the alert; changes and deletes are recorded in the history", async () => {
    const list = (await jr.get(`${base}/${id}/licences`)).body.items as { id: string; number: string }[];
    const soon = list.find((l) => l.number === "L-SOON")!;
    const p = await jr.patch(`${base}/${id}/licences/${soon.id}`, { validUntil: plusDays(today, 60) });
    expect(p.status).toBe(200);
    expect(p.body).toMatchObject({ id: soon.id, number: "L-SOON", state: "valid", validUntil: plusDays(today, 60) });
    for (const n of ["L-TODAY"]) {
      const l = list.find((x) => x.number === n)!;
      expect((await jr.patch(`${base}/${id}/licences/${l.id}`, { validUntil: plusDays(today, 365) })).status).toBe(200);
    }
    const renewed = await jr.post(`${base}/${id}/licences`, { type: "business_licence", number: "L-RENEWED", validUntil: plusDays(today, 365) });
    expect(renewed.body.state).toBe("valid");
    const q = `q=${encodeURIComponent("证照测试机械")}`;
    expect((await jr.get(`${base}?${q}`)).body.items[0].licenceAlert).toBeNull();

    const expired = list.find((l) => l.number === "L-EXPIRED")!;
    expect((await jr.del(`${base}/${id}/licences/${expired.id}`)).status).toBe(204);
    expect((await jr.get(`${base}/${id}/licences`)).body.items.map((l: { number: string }) => l.number)).not.toContain("L-EXPIRED");
    expect((await jr.del(`${base}/${id}/licences/${expired.id}`)).status).toBe(404);

    const h = (await jr.get(`${base}/${id}/history`)).body.items as {
      action: string;
      targetId: string;
      changes: { field: string; before: unknown; after: unknown }[];
    }[];
    const upd = h.find((i) => i.action === "licences.update" && i.targetId === soon.id)!;
    expect(upd.changes).toEqual([{ field: "validUntil", before: plusDays(today, 10), after: plusDays(today, 60) }]);
    expect(h.find((i) => i.action === "licences.delete")?.changes).toContainEqual({ field: "number", before: "L-EXPIRED", after: null });
  });

  it("lets only writers in scope change licences", async () => {
    const body = { type: "other", number: "L-X" };
    expect((await sw.get(`${base}/${id}/licences`)).status).toBe(404);
    expect((await sw.post(`${base}/${id}/licences`, body)).status).toBe(403);
    expect((await entB.post(`${base}/${id}/licences`, body)).status).toBe(403);
    const own = await entB.post(`${base}/${entBId}/licences`, body);
    expect(own.status).toBe(201);
    expect((await baohua.patch(`${base}/${entBId}/licences/${own.body.id}`, { number: "L-Y" })).body.number).toBe("L-Y");
    // a licence id of another enterprise is not found under this one
    expect((await jr.patch(`${base}/${id}/licences/${own.body.id}`, { number: "L-Z" })).status).toBe(404);
    expect((await jr.del(`${base}/${id}/licences/not-a-uuid`)).status).toBe(404);
  });
});

describe("contacts", () => {
  const url = () => `/api/enterprises/${entBId}/contacts`;

  it("creates, changes and deletes contacts", async () => {
    const before = (await entB.get(url())).body.items.length;
    const r = await entB.post(url(), { name: "周工", title: "安全员", phone: "13905291111", note: "夜班" });
    expect(r.status).toBe(201);
    expect(r.body).toMatchObject({ name: "周工", title: "安全员", phone: "13905291111", note: "夜班" });
    const bad = await entB.post(url(), { name: "吴工", phone: "110" });
    expect(bad.status).toBe(400);
    expect(fieldsOf(bad.body)).toEqual(["phone"]);
    const p = await baohua.patch(`${url()}/${r.body.id}`, { title: "安全总监" });
    expect(p.status).toBe(200);
    expect(p.body).toMatchObject({ id: r.body.id, name: "周工", title: "安全总监", phone: "13905291111" });
    expect((await baohua.patch(`${url()}/${r.body.id}`, { mobile: "13905291111" })).status).toBe(400);
    const list = (await jr.get(url())).body.items as { id: string }[];
    expect(list).toHaveLength(before + 1);
    expect((await sw.post(url(), { name: "x", phone: "13905291111" })).status).toBe(403);
    expect((await entB.del(`${url()}/${r.body.id}`)).status).toBe(204);
    expect((await jr.get(url())).body.items.map((c: { id: string }) => c.id)).not.toContain(r.body.id);
    const events = await t.db.select().from(auditEvents).where(eq(auditEvents.targetId, r.body.id));
    expect(events.map((e) => e.action)).toEqual(["contacts.create", "contacts.update", "contacts.delete"]);
  });
});

describe("attachments", () => {
  it("attaches an uploaded file, lists it with its file facts, and deletes it", async () => {
    const png = await sharp({ create: { width: 40, height: 30, channels: 3, background: "#0a0" } })
      .png()
      .toBuffer();
    const up = await entB.upload("/api/files", png, "仓库照片.png", "file", "image/png");
    expect(up.status).toBe(201);
    const url = `/api/enterprises/${entBId}/attachments`;
    const r = await entB.post(url, { fileSha256: up.body.sha256, name: "仓库照片", category: "site_photo" });
    expect(r.status).toBe(201);
    expect(r.body).toMatchObject({
      name: "仓库照片",
      category: "site_photo",
      fileSha256: up.body.sha256,
      size: png.length,
      mime: "image/png",
      uploaderName: "孙静（安全管理员）",
    });
    expect(r.body.uploadedAt).toMatch(/^\d{4}-\d{2}-\d{2}T/);
    const missing = await entB.post(url, { fileSha256: "0".repeat(64), name: "不存在" });
    expect(missing.status).toBe(400);
    expect(fieldsOf(missing.body)).toEqual(["fileSha256"]);
    const badCat = await entB.post(url, { fileSha256: up.body.sha256, name: "x", category: "selfie" });
    expect(fieldsOf(badCat.body)).toEqual(["category"]);
    const list = await baohua.get(url);
    expect(list.body.items.map((a: { id: string }) => a.id)).toEqual([r.body.id]);
    expect((await sw.get(url)).status).toBe(404);
    expect((await sw.del(`${url}/${r.body.id}`)).status).toBe(403);
    expect((await entB.del(`${url}/${r.body.id}`)).status).toBe(204);
    expect((await baohua.get(url)).body.items).toEqual([]);
  });
});

describe("export", () => {
  const load = async (buf: Buffer) => {
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(buf as unknown as ArrayBuffer);
    return wb.worksheets[0]!;
  };
  const exportOf = async (c: Client, query: string) => {
    const r = await c.request("GET", `/api/enterprises/export?${query}`);
    expect(r.status).toBe(200);
    expect(String(r.headers["content-type"])).toContain("spreadsheetml.sheet");
    expect(String(r.headers["content-disposition"])).toContain(".xlsx");
    return load(r.raw.rawPayload);
  };

  it("exports the filtered list with Chinese headers, one row per enterprise", async () => {
    const ws = await exportOf(jr, "sector=machinery");
    const headers = (ws.getRow(1).values as unknown[]).slice(1);
    expect(headers).toEqual(["序号", ...ENTERPRISE_IMPORT_COLUMNS.map((c) => c.header), "所属区域"]);
    const list = (await jr.get("/api/enterprises?sector=machinery&pageSize=200")).body;
    expect(list.total).toBeGreaterThan(0);
    expect(ws.actualRowCount - 1).toBe(list.total);
    const nameCol = headers.indexOf("企业名称") + 1;
    const sectorCol = headers.indexOf("监管行业") + 1;
    const names: string[] = [];
    for (let r = 2; r <= ws.actualRowCount; r++) {
      names.push(ws.getRow(r).getCell(nameCol).text);
      expect(ws.getRow(r).getCell(sectorCol).text).toBe("机械");
      expect(ws.getRow(r).getCell(1).value).toBe(r - 1);
    }
    expect(names.sort()).toEqual(list.items.map((i: { name: string }) => i.name).sort());
  });

  it("exports everything in scope without filters, beyond one list page", async () => {
    const ws = await exportOf(admin, "");
    const total = (await admin.get("/api/enterprises?pageSize=1")).body.total;
    expect(total).toBeGreaterThan(120);
    expect(ws.actualRowCount - 1).toBe(total);
    const town = await exportOf(baohua, "");
    expect(town.actualRowCount - 1).toBe((await baohua.get("/api/enterprises?pageSize=1")).body.total);
  });

  it("lets experts export their assigned enterprises, and not enterprise users", async () => {
    const ws = await exportOf(expert, "");
    expect(ws.actualRowCount - 1).toBe((await expert.get("/api/enterprises?pageSize=1")).body.total);
    const r = await entB.get("/api/enterprises/export");
    expect(r.status).toBe(403);
  });
});
