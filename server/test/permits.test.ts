/**
 * 特殊作业票 API (GB 30871-2022): the whole life cycle of a 一级 hot-work permit over the API — grade derived by the
 * server, an expired certificate refused at submission naming the worker, approval on site with location by another
 * user, a 40-minute-old gas analysis blocking the start, live-capture evidence (gallery refused), suspension over the
 * re-analysis gap, completion needing the clean site, acceptance and archive; the PDF; today's screens; approvers;
 * compare-and-set under concurrent approvals; the confined-space 2-hour gas record job.
 */
import crypto from "node:crypto";
import { and, asc, count, eq } from "drizzle-orm";
import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { MEASURE_TEMPLATES } from "@anguan/domain";
import { auditEvents, enterprises, notifications, permitEvents, permits, permitWorkers, personnel, users } from "../src/db/schema";
import { flagOverdueGasRecords } from "../src/features/permits/jobs";
import { startTestApp, type Client, type TestApp } from "./support/testApp";
import { TEST_NOW } from "./support/testDb";

let t: TestApp;
let leader: Client; // ent.a 赵国强 enterprise_leader
let safety: Client; // ent.a.safety 周海涛 enterprise_safety
let team: Client; // ent.a.team 吴建军 enterprise_staff (检修班长)
let entB: Client; // ent.b enterprise_safety of enterprise B
let zj: Client; // 镇江市应急管理局
let jr: Client; // 句容市应急管理局
let entAId: string;
let entBId: string;
const P: Record<string, string> = {}; // person ids by key
const U: Record<string, string> = {}; // user ids by username

/** Beijing wall-clock time on the test day (Monday 2026-11-23). */
const bj = (hhmm: string, day = "2026-11-23") => `${day}T${hhmm}:00+08:00`;
const setClock = (iso: string) => {
  t.clock.now = new Date(iso);
};
const fields = (body: { fields?: { field: string }[] }) => (body.fields ?? []).map((f) => f.field).sort();
const details = (body: { details?: { field: string; code: string }[] }) => (body.details ?? []).map((d) => `${d.field}:${d.code}`).sort();

const colour = () => `#${crypto.randomBytes(3).toString("hex")}`;
/** multipart upload to POST /api/evidence with the fields before the file. */
async function upload(c: Client, capture: string, extra: Record<string, string> = {}, png = false) {
  const img = sharp({ create: { width: 32, height: 24, channels: 3, background: colour() } });
  const content = await (png ? img.png() : img.jpeg()).toBuffer();
  const boundary = `----anguan${crypto.randomBytes(8).toString("hex")}`;
  const parts = Object.entries({ capture, ...extra }).map(([k, v]) =>
    Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`),
  );
  const payload = Buffer.concat([
    ...parts,
    Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="site.${png ? "png" : "jpg"}"\r\nContent-Type: application/octet-stream\r\n\r\n`,
    ),
    content,
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
  const r = await c.request("POST", "/api/evidence", { payload, headers: { "content-type": `multipart/form-data; boundary=${boundary}` } });
  expect(r.status, JSON.stringify(r.body)).toBe(201);
  return { id: r.body.id as string, sha256: r.body.fileSha256 as string };
}

const hotInputs = { onRunningEquipment: false, inMajorHazardTankDike: false, onPipeRack: false };
const hotPermit = (over: Record<string, unknown> = {}) => ({
  enterpriseId: entAId,
  type: "hot_work",
  place: "二车间 E-201 换热器出口管线",
  content: "更换出口管线法兰，焊接作业",
  workingUnit: "设备部检修班",
  inHazardArea: true,
  plannedStart: bj("10:30"),
  plannedEnd: bj("17:30"),
  gradeInputs: hotInputs,
  workLeaderId: P.wu,
  watchmanId: P.zhou,
  gasAnalystId: P.liu,
  brieferId: P.zhou,
  workerIds: [P.wang, P.chen],
  ...over,
});

async function create(c: Client, body: Record<string, unknown>) {
  const r = await c.post("/api/permits", body);
  expect(r.status, JSON.stringify(r.body)).toBe(201);
  return r.body;
}
const act = (c: Client, id: string, action: string, body: Record<string, unknown>) => c.post(`/api/permits/${id}/actions/${action}`, body);
async function must(c: Client, id: string, action: string, body: Record<string, unknown>) {
  const r = await act(c, id, action, body);
  expect(r.status, `${action}: ${JSON.stringify(r.body)}`).toBe(200);
  return r.body;
}
const detail = async (c: Client, id: string) => {
  const r = await c.get(`/api/permits/${id}`);
  expect(r.status, JSON.stringify(r.body)).toBe(200);
  return r.body;
};
const gas = (c: Client, id: string, sampledAt: string, over: Record<string, unknown> = {}) =>
  c.post(`/api/permits/${id}/gas-analyses`, {
    sampledAt,
    point: "动火点下风向 5 m",
    gas: "甲烷",
    kind: "combustible",
    value: 0.1,
    lelPercent: 5,
    instrument: "MSA Altair 4XR #A123",
    ...over,
  });

/** Answers every measure as involved, confirms them (photos where required) and attaches the start nodes. */
async function prepare(c: Client, id: string) {
  let d = await detail(c, id);
  if (d.status === "draft") {
    const r = await c.request("PUT", `/api/permits/${id}/measures`, {
      body: { items: d.measures.map((m: { no: number }) => ({ no: m.no, involved: true })), version: d.version },
    });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    d = r.body;
  }
  for (const m of d.measures as { no: number; photoRequired: boolean; involved: boolean; confirmedAt: string | null }[]) {
    if (!m.involved || m.confirmedAt) continue;
    const body = m.photoRequired ? { evidenceId: (await upload(c, "camera")).id } : {};
    const ok = await c.post(`/api/permits/${id}/measures/${m.no}/confirm`, body);
    expect(ok.status, JSON.stringify(ok.body)).toBe(200);
  }
  for (const node of ["site_before", "watchman"]) {
    const ev = await c.post(`/api/permits/${id}/evidence`, { node, evidenceId: (await upload(c, "camera")).id });
    expect(ev.status, JSON.stringify(ev.body)).toBe(201);
  }
  d = await detail(c, id);
  return d;
}

