/**
 * 班前教育: prefill, recording with a live photo and sign-in (training records), refusals (not the leader, gallery
 * photo, duplicate day, attendee of another enterprise), late sign-in, today's board, monthly statistics, and the
 * missing-briefing reminders (level 1 team leader after BRIEFING_DUE_TIME, level 2 safety managers later, never on
 * rest days, idempotent).
 */
import crypto from "node:crypto";
import { and, eq, gte, inArray, like, lt } from "drizzle-orm";
import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  briefingAttendees,
  briefingReminders,
  briefings,
  enterprises,
  notifications,
  permits,
  personnel,
  riskUnits,
  teams,
  trainingRecords,
  users,
} from "../src/db/schema";
import { remindMissingBriefings } from "../src/features/briefings/jobs";
import { startTestApp, type Client, type TestApp } from "./support/testApp";
import { TEST_NOW } from "./support/testDb";

let t: TestApp;
let leaderA: Client; // ent.a (enterprise_leader)
let safetyA: Client; // ent.a.safety
let teamLeaderA: Client; // ent.a.team, leads 检修班
let entB: Client;
const id = {} as Record<
  | "entA"
  | "entB"
  | "maintenance"
  | "tankFarm"
  | "wu"
  | "wang"
  | "chen"
  | "li"
  | "sun"
  | "ma"
  | "liu"
  | "personB"
  | "userTeam"
  | "userSafety"
  | "userLeader"
  | "tankBriefing",
  string
>;

function evidenceUpload(c: Client, content: Buffer, fields: Record<string, string>) {
  const boundary = `----anguan${crypto.randomBytes(8).toString("hex")}`;
  const parts = Object.entries(fields).map(([k, v]) => Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`));
  const payload = Buffer.concat([
    ...parts,
    Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="签到.jpg"\r\nContent-Type: image/jpeg\r\n\r\n`),
    content,
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
  return c.request("POST", "/api/evidence", { payload, headers: { "content-type": `multipart/form-data; boundary=${boundary}` } });
}
const colour = () => `#${crypto.randomBytes(3).toString("hex")}`;
async function photo(c: Client, capture: "camera" | "gallery" | "unknown", exifTakenAt?: string, enterpriseId?: string): Promise<string> {
  let img = sharp({ create: { width: 24, height: 16, channels: 3, background: colour() } }).jpeg();
  if (exifTakenAt) img = img.withExif({ IFD0: { Make: "Anguan" }, IFD2: { DateTimeOriginal: exifTakenAt } });
  const r = await evidenceUpload(c, await img.toBuffer(), { capture, ...(enterpriseId ? { enterpriseId } : {}) });
  expect(r.status, JSON.stringify(r.body)).toBe(201);
  return r.body.id;
}

const personId = async (name: string) => (await t.db.select({ id: personnel.id }).from(personnel).where(eq(personnel.name, name)))[0]!.id;

beforeAll(async () => {
  t = await startTestApp();
  [leaderA, safetyA, teamLeaderA, entB] = await Promise.all([t.as("ent.a"), t.as("ent.a.safety"), t.as("ent.a.team"), t.as("ent.b")]);
  const ent = async (name: string) => (await t.db.select({ id: enterprises.id }).from(enterprises).where(eq(enterprises.name, name)))[0]!.id;
  id.entA = await ent("镇江华泰化工有限公司");
  id.entB = await ent("句容宝华智运仓储物流有限公司");
  const team = async (name: string) =>
    (
      await t.db
        .select({ id: teams.id })
        .from(teams)
        .where(and(eq(teams.enterpriseId, id.entA), eq(teams.name, name)))
    )[0]!.id;
  id.maintenance = await team("检修班");
  id.tankFarm = await team("罐区操作班");
  for (const [k, n] of [
    ["wu", "吴建军"],
    ["wang", "王立新"],
    ["chen", "陈志强"],
    ["li", "李卫"],
    ["sun", "孙立"],
    ["ma", "马小军"],
    ["liu", "刘洋"],
  ] as const)
    id[k] = await personId(n);
  // A person of enterprise B (the demo registry has none there).
  const [b] = await t.db.select().from(enterprises).where(eq(enterprises.id, id.entB));
  const [pb] = await t.db
    .insert(personnel)
    .values({ enterpriseId: b!.id, regionPath: b!.regionPath, sector: b!.sector, name: "刘强", createdAt: TEST_NOW, updatedAt: TEST_NOW })
    .returning();
  id.personB = pb!.id;
  const userId = async (username: string) => (await t.db.select({ id: users.id }).from(users).where(eq(users.username, username)))[0]!.id;
  id.userTeam = await userId("ent.a.team");
  id.userSafety = await userId("ent.a.safety");
  id.userLeader = await userId("ent.a");
}, 60_000);
afterAll(() => t?.close());

