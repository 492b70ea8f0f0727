/**
 * Demo hidden hazards (演示隐患): for a share of the demo enterprises, 6–10 hazards each over the last six months in
 * every status, with sector-typical titles, a history consistent with the status (report → confirm → escalations →
 * rectification → rejection → acceptance → sign-off), some overdue, a few major ones reported to the local
 * regulators (one supervised by 句容市应急管理局), and for ent-b two waiting for confirmation and one being rectified
 * by ent.b.worker. Deterministic for a given seed and `now`; multi-row inserts only.
 */
import { and, asc, eq, inArray } from "drizzle-orm";
import { DEFAULT_ESCALATION_HOURS, DETERMINATION_ITEMS, ESCALATION_LEVELS, escalationLevelAt, type HazardSource } from "@anguan/domain";
import type { Queryable } from "../db/client";
import { enterprises, hazardEvents, hazards, notifications, organizations, regions, users } from "../db/schema";
import { shanghaiDate } from "../platform/time";
import { mulberry32 } from "./demoEnterprises";

const DAY = 86_400_000;
const HOUR = 3_600_000;

type Template = readonly [title: string, dangerType: number, location: string, measures: string];

const HAZCHEM: readonly Template[] = [
  ["储罐区防火堤有裂缝未修补", 6, "罐区", "修补防火堤裂缝并做闭水试验"],
  ["反应釜安全阀校验过期", 7, "合成车间", "安全阀送检校验，校验期间停用该反应釜"],
  ["可燃气体检测报警器故障未修复", 4, "甲类仓库", "更换探头并重新标定，联动测试"],
  ["防爆区域使用非防爆照明灯具", 3, "精馏装置区", "更换为隔爆型灯具"],
  ["动火作业票未按规定审批", 1, "维修车间", "补充作业审批，开展特殊作业制度培训"],
  ["装卸区静电接地装置损坏", 3, "装卸站台", "更换静电接地夹并检测接地电阻"],
  ["消防水炮被杂物遮挡", 5, "罐区东侧", "清理杂物，划定禁止堆放区"],
  ["DCS 联锁被摘除未履行审批", 2, "中控室", "恢复联锁，补办联锁摘除审批手续"],
  ["危险化学品仓库超量储存", 1, "危化品仓库", "清点库存，超量部分转移至合规库房"],
  ["紧急切断阀无法正常关闭", 7, "液氨储罐", "检修执行机构，恢复紧急切断功能"],
  ["岗位操作规程未及时修订", 8, "生产部", "组织修订操作规程并培训"],
  ["洗眼器无水", 1, "酸碱罐区", "疏通供水管线，纳入每日巡检"],
];
const WAREHOUSE: readonly Template[] = [
  ["货架立柱变形未更换", 7, "3 号库", "更换变形立柱，加装防撞护角"],
  ["叉车驾驶员无证作业", 1, "装卸区", "停止无证人员作业，安排取证培训"],
  ["仓库消防通道被货物堵塞", 5, "2 号库", "清理通道，地面划线标识"],
  ["应急照明灯损坏", 5, "1 号库", "更换应急照明灯并测试"],
  ["配电箱未上锁且无警示标识", 3, "配电间", "加锁并张贴警示标识"],
  ["堆垛距喷淋头不足 0.5 米", 5, "4 号库", "降低堆垛高度，复核堆垛规范"],
  ["电动叉车充电区未设防火分隔", 6, "充电区", "设置防火隔墙并配备灭火器"],
  ["装卸平台护栏缺失", 1, "月台", "加装护栏"],
];
const CATERING: readonly Template[] = [
  ["燃气软管老化开裂", 7, "后厨", "更换金属波纹软管"],
  ["厨房灭火器过期", 5, "后厨", "更换灭火器并建立检查记录"],
  ["燃气泄漏报警器未联动切断阀", 4, "后厨", "维修联动装置并测试"],
  ["排油烟管道油污积聚未清洗", 5, "排烟管道", "委托专业单位清洗"],
  ["安全出口指示灯不亮", 5, "大堂", "更换指示灯"],
  ["疏散通道堆放杂物", 5, "二楼走廊", "清理杂物"],
  ["电线私拉乱接", 3, "仓储间", "拆除私接线路，规范布线"],
];
const INDUSTRY: readonly Template[] = [
  ["冲床光电保护装置失效", 7, "冲压车间", "修复光电保护装置，试机确认"],
  ["砂轮机防护罩缺失", 7, "机加工车间", "加装防护罩"],
  ["行车钢丝绳断丝超标", 7, "装配车间", "更换钢丝绳"],
  ["除尘系统未设置泄爆装置", 1, "抛光车间", "加装泄爆片，委托检测"],
  ["有限空间作业前未检测气体", 1, "污水池", "配备气体检测仪，严格作业审批"],
  ["配电柜前未铺设绝缘垫", 3, "配电房", "铺设绝缘垫"],
  ["车间主通道画线不清", 6, "总装车间", "重新画线"],
  ["特种作业人员证书过期", 1, "设备部", "安排复审取证，过期人员暂停作业"],
];
const CONSTRUCTION: readonly Template[] = [
  ["脚手架连墙件缺失", 7, "3 号楼", "补设连墙件"],
  ["临边防护栏杆缺失", 1, "5 层楼面", "设置防护栏杆和挡脚板"],
  ["塔吊高度限位器失灵", 7, "1 号塔吊", "维修限位器，检测合格后使用"],
  ["施工用电未做到一机一闸一漏", 3, "施工现场", "整改配电箱"],
];
const GENERAL: readonly Template[] = [
  ["消火栓箱内水带缺失", 5, "一楼", "补齐水带"],
  ["疏散通道堆放杂物", 5, "楼梯间", "清理杂物"],
  ["电动车在楼道内充电", 3, "楼道", "设置集中充电区，禁止楼道充电"],
  ["安全出口上锁", 5, "东侧出口", "拆除锁具，改为推闩"],
  ["燃气报警器故障", 4, "厨房", "更换报警器"],
];

