/** react-query hooks of the special-work permit pages (docs/steward.md, "Special-work permits"). */
import type { EvidenceNode, PermitAction } from "@anguan/domain";
import { keepPreviousData, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { ApiError, api, type Query, request } from "../../api/client";
import type { Person } from "../steward/types";
import type {
  GasAnalysis,
  HighRiskWork,
  PermitApprovers,
  PermitBody,
  PermitDetail,
  PermitGradeInputs,
  PermitPreview,
  PermitSummary,
  PermitsToday,
} from "./types";

export const permitKeys = {
  all: ["permits"] as const,
  list: (q: Query) => ["permits", "list", q] as const,
  detail: (id: string) => ["permits", "detail", id] as const,
  today: (q: Query) => ["permits", "today", q] as const,
  highRisk: (q: Query) => ["permits", "high-risk", q] as const,
  approvers: (enterpriseId: string) => ["permits", "approvers", enterpriseId] as const,
  personnel: (enterpriseId: string) => ["permits", "personnel", enterpriseId] as const,
};

const noRetryOn4xx = (n: number, e: unknown) => !(e instanceof ApiError && e.status < 500) && n < 2;

export interface PermitList {
  items: PermitSummary[];
  total: number;
  /** More than `total` match (the server counts up to 10,000). */
  totalCapped?: boolean;
  page: number;
  pageSize: number;
  abilities: { create: boolean };
}

export function usePermits(query: Query, enabled = true) {
  return useQuery({
    queryKey: permitKeys.list(query),
    queryFn: () => api.get<PermitList>("/api/permits", query),
    placeholderData: keepPreviousData,
    enabled,
  });
}

export function usePermit(id: string | undefined) {
  return useQuery({
    queryKey: permitKeys.detail(id ?? ""),
    queryFn: () => api.get<PermitDetail>(`/api/permits/${encodeURIComponent(id!)}`),
    enabled: !!id,
    retry: noRetryOn4xx,
  });
}

/** The enterprise's people (work leader, watchman, analyst, briefer, workers), with their certificates. */
export function usePersonnel(enterpriseId: string | undefined) {
  return useQuery({
    queryKey: permitKeys.personnel(enterpriseId ?? ""),
    queryFn: () => api.get<{ items: Person[]; total: number }>("/api/personnel", { enterpriseId, active: true, pageSize: 200 }),
    enabled: !!enterpriseId,
    staleTime: 60_000,
  });
}

export interface PreviewBody {
  enterpriseId: string;
  type: string;
  gradeInputs: PermitGradeInputs;
  plannedStart: string;
  plannedEnd: string;
  inHazardArea: boolean;
  workerIds?: string[];
  watchmanId?: string;
}

/** Live preview of the derived grade and the checks (no write); keeps the last answer while the user types. */
export function usePermitPreview(body: PreviewBody | null) {
  return useQuery({
    queryKey: ["permits", "preview", body],
    queryFn: () => api.post<PermitPreview>("/api/permits/preview", body),
    enabled: body !== null,
    placeholderData: keepPreviousData,
    retry: false,
    staleTime: 30_000,
  });
}

/**
 * The server's clock relative to this browser's (ms to add to Date.now()): the preview answers the server's `now`.
 * Default times (gas sampling) follow the server, which decides what is stale or in the future.
 */
export function useServerOffset(enterpriseId: string | undefined) {
  const q = useQuery({
    queryKey: ["permits", "server-offset", enterpriseId],
    queryFn: async () => {
      const sent = Date.now();
      const start = new Date(sent).toISOString();
      const end = new Date(sent + 3600_000).toISOString();
      const p = await api.post<PermitPreview>("/api/permits/preview", {
        enterpriseId,
        type: "confined_space",
        gradeInputs: {},
        plannedStart: start,
        plannedEnd: end,
        inHazardArea: false,
      });
      const back = Date.now();
      return Date.parse(p.now) - (sent + back) / 2;
    },
    enabled: !!enterpriseId,
    staleTime: 5 * 60_000,
    retry: false,
  });
  return q.data ?? 0;
}

export function useSavePermit() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ id, body }: { id?: string; body: PermitBody }) =>
      id ? api.patch<PermitDetail>(`/api/permits/${encodeURIComponent(id)}`, body) : api.post<PermitDetail>("/api/permits", body),
    onSuccess: (d) => qc.setQueryData(permitKeys.detail(d.id), d),
    onSettled: () => void qc.invalidateQueries({ queryKey: ["permits", "list"] }),
  });
}

