/** 证据上传: photos and MP4 only, size limit, EXIF capture time, receipt time and uploader, scope of the download. */
import crypto from "node:crypto";
import { eq } from "drizzle-orm";
import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { auditEvents, enterprises, evidence, files } from "../src/db/schema";
import { startTestApp, type Client, type TestApp } from "./support/testApp";

let t: TestApp;
let worker: Client;
const id = {} as Record<"entA" | "entB", string>;

/** multipart/form-data with text fields first, then the file (the server reads fields sent before the file). */
function upload(c: Client, content: Buffer, filename: string, fields: Record<string, string> = {}, contentType = "application/octet-stream") {
  const boundary = `----anguan${crypto.randomBytes(8).toString("hex")}`;
  const parts = Object.entries(fields).map(([k, v]) => Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`));
  const payload = Buffer.concat([
    ...parts,
    Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${filename}"\r\nContent-Type: ${contentType}\r\n\r\n`),
    content,
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
  return c.request("POST", "/api/evidence", { payload, headers: { "content-type": `multipart/form-data; boundary=${boundary}` } });
}

const colour = () => `#${crypto.randomBytes(3).toString("hex")}`;
const image = (format: "jpeg" | "png" | "webp") =>
  sharp({ create: { width: 32, height: 24, channels: 3, background: colour() } })
    [format]()
    .toBuffer();
const MP4 = Buffer.concat([
  Buffer.from([0, 0, 0, 0x18]),
  Buffer.from("ftypisom"),
  Buffer.from([0, 0, 2, 0]),
  Buffer.from("isommp41"),
  Buffer.from([0, 0, 0, 8]),
  Buffer.from("free"),
  crypto.randomBytes(256),
]);

beforeAll(async () => {
  t = await startTestApp();
  worker = await t.as("ent.b.worker");
  const byName = async (name: string) => (await t.db.select({ id: enterprises.id }).from(enterprises).where(eq(enterprises.name, name)))[0]!.id;
  id.entA = await byName("镇江华泰化工有限公司");
  id.entB = await byName("句容宝华智运仓储物流有限公司");
}, 60_000);
afterAll(() => t?.close());

