/**
 * First-start seeding. Demo mode: the 镇江市 region tree, government bodies, ~300 enterprises with licences and
 * contacts, a third-party firm with assignments, and one user per role. Production mode: only the platform
 * organisation and an administrator without a password (set it with `npm run admin:create`).
 * Idempotent: a marker in app_meta records that seeding ran; the whole seed is one transaction.
 */
import { eq, inArray } from "drizzle-orm";
import { regionPath, type Department, type Role } from "@anguan/domain";
import type { Db, Queryable } from "../db/client";
import { appMeta, assignments, contacts, enterprises, licences, organizations, regions, users } from "../db/schema";
import { appendAudit } from "../platform/audit";
import { hashPassword } from "../platform/auth";
import { ensureStandardTemplates } from "../features/checklists/standardTemplates";
import { upsertDeterminationItems } from "../features/hazards/standardItems";
import { shanghaiDate } from "../platform/time";
import { DEMO_ENT_A_KEY, DEMO_ENT_B_KEY, generateDemoEnterprises, type DemoEnterprise } from "./demoEnterprises";
import { seedDemoRisks } from "./demoRisks";
import { seedDemoHazards } from "./demoHazards";
import { seedDemoInspections } from "./demoInspections";
import { seedDemoMonitoring } from "./demoMonitoring";
import { seedDemoSteward } from "./demoSteward";
import { BAOHUA_CODE, DEMO_CITY_CODE, DEMO_REGIONS, JURONG_CODE, NEW_AREA_CODE, type RegionSeed } from "./demoRegions";

export const DEMO_PASSWORD = "Anguan#2026";
const SEED_KEY = "seed";

/** Government bodies of the demo jurisdiction: a region and a department each. */
const GOV_BODIES: { name: string; region: string; department: Department }[] = [
  { name: "镇江市应急管理局", region: DEMO_CITY_CODE, department: "emergency" },
  { name: "镇江市商务局", region: DEMO_CITY_CODE, department: "commerce" },
  { name: "镇江市住房和城乡建设局", region: DEMO_CITY_CODE, department: "housing" },
  { name: "镇江市交通运输局", region: DEMO_CITY_CODE, department: "transport" },
  { name: "镇江市教育局", region: DEMO_CITY_CODE, department: "education" },
  { name: "镇江市市场监督管理局", region: DEMO_CITY_CODE, department: "market" },
  { name: "镇江市工业和信息化局", region: DEMO_CITY_CODE, department: "industry" },
  { name: "镇江市生态环境局", region: DEMO_CITY_CODE, department: "ecology" },
  { name: "镇江市消防救援支队", region: DEMO_CITY_CODE, department: "fire" },
  { name: "京口区应急管理局", region: "321102", department: "emergency" },
  { name: "润州区应急管理局", region: "321111", department: "emergency" },
  { name: "丹徒区应急管理局", region: "321112", department: "emergency" },
  { name: "丹阳市应急管理局", region: "321181", department: "emergency" },
  { name: "扬中市应急管理局", region: "321182", department: "emergency" },
  { name: "句容市应急管理局", region: JURONG_CODE, department: "emergency" },
  { name: "镇江新区安全生产监督管理局", region: NEW_AREA_CODE, department: "emergency" },
  { name: "句容市宝华镇安全生产监督管理办公室", region: BAOHUA_CODE, department: "emergency" },
];

interface DemoUser {
  username: string;
  displayName: string;
  role: Role;
  org: string; // organisation name, or "ent:<key>" for an enterprise
  phone: string;
}

