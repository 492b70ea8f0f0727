import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import sharp from "sharp";
import { count, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { enterprises, files } from "../src/db/schema";
import { startTestApp, type Client, type TestApp } from "./support/testApp";

let t: TestApp;
let png: Buffer;
let jr: Client;

beforeAll(async () => {
  t = await startTestApp({ MAX_UPLOAD_MB: "1" });
  png = await sharp({ create: { width: 400, height: 300, channels: 3, background: "#c00" } })
    .png()
    .toBuffer();
  jr = await t.as("jr.yjj");
});
afterAll(() => t.close());

const sha256 = (b: Buffer) => crypto.createHash("sha256").update(b).digest("hex");
const countFiles = async () => (await t.db.select({ n: count() }).from(files))[0]!.n;
/** Every stored file under DATA_DIR/files (originals and thumbnails). */
function storedFiles(): string[] {
  const root = path.join(t.dataDir, "files");
  if (!fs.existsSync(root)) return [];
  return fs
    .readdirSync(root, { recursive: true, withFileTypes: true })
    .filter((d) => d.isFile())
    .map((d) => d.name);
}

describe("upload", () => {
  it("stores a PNG under its SHA-256, with a JPEG thumbnail", async () => {
    const r = await jr.upload("/api/files", png, "现场.png", "file", "image/png");
    expect(r.status).toBe(201);
    expect(r.body).toEqual({ sha256: sha256(png), size: png.length, mime: "image/png", name: "现场.png", hasThumbnail: true });
    const [row] = await t.db
      .select()
      .from(files)
      .where(eq(files.sha256, sha256(png)));
    expect(row).toMatchObject({ size: png.length, mime: "image/png", originalName: "现场.png", hasThumbnail: true });

    const original = await jr.request("GET", `/api/files/${r.body.sha256}`);
    expect(original.status).toBe(200);
    expect(original.headers["content-type"]).toBe("image/png");
    expect(original.headers["x-content-type-options"]).toBe("nosniff");
    expect(sha256(original.raw.rawPayload)).toBe(sha256(png));

    const thumb = await jr.request("GET", `/api/files/${r.body.sha256}?thumbnail=1`);
    expect(thumb.status).toBe(200);
    expect(thumb.headers["content-type"]).toBe("image/jpeg");
    const meta = await sharp(thumb.raw.rawPayload).metadata();
    expect(meta.format).toBe("jpeg");
    expect(meta.width).toBe(320);
    expect(meta.height).toBe(240);
  });

  it("stores the same bytes once, whatever the name", async () => {
    const filesBefore = await countFiles();
    const a = await jr.upload("/api/files", png, "again.png", "file", "image/png");
    const b = await jr.upload("/api/files", png, "another-name.jpg", "file", "image/jpeg");
    expect(a.status).toBe(201);
    expect(b.status).toBe(201);
    expect(a.body.sha256).toBe(sha256(png));
    expect(b.body.sha256).toBe(a.body.sha256);
    expect(b.body.mime).toBe("image/png"); // by content, not by name or declared type
    expect(await countFiles()).toBe(filesBefore);
  });

  it("accepts a PDF without a thumbnail", async () => {
    const pdf = Buffer.from("%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n");
    const r = await jr.upload("/api/files", pdf, "预案.pdf", "file", "application/pdf");
    expect(r.status).toBe(201);
    expect(r.body).toMatchObject({ mime: "application/pdf", hasThumbnail: false, sha256: sha256(pdf) });
    const thumb = await jr.request("GET", `/api/files/${r.body.sha256}?thumbnail=1`);
    expect(thumb.headers["content-type"]).toBe("application/pdf");
  });

  it("rejects a text file renamed .png with 415, storing nothing", async () => {
    const filesBefore = await countFiles();
    const onDisk = storedFiles().length;
    const text = Buffer.from("这不是图片，只是一段文字。\n".repeat(20));
    const r = await jr.upload("/api/files", text, "photo.png", "file", "image/png");
    expect(r.status).toBe(415);
    expect(r.body.code).toBe("UNSUPPORTED_FILE_TYPE");
    expect(await countFiles()).toBe(filesBefore);
    expect(storedFiles()).toHaveLength(onDisk);
    expect((await jr.request("GET", `/api/files/${sha256(text)}`)).status).toBe(404);
  });

  it("rejects a file over MAX_UPLOAD_MB with 413, storing nothing", async () => {
    const filesBefore = await countFiles();
    const onDisk = storedFiles().length;
    const big = Buffer.concat([png, crypto.randomBytes(1024 * 1024 + 10)]);
    const r = await jr.upload("/api/files", big, "big.png", "file", "image/png");
    expect(r.status).toBe(413);
    expect(r.body.code).toBe("PAYLOAD_TOO_LARGE");
    expect(r.body.message).toContain("1 MB");
    expect(await countFiles()).toBe(filesBefore);
    expect(storedFiles()).toHaveLength(onDisk);
    // just under the limit is fine
    const under = await sharp({ create: { width: 10, height: 10, channels: 3, background: "#0c0" } })
      .png()
      .toBuffer();
    const ok = await jr.upload("/api/files", Buffer.concat([under, Buffer.alloc(1024 * 1024 - under.length - 100)]), "ok.png", "file", "image/png");
    expect(ok.status).toBe(201);
  });

  it("rejects an empty upload and a request without a file", async () => {
    const empty = await jr.upload("/api/files", Buffer.alloc(0), "empty.png");
    expect(empty.status).toBe(400);
    const notMultipart = await jr.post("/api/files", { file: "x" });
    expect(notMultipart.status).toBe(415);
  });

  it("needs a session", async () => {
    const r = await t.anonymous().upload("/api/files", png, "x.png");
    expect(r.status).toBe(401);
  });
});

describe("download permissions", () => {
  let sha: string;
  let enterpriseId: string;

  beforeAll(async () => {
    // a file only jr.yjj knows about
    const own = await sharp({ create: { width: 64, height: 48, channels: 3, background: "#123456" } })
      .png()
      .toBuffer();
    const r = await jr.upload("/api/files", own, "隐患照片.png", "file", "image/png");
    sha = r.body.sha256;
    const [e] = await t.db.select({ id: enterprises.id }).from(enterprises).where(eq(enterprises.name, "句容宝华智运仓储物流有限公司"));
    enterpriseId = e!.id;
  });

  it("answers 404 to a user with no link to the file; the uploader and admins may read it", async () => {
    for (const u of ["baohua.ajb", "zj.sw", "ent.b", "expert1"]) {
      const c = await t.as(u);
      const r = await c.get(`/api/files/${sha}`);
      expect(r.status, u).toBe(404);
      expect(r.body.code).toBe("NOT_FOUND");
      expect((await c.get(`/api/files/${sha}?thumbnail=1`)).status, u).toBe(404);
    }
    expect((await jr.request("GET", `/api/files/${sha}`)).status).toBe(200);
    expect((await (await t.as("admin")).request("GET", `/api/files/${sha}`)).status).toBe(200);
    expect((await jr.get(`/api/files/${"f".repeat(64)}`)).status).toBe(404);
    expect((await jr.get("/api/files/not-a-sha")).status).toBe(404);
  });

  it("once attached to an enterprise, is readable by whoever may read that enterprise", async () => {
    const r = await jr.post(`/api/enterprises/${enterpriseId}/attachments`, { fileSha256: sha, name: "隐患照片", category: "site_photo" });
    expect(r.status).toBe(201);
    for (const u of ["baohua.ajb", "ent.b"]) {
      const c = await t.as(u);
      const got = await c.request("GET", `/api/files/${sha}`);
      expect(got.status, u).toBe(200);
      expect(sha256(got.raw.rawPayload)).toBe(sha);
      expect((await c.request("GET", `/api/files/${sha}?thumbnail=1`)).headers["content-type"]).toBe("image/jpeg");
    }
    // still not for users who may not read that enterprise
    for (const u of ["zj.sw", "ent.a", "expert1"]) {
      expect((await (await t.as(u)).get(`/api/files/${sha}`)).status, u).toBe(404);
    }
    // and not after the attachment is removed
    expect((await jr.del(`/api/enterprises/${enterpriseId}/attachments/${r.body.id}`)).status).toBe(204);
    expect((await (await t.as("baohua.ajb")).get(`/api/files/${sha}`)).status).toBe(404);
  });

  it("a file cited by a licence is readable by the enterprise's readers", async () => {
    const r = await jr.post(`/api/enterprises/${enterpriseId}/licences`, { type: "other", number: "L-FILE-1", fileSha256: sha });
    expect(r.status).toBe(201);
    expect(r.body.fileSha256).toBe(sha);
    expect((await (await t.as("baohua.ajb")).request("GET", `/api/files/${sha}`)).status).toBe(200);
  });
});
