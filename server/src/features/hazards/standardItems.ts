/** 重大事故隐患判定标准 items in the database: the shipped lists (domain) upserted at start, and look-ups. */
import { inArray, sql } from "drizzle-orm";
import { DETERMINATION_ITEMS } from "@anguan/domain";
import type { Queryable } from "../../db/client";
import { determinationItems } from "../../db/schema";

/** Writes the shipped items (idempotent: existing rows get the shipped text; items added as data are left alone). */
export async function upsertDeterminationItems(db: Queryable): Promise<void> {
  await db
    .insert(determinationItems)
    .values(DETERMINATION_ITEMS.map((i) => ({ ...i, sectors: [...i.sectors] })))
    .onConflictDoUpdate({
      target: determinationItems.code,
      set: {
        standard: sql`excluded.standard`,
        standardName: sql`excluded.standard_name`,
        seq: sql`excluded.seq`,
        text: sql`excluded.text`,
        sectors: sql`excluded.sectors`,
      },
    });
}

export async function determinationItemExists(db: Queryable, code: string): Promise<boolean> {
  const rows = await db
    .select({ code: determinationItems.code })
    .from(determinationItems)
    .where(inArray(determinationItems.code, [code]));
  return rows.length > 0;
}
