/** What the rest of the server may use of the monitoring runtime (ingest, alarm engine, live hub). */

/** An alarm as pushed on the live channel and listed (docs/monitoring.md `LiveAlarm`). */
export interface LiveAlarm {
  id: string;
  sensorId: number;
  tag: string;
  sensorName: string;
  engineeringUnit: string;
  enterpriseId: string;
  enterpriseName: string;
  unitId: string | null;
  unitName: string | null;
  kind: string;
  level: string | null;
  severity: string;
  status: string;
  conditionActive: boolean;
  raisedAt: string;
  lastValue: number | null;
}

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
