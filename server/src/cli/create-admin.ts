/**
 * Creates the first administrator, or sets the password of an existing one (production mode seeds `admin`
 * without a password). Usage: npm run admin:create -- --username admin [--password '…']
 * Without --password the password is read from ANGUAN_ADMIN_PASSWORD or from standard input.
 * With the embedded database, stop the server first (PGlite allows one process at a time).
 */
import path from "node:path";
import readline from "node:readline";
import { parseArgs } from "node:util";
import { eq } from "drizzle-orm";
import { checkPassword, PASSWORD_MESSAGES } from "@anguan/domain";
import { loadConfig, loadDotEnv } from "../config";
import { migrate, openDatabase } from "../db/client";
import { organizations, users } from "../db/schema";
import { appendAudit } from "../platform/audit";
import { hashPassword } from "../platform/auth";
import { seed } from "../seed/seed";

async function readPassword(): Promise<string> {
  if (process.env.ANGUAN_ADMIN_PASSWORD) return process.env.ANGUAN_ADMIN_PASSWORD;
  const rl = readline.createInterface({ input: process.stdin, output: process.stderr, terminal: false });
  process.stderr.write("新密码 (new password): ");
  for await (const line of rl) {
    rl.close();
    return line.trim();
  }
  return "";
}

async function main() {
  const { values } = parseArgs({
    options: { username: { type: "string", default: "admin" }, password: { type: "string" }, name: { type: "string", default: "系统管理员" } },
  });
  loadDotEnv();
  const config = loadConfig();
  const password = values.password ?? (await readPassword());
  const problem = checkPassword(password);
  if (problem) {
    console.error(`密码不符合要求：${PASSWORD_MESSAGES[problem]}`);
    process.exit(2);
  }
  const database = await openDatabase({ url: config.DATABASE_URL, dataDir: path.join(config.dataDir, "pgdata") });
  try {
    await migrate(database);
    await seed(database.db, { demo: config.ANGUAN_DEMO, enterpriseCount: config.DEMO_ENTERPRISES });
    const passwordHash = await hashPassword(password);
    const username = values.username!;
    await database.db.transaction(async (tx) => {
      const [existing] = await tx.select().from(users).where(eq(users.username, username));
      if (existing) {
        if (existing.role !== "admin") throw new Error(`用户 ${username} 已存在且不是管理员`);
        await tx.update(users).set({ passwordHash, failedLogins: 0, lockedUntil: null, disabled: false }).where(eq(users.id, existing.id));
        await appendAudit(tx, null, { action: "user.reset_password", targetType: "user", targetId: existing.id, after: { via: "cli" } });
        console.log(`已设置管理员 ${username} 的密码`);
        return;
      }
      let [platform] = await tx.select().from(organizations).where(eq(organizations.kind, "platform")).limit(1);
      platform ??= (await tx.insert(organizations).values({ kind: "platform", name: "安管平台" }).returning())[0];
      const [u] = await tx.insert(users).values({ username, displayName: values.name!, role: "admin", orgId: platform!.id, passwordHash }).returning();
      await appendAudit(tx, null, { action: "user.create", targetType: "user", targetId: u!.id, after: { username, role: "admin", via: "cli" } });
      console.log(`已创建管理员 ${username}`);
    });
  } finally {
    await database.close();
  }
}

main().catch((err) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
