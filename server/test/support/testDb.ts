/**
 * Test databases. PGlite (default): one migrated + seeded template is dumped once (global setup) and every test
 * file opens its own copy from it. PostgreSQL (ANGUAN_TEST_DB=postgres): a template database is built once and each
 * test file gets `CREATE DATABASE … TEMPLATE`. Both hold the same demo seed.
 */
import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { migrate, openDatabase, type Database } from "../../src/db/client";
import { seed } from "../../src/seed/seed";

export const TEST_NOW = new Date("2026-11-23T02:00:00Z");
export const TEST_ENTERPRISES = 120;
export const PG_ADMIN_URL = process.env.TEST_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";
export const usePostgres = () => process.env.ANGUAN_TEST_DB === "postgres";
const TEMPLATE_DUMP = path.join(os.tmpdir(), `anguan-test-template-${process.env.ANGUAN_TEST_RUN ?? "local"}.tgz`);
// Unquoted in SQL, so PostgreSQL folds it to lower case: keep it lower case here too.
const TEMPLATE_DB = `anguan_tpl_${process.env.ANGUAN_TEST_RUN ?? "local"}`.toLowerCase().replace(/[^a-z0-9_]/g, "_");

const withDb = (url: string, name: string) => {
  const u = new URL(url);
  u.pathname = `/${name}`;
  return u.toString();
};

async function adminQuery(sql: string) {
  const c = new pg.Client({ connectionString: PG_ADMIN_URL });
  await c.connect();
  try {
    await c.query(sql);
  } finally {
    await c.end();
  }
}

/** Global setup: build the template once per test run. */
export async function buildTemplate(): Promise<void> {
  if (usePostgres()) {
    await adminQuery(`DROP DATABASE IF EXISTS ${TEMPLATE_DB} WITH (FORCE)`);
    await adminQuery(`CREATE DATABASE ${TEMPLATE_DB}`);
    const d = await openDatabase({ url: withDb(PG_ADMIN_URL, TEMPLATE_DB), poolSize: 2 });
    await migrate(d);
    await seed(d.db, { demo: true, enterpriseCount: TEST_ENTERPRISES, now: TEST_NOW });
    await d.close();
    return;
  }
  const d = await openDatabase({});
  await migrate(d);
  await seed(d.db, { demo: true, enterpriseCount: TEST_ENTERPRISES, now: TEST_NOW });
  const dump = await d.pglite!.dumpDataDir("gzip");
  fs.writeFileSync(TEMPLATE_DUMP, Buffer.from(await dump.arrayBuffer()));
  await d.close();
}

export async function dropTemplate(): Promise<void> {
  if (usePostgres()) await adminQuery(`DROP DATABASE IF EXISTS ${TEMPLATE_DB} WITH (FORCE)`);
  else fs.rmSync(TEMPLATE_DUMP, { force: true });
}

/** A fresh database for one test file, holding the demo seed. */
export async function openTestDatabase(): Promise<Database & { drop: () => Promise<void> }> {
  if (usePostgres()) {
    const name = `anguan_t_${crypto.randomBytes(6).toString("hex")}`;
    await adminQuery(`CREATE DATABASE ${name} TEMPLATE ${TEMPLATE_DB}`);
    const d = await openDatabase({ url: withDb(PG_ADMIN_URL, name), poolSize: 5 });
    return {
      ...d,
      drop: async () => {
        await d.close();
        await adminQuery(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      },
    };
  }
  const blob = new Blob([fs.readFileSync(TEMPLATE_DUMP)]);
  const d = await openDatabase({ loadDataDir: blob });
  return { ...d, drop: () => d.close() };
}