const body = (over: Record<string, unknown>) => ({
  teamId: id.maintenance,
  topic: "动火作业安全要点",
  content: "动火前清理周边可燃物，气体分析合格后方可动火。",
  lessons: "某厂动火未分析引发闪爆事故",
  attendees: [{ personId: id.wu }, { personId: id.wang }, { personId: id.chen }, { personId: id.li }],
  ...over,
});

describe("prefill", () => {
  it("gives the team's members, today's permits in force and the enterprise's red/orange risk units", async () => {
    const r = await teamLeaderA.get(`/api/briefings/prefill?teamId=${id.maintenance}`);
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect(r.body.day).toBe("2026-11-23");
    expect(r.body.team).toMatchObject({ id: id.maintenance, name: "检修班", leaderName: "吴建军" });
    expect(r.body.members.map((m: { name: string }) => m.name).sort()).toEqual(["吴建军", "李卫", "王立新", "陈志强"].sort());
    // In force today: approved / in progress / suspended and planned today (or spanning today).
    const live = await t.db
      .select({ id: permits.id, status: permits.status })
      .from(permits)
      .where(and(eq(permits.enterpriseId, id.entA), eq(permits.workDate, "2026-11-23"), inArray(permits.status, ["approved", "in_progress", "suspended"])));
    expect(live.length).toBeGreaterThan(0);
    const got = r.body.permits.map((p: { id: string }) => p.id);
    for (const p of live) expect(got).toContain(p.id);
    for (const p of r.body.permits) expect(["approved", "in_progress", "suspended"]).toContain(p.status);
    // The pending-approval hot work of today is not in force.
    const pending = await t.db
      .select({ id: permits.id })
      .from(permits)
      .where(and(eq(permits.enterpriseId, id.entA), eq(permits.workDate, "2026-11-23"), eq(permits.status, "pending_approval")));
    for (const p of pending) expect(got).not.toContain(p.id);
    const higher = await t.db
      .select({ name: riskUnits.name, grade: riskUnits.riskGrade })
      .from(riskUnits)
      .where(and(eq(riskUnits.enterpriseId, id.entA), inArray(riskUnits.riskGrade, ["重大", "较大"])));
    expect(r.body.riskUnits).toHaveLength(higher.length);
    for (const u of higher) expect(r.body.risks).toContain(u.name);
    expect(r.body.abilities.create).toBe(true);
  });

  it("is 404 outside the scope", async () => {
    expect((await entB.get(`/api/briefings/prefill?teamId=${id.maintenance}`)).status).toBe(404);
  });
});

