import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { enterprises, regions } from "../src/db/schema";
import { importRegions, parseRegionCsv } from "../src/features/regions/importRegions";
import { startTestApp, type TestApp } from "./support/testApp";

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(() => t.close());

describe("loading the administrative-division tree", () => {
  it("reports every bad line and writes nothing", async () => {
    const csv = [
      "code,name,level,parent_code,lat,lng",
      "320100,南京市,city,320000,32.06,118.79",
      "3201,玄武区,county,320100,,",
      "320102,,county,320100,,",
      "320102001,梅园新村街道,township,320199,,",
      "320104,秦淮区,borough,320100,x,",
    ].join("\n");
    const r = await importRegions(t.db, parseRegionCsv(csv));
    expect(r.imported).toBe(0);
    expect(r.errors.map((e) => `${e.line}:${e.field}`).sort()).toEqual(["3:code", "4:name", "5:parent_code", "6:lat", "6:level"].sort());
    expect(await t.db.select().from(regions).where(eq(regions.code, "320100"))).toHaveLength(0);
  });

  it("imports good lines with paths, and a renamed or moved region updates in place", async () => {
    const csv = "code,name,level,parent_code\n320100,南京市,city,320000\n320102,玄武区,county,320100\n320102001,梅园新村街道,township,320102\n";
    expect(await importRegions(t.db, parseRegionCsv(csv))).toEqual({ imported: 3, errors: [] });
    const [town] = await t.db.select().from(regions).where(eq(regions.code, "320102001"));
    expect(town!.path).toBe("320000/320100/320102/320102001/");
    // The regions API now offers it to the administrator.
    const admin = await t.as("admin");
    const list = await admin.get("/api/regions");
    expect(list.body.items.some((r: { code: string }) => r.code === "320102001")).toBe(true);
    // Move 宝华镇 under 镇江新区 (a zone): its enterprises move with it.
    const move = "code,name,level,parent_code\n321183103,宝华镇,township,321191\n";
    expect((await importRegions(t.db, parseRegionCsv(move))).errors).toEqual([]);
    const [e] = await t.db.select({ path: enterprises.regionPath }).from(enterprises).where(eq(enterprises.regionCode, "321183103")).limit(1);
    expect(e!.path).toBe("320000/321100/321191/321183103/");
    // …and so do the villages below it.
    const villages = await t.db.select({ path: regions.path }).from(regions).where(eq(regions.parentCode, "321183103"));
    expect(villages.length).toBeGreaterThan(0);
    for (const v of villages) expect(v.path.startsWith("320000/321100/321191/321183103/")).toBe(true);
  });
});