beforeAll(async () => {
  t = await startTestApp({ SESSION_IDLE_MINUTES: "1440" });
  [leader, safety, team, entB, zj, jr] = await Promise.all([
    t.as("ent.a"),
    t.as("ent.a.safety"),
    t.as("ent.a.team"),
    t.as("ent.b"),
    t.as("zj.yjj"),
    t.as("jr.yjj"),
  ]);
  const idOf = async (name: string) => (await t.db.select({ id: enterprises.id }).from(enterprises).where(eq(enterprises.name, name)))[0]!.id;
  entAId = await idOf("镇江华泰化工有限公司");
  entBId = await idOf("句容宝华智运仓储物流有限公司");
  const names = { wang: "王立新", chen: "陈志强", zhou: "周海涛", wu: "吴建军", liu: "刘洋", li: "李卫", zhang: "张伟" } as const;
  for (const [k, name] of Object.entries(names)) {
    const [p] = await t.db
      .select({ id: personnel.id })
      .from(personnel)
      .where(and(eq(personnel.enterpriseId, entAId), eq(personnel.name, name)));
    if (!p) throw new Error(`seed person ${name} missing`);
    P[k] = p.id;
  }
  const [pb] = await t.db.select({ id: personnel.id }).from(personnel).where(eq(personnel.enterpriseId, entBId)).limit(1);
  if (pb) P.entB = pb.id;
  else {
    const [e] = await t.db.select().from(enterprises).where(eq(enterprises.id, entBId));
    const [row] = await t.db
      .insert(personnel)
      .values({ enterpriseId: entBId, regionPath: e!.regionPath, sector: e!.sector, name: "外企业人员", createdAt: TEST_NOW, updatedAt: TEST_NOW })
      .returning();
    P.entB = row!.id;
  }
  const [e] = await t.db.select().from(enterprises).where(eq(enterprises.id, entAId));
  const [gone] = await t.db
    .insert(personnel)
    .values({ enterpriseId: entAId, regionPath: e!.regionPath, sector: e!.sector, name: "已离职焊工", active: false, createdAt: TEST_NOW, updatedAt: TEST_NOW })
    .returning();
  P.gone = gone!.id;
  for (const u of await t.db.select({ id: users.id, username: users.username }).from(users)) U[u.username] = u.id;
}, 120_000);
afterAll(() => t?.close());

describe("preview: the grade is derived, not typed", () => {
  it("derives 一级 hot work in a hazard area, its approver, cap, measures and the expired certificate", async () => {
    const r = await team.post("/api/permits/preview", {
      enterpriseId: entAId,
      type: "hot_work",
      gradeInputs: hotInputs,
      inHazardArea: true,
      plannedStart: bj("10:30"),
      plannedEnd: bj("17:30"),
      workerIds: [P.wang, P.chen],
      watchmanId: P.zhou,
    });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect(r.body).toMatchObject({
      grade: "hot_1",
      gradeName: "一级",
      approverLevel: "safety_dept",
      approverLevelName: "安全管理部门",
      maxValidityHours: 8,
      validity: null,
      gasRequired: true,
      highRisk: true,
      highRiskCategory: "hot_1",
      now: TEST_NOW.toISOString(),
    });
    expect(r.body.measures).toHaveLength(MEASURE_TEMPLATES.hot_work.length);
    expect(r.body.certificateRefusals).toEqual([
      {
        personId: P.chen,
        name: "陈志强",
        role: "worker",
        field: "workerIds.1",
        type: "welding_cutting",
        code: "CERTIFICATE_EXPIRED",
        message: "陈志强的焊接与热切割作业证书已于 2026-10-31 过期（作业至 2026-11-23）",
      },
    ]);
  });

  it("upgrades at night and on the weekend, refuses a window over the cap, and needs no permit under 10 t", async () => {
    const pv = (over: Record<string, unknown>) =>
      team.post("/api/permits/preview", {
        enterpriseId: entAId,
        type: "hot_work",
        gradeInputs: hotInputs,
        inHazardArea: false,
        plannedStart: bj("09:00"),
        plannedEnd: bj("12:00"),
        ...over,
      });
    expect((await pv({})).body.grade).toBe("hot_2");
    const night = await pv({ plannedStart: bj("21:00"), plannedEnd: bj("22:30") });
    expect([night.body.grade, night.body.gradeResult.upgrades]).toEqual(["hot_1", ["夜间作业升级一级"]]);
    expect((await pv({ plannedStart: bj("21:00"), plannedEnd: bj("22:00") })).body.grade).toBe("hot_2");
    expect((await pv({ plannedStart: bj("09:00", "2026-11-28"), plannedEnd: bj("12:00", "2026-11-28") })).body.grade).toBe("hot_1");
    expect((await pv({ inHazardArea: true, plannedStart: bj("21:00"), plannedEnd: bj("23:00") })).body).toMatchObject({
      grade: "hot_special",
      approverLevel: "leader_in_charge",
    });
    const eight = await pv({ inHazardArea: true, plannedStart: bj("08:00"), plannedEnd: bj("16:00") });
    expect([eight.body.grade, eight.body.validity]).toEqual(["hot_1", null]);
    const over = await team.post("/api/permits/preview", {
      enterpriseId: entAId,
      type: "hot_work",
      gradeInputs: hotInputs,
      inHazardArea: true,
      plannedStart: bj("08:00"),
      plannedEnd: "2026-11-23T16:00:01+08:00",
    });
    expect(over.body.validity).toEqual({ code: "PERMIT_VALIDITY", field: "plannedEnd", message: "动火作业一级作业票有效期最长 8 小时（GB 30871-2022）" });
    const small = await team.post("/api/permits/preview", {
      enterpriseId: entAId,
      type: "lifting",
      gradeInputs: { massT: 9.99 },
      plannedStart: bj("09:00"),
      plannedEnd: bj("12:00"),
    });
    expect([small.body.grade, small.body.gradeResult.permitRequired]).toEqual(["lifting_3", false]);
    const bad = await team.post("/api/permits/preview", {
      enterpriseId: entAId,
      type: "height",
      gradeInputs: { heightM: "高" },
      plannedStart: bj("09:00"),
      plannedEnd: bj("12:00"),
    });
    expect([bad.status, fields(bad.body)]).toEqual([400, ["gradeInputs.heightM"]]);
  });
});