describe("recording a briefing", () => {
  let briefingId: string;

  it("refuses a photo picked from the gallery (400 photoEvidenceId)", async () => {
    const ev = await photo(teamLeaderA, "gallery");
    const r = await teamLeaderA.post("/api/briefings", body({ photoEvidenceId: ev }));
    expect(r.status).toBe(400);
    expect(r.body.fields.map((d: { field: string }) => d.field)).toEqual(["photoEvidenceId"]);
  });

  it("requires the photo", async () => {
    const { photoEvidenceId: _x, ...rest } = body({ photoEvidenceId: undefined }) as Record<string, unknown>;
    const r = await teamLeaderA.post("/api/briefings", rest);
    expect(r.status).toBe(400);
    expect(r.body.fields[0].field).toBe("photoEvidenceId");
  });

  it("refuses another enterprise's photo", async () => {
    const ev = await photo(entB, "camera");
    const r = await teamLeaderA.post("/api/briefings", body({ photoEvidenceId: ev }));
    expect(r.status).toBe(400);
    expect(r.body.fields[0].field).toBe("photoEvidenceId");
  });

  it("refuses an attendee of another enterprise, naming attendees.<i>.personId", async () => {
    const ev = await photo(teamLeaderA, "camera");
    const r = await teamLeaderA.post("/api/briefings", body({ photoEvidenceId: ev, attendees: [{ personId: id.wu }, { personId: id.personB }] }));
    expect(r.status).toBe(400);
    expect(r.body.fields).toEqual([{ field: "attendees.1.personId", message: "该人员不是本企业在岗人员" }]);
    const dup = await teamLeaderA.post("/api/briefings", body({ photoEvidenceId: ev, attendees: [{ personId: id.wu }, { personId: id.wu }] }));
    expect(dup.status).toBe(400);
    expect(dup.body.fields[0].field).toBe("attendees.1.personId");
  });

  it("refuses a staff member who does not lead the team (403)", async () => {
    const ev = await photo(teamLeaderA, "camera");
    const r = await teamLeaderA.post("/api/briefings", body({ teamId: id.tankFarm, photoEvidenceId: ev, attendees: [{ personId: id.ma }] }));
    expect(r.status).toBe(403);
    expect(r.body.code).toBe("FORBIDDEN");
  });

  it("is recorded by the team leader with a live photo; every attendee gets a training record", async () => {
    const ev = await photo(teamLeaderA, "camera");
    const r = await teamLeaderA.post("/api/briefings", body({ photoEvidenceId: ev, lat: 32.2, lng: 119.4 }));
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    briefingId = r.body.id;
    expect(r.body).toMatchObject({
      teamId: id.maintenance,
      teamName: "检修班",
      day: "2026-11-23",
      leaderName: "吴建军",
      heldAt: TEST_NOW.toISOString(),
      attendeeCount: 4,
      memberCount: 4,
      photoFlag: null,
    });
    expect(r.body.photo).toMatchObject({ evidenceId: ev, capture: "camera", receivedAt: TEST_NOW.toISOString(), uploadedByName: "吴建军（检修班班长）" });
    expect(r.body.photo.fileSha256).toMatch(/^[a-f0-9]{64}$/);
    const recs = await t.db
      .select()
      .from(trainingRecords)
      .where(and(eq(trainingRecords.sourceId, briefingId), eq(trainingRecords.kind, "briefing")));
    expect(recs.map((x) => x.personId).sort()).toEqual([id.wu, id.wang, id.chen, id.li].sort());
    for (const x of recs) expect(x).toMatchObject({ day: "2026-11-23", hours: 0.25, title: "班前教育：动火作业安全要点" });
  });

  it("once per team and day (409 BRIEFING_EXISTS)", async () => {
    const ev = await photo(safetyA, "camera");
    const r = await safetyA.post("/api/briefings", body({ photoEvidenceId: ev }));
    expect(r.status).toBe(409);
    expect(r.body.code).toBe("BRIEFING_EXISTS");
    expect(
      await t.db
        .select()
        .from(briefings)
        .where(and(eq(briefings.teamId, id.maintenance), eq(briefings.day, "2026-11-23"))),
    ).toHaveLength(1);
  });

  it("a manager may run another team's briefing; a stale photo is accepted and flagged", async () => {
    // EXIF 30 minutes before the upload (Beijing time 09:30 on the day; TEST_NOW is 10:00).
    const ev = await photo(safetyA, "camera", "2026:11:23 09:30:00");
    const r = await safetyA.post("/api/briefings", body({ teamId: id.tankFarm, photoEvidenceId: ev, attendees: [{ personId: id.ma }] }));
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    expect(r.body.photoFlag).toBe("拍摄时间早于上传 30 分钟，非即时拍摄");
    expect(r.body.memberCount).toBe(2);
    id.tankBriefing = r.body.id;
  });

  it("late sign-in the same day; twice → 409; the next day → 409 BRIEFING_CLOSED; outsiders 403", async () => {
    const r = await safetyA.post(`/api/briefings/${id.tankBriefing}/attendees`, { personId: id.sun });
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    expect(r.body.attendees.map((a: { name: string }) => a.name).sort()).toEqual(["孙立", "马小军"].sort());
    expect((await t.db.select().from(trainingRecords).where(eq(trainingRecords.sourceId, id.tankBriefing!))).length).toBe(2);
    const again = await safetyA.post(`/api/briefings/${id.tankBriefing}/attendees`, { personId: id.sun });
    expect(again.status).toBe(409);
    expect(again.body.code).toBe("ALREADY_SIGNED");
    const foreign = await safetyA.post(`/api/briefings/${id.tankBriefing}/attendees`, { personId: id.personB });
    expect(foreign.status).toBe(400);
    expect(foreign.body.fields[0].field).toBe("personId");
    expect((await teamLeaderA.post(`/api/briefings/${id.tankBriefing}/attendees`, { personId: id.liu })).status).toBe(403);
    expect((await entB.post(`/api/briefings/${id.tankBriefing}/attendees`, { personId: id.liu })).status).toBe(403);
    t.clock.now = new Date(TEST_NOW.getTime() + 86_400_000);
    try {
      const safetyNextDay = await t.as("ent.a.safety");
      const late = await safetyNextDay.post(`/api/briefings/${id.tankBriefing}/attendees`, { personId: id.liu });
      expect(late.status).toBe(409);
      expect(late.body.code).toBe("BRIEFING_CLOSED");
    } finally {
      t.clock.now = new Date(TEST_NOW);
    }
  });

  it("detail shows attendees and the photo; outside → 404", async () => {
    const r = await leaderA.get(`/api/briefings/${briefingId}`);
    expect(r.status).toBe(200);
    expect(r.body.attendees).toHaveLength(4);
    expect(r.body.abilities.addAttendee).toBe(true);
    expect((await entB.get(`/api/briefings/${briefingId}`)).status).toBe(404);
  });
});

