import { useMemo } from "react";
import { useSearchParams } from "react-router";
import { dayjs, TZ } from "../../lib/format";

export type Period = "day" | "week" | "month";

/** The statistics' period, granularity and drill-down region live in the URL. Default: the last 12 months by month. */
export function useStatsParams() {
  const [params, setParams] = useSearchParams();
  const today = dayjs().tz(TZ);
  const from = params.get("from") ?? today.subtract(11, "month").startOf("month").format("YYYY-MM-DD");
  const to = params.get("to") ?? today.format("YYYY-MM-DD");
  const p = params.get("period");
  const period: Period = p === "day" || p === "week" ? p : "month";
  const regionCode = params.get("regionCode") ?? undefined;
  const sector = params.get("sector") ?? undefined;
  /** "enterprise": the breakdown lists the enterprises of the region instead of its child regions. */
  const by = params.get("by") === "enterprise" ? "enterprise" : "region";
  const set = (patch: Record<string, string | undefined>) =>
    setParams(
      (prev) => {
        const next = new URLSearchParams(prev);
        for (const [k, v] of Object.entries(patch)) {
          if (v) next.set(k, v);
          else next.delete(k);
        }
        return next;
      },
      { replace: false },
    );
  /** The statistics page with some parameters changed (drill-down links). */
  const hrefWith = (patch: Record<string, string | undefined>) => {
    const next = new URLSearchParams(params);
    for (const [k, v] of Object.entries(patch)) {
      if (v) next.set(k, v);
      else next.delete(k);
    }
    const q = next.toString();
    return q ? `/hazard-stats?${q}` : "/hazard-stats";
  };
  const filters = useMemo(() => ({ from, to, regionCode, sector }), [from, to, regionCode, sector]);
  return { from, to, period, regionCode, sector, by, filters, set, hrefWith };
}

/** The hazard list with the statistics' filters plus more (the drill-down's last step). */
export function listLink(base: Record<string, string | undefined>, extra: Record<string, string | undefined> = {}): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries({ ...base, ...extra })) if (v) q.set(k, v);
  return `/hazards?${q.toString()}`;
}
