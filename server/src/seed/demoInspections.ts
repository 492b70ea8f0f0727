/**
 * Demo inspections (演示排查数据), on top of the risk register seeded before (risk_units / control_measures are read
 * from the database; with none, nothing is seeded but the checklist templates):
 *  - for every inspection-type measure (dataSrc 2): a daily patrol; for major-hazard units an hourly round
 *    (every 2 h, 08:00–18:00); for ent-a's major-hazard units the monthly 包保 tasks (workType 1–3);
 *  - windows for the previous 7 days and today, the past ones mostly done (records), some missed;
 *  - the standard checklist templates, an ent-b template of its own, and a confirmed 一企一清单 for ent-b (confirmed by
 *    ent.b.leader, baohua.ajb and expert2 of a firm assigned to ent-b, created here).
 * Deterministic for a given `now`; multi-row inserts only.
 */
import { and, eq, sql } from "drizzle-orm";
import type { Queryable } from "../db/client";
import {
  assignments,
  checklistConfirmations,
  checklistTemplates,
  controlMeasures,
  enterpriseChecklists,
  inspectionInstances,
  inspectionRecords,
  inspectionTasks,
  organizations,
  riskObjects,
  riskUnits,
  users,
} from "../db/schema";
import { generateInspectionInstances, markMissedInspections } from "../features/inspections/jobs";
import { INDUSTRY_TRADE_TEMPLATE_ID } from "../features/checklists/standardTemplates";
import { addDays, shanghaiDate } from "../platform/time";
import { mulberry32 } from "./demoEnterprises";

const HOUR = 3_600_000;

export interface DemoInspectionsOptions {
  now: Date;
  /** Password hash for the demo user created here (expert2); null = no login. */
  passwordHash?: string | null;
}

export interface DemoInspectionsResult {
  tasks: number;
  instances: number;
  records: number;
  checklists: number;
}

async function userByName(tx: Queryable, username: string) {
  const [u] = await tx
    .select({ id: users.id, displayName: users.displayName, orgId: users.orgId, enterpriseId: organizations.enterpriseId })
    .from(users)
    .innerJoin(organizations, eq(organizations.id, users.orgId))
    .where(eq(users.username, username));
  return u;
}