describe("today and statistics", () => {
  it("today's board: both teams held with their counts", async () => {
    const r = await leaderA.get("/api/briefings/today");
    expect(r.status).toBe(200);
    expect(r.body.day).toBe("2026-11-23");
    expect(r.body.workingDay).toBe(true);
    const byName = Object.fromEntries(r.body.teams.map((x: { teamName: string }) => [x.teamName, x]));
    expect(byName["检修班"]).toMatchObject({ held: true, attendeeCount: 4, memberCount: 4, leaderName: "吴建军", late: false });
    expect(byName["罐区操作班"]).toMatchObject({ held: true, attendeeCount: 2, memberCount: 2, leaderName: "孙立" });
  });

  it("monthly statistics per team: expected working days, held, rate and attendance", async () => {
    const r = await leaderA.get(`/api/briefings/stats?enterpriseId=${id.entA}&month=2026-11`);
    expect(r.status).toBe(200);
    // November 2026 up to Monday the 23rd: 2–6, 9–13, 16–20, 23 = 16 working days.
    expect(r.body.days).toBe(16);
    const m = r.body.teams.find((x: { teamName: string }) => x.teamName === "检修班");
    const rows = await t.db
      .select({ id: briefings.id, day: briefings.day })
      .from(briefings)
      .where(and(eq(briefings.teamId, id.maintenance), gte(briefings.day, "2026-11-01"), lt(briefings.day, "2026-12-01")));
    const att = await t.db
      .select()
      .from(briefingAttendees)
      .where(
        inArray(
          briefingAttendees.briefingId,
          rows.map((x) => x.id),
        ),
      );
    expect(m.days).toBe(16);
    expect(m.held).toBe(rows.length);
    expect(m.rate).toBe(Math.round((rows.length / 16) * 10_000) / 10_000);
    expect(m.attendanceRate).toBe(Math.round((att.length / (rows.length * 4)) * 10_000) / 10_000);
    expect(m.missedDays.length).toBe(16 - rows.length);
    const tank = r.body.teams.find((x: { teamName: string }) => x.teamName === "罐区操作班");
    expect(tank).toMatchObject({ days: 16, held: 1, heldOnDays: 1, rate: 0.0625, attendanceRate: 1 });
    // A future month expects nothing yet.
    const dec = await leaderA.get(`/api/briefings/stats?enterpriseId=${id.entA}&month=2026-12`);
    expect(dec.body.days).toBe(0);
    expect((await leaderA.get(`/api/briefings/stats?enterpriseId=${id.entA}&month=2026-13`)).status).toBe(400);
    expect((await entB.get(`/api/briefings/stats?enterpriseId=${id.entA}&month=2026-11`)).status).toBe(404);
  });

  it("the list filters by team and dates", async () => {
    const r = await leaderA.get(`/api/briefings?enterpriseId=${id.entA}&teamId=${id.tankFarm}&from=2026-11-23&to=2026-11-23`);
    expect(r.status).toBe(200);
    expect(r.body.total).toBe(1);
    expect(r.body.items[0]).toMatchObject({ teamName: "罐区操作班", attendeeCount: 2, memberCount: 2, photoFlag: "拍摄时间早于上传 30 分钟，非即时拍摄" });
    expect(r.body.abilities.create).toBe(true);
  });
});

