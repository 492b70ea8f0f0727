/** react-query hooks of the alarm pages (list, summary, detail, duty actions). */
import type { AlarmAction, AlarmCause } from "@anguan/domain";
import { keepPreviousData, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { ApiError, api, type Query } from "../../api/client";
import type { AlarmDetail, AlarmListItem, AlarmSummary } from "../../api/types";

export const alarmKeys = {
  all: ["alarms"] as const,
  list: (q: Query) => ["alarms", "list", q] as const,
  summary: (q: Query) => ["alarms", "summary", q] as const,
  detail: (id: string) => ["alarms", "detail", id] as const,
};

const noRetryOn4xx = (n: number, e: unknown) => !(e instanceof ApiError && e.status < 500) && n < 2;

/** Alarms arrive while the page is open: lists refresh every 15 s (the live channel refreshes them sooner where used). */
export function useAlarms(query: Query) {
  return useQuery({
    queryKey: alarmKeys.list(query),
    queryFn: () => api.get<{ items: AlarmListItem[]; total: number; page: number; pageSize: number }>("/api/alarms", query),
    placeholderData: keepPreviousData,
    refetchInterval: 15_000,
  });
}

export function useAlarmSummary(query: Query) {
  return useQuery({
    queryKey: alarmKeys.summary(query),
    queryFn: () => api.get<AlarmSummary>("/api/alarms/summary", query),
    placeholderData: keepPreviousData,
    refetchInterval: 15_000,
  });
}

export function useAlarm(id: string) {
  return useQuery({
    queryKey: alarmKeys.detail(id),
    queryFn: () => api.get<AlarmDetail>(`/api/alarms/${encodeURIComponent(id)}`),
    enabled: !!id,
    retry: noRetryOn4xx,
  });
}

export interface AlarmActionBody {
  action: AlarmAction;
  version: number;
  cause?: AlarmCause;
  note?: string;
  feedback?: string;
}

/** POST /api/alarms/:id/actions; the answer is the fresh detail (put in the cache), and every alarm list refreshes. */
export function useAlarmAction(id: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: AlarmActionBody) => api.post<AlarmDetail>(`/api/alarms/${encodeURIComponent(id)}/actions`, body),
    onSuccess: (d) => qc.setQueryData(alarmKeys.detail(id), d),
    onSettled: () => {
      void qc.invalidateQueries({ queryKey: alarmKeys.all });
      void qc.invalidateQueries({ queryKey: ["monitoring"] });
    },
  });
}

/** A 409 the page answers by refreshing: someone else acted first (VERSION_CONFLICT) or the state moved on. */
export const isAlarmConflict = (e: unknown) => e instanceof ApiError && e.status === 409;
