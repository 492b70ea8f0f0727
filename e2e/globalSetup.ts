/** Starts the real server (built UI, fresh PGlite data dir, demo seed) on a free port for the browser tests. */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type { TestProject } from "vitest/node";
import { type ServerProcess, startServer } from "../server/test/support/processes";

const root = path.resolve(import.meta.dirname, "..");
let server: ServerProcess | undefined;
let dataDir = "";

export async function setup(project: TestProject) {
  if (!fs.existsSync(path.join(root, "web/dist/index.html"))) throw new Error("web/dist is missing: run `npm run build -w web` first (npm test does)");
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "anguan-e2e-"));
  // No simulator: the tests publish the values they need.
  server = await startServer({
    DATA_DIR: dataDir,
    ANGUAN_DEMO: "1",
    ANGUAN_TEST_CONTROLS: "1",
    ANGUAN_SIMULATOR: "0",
    DATABASE_URL: "",
    WEB_DIST: path.join(root, "web/dist"),
  });
  project.provide("baseURL", server.url);
}

export async function teardown() {
  await server?.stop();
  if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
}

declare module "vitest" {
  export interface ProvidedContext {
    baseURL: string;
  }
}