export const DEMO_USERS: readonly DemoUser[] = [
  { username: "admin", displayName: "系统管理员", role: "admin", org: "安管平台", phone: "" },
  { username: "zj.yjj", displayName: "王建国（镇江市应急管理局）", role: "regulator", org: "镇江市应急管理局", phone: "13805290001" },
  { username: "jr.yjj", displayName: "李明（句容市应急管理局）", role: "regulator", org: "句容市应急管理局", phone: "13805290002" },
  { username: "baohua.ajb", displayName: "陈晓东（宝华镇安监办）", role: "regulator", org: "句容市宝华镇安全生产监督管理办公室", phone: "13805290003" },
  { username: "zj.sw", displayName: "周丽（镇江市商务局）", role: "regulator", org: "镇江市商务局", phone: "13805290004" },
  { username: "ent.a", displayName: "赵国强（主要负责人）", role: "enterprise_leader", org: `ent:${DEMO_ENT_A_KEY}`, phone: "13905290005" },
  { username: "ent.b", displayName: "孙静（安全管理员）", role: "enterprise_safety", org: `ent:${DEMO_ENT_B_KEY}`, phone: "13905290006" },
  { username: "ent.b.leader", displayName: "钱卫东（主要负责人）", role: "enterprise_leader", org: `ent:${DEMO_ENT_B_KEY}`, phone: "13905290008" },
  { username: "ent.b.worker", displayName: "刘强（仓储班组长）", role: "enterprise_staff", org: `ent:${DEMO_ENT_B_KEY}`, phone: "13905290009" },
  { username: "expert1", displayName: "吴志远（安全专家）", role: "expert", org: "镇江安信安全技术服务有限公司", phone: "13705290007" },
];

export function regionRows(seeds: readonly RegionSeed[]) {
  const byCode = new Map(seeds.map((r) => [r.code, r]));
  const chain = (r: RegionSeed): string[] => (r.parentCode && byCode.has(r.parentCode) ? [...chain(byCode.get(r.parentCode)!), r.code] : [r.code]);
  return seeds.map((r) => ({
    code: r.code,
    name: r.name,
    level: r.level,
    parentCode: r.parentCode,
    path: regionPath(chain(r)),
    lat: r.lat ?? null,
    lng: r.lng ?? null,
  }));
}

export async function isSeeded(db: Queryable): Promise<boolean> {
  const [m] = await db.select().from(appMeta).where(eq(appMeta.key, SEED_KEY));
  return !!m;
}

/** Inserts enterprises (with licences, contacts and an enterprise organisation each) in batches; returns ids by key. */
export async function insertEnterprises(tx: Queryable, list: readonly DemoEnterprise[], pathOf: Map<string, string>): Promise<Map<string, string>> {
  const ids = new Map<string, string>();
  for (let i = 0; i < list.length; i += 500) {
    const batch = list.slice(i, i + 500);
    const rows = await tx
      .insert(enterprises)
      .values(batch.map((d) => ({ ...d.input, regionPath: pathOf.get(d.input.regionCode)! })))
      .returning({ id: enterprises.id, creditCode: enterprises.creditCode });
    const idByCode = new Map(rows.map((r) => [r.creditCode, r.id]));
    const lic = batch.flatMap((d) => d.licences.map((l) => ({ ...l, enterpriseId: idByCode.get(d.input.creditCode)! })));
    const con = batch.flatMap((d) => d.contacts.map((c) => ({ ...c, enterpriseId: idByCode.get(d.input.creditCode)! })));
    if (lic.length) await tx.insert(licences).values(lic);
    if (con.length) await tx.insert(contacts).values(con);
    await tx
      .insert(organizations)
      .values(batch.map((d) => ({ kind: "enterprise", name: d.input.name, regionCode: d.input.regionCode, enterpriseId: idByCode.get(d.input.creditCode)! })));
    for (const d of batch) ids.set(d.key, idByCode.get(d.input.creditCode)!);
  }
  return ids;
}

export interface SeedResult {
  seeded: boolean;
  enterprises: number;
  users: string[];
}

