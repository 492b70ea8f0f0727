/** Display conventions: dates YYYY-MM-DD, datetimes YYYY-MM-DD HH:mm:ss in Asia/Shanghai, numbers zh-CN. */
import dayjs from "dayjs";
import timezone from "dayjs/plugin/timezone";
import utc from "dayjs/plugin/utc";

dayjs.extend(utc);
dayjs.extend(timezone);

export const TZ = "Asia/Shanghai";

export function formatDateTime(iso: string | null | undefined): string {
  if (!iso) return "";
  const d = dayjs(iso);
  return d.isValid() ? d.tz(TZ).format("YYYY-MM-DD HH:mm:ss") : String(iso);
}

/** A window's end for people: minutes only, and midnight as the end of the day before ("2026-12-02 24:00"). */
export function formatDeadline(iso: string | null | undefined): string {
  if (!iso) return "";
  const d = dayjs(iso);
  if (!d.isValid()) return String(iso);
  const local = d.tz(TZ);
  if (local.hour() === 0 && local.minute() === 0 && local.second() === 0) return `${local.subtract(1, "day").format("YYYY-MM-DD")} 24:00`;
  return local.format("YYYY-MM-DD HH:mm");
}

export function formatDate(value: string | null | undefined): string {
  if (!value) return "";
  if (/^\d{4}-\d{2}-\d{2}$/.test(value)) return value;
  const d = dayjs(value);
  return d.isValid() ? d.tz(TZ).format("YYYY-MM-DD") : String(value);
}

export function formatNumber(n: number | null | undefined): string {
  if (n === null || n === undefined || Number.isNaN(n)) return "";
  return n.toLocaleString("zh-CN");
}

export function formatBytes(n: number | null | undefined): string {
  if (!n && n !== 0) return "";
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toLocaleString("zh-CN", { maximumFractionDigits: 1 })} KB`;
  return `${(n / 1024 / 1024).toLocaleString("zh-CN", { maximumFractionDigits: 1 })} MB`;
}

/** Today in Asia/Shanghai as YYYY-MM-DD. */
export function todayShanghai(): string {
  return dayjs().tz(TZ).format("YYYY-MM-DD");
}

export { dayjs };
