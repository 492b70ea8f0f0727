/**
 * The scope matrix: every API endpoint, as every demo role, against a record inside and a record outside the role's
 * scope. Reads outside answer 404, writes outside 403; roles without write rights get 403 inside too.
 * The expectations below are written out by hand from the rules (not computed by the code under test), and a final
 * check fails when an endpoint exists that this matrix does not cover.
 */
import crypto from "node:crypto";
import { eq, like, sql } from "drizzle-orm";
import ExcelJS from "exceljs";
import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { makeCreditCode } from "@anguan/domain";
import { enterprises, organizations, regions } from "../src/db/schema";
import { startTestApp, type Client, type TestApp } from "./support/testApp";

let t: TestApp;
let admin: Client;
const ids: Record<string, string> = {};

// Endpoints covered below, as "METHOD url-pattern".
const covered = new Set<string>();
const cover = (method: string, url: string) => covered.add(`${method} ${url}`);

async function idOf(where: ReturnType<typeof eq>) {
  const [r] = await t.db.select({ id: enterprises.id }).from(enterprises).where(where).limit(1);
  if (!r) throw new Error("fixture enterprise missing");
  return r.id;
}

beforeAll(async () => {
  t = await startTestApp();
  admin = await t.as("admin");
  // An enterprise outside 镇江市 altogether (南京市玄武区), out of every Zhenjiang official's scope.
  await t.db.insert(regions).values([
    { code: "320100", name: "南京市", level: "city", parentCode: "320000", path: "320000/320100/" },
    { code: "320102", name: "玄武区", level: "county", parentCode: "320100", path: "320000/320100/320102/" },
    { code: "320102001", name: "梅园新村街道", level: "township", parentCode: "320102", path: "320000/320100/320102/320102001/" },
  ]);
  const nj = await admin.post("/api/enterprises", {
    name: "南京测试化工有限公司",
    creditCode: "91110108MA01HK7P4M",
    regionCode: "320102001",
    sector: "hazchem_use",
  });
  expect(nj.status, JSON.stringify(nj.body)).toBe(201);
  ids.nanjing = nj.body.id;
  ids.entA = await idOf(eq(enterprises.name, "镇江华泰化工有限公司"));
  ids.entB = await idOf(eq(enterprises.name, "句容宝华智运仓储物流有限公司"));
  ids.catering = await idOf(eq(enterprises.name, "镇江京江福满楼餐饮有限公司"));
  // In 句容市 but not in 宝华镇.
  ids.jurongOther = await idOf(sql`${enterprises.regionPath} LIKE '%/321183/%' AND ${enterprises.regionCode} <> '321183103'`);
}, 60_000);
afterAll(() => t?.close());

interface RoleCase {
  inside: keyof typeof ids;
  outside: keyof typeof ids | null;
  /** May change the enterprise file of `inside`. */
  write: boolean;
  /** May use the registry list/export/import and create enterprises. */
  registry: { list: boolean; export: boolean; import: boolean; create: boolean };
  admin: boolean;
  /** Independent statement of what the role's list may contain. */
  listRule: (e: { regionCode: string; sector: string; id: string }) => boolean;
}