describe("applying", () => {
  it("refuses people who are not active personnel of the enterprise, naming each field", async () => {
    const r = await team.post("/api/permits", hotPermit({ workerIds: [P.wang, crypto.randomUUID(), P.gone], watchmanId: P.entB }));
    expect(r.status).toBe(400);
    expect(fields(r.body)).toEqual(["watchmanId", "workerIds.1", "workerIds.2"]);
    const dup = await team.post("/api/permits", hotPermit({ workerIds: [P.wang, P.wang] }));
    expect([dup.status, fields(dup.body)]).toEqual([400, ["workerIds.1"]]);
    const watching = await team.post("/api/permits", hotPermit({ workerIds: [P.wang], watchmanId: P.wang }));
    expect([watching.status, fields(watching.body)]).toEqual([400, ["watchmanId"]]);
  });

  it("refuses a typed grade, a window over the cap, and work that needs no permit", async () => {
    const typed = await team.post("/api/permits", hotPermit({ gradeInputs: { ...hotInputs, grade: "hot_2" } }));
    expect([typed.status, fields(typed.body)]).toEqual([400, ["gradeInputs.grade"]]);
    const typed2 = await team.post("/api/permits", { ...hotPermit(), grade: "hot_2" });
    expect([typed2.status, fields(typed2.body)]).toEqual([400, ["grade"]]);
    const long = await team.post("/api/permits", hotPermit({ plannedEnd: "2026-11-23T18:30:00.001+08:00" }));
    expect([long.status, fields(long.body)]).toEqual([400, ["plannedEnd"]]);
    const lifting = await team.post("/api/permits", hotPermit({ type: "lifting", gradeInputs: { massT: 9.99 }, workerIds: [P.zhang] }));
    expect([lifting.status, fields(lifting.body)]).toEqual([400, ["gradeInputs"]]);
    const fixed = await team.post("/api/permits", hotPermit({ gradeInputs: { ...hotInputs, fixedArea: true } }));
    expect([fixed.status, fields(fixed.body)]).toEqual([400, ["gradeInputs"]]);
  });

  it("lets regulators and other enterprises read nothing and write nothing", async () => {
    expect((await zj.post("/api/permits", hotPermit())).status).toBe(403);
    expect((await entB.post("/api/permits", hotPermit())).status).toBe(403);
  });
});

