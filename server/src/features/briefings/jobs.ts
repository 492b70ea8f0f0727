/** Teams without today's briefing after BRIEFING_DUE_TIME: remind the team leader, then the safety manager. Placeholder until implemented. */
import type { Config } from "../../config";
import type { Queryable } from "../../db/client";

export async function remindMissingBriefings(_tx: Queryable, _now: Date, _config: Config): Promise<number> {
  return 0;
}
