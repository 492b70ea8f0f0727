/** react-query hooks of the major hazard pages: GB 18218 tables and calculator, hazard units and their actions. */
import { keepPreviousData, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { ApiError, api, type Query } from "../../api/client";
import type {
  Gb18218Result,
  Gb18218Tables,
  HazardUnitDetail,
  HazardUnitKind,
  HazardUnitListItem,
  HazardUnitResponsibles,
  HazardUnitSubstanceInput,
} from "../../api/types";

export const majorHazardKeys = {
  all: ["hazard-units"] as const,
  list: (q: Query) => ["hazard-units", "list", q] as const,
  detail: (id: string) => ["hazard-units", "detail", id] as const,
  tables: ["gb18218", "tables"] as const,
};

const noRetryOn4xx = (n: number, e: unknown) => !(e instanceof ApiError && e.status < 500) && n < 2;

export function useGb18218Tables() {
  return useQuery({
    queryKey: majorHazardKeys.tables,
    queryFn: () => api.get<Gb18218Tables>("/api/calculators/gb18218/chemicals"),
    staleTime: Number.POSITIVE_INFINITY,
  });
}

export function useHazardUnits(query: Query) {
  return useQuery({
    queryKey: majorHazardKeys.list(query),
    queryFn: () =>
      api.get<{ items: HazardUnitListItem[]; total: number; page: number; pageSize: number; abilities: { create: boolean } }>("/api/hazard-units", query),
    placeholderData: keepPreviousData,
  });
}

export function useHazardUnit(id: string | undefined) {
  return useQuery({
    queryKey: majorHazardKeys.detail(id ?? ""),
    queryFn: () => api.get<HazardUnitDetail>(`/api/hazard-units/${encodeURIComponent(id!)}`),
    enabled: !!id,
    retry: noRetryOn4xx,
  });
}

export interface CalculatorBody {
  exposedPeople: number;
  substances: HazardUnitSubstanceInput[];
}

/** Live preview: the calculator for the given body (null = nothing to compute); keeps the last answer while typing. */
export function useGb18218Preview(body: CalculatorBody | null) {
  return useQuery({
    queryKey: ["gb18218", "preview", body],
    queryFn: () => api.post<Gb18218Result>("/api/calculators/gb18218", body),
    enabled: body !== null,
    placeholderData: keepPreviousData,
    retry: false,
    staleTime: 60_000,
  });
}

export interface HazardUnitBody {
  enterpriseId?: string;
  name: string;
  kind: HazardUnitKind;
  code: string;
  location: string;
  exposedPeople: number;
  substances: HazardUnitSubstanceInput[];
  responsibles: HazardUnitResponsibles;
  version?: number;
}

export function useSaveHazardUnit(id: string | undefined) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: HazardUnitBody) =>
      id ? api.patch<HazardUnitDetail>(`/api/hazard-units/${encodeURIComponent(id)}`, body) : api.post<HazardUnitDetail>("/api/hazard-units", body),
    onSuccess: (d) => qc.setQueryData(majorHazardKeys.detail(d.id), d),
    onSettled: () => void qc.invalidateQueries({ queryKey: majorHazardKeys.all }),
  });
}

export function useHazardUnitAction(id: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (
      a: { kind: "submit"; version: number } | { kind: "review"; decision: "confirm" | "return"; comment: string; version: number } | { kind: "delete" },
    ) => {
      const base = `/api/hazard-units/${encodeURIComponent(id)}`;
      if (a.kind === "submit") return api.post<HazardUnitDetail>(`${base}/submit`, { version: a.version });
      if (a.kind === "review") return api.post<HazardUnitDetail>(`${base}/review`, { decision: a.decision, comment: a.comment, version: a.version });
      return api.del<undefined>(base);
    },
    onSuccess: (d, a) => {
      if (a.kind === "delete") qc.removeQueries({ queryKey: majorHazardKeys.detail(id) });
      else if (d) qc.setQueryData(majorHazardKeys.detail(id), d);
    },
    onSettled: () => void qc.invalidateQueries({ queryKey: ["hazard-units", "list"] }),
  });
}
