/**
 * Shared fixtures of the scope matrices (scope-matrix.test.ts and the satellite scope-<feature>.test.ts files): the
 * five fixture enterprises the roles are tested against, and a live (camera) evidence photo.
 */
import crypto from "node:crypto";
import { eq, type SQL, sql } from "drizzle-orm";
import sharp from "sharp";
import { expect } from "vitest";
import { enterprises, regions } from "../../src/db/schema";
import type { Client, TestApp } from "./testApp";

export type MatrixKey = "entA" | "entB" | "catering" | "nanjing" | "jurongOther";

/**
 * entA 镇江华泰化工 (hazchem, 镇江), entB 句容宝华智运仓储 (宝华镇), catering 镇江京江福满楼 (商务局's), jurongOther one in
 * 句容市 outside 宝华镇, and nanjing, created here in 南京市玄武区, outside every Zhenjiang official's scope.
 */
export async function matrixEnterprises(t: TestApp, admin: Client): Promise<Record<MatrixKey, string>> {
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
  const idOf = async (where: SQL | undefined) => {
    const [r] = await t.db.select({ id: enterprises.id }).from(enterprises).where(where).limit(1);
    if (!r) throw new Error("fixture enterprise missing");
    return r.id;
  };
  return {
    nanjing: nj.body.id as string,
    entA: await idOf(eq(enterprises.name, "镇江华泰化工有限公司")),
    entB: await idOf(eq(enterprises.name, "句容宝华智运仓储物流有限公司")),
    catering: await idOf(eq(enterprises.name, "镇江京江福满楼餐饮有限公司")),
    // In 句容市 but not in 宝华镇.
    jurongOther: await idOf(sql`${enterprises.regionPath} LIKE '%/321183/%' AND ${enterprises.regionCode} <> '321183103'`),
  };
}

/** Uploads a distinct JPEG as evidence through POST /api/evidence (capture=camera unless told) and returns its id. */
export async function livePhoto(c: Client, enterpriseId?: string, capture: "camera" | "gallery" | "unknown" = "camera"): Promise<string> {
  const content = await sharp({ create: { width: 16, height: 12, channels: 3, background: `#${crypto.randomBytes(3).toString("hex")}` } })
    .jpeg()
    .toBuffer();
  const boundary = `----anguan${crypto.randomBytes(8).toString("hex")}`;
  const field = (k: string, v: string) => Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`);
  const payload = Buffer.concat([
    field("capture", capture),
    ...(enterpriseId ? [field("enterpriseId", enterpriseId)] : []),
    Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="p.jpg"\r\nContent-Type: image/jpeg\r\n\r\n`),
    content,
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
  const r = await c.request("POST", "/api/evidence", { payload, headers: { "content-type": `multipart/form-data; boundary=${boundary}` } });
  expect(r.status, JSON.stringify(r.body)).toBe(201);
  return r.body.id;
}
