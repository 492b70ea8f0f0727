/** Four-colour risk maps (docs/dual-prevention.md, "Risk map"). */
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { api, request } from "../../api/client";
import type { RiskMap, RiskMapArea, RiskMapSummary } from "../../api/types";

const enc = encodeURIComponent;

export const mapKeys = {
  list: (enterpriseId: string) => ["risk-maps", enterpriseId] as const,
  one: (id: string) => ["risk-map", id] as const,
};

export function useRiskMaps(enterpriseId: string) {
  return useQuery({
    queryKey: mapKeys.list(enterpriseId),
    queryFn: async () => {
      const r = await api.get<{ items: RiskMapSummary[] } | RiskMapSummary[]>(`/api/enterprises/${enc(enterpriseId)}/risk-maps`);
      return Array.isArray(r) ? r : (r?.items ?? []);
    },
    enabled: !!enterpriseId,
  });
}

export function useRiskMap(id: string | null) {
  return useQuery({
    queryKey: mapKeys.one(id ?? ""),
    queryFn: () => api.get<RiskMap>(`/api/risk-maps/${enc(id ?? "")}`),
    enabled: !!id,
  });
}

export function useMapWrites(enterpriseId: string) {
  const qc = useQueryClient();
  const refresh = (id?: string) => {
    void qc.invalidateQueries({ queryKey: mapKeys.list(enterpriseId) });
    if (id) void qc.invalidateQueries({ queryKey: mapKeys.one(id) });
  };
  return {
    create: useMutation({
      mutationFn: (body: { name: string; imageSha256: string }) => api.post<RiskMap>(`/api/enterprises/${enc(enterpriseId)}/risk-maps`, body),
      onSuccess: () => refresh(),
    }),
    saveAreas: useMutation({
      mutationFn: ({ id, areas }: { id: string; areas: Pick<RiskMapArea, "name" | "polygon" | "unitIds">[] }) =>
        request<RiskMap>("PUT", `/api/risk-maps/${enc(id)}/areas`, { body: areas }),
      onSuccess: (_d, v) => refresh(v.id),
    }),
    remove: useMutation({ mutationFn: (id: string) => api.del(`/api/risk-maps/${enc(id)}`), onSuccess: () => refresh() }),
  };
}
