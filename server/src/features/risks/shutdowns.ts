/**
 * 停用检维修 (unit shutdown for maintenance): registering an open shutdown sets the unit's status to 'shutdown' (its
 * inspection tasks are suspended); ending it restores 'normal'. A past shutdown (with its end) can be recorded for the
 * history without changing the status. One open shutdown per unit; times may not lie in the future.
 */
import { and, eq, isNull, sql } from "drizzle-orm";
import { actorOf, type App } from "../../app";
import { riskUnits, unitShutdowns } from "../../db/schema";
import { appendAudit } from "../../platform/audit";
import { AppError, fieldError } from "../../platform/errors";
import { loadShutdown, loadUnit } from "./load";
import { presentShutdown } from "./present";
import { idParams, shutdownEnd, shutdownInput } from "./schemas";

/** Clock skew allowed between a phone and the server. */
const SKEW_MS = 5 * 60_000;

export async function shutdownRoutes(app: App) {
  const { db } = app.ctx;
  const tags = ["risks"];

  app.post(
    "/api/risk-units/:id/shutdowns",
    { schema: { tags, summary: "登记停用检维修（未填结束时间即为停用中）", params: idParams, body: shutdownInput } },
    async (req, reply) => {
      const actor = actorOf(req);
      const now = app.ctx.now();
      const startAt = new Date(req.body.startAt);
      const endAt = req.body.endAt ? new Date(req.body.endAt) : null;
      if (startAt.getTime() > now.getTime() + SKEW_MS) throw fieldError("startAt", "开始时间不能晚于当前时间（停用开始时再登记）");
      if (endAt && endAt.getTime() <= startAt.getTime()) throw fieldError("endAt", "结束时间应晚于开始时间");
      if (endAt && endAt.getTime() > now.getTime() + SKEW_MS) throw fieldError("endAt", "结束时间不能晚于当前时间（恢复时用“结束停用”）");
      const row = await db.transaction(async (tx) => {
        const { row: unit } = await loadUnit(tx, actor, req.params.id, "write");
        if (!endAt) {
          const [open] = await tx
            .select({ id: unitShutdowns.id })
            .from(unitShutdowns)
            .where(and(eq(unitShutdowns.unitId, unit.id), isNull(unitShutdowns.endAt)));
          if (open) throw new AppError(409, "UNIT_ALREADY_SHUT_DOWN", "该单元已在停用检维修中，请先结束当前停用");
        }
        const [s] = await tx
          .insert(unitShutdowns)
          .values({ enterpriseId: unit.enterpriseId, unitId: unit.id, startAt, endAt, reason: req.body.reason, createdBy: actor.userId, createdAt: now })
          .returning();
        if (!endAt) {
          await tx
            .update(riskUnits)
            .set({ status: "shutdown", version: sql`${riskUnits.version} + 1`, updatedAt: now })
            .where(eq(riskUnits.id, unit.id));
        }
        await appendAudit(
          tx,
          actor,
          {
            action: "riskUnit.shutdown",
            targetType: "risk_unit",
            targetId: unit.id,
            enterpriseId: unit.enterpriseId,
            before: { status: unit.status },
            after: s,
          },
          now,
        );
        return s!;
      });
      return reply.status(201).send({ ...presentShutdown(row), unitStatus: row.endAt ? undefined : "shutdown" });
    },
  );

  app.post("/api/unit-shutdowns/:id/end", { schema: { tags, summary: "结束停用检维修（单元恢复正常）", params: idParams, body: shutdownEnd } }, async (req) => {
    const actor = actorOf(req);
    const now = app.ctx.now();
    const endAt = req.body.endAt ? new Date(req.body.endAt) : now;
    if (endAt.getTime() > now.getTime() + SKEW_MS) throw fieldError("endAt", "结束时间不能晚于当前时间");
    const row = await db.transaction(async (tx) => {
      const { row: cur } = await loadShutdown(tx, actor, req.params.id, "write");
      if (endAt.getTime() <= cur.startAt.getTime()) throw fieldError("endAt", "结束时间应晚于开始时间");
      const [s] = await tx
        .update(unitShutdowns)
        .set({ endAt })
        .where(and(eq(unitShutdowns.id, cur.id), isNull(unitShutdowns.endAt)))
        .returning();
      if (!s) throw new AppError(409, "SHUTDOWN_ALREADY_ENDED", "该停用检维修已结束");
      await tx
        .update(riskUnits)
        .set({ status: "normal", version: sql`${riskUnits.version} + 1`, updatedAt: now })
        .where(eq(riskUnits.id, s.unitId));
      await appendAudit(
        tx,
        actor,
        { action: "riskUnit.resume", targetType: "risk_unit", targetId: s.unitId, enterpriseId: s.enterpriseId, before: cur, after: s },
        now,
      );
      return s;
    });
    return { ...presentShutdown(row), unitStatus: "normal" };
  });
}
