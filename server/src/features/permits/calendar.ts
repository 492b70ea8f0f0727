/**
 * The calendar a permit's hot-work grade is judged by (domain PermitCalendar): the enterprise's working-day calendar
 * (the jurisdiction's 节假日与调休, inspections/calendar.ts) and the configured night hours (NIGHT_HOURS).
 */
import type { PermitCalendar } from "@anguan/domain";
import type { Config } from "../../config";
import type { Queryable } from "../../db/client";
import { workCalendarFor } from "../inspections/calendar";

export async function permitCalendarFor(db: Queryable, regionPath: string, config: Pick<Config, "NIGHT_HOURS">): Promise<PermitCalendar> {
  const workdays = await workCalendarFor(db, regionPath);
  return { nightStartHour: config.NIGHT_HOURS.start, nightEndHour: config.NIGHT_HOURS.end, workdays };
}