describe("the life cycle of a 一级 hot-work permit", () => {
  let id: string;
  let code: string;

  it("is created as a draft with the derived grade, a code of the day and the type's checklist", async () => {
    const p = await create(team, hotPermit());
    id = p.id;
    code = p.code;
    expect(p).toMatchObject({
      status: "draft",
      statusName: "草稿",
      type: "hot_work",
      typeName: "动火作业",
      grade: "hot_1",
      gradeName: "一级",
      highRisk: true,
      workDate: "2026-11-23",
      approverLevel: "safety_dept",
      requesterName: "吴建军（检修班班长）",
      workLeaderName: "吴建军",
      watchmanName: "周海涛",
      maxValidityHours: 8,
      rulesVersion: "GB 30871-2022@1",
      people: { gasAnalyst: { personId: P.liu, name: "刘洋" } },
    });
    expect(p.code).toMatch(/^DH-20261123-\d{4}$/);
    expect(p.gradeResult).toMatchObject({ grade: "hot_1", baseGrade: "hot_1", upgrades: [], permitRequired: true });
    expect(p.measures).toHaveLength(MEASURE_TEMPLATES.hot_work.length);
    expect(p.measures.every((m: { involved: null }) => m.involved === null)).toBe(true);
    expect(p.workers.map((w: { name: string }) => w.name)).toEqual(["王立新", "陈志强"]);
    expect(p.abilities).toMatchObject({ actions: ["submit", "cancel"], edit: true });
    // The next permit of the day gets the next number.
    const next = await create(team, hotPermit({ type: "height", gradeInputs: { heightM: 3, factors: [] }, workerIds: [P.zhang] }));
    expect(Number(next.code.slice(-4))).toBe(Number(code.slice(-4)) + 1);
    expect(next.code.slice(0, 3)).toBe("GC-");
  });

  it("refuses submission for the expired certificate (naming the worker) and the unanswered measures", async () => {
    const p = await detail(team, id);
    const r = await act(team, id, "submit", { version: p.version });
    expect(r.status).toBe(422);
    expect(r.body.code).toBe("PERMIT_CHECKS_FAILED");
    expect(details(r.body)).toEqual(["measures:MEASURES_UNANSWERED", "workerIds.1:CERTIFICATE_EXPIRED"]);
    expect(r.body.details.find((d: { field: string }) => d.field === "workerIds.1").message).toContain("陈志强");
    expect((await detail(team, id)).status).toBe("draft");
  });

  it("takes the measures' answers (draft only, with the version) and edits the draft to drop the unqualified welder", async () => {
    const p = await detail(team, id);
    const stale = await team.request("PUT", `/api/permits/${id}/measures`, { body: { items: [{ no: 1, involved: true }], version: p.version + 5 } });
    expect(stale.status).toBe(409);
    const unknown = await team.request("PUT", `/api/permits/${id}/measures`, { body: { items: [{ no: 99, involved: true }], version: p.version } });
    expect([unknown.status, fields(unknown.body)]).toEqual([400, ["items.0.no"]]);
    const items = p.measures.map((m: { no: number }) => ({ no: m.no, involved: m.no !== 8 }));
    const r = await team.request("PUT", `/api/permits/${id}/measures`, { body: { items, version: p.version } });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect(r.body.measures.filter((m: { involved: boolean }) => m.involved === false).map((m: { no: number }) => m.no)).toEqual([8]);
    expect(r.body.version).toBe(p.version + 1);
    const still = await act(team, id, "submit", { version: r.body.version });
    expect(details(still.body)).toEqual(["workerIds.1:CERTIFICATE_EXPIRED"]);
    const fixed = await team.patch(`/api/permits/${id}`, { workerIds: [P.wang], version: r.body.version });
    expect(fixed.status, JSON.stringify(fixed.body)).toBe(200);
    expect(fixed.body.workers.map((w: { name: string }) => w.name)).toEqual(["王立新"]);
    expect(fixed.body.grade).toBe("hot_1");
  });

  it("is submitted by the requester; the certificates seen are kept and the possible approvers are told", async () => {
    const p = await detail(team, id);
    const r = await must(team, id, "submit", { version: p.version });
    expect(r.status).toBe("pending_approval");
    const [w] = await t.db.select().from(permitWorkers).where(eq(permitWorkers.permitId, id));
    expect(w!.certificates).toEqual([{ type: "welding_cutting", number: "T321183198903152516", validUntil: "2029-05-31" }]);
    expect(r.workers[0].certificates).toEqual([
      { type: "welding_cutting", typeName: "焊接与热切割作业", number: "T321183198903152516", validUntil: "2029-05-31" },
    ]);
    const told = await t.db
      .select({ userId: notifications.userId, kind: notifications.kind, title: notifications.title })
      .from(notifications)
      .where(eq(notifications.targetId, id));
    expect(told.map((n) => n.userId).sort()).toEqual([U["ent.a"], U["ent.a.safety"]].sort());
    expect(told[0]!.kind).toBe("permit_approval");
    expect(told[0]!.title).toContain(code);
    // A draft can no longer be edited.
    const edit = await team.patch(`/api/permits/${id}`, { place: "改地点", version: r.version });
    expect([edit.status, edit.body.code]).toEqual([409, "PERMIT_WRONG_STATUS"]);
  });

  it("is approved by another user on site: the requester cannot, the location is required and recorded", async () => {
    const p = await detail(safety, id);
    expect(p.abilities.actions).toEqual(["return", "approve", "cancel"]);
    const self = await act(team, id, "approve", { version: p.version, lat: 32.2, lng: 119.4 });
    expect([self.status, self.body.code]).toEqual([403, "PERMIT_SELF_APPROVAL"]);
    const noPlace = await act(safety, id, "approve", { version: p.version, opinion: "同意" });
    expect([noPlace.status, details(noPlace.body)]).toEqual([422, ["lat:LOCATION_REQUIRED", "lng:LOCATION_REQUIRED"]]);
    const regulator = await act(zj, id, "approve", { version: p.version, lat: 32.2, lng: 119.4 });
    expect(regulator.status).toBe(403);
    setClock(bj("10:05"));
    const r = await must(safety, id, "approve", { version: p.version, lat: 32.2012, lng: 119.4523, opinion: "措施落实，同意动火" });
    expect(r.status).toBe("approved");
    expect(r.approval).toEqual({ byName: "周海涛（安全管理员）", at: "2026-11-23T02:05:00.000Z", lat: 32.2012, lng: 119.4523, opinion: "措施落实，同意动火" });
    const ev = r.events.find((e: { action: string }) => e.action === "approve");
    expect(ev).toMatchObject({ fromStatus: "pending_approval", toStatus: "approved", lat: 32.2012, lng: 119.4523 });
  });

  it("confirms measures on site with live photos; a gallery pick is refused and an undeclared capture flagged", async () => {
    const p = await detail(team, id);
    const photoMeasure = p.measures.find((m: { photoRequired: boolean }) => m.photoRequired).no;
    const noPhoto = await team.post(`/api/permits/${id}/measures/${photoMeasure}/confirm`, {});
    expect([noPhoto.status, fields(noPhoto.body)]).toEqual([400, ["evidenceId"]]);
    const gallery = await upload(team, "gallery");
    const refused = await team.post(`/api/permits/${id}/measures/${photoMeasure}/confirm`, { evidenceId: gallery.id });
    expect([refused.status, fields(refused.body)]).toEqual([400, ["evidenceId"]]);
    const notInvolved = await team.post(`/api/permits/${id}/measures/8/confirm`, {});
    expect([notInvolved.status, notInvolved.body.code]).toEqual([409, "MEASURE_NOT_INVOLVED"]);
    const foreign = await upload(entB, "camera");
    const foreignRef = await team.post(`/api/permits/${id}/evidence`, { node: "site_before", evidenceId: foreign.id });
    expect([foreignRef.status, fields(foreignRef.body)]).toEqual([400, ["evidenceId"]]);
    const galleryNode = await team.post(`/api/permits/${id}/evidence`, { node: "watchman", evidenceId: gallery.id });
    expect([galleryNode.status, fields(galleryNode.body)]).toEqual([400, ["evidenceId"]]);
    const unknown = await upload(team, "unknown", {}, true);
    const flagged = await team.post(`/api/permits/${id}/evidence`, { node: "other", evidenceId: unknown.id });
    expect(flagged.status).toBe(201);
    expect(flagged.body).toMatchObject({
      node: "other",
      flag: "未声明为现场拍摄",
      fileSha256: unknown.sha256,
      mime: "image/png",
      uploadedByName: "吴建军（检修班班长）",
    });
    // A regulator cannot add evidence.
    expect((await zj.post(`/api/permits/${id}/evidence`, { node: "other", evidenceId: unknown.id })).status).toBe(403);
  });

  it("records gas analyses with the verdict computed by the server", async () => {
    setClock(bj("10:35"));
    const future = await gas(team, id, bj("10:40"));
    expect([future.status, fields(future.body)]).toEqual([400, ["sampledAt"]]);
    const noLel = await gas(team, id, bj("10:30"), { lelPercent: null });
    expect([noLel.status, fields(noLel.body)]).toEqual([400, ["lelPercent"]]);
    const r = await gas(team, id, bj("09:55"));
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    expect(r.body).toMatchObject({
      pass: true,
      criterion: "≤ 0.5 %(V/V)（爆炸下限 ≥ 4 %）",
      unit: "%(V/V)",
      analystName: "刘洋",
      sampledAt: "2026-11-23T01:55:00.000Z",
    });
    const o2 = await gas(team, id, bj("09:55"), { gas: "氧气", kind: "oxygen", value: 19.4, lelPercent: null });
    expect(o2.body).toMatchObject({ pass: false, criterion: "19.5 %～21 %(V/V)" });
    expect((await gas(zj, id, bj("10:30"))).status).toBe(403);
  });

  it("cannot start on a 40-minute-old analysis, then starts once everything is in place and a fresh analysis passes", async () => {
    await prepare(team, id);
    let p = await detail(team, id);
    expect(p.blockers.start.map((b: { code: string }) => b.code)).toEqual(["GAS_ANALYSIS_STALE"]);
    const stale = await act(team, id, "start", { version: p.version });
    expect(stale.status).toBe(422);
    expect(details(stale.body)).toEqual(["gasAnalyses:GAS_ANALYSIS_STALE"]);
    expect(stale.body.details[0].message).toContain("40 分钟");
    // A fresh failing reading blocks too; a fresh passing one for the same gas and point lets work start.
    await gas(team, id, bj("10:30"), { gas: "氧气", kind: "oxygen", value: 20.9, lelPercent: null });
    await gas(team, id, bj("10:31"), { value: 0.8 });
    p = await detail(team, id);
    expect(p.blockers.start.map((b: { code: string }) => b.code)).toEqual(["GAS_ANALYSIS_FAILED"]);
    await gas(team, id, bj("10:33"), { value: 0.2 });
    p = await detail(team, id);
    expect(p.blockers.start).toEqual([]);
    const r = await must(team, id, "start", { version: p.version });
    expect([r.status, r.startedAt]).toEqual(["in_progress", "2026-11-23T02:35:00.000Z"]);
  });

  it("needs a new analysis to resume after a 61-minute suspension", async () => {
    let p = await must(team, id, "suspend", { version: (await detail(team, id)).version, note: "午休" });
    expect(p.status).toBe("suspended");
    setClock(bj("11:36"));
    const r = await act(team, id, "resume", { version: p.version });
    expect(r.status).toBe(422);
    expect(details(r.body)).toEqual(["gasAnalyses:GAS_ANALYSIS_MISSING"]);
    expect(r.body.details[0].message).toBe("作业中断 61 分钟，超过 30 分钟，恢复作业前须重新进行气体分析");
    await gas(team, id, bj("11:30"));
    await gas(team, id, bj("11:31"), { gas: "氧气", kind: "oxygen", value: 20.8, lelPercent: null });
    p = await must(team, id, "resume", { version: p.version });
    expect(p.status).toBe("in_progress");
  });

  it("completes only with the clean site photographed, and is accepted by a manager (not the requester) and archived", async () => {
    setClock(bj("15:00"));
    let p = await detail(team, id);
    const r = await act(team, id, "complete", { version: p.version });
    expect([r.status, details(r.body)]).toEqual([422, ["evidence.site_after:EVIDENCE_MISSING"]]);
    await team.post(`/api/permits/${id}/evidence`, { node: "site_after", evidenceId: (await upload(team, "camera")).id });
    p = await must(team, id, "complete", { version: p.version });
    expect(p.status).toBe("completed");
    const own = await act(team, id, "accept", { version: p.version });
    expect([own.status, own.body.code]).toEqual([403, "FORBIDDEN"]);
    const stale = await act(leader, id, "accept", { version: p.version - 1 });
    expect([stale.status, stale.body.code]).toEqual([409, "VERSION_CONFLICT"]);
    setClock(bj("15:10"));
    p = await must(leader, id, "accept", { version: p.version });
    expect(p).toMatchObject({
      status: "closed",
      acceptance: { byName: "赵国强（主要负责人）", at: "2026-11-23T07:10:00.000Z" },
      closedAt: "2026-11-23T07:10:00.000Z",
      retainUntil: "2027-11-23T07:10:00.000Z",
    });
    expect(p.abilities.actions).toEqual([]);
    const cancel = await act(leader, id, "cancel", { version: p.version, reason: "x" });
    expect([cancel.status, cancel.body.code]).toEqual([409, "PERMIT_WRONG_STATUS"]);
  });

  it("keeps every step as a permit event with an audit event, and offers no delete", async () => {
    const evs = await t.db.select({ action: permitEvents.action }).from(permitEvents).where(eq(permitEvents.permitId, id)).orderBy(asc(permitEvents.id));
    const steps = evs.map((e) => e.action).filter((a) => !["gas_analysis", "evidence", "measure_confirm"].includes(a));
    expect(steps).toEqual(["create", "measures", "update", "submit", "approve", "start", "suspend", "resume", "complete", "accept"]);
    const [audits] = await t.db.select({ n: count() }).from(auditEvents).where(eq(auditEvents.targetId, id));
    expect(audits!.n).toBe(evs.length);
    expect((await leader.del(`/api/permits/${id}`)).status).toBe(404);
    expect((await t.db.select({ id: permits.id }).from(permits).where(eq(permits.id, id))).length).toBe(1);
  });

  it("prints an A4 PDF with the code and a QR code to the record", async () => {
    const r = await zj.get(`/api/permits/${id}/pdf`);
    expect(r.status, r.body?.message).toBe(200);
    expect(r.headers["content-type"]).toBe("application/pdf");
    const pdf = r.raw.rawPayload;
    expect(pdf.subarray(0, 5).toString()).toBe("%PDF-");
    const text = pdf.toString("latin1");
    expect(text).toContain(`(${code})`);
    expect(text).toContain(`/permits/${id}`);
    expect(text).toMatch(/\/MediaBox \[0 0 595\.28 841\.89\]/);
    expect(text).toMatch(/\/Subtype \/Image/);
    expect((await entB.get(`/api/permits/${id}/pdf`)).status).toBe(404);
  });
});