export async function seedDemoInspections(tx: Queryable, opts: DemoInspectionsOptions): Promise<DemoInspectionsResult> {
  const { now } = opts;
  const rng = mulberry32(20261124);
  const today = shanghaiDate(now);
  const weekAgo = addDays(today, -7);
  const startAt = new Date(`${weekAgo}T00:00:00+08:00`);

  const [entA, entBLeader, entBWorker, baohua] = await Promise.all([
    userByName(tx, "ent.a"),
    userByName(tx, "ent.b.leader"),
    userByName(tx, "ent.b.worker"),
    userByName(tx, "baohua.ajb"),
  ]);

  // Tasks for every inspection-type measure.
  const measures = await tx
    .select({
      id: controlMeasures.id,
      enterpriseId: controlMeasures.enterpriseId,
      unitId: controlMeasures.unitId,
      description: controlMeasures.description,
      content: controlMeasures.troubleshootContent,
      kind: riskObjects.kind,
    })
    .from(controlMeasures)
    .innerJoin(riskUnits, eq(riskUnits.id, controlMeasures.unitId))
    .innerJoin(riskObjects, eq(riskObjects.id, riskUnits.objectId))
    .where(eq(controlMeasures.dataSrc, 2));
  const tasks: (typeof inspectionTasks.$inferInsert)[] = [];
  const majorUnitsOfA = new Set<string>();
  for (const m of measures) {
    const content = m.content || `检查：${m.description}`;
    const assignee = entBWorker && m.enterpriseId === entBWorker.enterpriseId ? entBWorker.id : null;
    tasks.push({
      enterpriseId: m.enterpriseId,
      unitId: m.unitId,
      measureId: m.id,
      content,
      cycle: 1,
      cycleUnit: "day",
      workDayType: 0,
      workType: 0,
      assigneeUserId: assignee,
      assigneePost: "岗位巡检员",
      startAt,
      createdAt: now,
      updatedAt: now,
    });
    if (m.kind === "major_hazard") {
      tasks.push({
        enterpriseId: m.enterpriseId,
        unitId: m.unitId,
        measureId: m.id,
        content: `班组巡检：${content}`,
        cycle: 2,
        cycleUnit: "hour",
        workDayType: 0,
        workStart: "08:00",
        workEnd: "18:00",
        workType: 0,
        assigneePost: "操作工",
        startAt,
        createdAt: now,
        updatedAt: now,
      });
      if (entA && m.enterpriseId === entA.enterpriseId && !majorUnitsOfA.has(m.unitId)) {
        majorUnitsOfA.add(m.unitId);
        // 包保责任人 tasks: principal (items 1–9), technical (1–9), operations (1–10) responsible persons.
        const baobao: [1 | 2 | 3, number, string, string | null, string][] = [
          [1, 1, "组织开展重大危险源安全包保履职检查，督促落实隐患排查治理", entA.id, "主要负责人"],
          [2, 2, "检查重大危险源安全监测监控系统、安全联锁投用情况", null, "技术负责人"],
          [3, 3, "检查重大危险源岗位操作规程执行和交接班情况", null, "操作负责人"],
        ];
        for (const [workType, taskNum, text, userId, post] of baobao) {
          tasks.push({
            enterpriseId: m.enterpriseId,
            unitId: m.unitId,
            measureId: m.id,
            content: text,
            cycle: 1,
            cycleUnit: "month",
            workDayType: 1,
            workType,
            taskNum,
            assigneeUserId: userId,
            assigneePost: post,
            startAt,
            createdAt: now,
            updatedAt: now,
          });
        }
      }
    }
  }
  for (let i = 0; i < tasks.length; i += 1000) await tx.insert(inspectionTasks).values(tasks.slice(i, i + 1000));

  // Windows of the last week and today; past ones mostly done, the rest missed.
  let instances = 0;
  for (let d = weekAgo; d <= today; d = addDays(d, 1)) instances += await generateInspectionInstances(tx, d, now);
  const past = await tx
    .select({
      id: inspectionInstances.id,
      enterpriseId: inspectionInstances.enterpriseId,
      unitId: inspectionInstances.unitId,
      taskId: inspectionInstances.taskId,
      dueFrom: inspectionInstances.dueFrom,
      dueTo: inspectionInstances.dueTo,
      measureId: inspectionTasks.measureId,
      assignee: inspectionInstances.assigneeUserId,
    })
    .from(inspectionInstances)
    .innerJoin(inspectionTasks, eq(inspectionTasks.id, inspectionInstances.taskId))
    .where(and(eq(inspectionInstances.status, "pending"), sql`${inspectionInstances.dueTo} <= ${now.toISOString()}::timestamptz`))
    .orderBy(inspectionInstances.dueFrom, inspectionInstances.id);
  const names = new Map<string, string>();
  for (const u of [entA, entBWorker, entBLeader]) if (u) names.set(u.id, u.displayName);
  const done = past.filter(() => rng() < 0.85);
  const records = done.map((p) => {
    const span = p.dueTo.getTime() - p.dueFrom.getTime();
    const late = rng() < 0.05;
    const checkedAt = late ? new Date(p.dueTo.getTime() + HOUR) : new Date(p.dueFrom.getTime() + Math.floor(rng() * Math.min(span, 8 * HOUR)));
    return {
      rec: {
        enterpriseId: p.enterpriseId,
        unitId: p.unitId,
        taskId: p.taskId,
        instanceId: p.id,
        measureId: p.measureId,
        result: "normal",
        note: "",
        late,
        checkedBy: p.assignee,
        checkedByName: (p.assignee && names.get(p.assignee)) || "岗位巡检员",
        checkedAt,
      },
      late,
    };
  });
  for (let i = 0; i < records.length; i += 1000) {
    const batch = records.slice(i, i + 1000);
    const ids = await tx
      .insert(inspectionRecords)
      .values(batch.map((b) => b.rec))
      .returning({ id: inspectionRecords.id, instanceId: inspectionRecords.instanceId });
    // One UPDATE per batch: status, record and time from a VALUES list.
    const rows = ids.map(
      (r, j) => sql`(${r.instanceId}::uuid, ${r.id}::uuid, ${batch[j]!.rec.checkedAt.toISOString()}::timestamptz, ${batch[j]!.late ? "late" : "done"})`,
    );
    await tx.execute(sql`
      UPDATE inspection_instances i SET record_id = v.record_id, done_at = v.done_at, status = v.status
      FROM (VALUES ${sql.join(rows, sql`, `)}) AS v(id, record_id, done_at, status) WHERE i.id = v.id`);
  }
  await markMissedInspections(tx, now);

  const checklists = await seedDemoChecklists(tx, now, opts.passwordHash ?? null, { entBLeader, baohua });
  return { tasks: tasks.length, instances, records: records.length, checklists };
}

