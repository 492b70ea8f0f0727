/** Certificates expiring within CERTIFICATE_WARN_DAYS or expired: notify the person and the safety managers once per state. Placeholder until implemented. */
import type { Config } from "../../config";
import type { Queryable } from "../../db/client";

export async function remindExpiringCertificates(_tx: Queryable, _now: Date, _config: Config): Promise<number> {
  return 0;
}