function templatesOf(sector: string): readonly Template[] {
  if (sector.startsWith("hazchem")) return HAZCHEM;
  if (sector === "logistics_warehousing") return WAREHOUSE;
  if (sector === "catering" || sector === "commerce") return CATERING;
  if (sector === "construction") return CONSTRUCTION;
  if (["metallurgy", "nonferrous", "building_materials", "machinery", "light_industry", "textile", "tobacco", "fireworks"].includes(sector)) return INDUSTRY;
  return GENERAL;
}

function standardItemFor(sector: string, pick: number): string {
  const fit = DETERMINATION_ITEMS.filter((i) => i.sectors.includes(sector as never));
  const list = fit.length ? fit : DETERMINATION_ITEMS.filter((i) => i.code.startsWith("gm2023"));
  return list[pick % list.length]!.code;
}

const PEOPLE = ["张伟", "王芳", "李强", "刘洋", "陈静", "杨帆", "赵磊", "黄敏", "周杰", "吴婷", "徐亮", "孙丽"];

export interface DemoHazardOptions {
  now: Date;
  seed?: number;
  /** Share of the enterprises that get hazards (ent-a and ent-b always do). */
  share?: number;
}

type HazardInsert = typeof hazards.$inferInsert;
type EventInsert = Omit<typeof hazardEvents.$inferInsert, "hazardId">;
type NoticeInsert = Omit<typeof notifications.$inferInsert, "targetId">;

interface Draft {
  row: HazardInsert;
  events: EventInsert[];
  notices: NoticeInsert[];
}

