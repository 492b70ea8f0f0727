/** What the rest of the server may use of the monitoring runtime (ingest, alarm engine, live hub). */

import type { LiveAlarm } from "@anguan/domain";

export type { LiveAlarm };

/** Scope facts carried with each published alarm so the hub can filter per subscriber. */
export interface ScopedLiveAlarm extends LiveAlarm {
  regionPath: string;
  sector: string;
}

export interface LivePublisher {
  publishAlarm(alarm: ScopedLiveAlarm): void;
}

export interface MonitoringRuntime {
  live: LivePublisher;
  /** Re-reads sensor and gateway configuration (after a change through the API). */
  reloadSensors(): Promise<void>;
}
