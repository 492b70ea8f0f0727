/** react-query hooks of the monitoring pages: gateways, sensors, readings, overview, open alarms (keys under "monitoring"). */
import { keepPreviousData, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { ApiError, api, type Query } from "../../api/client";
import type { AlarmListItem } from "../../api/types";
import type { Gateway, MonitoringOverview, OnlineRates, Readings, SensorDetail, SensorList } from "./types";

const enc = encodeURIComponent;

export const monitoringKeys = {
  all: ["monitoring"] as const,
  sensors: (q: Query) => ["monitoring", "sensors", q] as const,
  sensor: (id: string | number) => ["monitoring", "sensor", String(id)] as const,
  gateways: (enterpriseId?: string) => ["monitoring", "gateways", enterpriseId ?? null] as const,
  readings: (id: string | number, range: string) => ["monitoring", "readings", String(id), range] as const,
  overview: (q: Query) => ["monitoring", "overview", q] as const,
  onlineRates: (q: Query) => ["monitoring", "online-rates", q] as const,
  openAlarms: (enterpriseId?: string) => ["monitoring", "open-alarms", enterpriseId ?? null] as const,
  units: (enterpriseId?: string) => ["monitoring", "units", enterpriseId ?? null] as const,
};

const noRetryOn4xx = (n: number, e: unknown) => !(e instanceof ApiError && e.status < 500) && n < 2;

export function useSensors(q: Query, opts: { refetchInterval?: number; enabled?: boolean } = {}) {
  return useQuery({
    queryKey: monitoringKeys.sensors(q),
    queryFn: () => api.get<SensorList>("/api/sensors", q),
    placeholderData: keepPreviousData,
    refetchInterval: opts.refetchInterval,
    enabled: opts.enabled ?? true,
    retry: noRetryOn4xx,
  });
}

export function useSensor(id: string) {
  return useQuery({
    queryKey: monitoringKeys.sensor(id),
    queryFn: () => api.get<SensorDetail>(`/api/sensors/${enc(id)}`),
    enabled: !!id,
    refetchInterval: 30_000,
    retry: noRetryOn4xx,
  });
}

export function useGateways(enterpriseId?: string) {
  return useQuery({
    queryKey: monitoringKeys.gateways(enterpriseId),
    queryFn: () => api.get<{ items: Gateway[] }>("/api/gateways", { enterpriseId }),
    placeholderData: keepPreviousData,
    retry: noRetryOn4xx,
  });
}

/** Trend ranges of the charts: the server picks the bucket (raw ≤ 6 h, minutes ≤ 7 d, else hours). */
export const TREND_RANGES = { "1h": 3600_000, "24h": 86_400_000, "7d": 7 * 86_400_000, "30d": 30 * 86_400_000 } as const;
export type TrendRange = keyof typeof TREND_RANGES;

export function useReadings(sensorId: string | number | undefined, range: TrendRange) {
  return useQuery({
    queryKey: monitoringKeys.readings(sensorId ?? "", range),
    queryFn: () => {
      const to = new Date();
      const from = new Date(to.getTime() - TREND_RANGES[range]);
      return api.get<Readings>(`/api/sensors/${enc(String(sensorId))}/readings`, { from: from.toISOString(), to: to.toISOString(), bucket: "auto" });
    },
    enabled: sensorId !== undefined && sensorId !== "",
    placeholderData: keepPreviousData,
    refetchInterval: range === "1h" ? 15_000 : 60_000,
    retry: noRetryOn4xx,
  });
}

export function useOverview(q: Query, enabled = true) {
  return useQuery({
    queryKey: monitoringKeys.overview(q),
    queryFn: () => api.get<MonitoringOverview>("/api/monitoring/overview", q),
    placeholderData: keepPreviousData,
    refetchInterval: 30_000,
    enabled,
    retry: noRetryOn4xx,
  });
}

export function useOnlineRates(q: Query, enabled = true) {
  return useQuery({
    queryKey: monitoringKeys.onlineRates(q),
    queryFn: () => api.get<OnlineRates>("/api/monitoring/online-rates", q),
    placeholderData: keepPreviousData,
    enabled,
    retry: noRetryOn4xx,
  });
}

export interface AlarmPage {
  items: AlarmListItem[];
  total: number;
}

/** The open alarms (not yet cleared), newest first: kept current by the live channel, re-read every 30 s as a fallback. */
export function useOpenAlarms(enterpriseId?: string, enabled = true) {
  return useQuery({
    queryKey: monitoringKeys.openAlarms(enterpriseId),
    queryFn: () => api.get<AlarmPage>("/api/alarms", { status: "open", enterpriseId, pageSize: 100 }),
    placeholderData: keepPreviousData,
    refetchInterval: 30_000,
    enabled,
    retry: noRetryOn4xx,
  });
}

/** Hazard units (重大危险源单元) of an enterprise, for the sensor form's unit picker. */
export function useUnitOptions(enterpriseId?: string) {
  return useQuery({
    queryKey: monitoringKeys.units(enterpriseId),
    queryFn: () =>
      api.get<{ items: { id: string; name: string; code: string; isMajor: boolean; grade: number | null }[] }>("/api/hazard-units", {
        enterpriseId,
        pageSize: 500,
      }),
    enabled: !!enterpriseId,
    retry: noRetryOn4xx,
  });
}

type Method = "POST" | "PATCH" | "DELETE";

/** One write on gateways or sensors; every monitoring view refreshes. */
export function useMonitoringWrite() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ method, path, body }: { method: Method; path: string; body?: unknown }) => {
      if (method === "DELETE") return api.del<unknown>(path);
      if (method === "PATCH") return api.patch<unknown>(path, body);
      return api.post<unknown>(path, body);
    },
    onSuccess: () => void qc.invalidateQueries({ queryKey: monitoringKeys.all }),
  });
}

export const monitoringPaths = {
  gateways: "/api/gateways",
  gateway: (id: string) => `/api/gateways/${enc(id)}`,
  sensors: "/api/sensors",
  sensor: (id: number | string) => `/api/sensors/${enc(String(id))}`,
};
