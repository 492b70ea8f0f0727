/** Task cycle text: "每 2 小时（08:00–18:00）", "每天", "每月", "每 3 天（仅工作日）". */
import { CYCLE_UNIT_CODES, type CycleUnit } from "@anguan/domain";
import type { TFunction } from "i18next";
import { dayjs, TZ } from "../../lib/format";

export const CYCLE_UNITS: readonly CycleUnit[] = CYCLE_UNIT_CODES;

const hhmm = (v: string | null | undefined) => (v ? v.slice(0, 5).padStart(5, "0") : "");

export function cycleText(
  t: TFunction,
  task: { cycle: number; cycleUnit: CycleUnit | string; workStart?: string | null; workEnd?: string | null; workDayType?: number },
): string {
  const u = task.cycleUnit as CycleUnit;
  let s =
    task.cycle === 1
      ? t("inspectionTasks.everyOne", { unit: t(`inspectionTasks.units.${u}`) })
      : t("inspectionTasks.everyN", { n: task.cycle, unit: t(`inspectionTasks.unitsN.${u}`) });
  if (task.cycleUnit === "hour" && task.workStart && task.workEnd) s += t("inspectionTasks.within", { from: hhmm(task.workStart), to: hhmm(task.workEnd) });
  if (task.workDayType === 1) s += t("inspectionTasks.workDaysOnly");
  if (task.workDayType === 2) s += t("inspectionTasks.restDaysOnly");
  return s;
}

const DAY_MS = 86_400_000;

/** An inspection window as people read it: "08:00–10:00", "全天" (a whole day), or "12-01 – 12-07" (several days). */
export function windowText(t: TFunction, dueFrom: string, dueTo: string, withDate = false): string {
  const from = dayjs(dueFrom).tz(TZ);
  const to = dayjs(dueTo).tz(TZ);
  const span = to.valueOf() - from.valueOf();
  const midnight = from.format("HH:mm") === "00:00" && to.format("HH:mm") === "00:00";
  if (midnight && span === DAY_MS) return withDate ? `${from.format("MM-DD")} ${t("inspectionTasks.wholeDay")}` : t("inspectionTasks.wholeDay");
  if (midnight && span > DAY_MS) return `${from.format("MM-DD")} – ${to.subtract(1, "day").format("MM-DD")}`;
  return `${withDate ? `${from.format("MM-DD")} ` : ""}${from.format("HH:mm")}–${to.format("HH:mm")}`;
}
