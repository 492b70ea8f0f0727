/** PDF downloads of the register: 岗位风险告知卡 and QR label sheets (readers of the enterprise may print them). */
import type { FastifyReply } from "fastify";
import { actorOf, type App } from "../../app";
import { fieldError } from "../../platform/errors";
import { enterpriseForRead } from "../../platform/scope";
import { shanghaiDate } from "../../platform/time";
import { qrLabelsDoc, renderPdf, riskCardsDoc } from "./pdf";
import { loadRegister, publicOrigin, qrUrlOf } from "./queries";
import { idParams, unitIdsQuery } from "./schemas";

function sendPdf(reply: FastifyReply, buf: Buffer, asciiName: string, name: string) {
  return reply
    .header("content-type", "application/pdf")
    .header("content-disposition", `inline; filename="${asciiName}"; filename*=UTF-8''${encodeURIComponent(name)}`)
    .header("cache-control", "private, no-store")
    .send(buf);
}

export async function pdfRoutes(app: App) {
  const { db } = app.ctx;
  const tags = ["risks"];

  /** The register's units (all, or the listed ones, which must all be the enterprise's). */
  const unitsOf = async (enterpriseId: string, unitIds: string[] | undefined) => {
    const objects = await loadRegister(db, enterpriseId, unitIds);
    const units = objects.flatMap((o) => o.units);
    if (unitIds) {
      const found = new Set(units.map((u) => u.id));
      const missing = unitIds.filter((id) => !found.has(id));
      if (missing.length) throw fieldError("unitIds", `风险分析单元不存在或不属于该企业：${missing.join(", ")}`);
    }
    return { objects, units };
  };

  app.get(
    "/api/enterprises/:id/risk-cards.pdf",
    { schema: { tags, summary: "岗位风险告知卡（PDF，每个单元一页；?unitIds= 只打印所列单元）", params: idParams, querystring: unitIdsQuery } },
    async (req, reply) => {
      const e = await enterpriseForRead(db, actorOf(req), req.params.id);
      const { objects, units } = await unitsOf(e.id, req.query.unitIds);
      const origin = publicOrigin(app, req);
      const doc = await riskCardsDoc(units, {
        enterpriseName: e.name,
        safetyContact: [e.safetyManager, e.safetyManagerPhone].filter(Boolean).join(" "),
        objectNames: new Map(objects.map((o) => [o.id, o.name])),
        qrUrl: (t) => qrUrlOf(origin, t),
      });
      return sendPdf(reply, await renderPdf(doc), "risk-cards.pdf", `岗位风险告知卡-${e.name}-${shanghaiDate(app.ctx.now())}.pdf`);
    },
  );

  app.get(
    "/api/enterprises/:id/qr-labels.pdf",
    { schema: { tags, summary: "风险分析单元二维码标签（PDF，每页 3×4；?unitIds= 只打印所列单元）", params: idParams, querystring: unitIdsQuery } },
    async (req, reply) => {
      const e = await enterpriseForRead(db, actorOf(req), req.params.id);
      const { units } = await unitsOf(e.id, req.query.unitIds);
      const origin = publicOrigin(app, req);
      const doc = await qrLabelsDoc(units, { enterpriseName: e.name, qrUrl: (t) => qrUrlOf(origin, t) });
      return sendPdf(reply, await renderPdf(doc), "qr-labels.pdf", `二维码标签-${e.name}-${shanghaiDate(app.ctx.now())}.pdf`);
    },
  );
}