describe("approval rules", () => {
  it("refuses self-approval by a manager and a 特级 approval by anyone but the leader in charge", async () => {
    setClock(bj("10:00"));
    const own = await create(safety, hotPermit({ workerIds: [P.wang], plannedStart: bj("10:30"), plannedEnd: bj("12:00") }));
    await prepare(safety, own.id);
    const sub = await must(safety, own.id, "submit", { version: (await detail(safety, own.id)).version });
    const self = await act(safety, own.id, "approve", { version: sub.version, lat: 32, lng: 119 });
    expect([self.status, self.body.code]).toEqual([403, "PERMIT_SELF_APPROVAL"]);
    const special = await create(team, hotPermit({ workerIds: [P.wang], plannedStart: bj("21:00"), plannedEnd: bj("23:00") }));
    expect([special.grade, special.approverLevel]).toEqual(["hot_special", "leader_in_charge"]);
    await prepare(team, special.id);
    const s2 = await must(team, special.id, "submit", { version: (await detail(team, special.id)).version });
    const bySafety = await act(safety, special.id, "approve", { version: s2.version, lat: 32, lng: 119 });
    expect([bySafety.status, bySafety.body.code]).toEqual([403, "PERMIT_APPROVER_LEVEL"]);
    const told = await t.db.select({ userId: notifications.userId }).from(notifications).where(eq(notifications.targetId, special.id));
    expect(told.map((n) => n.userId)).toEqual([U["ent.a"]]);
    const ok = await must(leader, special.id, "approve", { version: s2.version, lat: 32, lng: 119 });
    expect(ok.status).toBe("approved");
    // Returned by the approver with an opinion, back to a draft.
    const third = await create(team, hotPermit({ workerIds: [P.wang] }));
    await prepare(team, third.id);
    const s3 = await must(team, third.id, "submit", { version: (await detail(team, third.id)).version });
    const noOpinion = await act(safety, third.id, "return", { version: s3.version });
    expect([noOpinion.status, details(noOpinion.body)]).toEqual([422, ["opinion:OPINION_REQUIRED"]]);
    const back = await must(safety, third.id, "return", { version: s3.version, opinion: "补充JHA" });
    expect(back.status).toBe("draft");
    const noReason = await act(team, third.id, "cancel", { version: back.version });
    expect([noReason.status, details(noReason.body)]).toEqual([422, ["reason:REASON_REQUIRED"]]);
    const cancelled = await must(team, third.id, "cancel", { version: back.version, reason: "改期" });
    expect([cancelled.status, cancelled.cancelReason]).toEqual(["cancelled", "改期"]);
  });

  it("lets exactly one of two approvals with the same version through", async () => {
    setClock(bj("10:00"));
    const p = await create(team, hotPermit({ workerIds: [P.wang] }));
    await prepare(team, p.id);
    const s = await must(team, p.id, "submit", { version: (await detail(team, p.id)).version });
    const [a, b] = await Promise.all([
      act(safety, p.id, "approve", { version: s.version, lat: 32, lng: 119 }),
      act(leader, p.id, "approve", { version: s.version, lat: 32, lng: 119 }),
    ]);
    expect([a.status, b.status].sort()).toEqual([200, 409]);
    const [row] = await t.db.select({ version: permits.version, status: permits.status }).from(permits).where(eq(permits.id, p.id));
    expect(row).toEqual({ version: s.version + 1, status: "approved" });
    const approvals = await t.db
      .select({ n: count() })
      .from(permitEvents)
      .where(and(eq(permitEvents.permitId, p.id), eq(permitEvents.action, "approve")));
    expect(approvals[0]!.n).toBe(1);
  });
});

