/**
 * Loads the administrative-division tree from a CSV file: `npm run regions:import -- regions.csv`
 * Header: code,name,level,parent_code[,lat,lng]; level is province|city|county|zone|township|village.
 * Every bad line is reported and nothing is written unless all lines are good. With PGlite, stop the server first.
 */
import fs from "node:fs";
import path from "node:path";
import { loadConfig, loadDotEnv } from "../config";
import { migrate, openDatabase } from "../db/client";
import { importRegions, parseRegionCsv } from "../features/regions/importRegions";

async function main() {
  const file = process.argv[2];
  if (!file || !fs.existsSync(file)) {
    console.error("用法 (usage): npm run regions:import -- <regions.csv>");
    process.exit(2);
  }
  loadDotEnv();
  const config = loadConfig();
  const database = await openDatabase({ url: config.DATABASE_URL, dataDir: path.join(config.dataDir, "pgdata") });
  try {
    await migrate(database);
    const r = await importRegions(database.db, parseRegionCsv(fs.readFileSync(file, "utf8")));
    if (r.errors.length) {
      for (const e of r.errors) console.error(`第 ${e.line} 行 ${e.field}: ${e.reason}`);
      console.error(`共 ${r.errors.length} 处错误，未导入任何区域`);
      process.exitCode = 1;
    } else console.log(`已导入 ${r.imported} 个区域`);
  } finally {
    await database.close();
  }
}

main().catch((err) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
