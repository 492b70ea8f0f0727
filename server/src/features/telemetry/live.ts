/**
 * The live channel (实时推送) over Server-Sent Events: alarms to every subscriber whose scope holds the alarm's
 * enterprise, and — for a subscriber watching one enterprise (the duty screen) — that enterprise's changed values at
 * most once a second. Memory: one latest value per changed sensor between ticks; slow clients are dropped.
 */
import type { ServerResponse } from "node:http";
import { inScope, type Scope, type Sector } from "@anguan/domain";
import type { LivePublisher, ScopedLiveAlarm } from "./runtime";

export interface LiveValue {
  sensorId: number;
  ts: string;
  value: number;
  quality: number;
  state: string;
}

interface Subscriber {
  scope: Scope;
  enterpriseId: string | null;
  res: ServerResponse;
}

/** A client this far behind (bytes not yet flushed) is disconnected rather than buffered without bound. */
const MAX_BUFFERED = 4 * 1024 * 1024;

export class LiveHub implements LivePublisher {
  private subs = new Set<Subscriber>();
  /** enterpriseId → sensorId → latest value, since the last tick. */
  private changed = new Map<string, Map<number, LiveValue>>();
  private tickTimer: NodeJS.Timeout;
  private beatTimer: NodeJS.Timeout;
  /** Called for alarms published on this node (not for those relayed from others): the fan-out to other nodes. */
  onLocalPublish?: (alarm: ScopedLiveAlarm) => void;

  constructor(tickMs = 1000) {
    this.tickTimer = setInterval(() => this.tick(), tickMs);
    this.beatTimer = setInterval(() => this.broadcastRaw(": keep-alive\n\n"), 15_000);
    this.tickTimer.unref();
    this.beatTimer.unref();
  }

  get size(): number {
    return this.subs.size;
  }

  subscribe(res: ServerResponse, scope: Scope, enterpriseId: string | null, now: Date): () => void {
    res.writeHead(200, {
      "content-type": "text/event-stream; charset=utf-8",
      "cache-control": "no-cache, no-transform",
      connection: "keep-alive",
      "x-accel-buffering": "no",
    });
    const sub: Subscriber = { scope, enterpriseId, res };
    this.subs.add(sub);
    this.write(sub, "hello", { at: now.toISOString() });
    const remove = () => this.subs.delete(sub);
    res.on("close", remove);
    return remove;
  }

  publishAlarm(alarm: ScopedLiveAlarm): void {
    this.deliver(alarm);
    this.onLocalPublish?.(alarm);
  }

  /** Sends an alarm to this node's subscribers only (what another node published). */
  deliver(alarm: ScopedLiveAlarm): void {
    const ref = { id: alarm.enterpriseId, regionPath: alarm.regionPath, sector: alarm.sector as Sector };
    const { regionPath: _r, sector: _s, ...body } = alarm;
    for (const sub of this.subs) {
      if (sub.enterpriseId && sub.enterpriseId !== alarm.enterpriseId) continue;
      if (!inScope(sub.scope, ref)) continue;
      this.write(sub, "alarm", body);
    }
  }

  /** Records a changed value (sent on the next tick to the subscribers of that enterprise). */
  noteValue(enterpriseId: string, v: LiveValue): void {
    let m = this.changed.get(enterpriseId);
    if (!m) {
      // Only enterprises someone is watching are remembered.
      if (![...this.subs].some((s) => s.enterpriseId === enterpriseId)) return;
      m = new Map();
      this.changed.set(enterpriseId, m);
    }
    m.set(v.sensorId, v);
  }

  /** Whether anyone watches this enterprise's values (lets the ingest path skip the work otherwise). */
  watches(enterpriseId: string): boolean {
    for (const s of this.subs) if (s.enterpriseId === enterpriseId) return true;
    return false;
  }

  private tick() {
    if (!this.changed.size) return;
    const changed = this.changed;
    this.changed = new Map();
    const at = new Date().toISOString();
    for (const sub of this.subs) {
      if (!sub.enterpriseId) continue;
      const m = changed.get(sub.enterpriseId);
      if (m?.size) this.write(sub, "values", { at, values: [...m.values()] });
    }
  }

  private write(sub: Subscriber, event: string, data: unknown) {
    if (sub.res.writableLength > MAX_BUFFERED) {
      sub.res.destroy();
      this.subs.delete(sub);
      return;
    }
    sub.res.write(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
  }

  private broadcastRaw(text: string) {
    for (const sub of this.subs) sub.res.write(text);
  }

  /** Ends every stream (server shutdown). */
  close(): void {
    clearInterval(this.tickTimer);
    clearInterval(this.beatTimer);
    for (const sub of this.subs) sub.res.end();
    this.subs.clear();
  }
}
