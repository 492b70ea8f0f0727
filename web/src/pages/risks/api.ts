/** Queries and writes of the risk register (docs/dual-prevention.md, "Calculators and risk register"). */
import { keepPreviousData, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { api, request as rawRequest } from "../../api/client";
import type { RiskMethod, RiskRegister, RiskResult } from "../../api/types";

const enc = encodeURIComponent;

export const riskKeys = {
  register: (enterpriseId: string) => ["risk-register", enterpriseId] as const,
  calc: (method: RiskMethod, inputs: Record<string, number | undefined>) => ["calculator", method, inputs] as const,
};

export function useRiskRegister(enterpriseId: string) {
  return useQuery({
    queryKey: riskKeys.register(enterpriseId),
    queryFn: () => api.get<RiskRegister>(`/api/enterprises/${enc(enterpriseId)}/risk-register`),
    enabled: !!enterpriseId,
  });
}

/** The live result of POST /api/calculators/lec|ls once every score is chosen. */
export function useRiskCalc(method: RiskMethod, inputs: Record<string, number | undefined>) {
  const needed = method === "lec" ? ["l", "e", "c"] : ["l", "s"];
  const ready = needed.every((k) => typeof inputs[k] === "number");
  const body = Object.fromEntries(needed.map((k) => [k, inputs[k]]));
  return useQuery({
    queryKey: riskKeys.calc(method, body),
    queryFn: () => api.post<RiskResult>(`/api/calculators/${method}`, body),
    enabled: ready,
    staleTime: 5 * 60_000,
    placeholderData: keepPreviousData,
    retry: false,
  });
}

/** Users of the enterprise, for responsible-person and assignee pickers (shared with the hazard pages). */
export { useAssignableUsers } from "../hazards/queries";

type Method = "POST" | "PATCH" | "DELETE" | "PUT";

/** One write on the register; refreshes the register, the maps (colours follow grades) and the task lists. */
export function useRegisterWrite(enterpriseId: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ method, path, body }: { method: Method; path: string; body?: unknown }) => {
      if (method === "DELETE") return api.del<unknown>(path);
      if (method === "PATCH") return api.patch<unknown>(path, body);
      if (method === "PUT") return request("PUT", path, body);
      return api.post<unknown>(path, body);
    },
    onSuccess: () => {
      void qc.invalidateQueries({ queryKey: riskKeys.register(enterpriseId) });
      void qc.invalidateQueries({ queryKey: ["risk-maps", enterpriseId] });
      void qc.invalidateQueries({ queryKey: ["risk-map"] });
      void qc.invalidateQueries({ queryKey: ["inspection-tasks", enterpriseId] });
    },
  });
}

export const request = <T = unknown>(method: string, path: string, body?: unknown) => rawRequest<T>(method, path, { body });

export const paths = {
  objects: (enterpriseId: string) => `/api/enterprises/${enc(enterpriseId)}/risk-objects`,
  object: (id: string) => `/api/risk-objects/${enc(id)}`,
  units: (objectId: string) => `/api/risk-objects/${enc(objectId)}/units`,
  unit: (id: string) => `/api/risk-units/${enc(id)}`,
  events: (unitId: string) => `/api/risk-units/${enc(unitId)}/events`,
  event: (id: string) => `/api/risk-events/${enc(id)}`,
  measures: (eventId: string) => `/api/risk-events/${enc(eventId)}/measures`,
  measure: (id: string) => `/api/control-measures/${enc(id)}`,
  shutdowns: (unitId: string) => `/api/risk-units/${enc(unitId)}/shutdowns`,
  endShutdown: (id: string) => `/api/unit-shutdowns/${enc(id)}/end`,
  riskCards: (enterpriseId: string) => `/api/enterprises/${enc(enterpriseId)}/risk-cards.pdf`,
  qrLabels: (enterpriseId: string, unitIds?: string[]) =>
    `/api/enterprises/${enc(enterpriseId)}/qr-labels.pdf${unitIds?.length ? `?unitIds=${enc(unitIds.join(","))}` : ""}`,
};
