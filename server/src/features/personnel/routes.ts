/**
 * 人员台账 (docs/steward.md "Personnel registry"): people (employees and contractors' workers) with posts, teams,
 * 三项岗位 key groups and certificates; the certificate reminder list; the key-group summary; the personal training
 * record as Excel; teams (班组) with their leader. Pipeline: validate (zod) → scope (read 404 / write 403) → use case
 * in one transaction with its audit event.
 */
import { and, asc, count, eq, ilike, isNotNull, like, or, sql, type SQL } from "drizzle-orm";
import { z } from "zod";
import { KEY_GROUP_CODES, KEY_GROUPS, type Actor, type KeyGroup } from "@anguan/domain";
import { actorOf, type App } from "../../app";
import type { Queryable } from "../../db/client";
import { certificates, enterprises, personnel, teams } from "../../db/schema";
import { notFound } from "../../platform/errors";
import { likeEscape, scopeWhereOn } from "../../platform/scope";
import { shanghaiDate } from "../../platform/time";
import { regionForFilter } from "../hazardStats/filters";
import { canManage, canRead, enterpriseToManage, enterpriseToRead, isUuid, MANAGER_ROLES } from "./access";
import { sendStoredFile } from "./download";
import { trainingRecordWorkbook, XLSX_MIME } from "./export";
import {
  certStateSql,
  personDetail,
  personEffectiveSql,
  presentCertificate,
  presentPeople,
  presentTeams,
  selectPeople,
  supersededSql,
  teamById,
  type CertClock,
} from "./present";
import {
  certificateInput,
  certificateListQuery,
  certificatePatch,
  idParams,
  keyGroupQuery,
  personInput,
  personListQuery,
  personPatch,
  teamInput,
  teamListQuery,
  teamPatch,
} from "./schemas";
import {
  addCertificate,
  certificateForWrite,
  createPerson,
  createTeam,
  deactivatePerson,
  deactivateTeam,
  deleteCertificate,
  personForWrite,
  teamForWrite,
  updateCertificate,
  updatePerson,
  updateTeam,
} from "./service";

/** May the actor create records here? With an enterprise: its managers; without: a manager role at all. */
async function createAbility(db: Queryable, actor: Actor, enterpriseId: string | undefined, label = "企业") {
  if (!enterpriseId) return (MANAGER_ROLES as readonly string[]).includes(actor.role);
  return canManage(actor, await enterpriseToRead(db, actor, enterpriseId, label));
}

/** The key-group certificate condition, per group (domain KEY_GROUPS.certificateTypes). */
const keyGroupCertSql = sql.join(
  KEY_GROUP_CODES.map(
    (g) =>
      sql`(${personnel.keyGroup} = ${g} AND c.type IN (${sql.join(
        KEY_GROUPS[g].certificateTypes.map((t) => sql`${t}`),
        sql`, `,
      )}))`,
  ),
  sql` OR `,
);

