/**
 * The live channel (GET /api/live, Server-Sent Events): `hello` once, `alarm` (LiveAlarm) for alarms in the caller's
 * scope, `values` (changed sensors, only with an enterpriseId). Events are merged into the react-query caches of the
 * monitoring pages (open alarms, sensor lists, a sensor's detail), so every view using them updates in place. The
 * browser reconnects by itself after a network error; when the server refuses (the stream closes), we reconnect with
 * a backoff, and after any reconnection the caches are re-read to catch what was missed.
 */
import { type QueryClient, useQueryClient } from "@tanstack/react-query";
import { useEffect, useRef, useState } from "react";
import type { AlarmListItem } from "../../api/types";
import { type AlarmPage, monitoringKeys } from "./queries";
import type { LiveAlarm, LiveValue, SensorCurrent, SensorDetail, SensorList } from "./types";

export type LiveStatus = "connecting" | "open" | "closed";

export interface LiveOptions {
  /** One enterprise's duty screen: its alarms and values. Without it: the alarms in the caller's scope only. */
  enterpriseId?: string;
  enabled?: boolean;
  /** Every alarm event; `fresh` = new to this screen, or worse than before (h → hh). */
  onAlarm?: (alarm: LiveAlarm, fresh: boolean) => void;
}

const WORSE: Record<string, number> = { h: 1, l: 1, hh: 2, ll: 2 };

/** A list item made from a live alarm (fields the channel does not carry take their neutral values). */
function asListItem(a: LiveAlarm, prev?: AlarmListItem): AlarmListItem {
  if (prev) return { ...prev, ...a } as AlarmListItem;
  return {
    acknowledgedAt: null,
    verifiedAt: null,
    cause: null,
    disposedAt: null,
    clearedAt: null,
    escalationLevel: 0,
    occurrences: 1,
    firstValue: a.lastValue,
    peakValue: a.lastValue,
    limitValue: null,
    returnedAt: null,
    version: 0,
    ...a,
  } as AlarmListItem;
}

/** Applies one alarm to every cached open-alarm list it belongs to; returns whether it is fresh to those lists. */
export function mergeAlarm(qc: QueryClient, a: LiveAlarm): boolean {
  let fresh = false;
  let seen = false;
  for (const [key, data] of qc.getQueriesData<AlarmPage>({ queryKey: ["monitoring", "open-alarms"] })) {
    const forEnterprise = key[2] as string | null;
    if (!data || (forEnterprise && forEnterprise !== a.enterpriseId)) continue;
    const prev = data.items.find((x) => x.id === a.id);
    if (prev) {
      seen = true;
      if (a.level && prev.level !== a.level && (WORSE[a.level] ?? 0) > (WORSE[prev.level ?? ""] ?? 0)) fresh = true;
    }
    let items = data.items.filter((x) => x.id !== a.id);
    let total = data.total - (prev ? 1 : 0);
    if (a.status !== "cleared") {
      items = [asListItem(a, prev), ...items].sort((x, y) => (x.raisedAt < y.raisedAt ? 1 : x.raisedAt > y.raisedAt ? -1 : 0));
      total += 1;
    }
    qc.setQueryData<AlarmPage>(key, { ...data, items, total });
  }
  if (!seen && a.status === "raised") fresh = true;
  return fresh;
}

const toCurrent = (v: LiveValue): SensorCurrent => ({
  ts: v.ts,
  value: v.value,
  quality: v.quality === 1 || v.quality === "bad" ? "bad" : v.quality === null ? null : "good",
  state: v.state,
});

/** Applies changed values to the cached sensor lists and details. */
export function mergeValues(qc: QueryClient, values: LiveValue[]): void {
  if (!values.length) return;
  const byId = new Map(values.map((v) => [v.sensorId, v]));
  qc.setQueriesData<SensorList>({ queryKey: ["monitoring", "sensors"] }, (old) => {
    if (!old?.items.some((s) => byId.has(s.id))) return old;
    return { ...old, items: old.items.map((s) => (byId.has(s.id) ? { ...s, current: toCurrent(byId.get(s.id)!) } : s)) };
  });
  for (const v of values) {
    qc.setQueryData<SensorDetail>(monitoringKeys.sensor(v.sensorId), (old) => (old ? { ...old, current: toCurrent(v) } : old));
  }
}

export function useLive({ enterpriseId, enabled = true, onAlarm }: LiveOptions = {}) {
  const qc = useQueryClient();
  const [status, setStatus] = useState<LiveStatus>("connecting");
  const [lastEventAt, setLastEventAt] = useState<number | null>(null);
  const onAlarmRef = useRef(onAlarm);
  onAlarmRef.current = onAlarm;

  useEffect(() => {
    if (!enabled || typeof EventSource === "undefined") return;
    let es: EventSource | null = null;
    let retry: ReturnType<typeof setTimeout> | undefined;
    let refresh: ReturnType<typeof setTimeout> | undefined;
    let attempts = 0;
    let everOpen = false;
    let stopped = false;

    /** Counts and the other alarm views follow, at most twice a second. */
    const refreshSoon = () => {
      if (refresh) return;
      refresh = setTimeout(() => {
        refresh = undefined;
        void qc.invalidateQueries({ queryKey: ["monitoring", "overview"] });
        void qc.invalidateQueries({ queryKey: ["alarms"] });
      }, 500);
    };

    const connect = () => {
      if (stopped) return;
      setStatus("connecting");
      const url = `/api/live${enterpriseId ? `?enterpriseId=${encodeURIComponent(enterpriseId)}` : ""}`;
      const src = new EventSource(url, { withCredentials: true });
      es = src;
      src.addEventListener("hello", () => {
        setStatus("open");
        setLastEventAt(Date.now());
        // Back after a gap: re-read what the screen shows.
        if (everOpen) void qc.invalidateQueries({ queryKey: monitoringKeys.all });
        everOpen = true;
        attempts = 0;
      });
      src.addEventListener("alarm", (ev) => {
        let a: LiveAlarm;
        try {
          a = JSON.parse((ev as MessageEvent<string>).data) as LiveAlarm;
        } catch {
          return;
        }
        setLastEventAt(Date.now());
        const fresh = mergeAlarm(qc, a);
        void qc.invalidateQueries({ queryKey: ["alarms", "detail", a.id] });
        void qc.invalidateQueries({ queryKey: monitoringKeys.sensor(a.sensorId) });
        refreshSoon();
        onAlarmRef.current?.(a, fresh);
      });
      src.addEventListener("values", (ev) => {
        try {
          const body = JSON.parse((ev as MessageEvent<string>).data) as { values?: LiveValue[] };
          mergeValues(qc, body.values ?? []);
          setLastEventAt(Date.now());
        } catch {}
      });
      src.onopen = () => setStatus("open");
      src.onerror = () => {
        if (src.readyState === EventSource.CLOSED) {
          // Refused (e.g. the session expired) or failed for good: try again later ourselves.
          setStatus("closed");
          src.close();
          const delay = Math.min(30_000, 1000 * 2 ** attempts);
          attempts++;
          retry = setTimeout(connect, delay);
        } else {
          setStatus("connecting"); // the browser retries by itself
        }
      };
    };
    connect();
    return () => {
      stopped = true;
      if (retry) clearTimeout(retry);
      if (refresh) clearTimeout(refresh);
      es?.close();
    };
  }, [enterpriseId, enabled, qc]);

  return { status, lastEventAt };
}