export async function seedDemoHazards(tx: Queryable, opts: DemoHazardOptions): Promise<{ hazards: number; events: number }> {
  const { now } = opts;
  const rnd = mulberry32(opts.seed ?? 20261124);
  const int = (lo: number, hi: number) => lo + Math.floor(rnd() * (hi - lo + 1));
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(rnd() * xs.length)]!;

  const ents = await tx
    .select({ id: enterprises.id, name: enterprises.name, sector: enterprises.sector, regionPath: enterprises.regionPath })
    .from(enterprises)
    .orderBy(asc(enterprises.creditCode));
  if (ents.length === 0) return { hazards: 0, events: 0 };
  const people = await tx
    .select({ id: users.id, username: users.username, displayName: users.displayName, enterpriseId: organizations.enterpriseId, orgName: organizations.name })
    .from(users)
    .innerJoin(organizations, eq(organizations.id, users.orgId))
    .where(inArray(users.username, ["ent.a", "ent.b", "ent.b.leader", "ent.b.worker", "jr.yjj", "baohua.ajb"]));
  const user = (u: string) => people.find((p) => p.username === u);
  const entA = user("ent.a")?.enterpriseId ?? null;
  const entB = user("ent.b")?.enterpriseId ?? null;
  const bodies = await tx
    .select({ id: organizations.id, name: organizations.name, regionCode: regions.code, level: regions.level })
    .from(organizations)
    .innerJoin(regions, eq(regions.code, organizations.regionCode))
    .where(and(eq(organizations.kind, "gov"), eq(organizations.department, "emergency")));
  const localBodies = (path: string) => {
    const codes = path.split("/").filter(Boolean);
    return bodies.filter((b) => codes.includes(b.regionCode) && ["township", "county", "zone"].includes(b.level));
  };
  const jurong = bodies.find((b) => b.name === "句容市应急管理局");

  const chosen = ents.filter((e) => e.id === entA || e.id === entB || rnd() < (opts.share ?? 0.4));
  let serial = 0;
  let supervisedDone = false;
  const drafts: Draft[] = [];

  for (const e of chosen) {
    const templates = templatesOf(e.sector);
    const count = int(6, 10);
    const isB = e.id === entB;
    for (let k = 0; k < count; k++) {
      const [title, dangerType, location, measures] = pick(templates);
      const ageDays = isB && k < 3 ? 1 + k : rnd() * 180;
      const reportedAt = new Date(now.getTime() - Math.round(ageDays * DAY) - int(0, 8) * HOUR);
      const roll = rnd();
      let status: string;
      if (isB && k < 2) status = "reported";
      else if (isB && k === 2) status = "rectifying";
      else if (ageDays > 30) status = roll < 0.85 ? "closed" : roll < 0.9 ? "dismissed" : roll < 0.97 ? "rectifying" : "awaiting_acceptance";
      else if (ageDays > 7)
        status = roll < 0.45 ? "closed" : roll < 0.7 ? "rectifying" : roll < 0.85 ? "awaiting_acceptance" : roll < 0.95 ? "reported" : "dismissed";
      else status = roll < 0.35 ? "reported" : roll < 0.7 ? "rectifying" : roll < 0.85 ? "awaiting_acceptance" : "closed";
      const major = status !== "dismissed" && !(isB && k < 3) && rnd() < 0.025;
      const source: HazardSource = isB && k < 2 ? "snapshot" : pick<HazardSource>(["1", "1", "1", "snapshot", "2", "4", "9", "regulator", "third_party"]);
      const byRegulator = source === "regulator";
      const reporter = isB && k < 2 ? user("ent.b.worker")! : null;
      const reporterName = byRegulator
        ? "属地监管部门检查组"
        : source === "third_party"
          ? "镇江安信安全技术服务有限公司"
          : (reporter?.displayName ?? pick(PEOPLE));
      serial++;
      const code = `YH${shanghaiDate(reportedAt).replaceAll("-", "")}${(0xd0000000 + serial).toString(16).toUpperCase()}`;
      const row: HazardInsert = {
        enterpriseId: e.id,
        regionPath: e.regionPath,
        sector: e.sector,
        code,
        title,
        description: `${location}${title}，存在安全隐患。`,
        location,
        status,
        level: major ? "major" : "general",
        dangerType: status === "reported" ? null : dangerType,
        source,
        reportedBy: reporter?.id ?? null,
        reportedByName: reporterName,
        reportedByOrgKind: byRegulator ? "gov" : source === "third_party" ? "third_party" : "enterprise",
        reportedAt,
        createdAt: reportedAt,
        updatedAt: reportedAt,
        escalationLevel: 0,
      };
      const events: EventInsert[] = [
        {
          enterpriseId: e.id,
          at: reportedAt,
          actorId: reporter?.id ?? null,
          actorName: reporterName,
          action: "report",
          fromStatus: null,
          toStatus: "reported",
          comment: row.description!,
          data: { source },
        },
      ];
      const notices: NoticeInsert[] = [];
      const ev = (at: Date, action: string, from: string, to: string, comment: string, actorName = pick(PEOPLE), data: Record<string, unknown> | null = null) =>
        events.push({ enterpriseId: e.id, at, actorId: null, actorName, action, fromStatus: from, toStatus: to, comment, data });
      const span = now.getTime() - reportedAt.getTime();
      const at = (base: Date, ms: number) => new Date(Math.min(base.getTime() + ms, now.getTime() - 60_000));

      if (status === "dismissed") {
        ev(at(reportedAt, Math.min(DAY, span * 0.3)), "dismiss", "reported", "dismissed", "经核实不构成隐患");
      } else if (status !== "reported") {
        // Confirmed and assigned.
        const confirmedAt = at(reportedAt, Math.min(1.5 * DAY, span * 0.2));
        const immediate = !major && rnd() < 0.25;
        // Deadlines are the end of a day in Asia/Shanghai, as people set them.
        const endOfDay = (d: Date) => new Date(`${shanghaiDate(d)}T23:59:59.999+08:00`);
        let deadline = endOfDay(immediate ? confirmedAt : new Date(confirmedAt.getTime() + int(3, 30) * DAY));
        if (status === "rectifying") {
          const overdue = ageDays > 30 || (!isB && rnd() < 0.3);
          deadline = overdue
            ? endOfDay(new Date(Math.max(confirmedAt.getTime(), now.getTime() - int(1, 20) * DAY)))
            : endOfDay(new Date(now.getTime() + int(2, 20) * DAY));
        }
        const rectifier = isB && k === 2 ? user("ent.b.worker")! : null;
        const liable = rectifier?.displayName ?? pick(PEOPLE);
        const standardItemCode = major ? standardItemFor(e.sector, int(0, 19)) : null;
        Object.assign(row, {
          manageType: immediate ? "immediate" : "deadline",
          confirmedAt,
          deadline,
          rectifierUserId: rectifier?.id ?? null,
          rectification: {
            measures,
            liablePerson: liable,
            rectifierUserId: rectifier?.id ?? null,
            funds: int(1, 200) * 100,
            deadline: deadline.toISOString(),
            contingencyPlan: "整改期间设置警戒区域，安排专人监护，配备应急器材",
          },
          standardItemCode,
          governancePlan: major
            ? {
                objectives: `消除「${title}」重大事故隐患`,
                methods: measures,
                fundsAndMaterials: `落实治理资金 ${int(5, 80)} 万元及所需材料`,
                organizationAndPeople: `由企业主要负责人牵头，${liable}具体负责`,
                timeLimit: `于 ${shanghaiDate(deadline)} 前完成`,
                safetyMeasures: "治理期间局部停产，设置警戒，制定专项应急预案",
              }
            : null,
        });
        ev(confirmedAt, "confirm", "reported", "rectifying", `${major ? "重大隐患" : "一般隐患"}，期限 ${shanghaiDate(deadline)}`, pick(PEOPLE), {
          level: row.level,
          deadline: deadline.toISOString(),
          standardItemCode,
        });
        if (major) {
          const told = localBodies(e.regionPath);
          if (told.length) row.reportedToRegulatorsAt = confirmedAt;
          ev(confirmedAt, "report_major", "rectifying", "rectifying", `重大隐患已自动报告：${told.map((b) => b.name).join("、")}`, "系统", {
            orgIds: told.map((b) => b.id),
          });
          const read = now.getTime() - confirmedAt.getTime() > 14 * DAY ? new Date(confirmedAt.getTime() + DAY) : null;
          for (const b of told) {
            notices.push({
              orgId: b.id,
              kind: "major_hazard",
              title: `重大事故隐患报告：${e.name}「${title}」`,
              targetType: "hazard",
              enterpriseId: e.id,
              createdAt: confirmedAt,
              readAt: read,
            });
          }
          // One open major hazard of 句容市 is under the city's supervision (挂牌督办).
          if (!supervisedDone && jurong && status === "rectifying" && e.regionPath.includes("/321183/")) {
            supervisedDone = true;
            const supervisedAt = at(confirmedAt, Math.min(2 * DAY, (now.getTime() - confirmedAt.getTime()) * 0.3));
            Object.assign(row, { supervisedByOrgId: jurong.id, supervisedAt, supervisionNote: "限期完成治理，每周报送治理进展" });
            ev(
              supervisedAt,
              "supervise",
              "rectifying",
              "rectifying",
              "句容市应急管理局 挂牌督办：限期完成治理，每周报送治理进展",
              user("jr.yjj")?.displayName ?? "李明",
            );
          }
        }
        if (status === "rectifying") {
          // Escalations already due (consistent with what the escalation job would have done).
          const level = escalationLevelAt(deadline, "rectifying", now);
          row.escalationLevel = level;
          for (let l = 1; l <= level; l++) {
            const when = new Date(deadline.getTime() + DEFAULT_ESCALATION_HOURS[l - 1]! * HOUR + 5 * 60_000);
            if (when.getTime() >= now.getTime()) break;
            const to = l === 1 ? liable : l === 2 ? "企业主要负责人" : (localBodies(e.regionPath).find((b) => b.level === "township")?.name ?? "属地监管部门");
            ev(when, "escalate", "rectifying", "rectifying", `超期未整改，第 ${l} 级升级至${ESCALATION_LEVELS[l as 1 | 2 | 3].zh}：${to}`, "系统", {
              level: l,
            });
            row.lastEscalatedAt = when;
          }
        } else {
          const rectifiedAt = at(
            confirmedAt,
            Math.min(deadline.getTime() - confirmedAt.getTime(), (now.getTime() - confirmedAt.getTime()) * 0.5) * (0.3 + rnd() * 0.6),
          );
          const rectifierName = pick(PEOPLE);
          Object.assign(row, { rectifiedAt, rectifyNote: `已${measures}`, acceptComment: null });
          const rejectedOnce = status === "closed" && rnd() < 0.15;
          ev(rectifiedAt, "submit_rectification", "rectifying", "awaiting_acceptance", `已${measures}`, rectifierName);
          let lastSubmit = rectifiedAt;
          if (rejectedOnce) {
            const rejectAt = at(rectifiedAt, (now.getTime() - rectifiedAt.getTime()) * 0.2);
            ev(rejectAt, "reject", "awaiting_acceptance", "rectifying", "整改不彻底，请补充整改", pick(PEOPLE), { reason: "整改不彻底，请补充整改" });
            lastSubmit = at(rejectAt, (now.getTime() - rejectAt.getTime()) * 0.3);
            ev(lastSubmit, "submit_rectification", "rectifying", "awaiting_acceptance", "已补充整改", rectifierName);
            row.rectifiedAt = lastSubmit;
          }
          if (status === "closed") {
            const acceptedAt = at(lastSubmit, Math.min(2 * DAY, (now.getTime() - lastSubmit.getTime()) * 0.5));
            Object.assign(row, { acceptedAt, acceptComment: "整改到位，验收通过", closedAt: acceptedAt });
            ev(acceptedAt, "accept", "awaiting_acceptance", "closed", "整改到位，验收通过");
          }
        }
      }
      row.version = events.filter((x) => x.action !== "report" && x.action !== "escalate" && x.action !== "report_major").length + 1;
      row.updatedAt = new Date(Math.max(reportedAt.getTime(), ...events.map((x) => x.at!.getTime())));
      events.sort((x, y) => x.at!.getTime() - y.at!.getTime());
      drafts.push({ row, events, notices });
    }
  }

  let eventCount = 0;
  for (let i = 0; i < drafts.length; i += 400) {
    const batch = drafts.slice(i, i + 400);
    const ids = await tx
      .insert(hazards)
      .values(batch.map((d) => d.row))
      .returning({ id: hazards.id, code: hazards.code });
    const idOf = new Map(ids.map((r) => [r.code, r.id]));
    const evs = batch.flatMap((d) => d.events.map((x) => ({ ...x, hazardId: idOf.get(d.row.code)! })));
    for (let j = 0; j < evs.length; j += 1000) await tx.insert(hazardEvents).values(evs.slice(j, j + 1000));
    eventCount += evs.length;
    const notes = batch.flatMap((d) => d.notices.map((n) => ({ ...n, targetId: idOf.get(d.row.code)! })));
    if (notes.length) await tx.insert(notifications).values(notes);
  }
  return { hazards: drafts.length, events: eventCount };
}
