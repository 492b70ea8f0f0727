import { useUrlListParams } from "../../lib/useUrlListParams";

export const FILTER_KEYS = ["q", "regionCode", "sector", "operatingStatus", "hasMajorHazard"] as const;
export type FilterKey = (typeof FILTER_KEYS)[number];

/** The enterprise list's filters and paging, kept in the URL. */
export const useListParams = () => useUrlListParams(FILTER_KEYS);
