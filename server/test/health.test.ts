import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestApp, type TestApp } from "./support/testApp";
import { usePostgres } from "./support/testDb";

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(() => t.close());

describe("health and API documents", () => {
  it("reports status and the database kind", async () => {
    const r = await t.anonymous().get("/healthz");
    expect(r.status).toBe(200);
    expect(r.body).toEqual({ status: "ok", db: usePostgres() ? "postgres" : "pglite" });
    expect(r.headers["x-content-type-options"]).toBe("nosniff");
    expect(r.headers["x-frame-options"]).toBe("DENY");
  });
  it("serves the OpenAPI document with the enterprise contract", async () => {
    const r = await t.anonymous().get("/api/openapi.json");
    expect(r.status).toBe(200);
    expect(r.body.paths["/api/enterprises"].get).toBeDefined();
    expect(r.body.paths["/api/enterprises/{id}"].patch).toBeDefined();
    expect(r.body.paths["/api/auth/login"].post.requestBody).toBeDefined();
  });
  it("serves browsable docs", async () => {
    const r = await t.anonymous().get("/api/docs/");
    expect(r.status).toBe(200);
    expect(String(r.body)).toContain("swagger");
  });
  it("answers 401 without a session and 404 JSON for unknown API paths", async () => {
    expect((await t.anonymous().get("/api/enterprises")).body.code).toBe("UNAUTHENTICATED");
    const c = await t.as("admin");
    const r = await c.get("/api/nope");
    expect(r.status).toBe(404);
    expect(r.body.code).toBe("NOT_FOUND");
  });
});
