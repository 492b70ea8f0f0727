import { useMemo } from "react";
import { useSearchParams } from "react-router";
import type { Query } from "../../api/client";

export const HAZARD_FILTER_KEYS = [
  "q",
  "status",
  "level",
  "overdue",
  "supervised",
  "source",
  "dangerType",
  "enterpriseId",
  "regionCode",
  "sector",
  "from",
  "to",
] as const;
export type HazardFilterKey = (typeof HAZARD_FILTER_KEYS)[number];
export type HazardFilters = Partial<Record<HazardFilterKey, string>>;

/** The hazard list's filters and paging live in the URL (shareable; the statistics drill down by linking here). */
export function useHazardParams() {
  const [params, setParams] = useSearchParams();
  const filters = useMemo(() => {
    const f: HazardFilters = {};
    for (const k of HAZARD_FILTER_KEYS) {
      const v = params.get(k);
      if (v) f[k] = v;
    }
    return f;
  }, [params]);
  const page = Math.max(1, Number(params.get("page")) || 1);
  const pageSize = Math.min(200, Math.max(1, Number(params.get("pageSize")) || 20));

  const update = (patch: Partial<Record<HazardFilterKey | "page" | "pageSize", string | number | undefined | null>>, resetPage = true) => {
    setParams(
      (prev) => {
        const next = new URLSearchParams(prev);
        for (const [k, v] of Object.entries(patch)) {
          if (v === undefined || v === null || v === "") next.delete(k);
          else next.set(k, String(v));
        }
        if (resetPage && !("page" in patch)) next.delete("page");
        return next;
      },
      { replace: true },
    );
  };
  const reset = () => setParams(new URLSearchParams(), { replace: true });
  const query: Query = { ...filters, page, pageSize };
  return { filters, page, pageSize, query, update, reset };
}
