/** Confined-space permits in progress whose 2-hourly gas record is overdue: notify (once per overdue spell). Placeholder until implemented. */
import type { Config } from "../../config";
import type { Queryable } from "../../db/client";

export async function flagOverdueGasRecords(_tx: Queryable, _now: Date, _config: Config): Promise<number> {
  return 0;
}