/** ent-b's own template and a confirmed list (工贸 standard template + own items), confirmed by the three parties. */
async function seedDemoChecklists(
  tx: Queryable,
  now: Date,
  passwordHash: string | null,
  who: { entBLeader?: { id: string; displayName: string; enterpriseId: string | null }; baohua?: { id: string; displayName: string } },
): Promise<number> {
  const { entBLeader, baohua } = who;
  const entB = entBLeader?.enterpriseId;
  if (!entB || !baohua) return 0;
  // A second third-party firm, assigned to ent-b, with its expert (expert1's firm serves ent-a and hazchem enterprises).
  const [firm] = await tx.insert(organizations).values({ kind: "third_party", name: "句容市安泰安全技术咨询有限公司", regionCode: "321183" }).returning();
  await tx.insert(assignments).values({ orgId: firm!.id, enterpriseId: entB, purpose: "一企一清单审核、隐患排查技术服务" });
  const [expert2] = await tx
    .insert(users)
    .values({ username: "expert2", displayName: "郑海峰（安全专家）", role: "expert", orgId: firm!.id, phone: "13705290010", passwordHash })
    .returning();
  const [own] = await tx
    .insert(checklistTemplates)
    .values({
      name: "仓储物流作业自定义排查项",
      basis: "本企业安全生产管理制度",
      kind: "enterprise",
      enterpriseId: entB,
      sectors: ["logistics_warehousing"],
      items: [
        { content: "月台装卸作业时车辆熄火、轮挡到位", basis: "本企业装卸作业安全规程", category: "装卸作业" },
        { content: "电动叉车充电区远离货物堆垛，充电时有人值守", basis: "本企业叉车安全管理制度", category: "叉车管理" },
        { content: "高位货架每月检查立柱、横梁变形和安全销", basis: "本企业货架安全检查制度", category: "货架管理" },
        { content: "夜间值班巡查记录完整", basis: "本企业值班制度", category: "值班巡查" },
      ],
      createdAt: now,
    })
    .returning();
  const [std] = await tx.select().from(checklistTemplates).where(eq(checklistTemplates.id, INDUSTRY_TRADE_TEMPLATE_ID));
  const items = [
    ...(std!.items as { content: string; basis: string; category: string }[]).map((it, i) => ({ id: `s02-${i + 1}`, ...it, templateId: std!.id })),
    ...(own!.items as { content: string; basis: string; category: string }[]).map((it, i) => ({
      id: `t${own!.id.slice(-4)}-${i + 1}`,
      ...it,
      templateId: own!.id,
    })),
  ];
  const [list] = await tx
    .insert(enterpriseChecklists)
    .values({
      enterpriseId: entB,
      name: "句容宝华智运仓储物流有限公司隐患排查清单（2026 版）",
      status: "confirmed",
      items,
      version: 1,
      createdAt: new Date(now.getTime() - 20 * 86_400_000),
      updatedAt: now,
    })
    .returning();
  const at = (days: number) => new Date(now.getTime() - days * 86_400_000);
  await tx.insert(checklistConfirmations).values([
    { checklistId: list!.id, party: "enterprise", version: 1, userId: entBLeader.id, userName: entBLeader.displayName, at: at(15), comment: "同意" },
    { checklistId: list!.id, party: "township", version: 1, userId: baohua.id, userName: baohua.displayName, at: at(12), comment: "清单内容符合企业实际" },
    {
      checklistId: list!.id,
      party: "expert",
      version: 1,
      userId: expert2!.id,
      userName: expert2!.displayName,
      at: at(10),
      comment: "建议补充货架检查频次，已采纳",
    },
  ]);
  return 1;
}