describe("POST /api/evidence", () => {
  it("stores a camera photo with its EXIF capture time, the server's receipt time, uploader and place", async () => {
    const jpg = await sharp({ create: { width: 40, height: 30, channels: 3, background: colour() } })
      .jpeg()
      .withExif({ IFD0: { Make: "Anguan" }, IFD2: { DateTimeOriginal: "2026:11:20 10:30:00" } })
      .toBuffer();
    const r = await upload(worker, jpg, "现场.jpg", { capture: "camera", clientTakenAt: "2026-11-20T10:30:05+08:00", lat: "32.13", lng: "119.08" });
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    expect(r.body).toMatchObject({
      enterpriseId: id.entB,
      fileSha256: crypto.createHash("sha256").update(jpg).digest("hex"),
      receivedAt: t.clock.now.toISOString(),
      takenAt: "2026-11-20T02:30:00.000Z", // 10:30 in Shanghai
      clientTakenAt: "2026-11-20T02:30:05.000Z",
      capture: "camera",
      lat: 32.13,
      lng: 119.08,
      uploadedByName: "刘强（仓储班组长）",
      mime: "image/jpeg",
      hasThumbnail: true,
    });
    const [row] = await t.db.select().from(evidence).where(eq(evidence.id, r.body.id));
    expect(row!.uploadedBy).not.toBeNull();
    const [audit] = await t.db.select().from(auditEvents).where(eq(auditEvents.targetId, r.body.id));
    expect(audit!.action).toBe("evidence.upload");
  });

  it("takes PNG and WebP (no EXIF → takenAt null) and MP4 video without a thumbnail", async () => {
    for (const [fmt, mime] of [
      ["png", "image/png"],
      ["webp", "image/webp"],
    ] as const) {
      const r = await upload(worker, await image(fmt), `p.${fmt}`, { capture: "gallery" });
      expect(r.status).toBe(201);
      expect(r.body).toMatchObject({ mime, takenAt: null, capture: "gallery", hasThumbnail: true });
    }
    const v = await upload(worker, MP4, "clip.mp4");
    expect(v.status, JSON.stringify(v.body)).toBe(201);
    expect(v.body).toMatchObject({ mime: "video/mp4", hasThumbnail: false, takenAt: null, capture: "unknown" });
    const [f] = await t.db.select().from(files).where(eq(files.sha256, v.body.fileSha256));
    expect(f!.mime).toBe("video/mp4");
    const back = await worker.get(`/api/files/${v.body.fileSha256}`);
    expect(back.status).toBe(200);
    expect(back.headers["content-type"]).toBe("video/mp4");
  });

  it("refuses what is not an image or MP4 with 415, and stores nothing", async () => {
    const before = (await t.db.select({ id: evidence.id }).from(evidence)).length;
    const text = await upload(worker, Buffer.from("这不是一张图片，只是文字。"), "photo.jpg", {}, "image/jpeg");
    expect(text.status).toBe(415);
    expect(text.body.code).toBe("UNSUPPORTED_FILE_TYPE");
    expect(text.body.message).toMatch(/照片|视频/);
    const pdf = await upload(worker, Buffer.from("%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF"), "a.pdf");
    expect(pdf.status).toBe(415);
    const mov = await upload(
      worker,
      Buffer.concat([Buffer.from([0, 0, 0, 0x14]), Buffer.from("ftypqt  "), Buffer.from([0, 0, 2, 0]), Buffer.from("qt  "), Buffer.alloc(64)]),
      "a.mov",
    );
    expect(mov.status).toBe(415);
    // JPEG magic bytes followed by garbage: a broken image, not a photo.
    const broken = await upload(worker, Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), crypto.randomBytes(2000)]), "broken.jpg");
    expect(broken.status).toBe(415);
    const json = await worker.post("/api/evidence", { file: "x" });
    expect(json.status).toBe(415);
    expect((await t.db.select({ id: evidence.id }).from(evidence)).length).toBe(before);
  });

  it("answers a 30 MB photo with 413 (limit MAX_UPLOAD_MB = 20)", async () => {
    const big = Buffer.concat([await image("jpeg"), Buffer.alloc(30 * 1024 * 1024, 1)]);
    const r = await upload(worker, big, "huge.jpg", {}, "image/jpeg");
    expect(r.status).toBe(413);
    expect(r.body.code).toBe("PAYLOAD_TOO_LARGE");
    expect(r.body.message).toContain("20 MB");
  });

  it("validates the fields, naming them", async () => {
    const jpg = await image("jpeg");
    const bad = async (fields: Record<string, string>, field: string) => {
      const r = await upload(worker, jpg, "a.jpg", fields);
      expect(r.status, JSON.stringify(fields)).toBe(400);
      expect(r.body.fields.map((f: { field: string }) => f.field)).toContain(field);
    };
    await bad({ capture: "drone" }, "capture");
    await bad({ clientTakenAt: "yesterday" }, "clientTakenAt");
    await bad({ lat: "32.1" }, "lng");
    await bad({ lat: "132", lng: "119" }, "lat");
    await bad({ lat: "x", lng: "119" }, "lat");
    await bad({ enterpriseId: "nope" }, "enterpriseId");
  });

  it("accepts an enterprise only when the caller can read it (404 otherwise)", async () => {
    const jpg = await image("jpeg");
    expect((await upload(worker, jpg, "a.jpg", { enterpriseId: id.entA })).status).toBe(404);
    const jr = await t.as("jr.yjj");
    const own = await upload(jr, jpg, "a.jpg");
    expect(own.status).toBe(201);
    expect(own.body.enterpriseId).toBeNull();
    const named = await upload(jr, await image("jpeg"), "b.jpg", { enterpriseId: id.entB });
    expect(named.body.enterpriseId).toBe(id.entB);
    expect((await upload(jr, jpg, "a.jpg", { enterpriseId: id.entA })).status).toBe(404);
  });
});

describe("GET /api/files/:sha256 of evidence", () => {
  it("is readable by whoever can read the enterprise the evidence belongs to", async () => {
    const r = await upload(worker, await image("jpeg"), "现场.jpg", { capture: "camera" });
    const sha = r.body.fileSha256;
    for (const [user, status] of [
      ["ent.b", 200],
      ["jr.yjj", 200],
      ["baohua.ajb", 200],
      ["zj.yjj", 200],
      ["ent.a", 404],
      ["zj.sw", 404],
      ["expert1", 404],
      ["admin", 200],
    ] as const) {
      const c = await t.as(user);
      expect((await c.get(`/api/files/${sha}`)).status, user).toBe(status);
    }
    // The same bytes uploaded again by someone else: they may read what they uploaded.
    const sw = await t.as("zj.sw");
    const again = await upload(sw, (await worker.get(`/api/files/${sha}`)).raw.rawPayload, "copy.jpg");
    expect(again.status).toBe(201);
    expect(again.body.enterpriseId).toBeNull();
    expect((await sw.get(`/api/files/${sha}`)).status).toBe(200);
  });
});