const zhenjiang = (e: { regionCode: string }) => e.regionCode.startsWith("3211");
const ROLES: Record<string, RoleCase> = {
  admin: { inside: "entA", outside: null, write: true, registry: { list: true, export: true, import: true, create: true }, admin: true, listRule: () => true },
  "zj.yjj": {
    inside: "entA",
    outside: "nanjing",
    write: true,
    registry: { list: true, export: true, import: true, create: true },
    admin: false,
    listRule: zhenjiang,
  },
  "jr.yjj": {
    inside: "entB",
    outside: "entA",
    write: true,
    registry: { list: true, export: true, import: true, create: true },
    admin: false,
    listRule: (e) => e.regionCode.startsWith("321183"),
  },
  "baohua.ajb": {
    inside: "entB",
    outside: "jurongOther",
    write: true,
    registry: { list: true, export: true, import: true, create: true },
    admin: false,
    listRule: (e) => e.regionCode.startsWith("321183103"),
  },
  "zj.sw": {
    inside: "catering",
    outside: "entA",
    write: true,
    registry: { list: true, export: true, import: true, create: true },
    admin: false,
    listRule: (e) => zhenjiang(e) && ["commerce", "catering"].includes(e.sector),
  },
  "ent.a": {
    inside: "entA",
    outside: "entB",
    write: true,
    registry: { list: false, export: false, import: false, create: false },
    admin: false,
    listRule: (e) => e.id === ids.entA,
  },
  "ent.b": {
    inside: "entB",
    outside: "entA",
    write: true,
    registry: { list: false, export: false, import: false, create: false },
    admin: false,
    listRule: (e) => e.id === ids.entB,
  },
  expert1: {
    inside: "entA",
    outside: "entB",
    write: false,
    registry: { list: true, export: true, import: false, create: false },
    admin: false,
    listRule: (e) => e.id === ids.entA || e.regionCode.startsWith("3211"),
  },
};

/** Children (licence, contact, attachment) created by the admin on an enterprise, for the child endpoints. */
async function childrenOf(enterpriseId: string) {
  // A distinct image per call, so a file is cited by exactly one enterprise.
  const png = await sharp({ create: { width: 8, height: 8, channels: 3, background: `#${crypto.randomBytes(3).toString("hex")}` } })
    .png()
    .toBuffer();
  const f = await admin.upload("/api/files", png, "scan.png");
  expect(f.status).toBe(201);
  const lic = await admin.post(`/api/enterprises/${enterpriseId}/licences`, {
    type: "other",
    number: `N-${crypto.randomUUID()}`,
    validUntil: "2027-12-31",
    fileSha256: f.body.sha256,
  });
  const con = await admin.post(`/api/enterprises/${enterpriseId}/contacts`, { name: "张三", phone: "13800000000" });
  const att = await admin.post(`/api/enterprises/${enterpriseId}/attachments`, { fileSha256: f.body.sha256, name: "平面图.png" });
  expect([lic.status, con.status, att.status]).toEqual([201, 201, 201]);
  return { lic: lic.body.id as string, con: con.body.id as string, att: att.body.id as string, sha: f.body.sha256 as string };
}

