/** Verifies the SM3 hash chain of the audit log; exits 1 when a row was changed, removed or inserted. */
import path from "node:path";
import { loadConfig, loadDotEnv } from "../config";
import { migrate, openDatabase } from "../db/client";
import { verifyAuditChain } from "../platform/audit";

async function main() {
  loadDotEnv();
  const config = loadConfig();
  const database = await openDatabase({ url: config.DATABASE_URL, dataDir: path.join(config.dataDir, "pgdata") });
  try {
    await migrate(database);
    const r = await verifyAuditChain(database.db);
    if (r.ok) {
      console.log(`审计日志校验通过：${r.checked} 条记录，哈希链完整 (audit chain ok: ${r.checked} entries)`);
    } else {
      console.error(`审计日志校验失败：第 ${r.firstBrokenId} 号记录 — ${r.reason} (audit chain broken at id ${r.firstBrokenId})`);
      process.exitCode = 1;
    }
  } finally {
    await database.close();
  }
}

main().catch((err) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