describe("approvers configuration", () => {
  it("shows the default roles, is set by managers only with the enterprise's own accounts, and decides who approves", async () => {
    const d = await leader.get(`/api/permits/approvers?enterpriseId=${entAId}`);
    expect(d.status).toBe(200);
    expect(d.body.configured).toBe(false);
    const level = (body: { levels: { level: string; users: { id: string }[] }[] }, l: string) =>
      body.levels
        .find((x) => x.level === l)!
        .users.map((u) => u.id)
        .sort();
    expect(level(d.body, "leader_in_charge")).toEqual([U["ent.a"]]);
    expect(level(d.body, "safety_dept")).toEqual([U["ent.a"], U["ent.a.safety"]].sort());
    expect(d.body.candidates.map((c: { id: string }) => c.id)).toContain(U["ent.a.team"]);
    expect((await team.request("PUT", "/api/permits/approvers", { body: { enterpriseId: entAId, levels: {} } })).status).toBe(403);
    expect((await zj.request("PUT", "/api/permits/approvers", { body: { enterpriseId: entAId, levels: {} } })).status).toBe(403);
    const foreign = await leader.request("PUT", "/api/permits/approvers", { body: { enterpriseId: entAId, levels: { safety_dept: [U["ent.b"]] } } });
    expect([foreign.status, fields(foreign.body)]).toEqual([400, ["levels.safety_dept.0"]]);
    const set = await leader.request("PUT", "/api/permits/approvers", { body: { enterpriseId: entAId, levels: { safety_dept: [U["ent.a.team"]] } } });
    expect(set.status, JSON.stringify(set.body)).toBe(200);
    expect([set.body.configured, level(set.body, "safety_dept"), level(set.body, "local_unit")]).toEqual([
      true,
      [U["ent.a.team"]],
      [U["ent.a"], U["ent.a.safety"]].sort(),
    ]);
    // A 一级 hot work by the safety manager: the team leader (configured) approves; the safety manager no longer could.
    setClock(bj("10:00"));
    const p = await create(safety, hotPermit({ workerIds: [P.wang] }));
    await prepare(safety, p.id);
    const s = await must(safety, p.id, "submit", { version: (await detail(safety, p.id)).version });
    const told = await t.db.select({ userId: notifications.userId }).from(notifications).where(eq(notifications.targetId, p.id));
    expect(told.map((n) => n.userId).sort()).toEqual([U["ent.a"], U["ent.a.team"]].sort());
    const ok = await must(team, p.id, "approve", { version: s.version, lat: 32, lng: 119 });
    expect(ok.approval.byName).toBe("吴建军（检修班班长）");
    const reset = await leader.request("PUT", "/api/permits/approvers", { body: { enterpriseId: entAId, levels: {} } });
    expect(reset.body.configured).toBe(false);
    expect((await entB.get(`/api/permits/approvers?enterpriseId=${entAId}`)).status).toBe(404);
  });
});