export async function personnelRoutes(app: App): Promise<void> {
  const { db, config } = app.ctx;
  const tags = ["personnel"];
  const now = () => app.ctx.now();
  const clock = (): CertClock => ({ today: shanghaiDate(now()), warnDays: config.CERTIFICATE_WARN_DAYS });

  const readPerson = async (actor: Actor, id: string) => {
    if (!isUuid(id)) throw notFound("人员");
    const [p] = await db
      .select({ enterpriseId: personnel.enterpriseId, regionPath: personnel.regionPath, sector: personnel.sector })
      .from(personnel)
      .where(eq(personnel.id, id));
    if (!p || !canRead(actor, { id: p.enterpriseId, regionPath: p.regionPath, sector: p.sector })) throw notFound("人员");
    const detail = await personDetail(db, actor, id, clock());
    if (!detail) throw notFound("人员");
    return detail;
  };

  // ---- people

  app.get("/api/personnel", { schema: { tags, summary: "人员台账列表", querystring: personListQuery } }, async (req) => {
    const actor = actorOf(req);
    const q = req.query;
    const create = await createAbility(db, actor, q.enterpriseId);
    const c = clock();
    const conds: (SQL | undefined)[] = [scopeWhereOn(actor.scope, personnel)];
    if (q.enterpriseId) conds.push(eq(personnel.enterpriseId, q.enterpriseId));
    if (q.active !== "all") conds.push(eq(personnel.active, q.active === "true"));
    if (q.teamId) conds.push(eq(personnel.teamId, q.teamId));
    if (q.keyGroup) conds.push(eq(personnel.keyGroup, q.keyGroup));
    if (q.kind) conds.push(eq(personnel.kind, q.kind));
    if (q.certState === "none") conds.push(sql`${personEffectiveSql} IS NULL`);
    else if (q.certState) conds.push(certStateSql(personEffectiveSql, q.certState, c));
    if (q.q) {
      const t = `%${likeEscape(q.q)}%`;
      conds.push(
        or(ilike(personnel.name, t), ilike(personnel.post, t), ilike(personnel.department, t), like(personnel.phone, t), ilike(personnel.contractorCompany, t)),
      );
    }
    const where = and(...conds);
    const [rows, [total]] = await Promise.all([
      selectPeople(db, where, { limit: q.pageSize, offset: (q.page - 1) * q.pageSize }),
      db.select({ n: count() }).from(personnel).where(where),
    ]);
    return { items: await presentPeople(db, rows, c), total: total?.n ?? 0, page: q.page, pageSize: q.pageSize, abilities: { create } };
  });

  app.post("/api/personnel", { schema: { tags, summary: "登记人员", body: personInput } }, async (req, reply) => {
    const actor = actorOf(req);
    const row = await db.transaction(async (tx) => createPerson(tx, actor, await enterpriseToManage(tx, actor, req.body.enterpriseId), req.body, now()));
    return reply.status(201).send(await personDetail(db, actor, row.id, clock()));
  });

  app.get("/api/personnel/key-groups", { schema: { tags, summary: "三项岗位人员持证统计", querystring: keyGroupQuery } }, async (req) => {
    const actor = actorOf(req);
    const q = req.query;
    const c = clock();
    const conds: (SQL | undefined)[] = [eq(personnel.active, true), isNotNull(personnel.keyGroup), scopeWhereOn(actor.scope, personnel)];
    if (q.enterpriseId) {
      await enterpriseToRead(db, actor, q.enterpriseId);
      conds.push(eq(personnel.enterpriseId, q.enterpriseId));
    }
    if (q.regionCode) {
      const r = await regionForFilter(db, actor, q.regionCode);
      conds.push(like(personnel.regionPath, `${likeEscape(r.path)}%`));
    }
    const latest = sql`(SELECT max(c.valid_until) FROM certificates c WHERE c.person_id = ${personnel.id} AND (${keyGroupCertSql}))`;
    const l = sql.raw("l");
    const result = await db.execute(sql`
      SELECT key_group AS "keyGroup", count(*)::int AS people,
        count(*) FILTER (WHERE l IS NULL)::int AS missing,
        count(*) FILTER (WHERE ${certStateSql(l, "expired", c)})::int AS expired,
        count(*) FILTER (WHERE ${certStateSql(l, "expiring", c)})::int AS expiring,
        count(*) FILTER (WHERE ${certStateSql(l, "valid", c)})::int AS valid
      FROM (SELECT ${personnel.keyGroup} AS key_group, ${latest} AS l FROM ${personnel} WHERE ${and(...conds)}) x
      GROUP BY key_group`);
    const rows = result.rows as { keyGroup: string; people: number; missing: number; expired: number; expiring: number; valid: number }[];
    return {
      today: c.today,
      warnDays: c.warnDays,
      groups: KEY_GROUP_CODES.map((g) => {
        const r = rows.find((x) => x.keyGroup === g);
        return {
          keyGroup: g,
          name: KEY_GROUPS[g as KeyGroup].zh,
          people: r?.people ?? 0,
          valid: r?.valid ?? 0,
          expiring: r?.expiring ?? 0,
          expired: r?.expired ?? 0,
          missing: r?.missing ?? 0,
        };
      }),
    };
  });

  app.get("/api/personnel/:id", { schema: { tags, summary: "人员详情（含证书、培训记录）", params: idParams } }, async (req) => {
    return readPerson(actorOf(req), req.params.id);
  });

  app.patch("/api/personnel/:id", { schema: { tags, summary: "修改人员信息", params: idParams, body: personPatch } }, async (req) => {
    const actor = actorOf(req);
    await db.transaction(async (tx) => {
      const { row, enterprise } = await personForWrite(tx, actor, req.params.id);
      return updatePerson(tx, actor, enterprise, row, req.body, now());
    });
    return personDetail(db, actor, req.params.id, clock());
  });

  app.delete("/api/personnel/:id", { schema: { tags, summary: "人员离职/停用（保留历史）", params: idParams } }, async (req, reply) => {
    const actor = actorOf(req);
    await db.transaction(async (tx) => {
      const { row, enterprise } = await personForWrite(tx, actor, req.params.id);
      await deactivatePerson(tx, actor, enterprise, row, now());
    });
    return reply.status(204).send();
  });

  app.post("/api/personnel/:id/certificates", { schema: { tags, summary: "登记证书", params: idParams, body: certificateInput } }, async (req, reply) => {
    const actor = actorOf(req);
    const row = await db.transaction(async (tx) => {
      const { row: person, enterprise } = await personForWrite(tx, actor, req.params.id);
      return addCertificate(tx, actor, enterprise, person, req.body, now());
    });
    return reply.status(201).send(presentCertificate(row, clock()));
  });

  app.get("/api/personnel/:id/training-record.xlsx", { schema: { tags, summary: "导出个人培训档案（Excel）", params: idParams } }, async (req, reply) => {
    const detail = await readPerson(actorOf(req), req.params.id);
    const at = now();
    const buf = await trainingRecordWorkbook(detail, `${shanghaiDate(at)} ${new Date(at.getTime() + 8 * 3600_000).toISOString().slice(11, 16)}`);
    const name = encodeURIComponent(`培训档案-${detail.name}-${shanghaiDate(at)}.xlsx`);
    return reply
      .header("content-type", XLSX_MIME)
      .header("content-disposition", `attachment; filename="training-record.xlsx"; filename*=UTF-8''${name}`)
      .send(buf);
  });

  // ---- certificates

  app.get("/api/certificates", { schema: { tags, summary: "证书列表（到期提醒；监管部门按辖区）", querystring: certificateListQuery } }, async (req) => {
    const actor = actorOf(req);
    const q = req.query;
    const c = clock();
    const create = await createAbility(db, actor, q.enterpriseId);
    const conds: (SQL | undefined)[] = [scopeWhereOn(actor.scope, certificates), eq(personnel.active, true)];
    if (q.enterpriseId) conds.push(eq(certificates.enterpriseId, q.enterpriseId));
    if (q.personId) conds.push(eq(certificates.personId, q.personId));
    if (q.type) conds.push(eq(certificates.type, q.type));
    if (q.keyGroup) conds.push(eq(personnel.keyGroup, q.keyGroup));
    // Reminders concern the certificate in force: one renewed by a later one of the same type is left out.
    if (q.state) conds.push(certStateSql(certificates.validUntil, q.state, c), sql`NOT ${supersededSql}`);
    const where = and(...conds);
    const base = () =>
      db
        .select({
          cert: certificates,
          personName: personnel.name,
          keyGroup: personnel.keyGroup,
          enterpriseName: enterprises.name,
          superseded: sql<boolean>`${supersededSql}`,
        })
        .from(certificates)
        .innerJoin(personnel, eq(personnel.id, certificates.personId))
        .innerJoin(enterprises, eq(enterprises.id, certificates.enterpriseId));
    const [rows, [total]] = await Promise.all([
      base()
        .where(where)
        .orderBy(asc(certificates.validUntil), asc(personnel.name), asc(certificates.id))
        .limit(q.pageSize)
        .offset((q.page - 1) * q.pageSize),
      db.select({ n: count() }).from(certificates).innerJoin(personnel, eq(personnel.id, certificates.personId)).where(where),
    ]);
    return {
      items: rows.map((r) => ({
        ...presentCertificate(r.cert, c, !!r.superseded),
        personName: r.personName,
        keyGroup: r.keyGroup,
        enterpriseName: r.enterpriseName,
      })),
      total: total?.n ?? 0,
      page: q.page,
      pageSize: q.pageSize,
      abilities: { create },
    };
  });

  app.patch("/api/certificates/:id", { schema: { tags, summary: "修改证书", params: idParams, body: certificatePatch } }, async (req) => {
    const actor = actorOf(req);
    const row = await db.transaction(async (tx) => {
      const { row: cert, enterprise } = await certificateForWrite(tx, actor, req.params.id);
      return updateCertificate(tx, actor, enterprise, cert, req.body, now());
    });
    return presentCertificate(row, clock());
  });

  app.delete("/api/certificates/:id", { schema: { tags, summary: "删除证书", params: idParams } }, async (req, reply) => {
    const actor = actorOf(req);
    await db.transaction(async (tx) => {
      const { row, enterprise } = await certificateForWrite(tx, actor, req.params.id);
      await deleteCertificate(tx, actor, enterprise, row, now());
    });
    return reply.status(204).send();
  });

  app.get(
    "/api/certificates/:id/scan",
    {
      schema: {
        tags,
        summary: "证书扫描件（?thumbnail=1 取缩略图）",
        params: idParams,
        querystring: z.object({ thumbnail: z.enum(["0", "1"]).optional() }),
      },
    },
    async (req, reply) => {
      const actor = actorOf(req);
      if (!isUuid(req.params.id)) throw notFound("证书");
      const [cert] = await db.select().from(certificates).where(eq(certificates.id, req.params.id));
      if (!cert || !canRead(actor, { id: cert.enterpriseId, regionPath: cert.regionPath, sector: cert.sector })) throw notFound("证书");
      if (!cert.scanSha256) throw notFound("证书扫描件");
      return sendStoredFile(db, config, reply, cert.scanSha256, req.query.thumbnail === "1");
    },
  );

  // ---- teams

  app.get("/api/teams", { schema: { tags, summary: "班组列表", querystring: teamListQuery } }, async (req) => {
    const actor = actorOf(req);
    const q = req.query;
    const create = await createAbility(db, actor, q.enterpriseId);
    const conds: (SQL | undefined)[] = [scopeWhereOn(actor.scope, teams)];
    if (q.enterpriseId) conds.push(eq(teams.enterpriseId, q.enterpriseId));
    if (q.active !== "all") conds.push(eq(teams.active, q.active === "true"));
    const items = await presentTeams(db, and(...conds));
    return { items, total: items.length, abilities: { create } };
  });

  app.post("/api/teams", { schema: { tags, summary: "新增班组", body: teamInput } }, async (req, reply) => {
    const actor = actorOf(req);
    const row = await db.transaction(async (tx) => createTeam(tx, actor, await enterpriseToManage(tx, actor, req.body.enterpriseId), req.body, now()));
    return reply.status(201).send(await teamById(db, row.id));
  });

  app.patch("/api/teams/:id", { schema: { tags, summary: "修改班组（名称、班组长、启用）", params: idParams, body: teamPatch } }, async (req) => {
    const actor = actorOf(req);
    await db.transaction(async (tx) => {
      const { row, enterprise } = await teamForWrite(tx, actor, req.params.id);
      return updateTeam(tx, actor, enterprise, row, req.body, now());
    });
    return teamById(db, req.params.id);
  });

  app.delete("/api/teams/:id", { schema: { tags, summary: "停用班组（保留班前教育记录）", params: idParams } }, async (req, reply) => {
    const actor = actorOf(req);
    await db.transaction(async (tx) => {
      const { row, enterprise } = await teamForWrite(tx, actor, req.params.id);
      await deactivateTeam(tx, actor, enterprise, row, now());
    });
    return reply.status(204).send();
  });
}