describe("missing-briefing reminders", () => {
  const cfg = () => t.app.ctx.config;
  const at = (iso: string) => new Date(iso);
  const remindersOf = async (day: string) =>
    (
      await t.db
        .select({ teamId: briefingReminders.teamId, level: briefingReminders.level })
        .from(briefingReminders)
        .where(and(eq(briefingReminders.enterpriseId, id.entA), eq(briefingReminders.day, day)))
    )
      .map((r) => `${r.teamId === id.maintenance ? "检修班" : "罐区操作班"}/${r.level}`)
      .sort();
  const noticesOf = async (day: string) =>
    (
      await t.db
        .select({ userId: notifications.userId, title: notifications.title, targetId: notifications.targetId })
        .from(notifications)
        .where(and(eq(notifications.kind, "briefing_missing"), eq(notifications.enterpriseId, id.entA), like(notifications.title, `%${day}%`)))
    )
      .map(
        (n) =>
          `${n.userId === id.userTeam ? "team" : n.userId === id.userSafety ? "safety" : n.userId === id.userLeader ? "leader" : n.userId}:${n.targetId === id.maintenance ? "检修班" : "罐区操作班"}`,
      )
      .sort();

  it("nothing before the due time; level 1 to the team leader from 09:00; level 2 to the safety manager two hours later; idempotent", async () => {
    // Tuesday 2026-11-24: 08:59:59 Beijing = 00:59:59Z.
    expect(await remindMissingBriefings(t.db, at("2026-11-24T00:59:59Z"), cfg())).toBe(0);
    expect(await remindersOf("2026-11-24")).toEqual([]);
    // 09:00: level 1 for both teams; only 检修班's leader has a login.
    expect(await remindMissingBriefings(t.db, at("2026-11-24T01:00:00Z"), cfg())).toBe(1);
    expect(await remindersOf("2026-11-24")).toEqual(["检修班/1", "罐区操作班/1"]);
    expect(await noticesOf("2026-11-24")).toEqual(["team:检修班"]);
    // Again at 10:59:59: nothing new.
    expect(await remindMissingBriefings(t.db, at("2026-11-24T02:59:59Z"), cfg())).toBe(0);
    // 11:00: level 2 to the safety manager (周海涛) for both teams.
    expect(await remindMissingBriefings(t.db, at("2026-11-24T03:00:00Z"), cfg())).toBe(2);
    expect(await remindersOf("2026-11-24")).toEqual(["检修班/1", "检修班/2", "罐区操作班/1", "罐区操作班/2"]);
    expect(await noticesOf("2026-11-24")).toEqual(["safety:检修班", "safety:罐区操作班", "team:检修班"]);
    expect(await remindMissingBriefings(t.db, at("2026-11-24T08:00:00Z"), cfg())).toBe(0);
  });

  it("a team that held its briefing is not reminded; a first run after the escalation time sends both levels", async () => {
    // Wednesday 2026-11-25: 检修班 holds its briefing at 08:30.
    t.clock.now = at("2026-11-25T00:30:00Z");
    try {
      const c = await t.as("ent.a.team");
      const ev = await photo(c, "camera");
      const r = await c.post("/api/briefings", body({ photoEvidenceId: ev }));
      expect(r.status, JSON.stringify(r.body)).toBe(201);
      expect(r.body.day).toBe("2026-11-25");
    } finally {
      t.clock.now = new Date(TEST_NOW);
    }
    expect(await remindMissingBriefings(t.db, at("2026-11-25T04:00:00Z"), cfg())).toBe(1);
    expect(await remindersOf("2026-11-25")).toEqual(["罐区操作班/1", "罐区操作班/2"]);
    expect(await noticesOf("2026-11-25")).toEqual(["safety:罐区操作班"]);
  });

  it("never on rest days (Saturday, Sunday) nor statutory holidays", async () => {
    expect(await remindMissingBriefings(t.db, at("2026-11-28T06:00:00Z"), cfg())).toBe(0);
    expect(await remindMissingBriefings(t.db, at("2026-11-29T06:00:00Z"), cfg())).toBe(0);
    expect(await remindersOf("2026-11-28")).toEqual([]);
    expect(await remindersOf("2026-11-29")).toEqual([]);
    // 2027-01-01 is 元旦 in no shipped calendar (weekends only after 2026), but 2026-10-01 (国庆) is.
    expect(await remindMissingBriefings(t.db, at("2026-10-01T06:00:00Z"), cfg())).toBe(0);
    expect(await remindersOf("2026-10-01")).toEqual([]);
  });
});