describe.each(Object.entries(ROLES))("as %s", (username, role) => {
  let c: Client;
  beforeAll(async () => {
    c = await t.as(username);
  });

  const reads = [
    ["GET", "/api/enterprises/:id"],
    ["GET", "/api/enterprises/:id/history"],
    ["GET", "/api/enterprises/:id/licences"],
    ["GET", "/api/enterprises/:id/contacts"],
    ["GET", "/api/enterprises/:id/attachments"],
  ] as const;

  it("reads its own records and gets 404 for others", async () => {
    for (const [m, u] of reads) {
      cover(m, u);
      const inside = await c.get(u.replace(":id", ids[role.inside]!));
      expect(inside.status, `${m} ${u} inside`).toBe(200);
      if (role.outside) {
        const outside = await c.get(u.replace(":id", ids[role.outside]!));
        expect(outside.status, `${m} ${u} outside`).toBe(404);
        expect(outside.body.code).toBe("NOT_FOUND");
      }
    }
    const missing = await c.get("/api/enterprises/00000000-0000-4000-8000-000000000000");
    expect(missing.status).toBe(404);
  });

  it("writes inside only when allowed, and never outside (403)", async () => {
    const targets: ["inside" | "outside", string, "ok" | 403][] = [["inside", ids[role.inside]!, role.write ? "ok" : 403]];
    if (role.outside) targets.push(["outside", ids[role.outside]!, 403]);
    for (const [where, id, expected] of targets) {
      const kids = await childrenOf(id);
      // The admin's licence scan attached to this enterprise: readable exactly when the enterprise is.
      cover("GET", "/api/files/:sha256");
      const file = await c.get(`/api/files/${kids.sha}`);
      expect(file.status, `file ${where}`).toBe(where === "inside" || username === "admin" ? 200 : 404);
      const png = await sharp({ create: { width: 4, height: 4, channels: 3, background: `#${crypto.randomBytes(3).toString("hex")}` } })
        .png()
        .toBuffer();
      const own = await c.upload("/api/files", png, "x.png");
      expect(own.status).toBe(201);
      const writes: [string, string, unknown][] = [
        ["PATCH", "/api/enterprises/:id", { address: `地址-${username}` }],
        ["POST", "/api/enterprises/:id/licences", { type: "other", number: "L-1" }],
        ["PATCH", "/api/enterprises/:id/licences/:childId", { issuer: "测试发证机关" }],
        ["DELETE", "/api/enterprises/:id/licences/:childId", undefined],
        ["POST", "/api/enterprises/:id/contacts", { name: "李四", phone: "13900000000" }],
        ["PATCH", "/api/enterprises/:id/contacts/:childId", { title: "安全员" }],
        ["DELETE", "/api/enterprises/:id/contacts/:childId", undefined],
        ["POST", "/api/enterprises/:id/attachments", { fileSha256: own.body.sha256, name: "x.png" }],
        ["DELETE", "/api/enterprises/:id/attachments/:childId", undefined],
      ];
      for (const [m, u, body] of writes) {
        cover(m, u);
        const child = u.includes("licences") ? kids.lic : u.includes("contacts") ? kids.con : kids.att;
        const url = u.replace(":id", id).replace(":childId", child);
        const r = m === "DELETE" ? await c.del(url) : await c.request(m, url, { body });
        if (expected === "ok") expect(r.status, `${m} ${u} ${where}: ${JSON.stringify(r.body)}`).toBeLessThan(300);
        else {
          expect(r.status, `${m} ${u} ${where}`).toBe(403);
          expect(r.body.code).toBe("FORBIDDEN");
        }
      }
    }
    // Its own upload it can always read back.
    cover("POST", "/api/files");
  });

  it("lists only what is in scope", async () => {
    cover("GET", "/api/enterprises");
    const r = await c.get("/api/enterprises?pageSize=200");
    expect(r.status).toBe(200);
    expect(r.body.items.length).toBeGreaterThan(0);
    for (const e of r.body.items) expect(role.listRule(e), `${e.name} ${e.regionCode} ${e.sector}`).toBe(true);
    expect(r.body.items.some((e: { id: string }) => e.id === ids[role.inside])).toBe(true);
    if (role.outside) expect(r.body.items.some((e: { id: string }) => e.id === ids[role.outside!])).toBe(false);
    // Filtering by a region outside the jurisdiction yields nothing from it.
    if (role.outside) {
      const [o] = await t.db.select({ regionCode: enterprises.regionCode }).from(enterprises).where(eq(enterprises.id, ids[role.outside]!));
      const f = await c.get(`/api/enterprises?regionCode=${o!.regionCode}&pageSize=200`);
      expect(f.status).toBe(200);
      expect(f.body.items.some((e: { id: string }) => e.id === ids[role.outside!])).toBe(false);
    }
    cover("GET", "/api/regions");
    const regs = await c.get("/api/regions");
    expect(regs.status).toBe(200);
    if (username === "baohua.ajb") expect(regs.body.items.every((x: { code: string }) => x.code.startsWith("321183103"))).toBe(true);
    cover("GET", "/api/dashboard/summary");
    const dash = await c.get("/api/dashboard/summary");
    expect(dash.status).toBe(200);
    expect(dash.body.enterprises).toBe(r.body.total);
  });

  it("exports only what it may list", async () => {
    cover("GET", "/api/enterprises/export");
    const r = await c.get("/api/enterprises/export");
    if (!role.registry.export) {
      expect(r.status).toBe(403);
      return;
    }
    expect(r.status).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(r.raw.rawPayload as unknown as ArrayBuffer);
    const list = await c.get("/api/enterprises?pageSize=200");
    expect(wb.worksheets[0]!.actualRowCount - 1).toBe(list.body.total);
  });

  it("creates enterprises only inside its jurisdiction", async () => {
    cover("POST", "/api/enterprises");
    const inside = await t.db
      .select({ regionCode: enterprises.regionCode, sector: enterprises.sector })
      .from(enterprises)
      .where(eq(enterprises.id, ids[role.inside]!));
    const code = (n: number) => {
      return makeCreditCode(
        "91",
        "321100",
        `T${username
          .replace(/[^A-Z0-9]/gi, "")
          .toUpperCase()
          .padEnd(6, "0")
          .slice(0, 6)}${n}`.replace(/[IOSVZ]/g, "A"),
      );
    };
    const body = { name: `新企业-${username}`, creditCode: code(1), regionCode: inside[0]!.regionCode, sector: inside[0]!.sector };
    const r = await c.post("/api/enterprises", body);
    expect(r.status, JSON.stringify(r.body)).toBe(role.registry.create ? 201 : 403);
    if (role.outside && role.registry.create) {
      const [o] = await t.db
        .select({ regionCode: enterprises.regionCode, sector: enterprises.sector })
        .from(enterprises)
        .where(eq(enterprises.id, ids[role.outside]!));
      const out = await c.post("/api/enterprises", { name: `越界企业-${username}`, creditCode: code(2), regionCode: o!.regionCode, sector: o!.sector });
      expect(out.status).toBe(403);
      const [n] = await t.db
        .select({ n: sql<number>`count(*)::int` })
        .from(enterprises)
        .where(eq(enterprises.name, `越界企业-${username}`));
      expect(n!.n).toBe(0);
    }
  });

  it("uses import only when allowed", async () => {
    cover("GET", "/api/enterprises/import-template");
    cover("POST", "/api/enterprise-imports");
    cover("GET", "/api/enterprise-imports/:id");
    cover("POST", "/api/enterprise-imports/:id/commit");
    const tpl = await c.get("/api/enterprises/import-template");
    expect(tpl.status).toBe(role.registry.import ? 200 : 403);
    const up = await c.upload("/api/enterprise-imports", Buffer.from("not excel"), "a.xlsx");
    expect(up.status).toBe(role.registry.import ? 400 : 403);
    // Someone else's job is invisible.
    const other = username === "admin" ? await t.as("zj.yjj") : admin;
    const wb = new ExcelJS.Workbook();
    wb.addWorksheet("企业名录").addRow(["企业名称", "统一社会信用代码", "所属区域代码", "监管行业"]);
    wb.worksheets[0]!.addRow(["x", "bad", "321183103", "餐饮"]);
    const job = await other.upload("/api/enterprise-imports", Buffer.from(await wb.xlsx.writeBuffer()), "a.xlsx");
    expect(job.status).toBe(202);
    expect((await c.get(`/api/enterprise-imports/${job.body.id}`)).status).toBe(404);
    expect((await c.post(`/api/enterprise-imports/${job.body.id}/commit`, { mode: "none" })).status).toBe(404);
  });

  it("sees hazard statistics, the ledger and the dual-prevention exchange only in scope", async () => {
    cover("GET", "/api/hazard-stats");
    cover("GET", "/api/hazard-stats/overdue-ranking");
    cover("GET", "/api/hazards/export");
    cover("GET", "/api/enterprises/:id/dual-prevention/export");
    cover("POST", "/api/enterprises/:id/dual-prevention/import");
    expect((await c.get("/api/hazard-stats")).status).toBe(200);
    expect((await c.get("/api/hazard-stats/overdue-ranking")).status).toBe(200);
    expect((await c.get("/api/hazards/export")).status).toBe(200);
    // A region outside a regulator's jurisdiction is 404 (zj.sw's outside enterprise lies inside its region: only its sector is out).
    const regionOutside: Record<string, string> = { "zj.yjj": "320102", "jr.yjj": "321191", "baohua.ajb": "321183" };
    if (regionOutside[username]) {
      for (const u of ["/api/hazard-stats", "/api/hazard-stats/overdue-ranking", "/api/hazards/export"]) {
        expect((await c.get(`${u}?regionCode=${regionOutside[username]}`)).status, `${u} outside`).toBe(404);
      }
    }
    const companyCode = async (id: string) => {
      const [e] = await t.db.select({ creditCode: enterprises.creditCode }).from(enterprises).where(eq(enterprises.id, id));
      return e!.creditCode.slice(8, 17);
    };
    const inside = ids[role.inside]!;
    expect((await c.get(`/api/enterprises/${inside}/dual-prevention/export`)).status).toBe(200);
    const imp = await c.post(`/api/enterprises/${inside}/dual-prevention/import`, { companyCode: await companyCode(inside), exportedAt: "20261123100000" });
    expect(imp.status, JSON.stringify(imp.body)).toBe(role.write ? 200 : 403);
    if (role.outside) {
      const outside = ids[role.outside]!;
      expect((await c.get(`/api/enterprises/${outside}/dual-prevention/export`)).status).toBe(404);
      const out = await c.post(`/api/enterprises/${outside}/dual-prevention/import`, { companyCode: await companyCode(outside), exportedAt: "20261123100000" });
      expect(out.status).toBe(403);
    }
  });

  it("reaches administration endpoints only as an administrator", async () => {
    const adminOnly: [string, string, unknown][] = [
      ["GET", "/api/users", undefined],
      ["POST", "/api/users", { username: "matrix.user", displayName: "x", password: "Abcdefg#1", role: "expert", orgId: crypto.randomUUID() }],
      ["PATCH", "/api/users/:id", { displayName: "y" }],
      ["POST", "/api/users/:id/reset-password", { newPassword: "Abcdefg#1" }],
      ["GET", "/api/organizations", undefined],
      ["POST", "/api/organizations", { kind: "third_party", name: "越权机构" }],
      ["GET", "/api/organizations/:id/assignments", undefined],
      ["POST", "/api/organizations/:id/assignments", { enterpriseId: crypto.randomUUID() }],
      ["DELETE", "/api/organizations/:id/assignments/:enterpriseId", undefined],
      ["GET", "/api/audit", undefined],
      ["GET", "/api/audit/verify", undefined],
    ];
    const [someone] = await t.db.select({ id: organizations.id }).from(organizations).limit(1);
    for (const [m, u, body] of adminOnly) {
      cover(m, u);
      if (role.admin) continue; // the admin's own use of these is covered in users.test.ts / audit.test.ts
      const r = await c.request(m, u.replace(":id", someone!.id).replace(":enterpriseId", ids.entA!), body === undefined ? {} : { body });
      expect(r.status, `${m} ${u}`).toBe(403);
    }
  });

  it("has a session of its own", async () => {
    for (const [m, u] of [
      ["GET", "/api/auth/me"],
      ["POST", "/api/auth/change-password"],
      ["POST", "/api/auth/logout"],
      ["POST", "/api/auth/login"],
    ])
      cover(m!, u!);
    const me = await c.get("/api/auth/me");
    expect(me.status).toBe(200);
    expect(me.body.username).toBe(username);
  });
});

describe("coverage of the matrix", () => {
  it("covers every API endpoint", () => {
    const all = t.app.routeList.filter((r) => r.url.startsWith("/api/") && !r.url.startsWith("/api/docs") && r.url !== "/api/openapi.json");
    const missing = all.map((r) => `${r.method} ${r.url}`).filter((k) => !covered.has(k));
    expect(missing).toEqual([]);
  });
});

// keep `like` and `regions` imports meaningful for readers of the fixtures above
void like;
