/** react-query hooks of the dual-prevention pages (hazards, to-dos, statistics, QR scan). */
import type { HazardAction } from "@anguan/domain";
import { keepPreviousData, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { ApiError, api, type Query } from "../../api/client";
import type { AssignableUser, HazardDetail, HazardStats, HazardSummary, OverdueRankingItem, Paged, ScanUnit, StandardItem, TodoList } from "../../api/types";

export const hazardKeys = {
  all: ["hazards"] as const,
  list: (q: Query) => ["hazards", "list", q] as const,
  detail: (id: string) => ["hazards", "detail", id] as const,
  standards: ["hazard-standards"] as const,
  assignable: (enterpriseId: string) => ["assignable-users", enterpriseId] as const,
  todos: ["todos"] as const,
  stats: (q: Query) => ["hazard-stats", q] as const,
  ranking: (q: Query) => ["hazard-stats", "ranking", q] as const,
  scan: (token: string) => ["scan", token] as const,
};

const noRetryOn4xx = (n: number, e: unknown) => !(e instanceof ApiError && e.status < 500) && n < 2;

export function useHazards(query: Query) {
  return useQuery({
    queryKey: hazardKeys.list(query),
    queryFn: () => api.get<Paged<HazardSummary> & { totalCapped?: boolean }>("/api/hazards", query),
    placeholderData: keepPreviousData,
  });
}

export function useHazard(id: string) {
  return useQuery({
    queryKey: hazardKeys.detail(id),
    queryFn: () => api.get<HazardDetail>(`/api/hazards/${encodeURIComponent(id)}`),
    enabled: !!id,
    retry: noRetryOn4xx,
  });
}

/** POST /api/hazards/:id/actions/:action with the version the user saw; refreshes the hazard, lists and to-dos. */
export function useHazardAction(h: Pick<HazardDetail, "id" | "version">) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ action, body }: { action: HazardAction; body: Record<string, unknown> }) =>
      api.post<HazardDetail>(`/api/hazards/${encodeURIComponent(h.id)}/actions/${action}`, { ...body, expectedVersion: h.version }),
    onSettled: () => {
      void qc.invalidateQueries({ queryKey: hazardKeys.all });
      void qc.invalidateQueries({ queryKey: hazardKeys.todos });
      void qc.invalidateQueries({ queryKey: ["hazard-stats"] });
    },
  });
}

export function useStandards(enabled = true) {
  return useQuery({
    queryKey: hazardKeys.standards,
    queryFn: async () => {
      const r = await api.get<{ items: StandardItem[] } | StandardItem[]>("/api/hazard-standards");
      return Array.isArray(r) ? r : r.items;
    },
    enabled,
    staleTime: 10 * 60_000,
  });
}

export function useAssignableUsers(enterpriseId: string | undefined, enabled = true) {
  return useQuery({
    queryKey: hazardKeys.assignable(enterpriseId ?? ""),
    queryFn: async () => {
      const r = await api.get<{ items: AssignableUser[] } | AssignableUser[]>(`/api/enterprises/${encodeURIComponent(enterpriseId ?? "")}/assignable-users`);
      return Array.isArray(r) ? r : r.items;
    },
    enabled: enabled && !!enterpriseId,
    staleTime: 60_000,
  });
}

export function useTodos() {
  return useQuery({ queryKey: hazardKeys.todos, queryFn: () => api.get<TodoList>("/api/todos"), refetchInterval: 60_000 });
}

export function useHazardStats(query: Query, enabled = true) {
  return useQuery({
    queryKey: hazardKeys.stats(query),
    queryFn: () => api.get<HazardStats>("/api/hazard-stats", query),
    placeholderData: keepPreviousData,
    enabled,
  });
}

export function useOverdueRanking(query: Query) {
  return useQuery({
    queryKey: hazardKeys.ranking(query),
    queryFn: async () => {
      const r = await api.get<{ items: OverdueRankingItem[] } | OverdueRankingItem[]>("/api/hazard-stats/overdue-ranking", query);
      return Array.isArray(r) ? r : r.items;
    },
    placeholderData: keepPreviousData,
  });
}

export function useScan(token: string) {
  return useQuery({
    queryKey: hazardKeys.scan(token),
    queryFn: () => api.get<ScanUnit>(`/api/scan/${encodeURIComponent(token)}`),
    enabled: !!token,
    retry: noRetryOn4xx,
  });
}

/** A 409: someone else changed the record first. */
export const isConflict = (e: unknown) => e instanceof ApiError && e.status === 409;