const base = (id: string) => `/api/permits/${encodeURIComponent(id)}`;

export function putMeasures(id: string, items: { no: number; involved: boolean }[], version: number) {
  return request<PermitDetail>("PUT", `${base(id)}/measures`, { body: { items, version } });
}

export function postAction(id: string, action: PermitAction, body: Record<string, unknown>) {
  return api.post<PermitDetail>(`${base(id)}/actions/${action}`, body);
}

/** Any write on one permit: the fresh detail goes into the cache (or the page refetches), lists refresh. */
export function usePermitWrite(id: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: async (
      w:
        | { kind: "action"; action: PermitAction; body: Record<string, unknown> }
        | { kind: "measures"; items: { no: number; involved: boolean }[]; version: number }
        | { kind: "confirm"; no: number; evidenceId?: string }
        | { kind: "gas"; body: Record<string, unknown> }
        | { kind: "evidence"; node: EvidenceNode; evidenceId: string; measureNo?: number },
    ): Promise<PermitDetail | GasAnalysis | unknown> => {
      switch (w.kind) {
        case "action":
          return postAction(id, w.action, w.body);
        case "measures":
          return putMeasures(id, w.items, w.version);
        case "confirm":
          return api.post(`${base(id)}/measures/${w.no}/confirm`, w.evidenceId ? { evidenceId: w.evidenceId } : {});
        case "gas":
          return api.post<GasAnalysis>(`${base(id)}/gas-analyses`, w.body);
        case "evidence":
          return api.post(`${base(id)}/evidence`, { node: w.node, evidenceId: w.evidenceId, ...(w.measureNo ? { measureNo: w.measureNo } : {}) });
      }
    },
    onSuccess: (d) => {
      // Actions and measure writes answer the whole permit; the others answer one record.
      if (d && typeof d === "object" && "code" in d && "abilities" in d) qc.setQueryData(permitKeys.detail(id), d);
    },
    onSettled: () => {
      void qc.invalidateQueries({ queryKey: permitKeys.detail(id) });
      void qc.invalidateQueries({ queryKey: ["permits", "list"] });
      void qc.invalidateQueries({ queryKey: ["permits", "today"] });
    },
  });
}

export function usePermitsToday(enterpriseId: string | undefined) {
  const query: Query = { enterpriseId };
  return useQuery({
    queryKey: permitKeys.today(query),
    queryFn: () => api.get<PermitsToday>("/api/permits/today", query),
    enabled: !!enterpriseId,
    placeholderData: keepPreviousData,
    refetchInterval: 30_000,
  });
}

export function useHighRiskWork(query: Query) {
  return useQuery({
    queryKey: permitKeys.highRisk(query),
    queryFn: () => api.get<HighRiskWork>("/api/permits/high-risk", query),
    placeholderData: keepPreviousData,
    refetchInterval: 60_000,
  });
}

export function usePermitApprovers(enterpriseId: string | undefined) {
  return useQuery({
    queryKey: permitKeys.approvers(enterpriseId ?? ""),
    queryFn: () => api.get<PermitApprovers>("/api/permits/approvers", { enterpriseId }),
    enabled: !!enterpriseId,
  });
}

export function useSaveApprovers(enterpriseId: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (levels: Record<string, string[]>) => request<PermitApprovers>("PUT", "/api/permits/approvers", { body: { enterpriseId, levels } }),
    onSuccess: (d) => {
      if (d && typeof d === "object" && "levels" in d) qc.setQueryData(permitKeys.approvers(enterpriseId), d);
    },
    onSettled: () => void qc.invalidateQueries({ queryKey: permitKeys.approvers(enterpriseId) }),
  });
}

/** The messages of a refusal: each detail (422 checks, 400 fields) or the message. */
export function refusalMessages(e: unknown): string[] {
  if (!(e instanceof ApiError)) return [];
  const details = Array.isArray(e.body.details) ? (e.body.details as { message?: string }[]) : [];
  const list = [...e.fields, ...details].map((f) => f.message).filter((m): m is string => !!m);
  return [...new Set(list)];
}
