/** Duties without a plan or with an overdue period: raise duty alarms (履职预警) and notify the enterprise; resolve those fixed. Placeholder until implemented. */
import type { Config } from "../../config";
import type { Queryable } from "../../db/client";

export async function raiseDutyAlarms(_tx: Queryable, _now: Date, _config: Config): Promise<number> {
  return 0;
}