describe("today's screens", () => {
  it("shows the enterprise's live permits today with their blockers", async () => {
    setClock(bj("10:00"));
    const before = await leader.get("/api/permits/today");
    expect(before.status).toBe(200);
    const p = await create(team, hotPermit({ workerIds: [P.wang] }));
    const draft = await leader.get("/api/permits/today");
    expect(draft.body.items.map((i: { id: string }) => i.id)).not.toContain(p.id);
    await prepare(team, p.id);
    const s = await must(team, p.id, "submit", { version: (await detail(team, p.id)).version });
    await must(safety, p.id, "approve", { version: s.version, lat: 32, lng: 119 });
    const after = await leader.get("/api/permits/today");
    const item = after.body.items.find((i: { id: string }) => i.id === p.id);
    expect(item).toMatchObject({ status: "approved", gasOverdueMin: 0, lastGasAt: null });
    expect(item.blockers.map((b: { code: string }) => b.code)).toEqual(["PERMIT_NOT_STARTED", "GAS_ANALYSIS_MISSING"]);
    expect(after.body.counts.byStatus.approved).toBe(before.body.counts.byStatus.approved + 1);
    expect(after.body.counts.byType.hot_work).toBe(before.body.counts.byType.hot_work + 1);
    expect(after.body.counts.total).toBe(after.body.items.length);
    expect((await zj.get(`/api/permits/today?enterpriseId=${entAId}`)).status).toBe(200);
    expect((await jr.get(`/api/permits/today?enterpriseId=${entAId}`)).status).toBe(404);
    expect((await zj.get("/api/permits/today")).status).toBe(400);
  });

  it("counts today's high-risk work for the regulator's scope by category and region, with drill-down", async () => {
    setClock(bj("10:00"));
    const before = await zj.get("/api/permits/high-risk");
    expect(before.status).toBe(200);
    const jrBefore = await jr.get("/api/permits/high-risk");
    const [ent] = await t.db.select().from(enterprises).where(eq(enterprises.id, entAId));
    const child = ent!.regionPath.split("/").filter(Boolean)[2]!; // the county under 镇江市
    const regionCount = (body: { regions: { code: string; counts: { total: number } }[] }) => body.regions.find((r) => r.code === child)?.counts.total ?? 0;
    // A draft does not count; a submitted confined-space permit and a submitted 一级 hot work do; a 二级 does not.
    const confined = await create(team, hotPermit({ type: "confined_space", gradeInputs: {}, workerIds: [P.li], plannedEnd: bj("18:00") }));
    const hot1 = await create(team, hotPermit({ workerIds: [P.wang] }));
    const hot2 = await create(team, hotPermit({ workerIds: [P.wang], inHazardArea: false }));
    expect([confined.highRisk, hot1.highRisk, hot2.highRisk, hot2.grade]).toEqual([true, true, false, "hot_2"]);
    const drafts = await zj.get("/api/permits/high-risk");
    expect(drafts.body.counts).toEqual(before.body.counts);
    for (const p of [confined, hot1, hot2]) {
      await prepare(team, p.id);
      await must(team, p.id, "submit", { version: (await detail(team, p.id)).version });
    }
    // A 一级 hot work still in progress from yesterday counts today too; one from yesterday that closed does not.
    const base = {
      enterpriseId: entAId,
      regionPath: ent!.regionPath,
      sector: ent!.sector,
      type: "hot_work",
      grade: "hot_1",
      gradeInputs: {},
      gradeResult: {},
      rulesVersion: "GB 30871-2022@1",
      highRisk: true,
      place: "昨日作业",
      content: "昨日作业",
      plannedStart: new Date(bj("20:00", "2026-11-22")),
      plannedEnd: new Date(bj("04:00")),
      workDate: "2026-11-22",
      requesterId: U["ent.a.team"]!,
      requesterName: "吴建军",
      workLeaderId: P.wu!,
      watchmanId: P.zhou!,
      approverLevel: "safety_dept",
      createdAt: TEST_NOW,
      updatedAt: TEST_NOW,
    };
    await t.db.insert(permits).values([
      { ...base, code: "DH-20261122-9001", status: "in_progress" },
      { ...base, code: "DH-20261122-9002", status: "closed" },
    ]);
    const after = await zj.get("/api/permits/high-risk");
    const b = before.body.counts;
    expect(after.body.counts).toEqual({ ...b, hot_1: b.hot_1 + 2, confined_space: b.confined_space + 1, total: b.total + 3 });
    expect(regionCount(after.body)).toBe(regionCount(before.body) + 3);
    expect(after.body.regionCode).toBe("321100");
    expect(after.body.regions.every((r: { code: string }) => r.code.startsWith("3211"))).toBe(true);
    // The sum of the regions is the total.
    expect(after.body.regions.reduce((s: number, r: { counts: { total: number } }) => s + r.counts.total, 0)).toBe(after.body.counts.total);
    // 句容市 sees none of ent-a's.
    expect((await jr.get("/api/permits/high-risk")).body.counts).toEqual(jrBefore.body.counts);
    // Drill-down by category.
    const drill = await zj.get("/api/permits/high-risk?category=confined_space");
    expect(drill.body.items.every((i: { type: string }) => i.type === "confined_space")).toBe(true);
    expect(drill.body.items.map((i: { id: string }) => i.id)).toContain(confined.id);
    const byGrade = await zj.get(`/api/permits/high-risk?type=hot_work&grade=hot_1&regionCode=${child}`);
    expect(byGrade.body.items.map((i: { code: string }) => i.code)).toContain("DH-20261122-9001");
    expect(byGrade.body.items.map((i: { code: string }) => i.code)).not.toContain("DH-20261122-9002");
    expect(byGrade.body.items.map((i: { id: string }) => i.id)).not.toContain(hot2.id);
    // Another day: only what was planned that day.
    const yesterday = await zj.get("/api/permits/high-risk?day=2026-11-22");
    expect(yesterday.body.items.map((i: { code: string }) => i.code)).toEqual(expect.arrayContaining(["DH-20261122-9001", "DH-20261122-9002"]));
    expect((await jr.get("/api/permits/high-risk?regionCode=321100")).status).toBe(404);
    // The list filters too.
    const list = await zj.get(`/api/permits?enterpriseId=${entAId}&day=2026-11-23&highRisk=true&type=confined_space`);
    expect(list.body.items.map((i: { id: string }) => i.id)).toContain(confined.id);
    expect(list.body.abilities.create).toBe(false);
    expect((await team.get(`/api/permits?enterpriseId=${entAId}`)).body.abilities.create).toBe(true);
  });

  it("counts the regulator's screen from an index (PostgreSQL planner, sequential scans off)", async () => {
    const rows = await t.db.transaction(async (tx) => {
      await tx.execute("SET LOCAL enable_seqscan = off" as never);
      const r = await tx.execute(
        `EXPLAIN SELECT count(*) FROM permits WHERE high_risk AND work_date = '2026-11-23' AND region_path LIKE '320000/321100/%' AND status NOT IN ('draft','cancelled')` as never,
      );
      return (r as unknown as { rows: { "QUERY PLAN": string }[] }).rows.map((x) => x["QUERY PLAN"]).join("\n");
    });
    expect(rows).toMatch(/Index.*permits_(day_region|enterprise|region_time)_idx/);
  });
});

