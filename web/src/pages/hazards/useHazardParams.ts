import { useUrlListParams } from "../../lib/useUrlListParams";

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
export const useHazardParams = () => useUrlListParams(HAZARD_FILTER_KEYS);