export async function seed(db: Db, opts: { demo: boolean; enterpriseCount?: number; now?: Date }): Promise<SeedResult> {
  const now = opts.now ?? new Date();
  // 重大事故隐患判定标准 and the standard checklist templates: shipped with the code, so written at every start
  // (demo or not, seeded before or not).
  await upsertDeterminationItems(db);
  await ensureStandardTemplates(db);
  if (await isSeeded(db)) return { seeded: false, enterprises: 0, users: [] };
  const passwordHash = opts.demo ? await hashPassword(DEMO_PASSWORD) : null;
  return db.transaction(async (tx) => {
    // Re-check under the transaction: two nodes starting together must not both seed.
    const inserted = await tx
      .insert(appMeta)
      .values({ key: SEED_KEY, value: { at: now.toISOString(), demo: opts.demo } })
      .onConflictDoNothing()
      .returning();
    if (inserted.length === 0) return { seeded: false, enterprises: 0, users: [] };
    const [platform] = await tx.insert(organizations).values({ kind: "platform", name: "安管平台" }).returning();
    if (!opts.demo) {
      await tx
        .insert(users)
        .values({ username: "admin", displayName: "系统管理员", role: "admin", orgId: platform!.id, passwordHash: null, mustChangePassword: false });
      await appendAudit(tx, null, { action: "system.seed", targetType: "system", targetId: "seed", after: { demo: false } }, now);
      return { seeded: true, enterprises: 0, users: ["admin"] };
    }
    const regionList = regionRows(DEMO_REGIONS);
    await tx.insert(regions).values(regionList);
    const pathOf = new Map(regionList.map((r) => [r.code, r.path]));
    const orgIds = new Map<string, string>([["安管平台", platform!.id]]);
    const gov = await tx
      .insert(organizations)
      .values(GOV_BODIES.map((g) => ({ kind: "gov", name: g.name, regionCode: g.region, department: g.department })))
      .returning({ id: organizations.id, name: organizations.name });
    for (const g of gov) orgIds.set(g.name, g.id);
    const [firm] = await tx.insert(organizations).values({ kind: "third_party", name: "镇江安信安全技术服务有限公司", regionCode: DEMO_CITY_CODE }).returning();
    orgIds.set(firm!.name, firm!.id);

    const list = generateDemoEnterprises({ count: opts.enterpriseCount ?? 300, today: shanghaiDate(now) });
    // The demo users are these enterprises' people: the file names them.
    for (const d of list) {
      if (d.key === DEMO_ENT_A_KEY) Object.assign(d.input, { mainLeader: "赵国强", mainLeaderPhone: "13905290005" });
      if (d.key === DEMO_ENT_B_KEY) Object.assign(d.input, { safetyManager: "孙静", safetyManagerPhone: "13905290006" });
    }
    const entIds = await insertEnterprises(tx, list, pathOf);
    const entOrgs = await tx
      .select({ id: organizations.id, enterpriseId: organizations.enterpriseId })
      .from(organizations)
      .where(
        inArray(
          organizations.enterpriseId,
          [DEMO_ENT_A_KEY, DEMO_ENT_B_KEY].flatMap((k) => entIds.get(k) ?? []),
        ),
      );
    for (const o of entOrgs) {
      const key = [...entIds].find(([, id]) => id === o.enterpriseId)?.[0];
      if (key) orgIds.set(`ent:${key}`, o.id);
    }
    // The expert's firm is assigned ent-a and a few hazardous-chemical enterprises of 句容市 and 镇江新区.
    const hazchem = list.filter((d) => d.input.sector.startsWith("hazchem") && d.key !== DEMO_ENT_A_KEY).slice(0, 4);
    const assigned = [DEMO_ENT_A_KEY, ...hazchem.map((d) => d.key)].flatMap((k) => entIds.get(k) ?? []);
    if (assigned.length) {
      await tx.insert(assignments).values(assigned.map((enterpriseId) => ({ orgId: firm!.id, enterpriseId, purpose: "安全生产责任保险事故预防技术服务" })));
    }
    await tx.insert(users).values(
      // With fewer than the fixed demo enterprises (DEMO_ENTERPRISES < 5) their users are left out.
      DEMO_USERS.filter((u) => orgIds.has(u.org)).map((u) => ({
        username: u.username,
        displayName: u.displayName,
        role: u.role,
        orgId: orgIds.get(u.org)!,
        phone: u.phone,
        passwordHash,
      })),
    );
    await seedDemoHazards(tx, { now });
    await seedDemoRisks(tx, { list, entIds, now });
    await seedDemoInspections(tx, { now, passwordHash }); // after seedDemoRisks: reads its units and measures
    await seedDemoMonitoring(tx, { list, entIds, now, passwordHash: passwordHash! });
    await seedDemoSteward(tx, { list, entIds, now, passwordHash });
    await appendAudit(tx, null, { action: "system.seed", targetType: "system", targetId: "seed", after: { demo: true, enterprises: list.length } }, now);
    return { seeded: true, enterprises: list.length, users: DEMO_USERS.filter((u) => orgIds.has(u.org)).map((u) => u.username) };
  });
}