describe("confined-space gas records every 2 h", () => {
  it("tells the requester, the work leader and the safety managers once per overdue spell", async () => {
    setClock(bj("10:00"));
    const p = await create(
      leader,
      hotPermit({ type: "confined_space", gradeInputs: {}, workerIds: [P.li], plannedStart: bj("10:10"), plannedEnd: bj("23:00") }),
    );
    await prepare(leader, p.id);
    const s = await must(leader, p.id, "submit", { version: (await detail(leader, p.id)).version });
    await must(safety, p.id, "approve", { version: s.version, lat: 32, lng: 119 });
    setClock(bj("10:15"));
    await gas(leader, p.id, bj("10:12"), { gas: "氧气", kind: "oxygen", value: 20.9, lelPercent: null });
    const started = await must(leader, p.id, "start", { version: (await detail(leader, p.id)).version });
    expect(started.status).toBe("in_progress");
    const run = () => t.db.transaction((tx) => flagOverdueGasRecords(tx, t.clock.now, t.app.ctx.config));
    const mine = async () =>
      (
        await t.db
          .select()
          .from(notifications)
          .where(and(eq(notifications.targetId, p.id), eq(notifications.kind, "permit_gas_overdue")))
      ).map((n) => n.userId);
    setClock(bj("12:15"));
    await run();
    expect(await mine()).toEqual([]);
    expect((await detail(leader, p.id)).gasOverdueMin).toBe(0);
    setClock(bj("12:16"));
    await run();
    expect((await mine()).sort()).toEqual([U["ent.a"], U["ent.a.team"], U["ent.a.safety"]].sort());
    expect((await detail(leader, p.id)).gasOverdueMin).toBe(1);
    setClock(bj("12:40"));
    await run();
    expect(await mine()).toHaveLength(3);
    // A new record ends the spell; the next overdue spell is told again.
    await gas(leader, p.id, bj("12:40"), { gas: "氧气", kind: "oxygen", value: 20.9, lelPercent: null });
    setClock(bj("14:40"));
    await run();
    expect(await mine()).toHaveLength(3);
    setClock(bj("14:41"));
    await run();
    expect(await mine()).toHaveLength(6);
    const today = await leader.get("/api/permits/today");
    expect(today.body.items.find((i: { id: string }) => i.id === p.id)).toMatchObject({ gasOverdueMin: 1, lastGasAt: "2026-11-23T04:40:00.000Z" });
  });
});
