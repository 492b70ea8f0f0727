import { useMemo } from "react";
import { useSearchParams } from "react-router";
import type { Query } from "../../api/client";

export const FILTER_KEYS = ["q", "regionCode", "sector", "operatingStatus", "hasMajorHazard"] as const;
export type FilterKey = (typeof FILTER_KEYS)[number];

/** List filters and paging live in the URL search params (shareable, survive reloads and back). */
export function useListParams() {
  const [params, setParams] = useSearchParams();
  const filters = useMemo(() => {
    const f: Partial<Record<FilterKey, string>> = {};
    for (const k of FILTER_KEYS) {
      const v = params.get(k);
      if (v) f[k] = v;
    }
    return f;
  }, [params]);
  const page = Math.max(1, Number(params.get("page")) || 1);
  const pageSize = Math.min(200, Math.max(1, Number(params.get("pageSize")) || 20));

  const update = (patch: Partial<Record<FilterKey | "page" | "pageSize", string | number | undefined | null>>, resetPage = true) => {
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
