import { useMemo } from "react";
import { useSearchParams } from "react-router";
import type { Query } from "../api/client";

/**
 * A list's filters and paging kept in the URL search params (shareable, survive reloads and back): the named filter
 * keys, `page` (from 1) and `pageSize` (1–200, default 20). `update` resets to page 1 unless the patch sets a page.
 */
export function useUrlListParams<K extends string>(keys: readonly K[]) {
  const [params, setParams] = useSearchParams();
  const filters = useMemo(() => {
    const f: Partial<Record<K, string>> = {};
    for (const k of keys) {
      const v = params.get(k);
      if (v) f[k] = v;
    }
    return f;
  }, [params, keys]);
  const page = Math.max(1, Number(params.get("page")) || 1);
  const pageSize = Math.min(200, Math.max(1, Number(params.get("pageSize")) || 20));

  const update = (patch: Partial<Record<K | "page" | "pageSize", string | number | undefined | null>>, resetPage = true) => {
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
