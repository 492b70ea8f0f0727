/**
 * The demo telemetry scenario (演示数据模拟), as a pure model: given the demo sensors and a simulated clock, which points
 * each gateway sends now. Values wander around a baseline well inside the limits (30–55 % of the way from the low limit,
 * or the range's low end, to the high limit; a few per cent of the first alarm level for gas detectors); now and then one sensor ramps above its
 * high limit (sometimes above high-high) for a minute or two and comes back; now and then one goes silent for twice
 * its offline time; rarely a point has bad quality. Random draws come from an injectable source, so a test can force
 * every decision.
 */

export interface SimSensorConfig {
  gatewayId: string;
  tag: string;
  type: string;
  rangeLow: number | null;
  rangeHigh: number | null;
  hh: number | null;
  h: number | null;
  l: number | null;
  ll: number | null;
  deadband: number;
  /** Largest allowed change per minute: normal noise stays well under it (no rate alarms outside excursions). */
  rateLimit?: number | null;
  periodSeconds: number;
  offlineAfterSeconds: number | null;
}

export interface SimPoint {
  tag: string;
  value: number;
  quality?: "bad";
}

export interface ScenarioOptions {
  /** Mean simulated seconds between two excursions (default 600: about every 10 minutes). 0 = never. */
  excursionEverySeconds?: number;
  /** Mean simulated seconds between two offline spells (default 1500). 0 = never. */
  offlineEverySeconds?: number;
  /** Probability that a point is sent with bad quality (default 1/10000: about one an hour for the demo sensors). */
  badQualityProbability?: number;
  /** The tag favoured by every third excursion, the first included (default GT-101: the demo's combustible gas detector). */
  featuredTag?: string;
}

export interface Excursion {
  key: string;
  tag: string;
  start: number;
  end: number;
  peak: number;
  /** true when the peak is above the high-high limit. */
  aboveHh: boolean;
}

export type ScenarioEvent =
  | { type: "excursion"; gatewayId: string; tag: string; peak: number; aboveHh: boolean; seconds: number }
  | { type: "offline"; gatewayId: string; tag: string; seconds: number };

interface SensorModel {
  key: string;
  c: SimSensorConfig;
  /** Normal band: the baseline lies in it, noise never leaves it. */
  lo: number;
  hi: number;
  base: number;
  phase: number;
  decimals: number;
  nextDue: number;
  silentUntil: number;
}

const GAS = new Set(["combustible_gas", "toxic_gas"]);
const keyOf = (c: Pick<SimSensorConfig, "gatewayId" | "tag">) => `${c.gatewayId}\u0000${c.tag}`;
const DRIFT_PERIOD_MS = 15 * 60_000;

function decimalsFor(span: number): number {
  if (span >= 100) return 1;
  if (span >= 1) return 2;
  return 3;
}

const roundTo = (v: number, d: number) => Math.round(v * 10 ** d) / 10 ** d;

/** The normal band of a sensor (where its values stay between excursions). */
export function normalBand(c: SimSensorConfig): { lo: number; hi: number } {
  if (GAS.has(c.type)) {
    const lo = c.rangeLow ?? 0;
    const hi = c.h ?? c.hh ?? (c.rangeHigh ?? lo + 100) * 0.25;
    return { lo, hi };
  }
  const lo = c.l ?? c.ll ?? c.rangeLow ?? 0;
  const hi = c.h ?? c.hh ?? c.rangeHigh ?? lo + 100;
  return hi > lo ? { lo, hi } : { lo, hi: lo + 1 };
}

export class DemoScenario {
  private readonly models = new Map<string, SensorModel>();
  private excursion: Excursion | null = null;
  private excursionCount = 0;
  private nextExcursionAt: number;
  private nextOfflineAt: number;
  private readonly excursionEvery: number;
  private readonly offlineEvery: number;
  private readonly badP: number;
  private readonly featured: string;
  readonly events: ScenarioEvent[] = [];

  constructor(
    sensors: readonly SimSensorConfig[],
    private readonly random: () => number,
    now: number,
    opts: ScenarioOptions = {},
  ) {
    this.excursionEvery = (opts.excursionEverySeconds ?? 600) * 1000;
    this.offlineEvery = (opts.offlineEverySeconds ?? 1500) * 1000;
    this.badP = opts.badQualityProbability ?? 1 / 10_000;
    this.featured = opts.featuredTag ?? "GT-101";
    // The first excursion comes after 20–50 % of the mean, so a visitor sees one soon.
    this.nextExcursionAt = this.excursionEvery > 0 ? now + this.excursionEvery * (0.2 + 0.3 * this.random()) : Number.POSITIVE_INFINITY;
    this.nextOfflineAt = this.offlineEvery > 0 ? now + this.offlineEvery * (0.5 + 0.5 * this.random()) : Number.POSITIVE_INFINITY;
    this.setSensors(sensors, now);
  }

  get sensorCount(): number {
    return this.models.size;
  }

  get currentExcursion(): Excursion | null {
    return this.excursion;
  }

  /** Replaces the sensor list, keeping the state of sensors that remain. */
  setSensors(sensors: readonly SimSensorConfig[], now: number): void {
    const keep = new Map<string, SensorModel>();
    for (const c of sensors) {
      const key = keyOf(c);
      const prev = this.models.get(key);
      const { lo, hi } = normalBand(c);
      const span = hi - lo;
      const gas = GAS.has(c.type);
      const u = this.random();
      const m: SensorModel = {
        key,
        c,
        lo,
        hi,
        base: lo + (gas ? 0.03 + 0.05 * u : 0.3 + 0.25 * u) * span,
        phase: this.random() * 2 * Math.PI,
        decimals: decimalsFor(span),
        // Spread the first points over one period so batches stay even.
        nextDue: now + this.random() * c.periodSeconds * 1000,
        silentUntil: 0,
      };
      if (prev && prev.lo === lo && prev.hi === hi) {
        m.base = prev.base;
        m.phase = prev.phase;
        m.nextDue = prev.nextDue;
        m.silentUntil = prev.silentUntil;
      }
      keep.set(key, m);
    }
    this.models.clear();
    for (const [k, m] of keep) this.models.set(k, m);
    if (this.excursion && !this.models.has(this.excursion.key)) this.excursion = null;
  }

  /** The value a sensor reads at `now` (without noise when `noise` is false). */
  valueOf(m: SensorModel, now: number, noise = true): number {
    const span = m.hi - m.lo;
    const gas = GAS.has(m.c.type);
    const amp = gas ? 0.02 : 0.04;
    // Under a rate limit the drift changes by at most ~30 % of it per minute and the jitter between two points by 40 %.
    const rate = m.c.rateLimit ?? null;
    const driftAmp = rate ? Math.min(amp * span, 0.7 * rate) : amp * span;
    const jitterAmp = rate ? Math.min(amp * span, (0.4 * rate * m.c.periodSeconds) / 60) : amp * span;
    const drift = driftAmp * Math.sin((2 * Math.PI * now) / DRIFT_PERIOD_MS + m.phase);
    const jitter = noise ? (this.random() - 0.5) * jitterAmp : 0;
    let v = m.base + drift + jitter;
    const x = this.excursion;
    if (x && x.key === m.key && now >= x.start && now <= x.end) {
      // Ramp up over the first quarter, hold, ramp down over the last quarter; little noise while held.
      const f = (now - x.start) / (x.end - x.start);
      const shape = f < 0.25 ? f / 0.25 : f < 0.75 ? 1 : (1 - f) / 0.25;
      v = m.base * (1 - shape) + x.peak * shape + (drift + jitter) * (1 - 0.8 * shape);
    }
    if (m.c.rangeLow != null) v = Math.max(m.c.rangeLow, v);
    if (m.c.rangeHigh != null) v = Math.min(m.c.rangeHigh, v);
    if (gas) v = Math.max(m.lo, v);
    return roundTo(v, m.decimals);
  }

  private pick<T>(items: readonly T[]): T | undefined {
    if (!items.length) return undefined;
    return items[Math.min(items.length - 1, Math.floor(this.random() * items.length))];
  }

  private startExcursion(now: number): void {
    const candidates = [...this.models.values()].filter((m) => m.c.h != null && m.silentUntil <= now);
    if (!candidates.length) return;
    const featured = this.excursionCount % 3 === 0 ? candidates.find((m) => m.c.tag === this.featured) : undefined;
    const m = featured ?? this.pick(candidates)!;
    this.excursionCount++;
    const h = m.c.h!;
    const hh = m.c.hh != null && m.c.hh >= h ? m.c.hh : null;
    const span = m.hi - m.lo;
    const margin = Math.max(m.c.deadband, 0.02 * span);
    const aboveHh = hh != null && this.random() < 0.35;
    let peak = aboveHh ? hh! + Math.max(0.15 * (hh! - h), margin) : hh != null && hh > h ? h + Math.max(0.4 * (hh - h), margin) : h + margin * 2;
    if (!aboveHh && hh != null && peak >= hh) peak = (h + hh) / 2;
    if (m.c.rangeHigh != null) peak = Math.min(peak, m.c.rangeHigh);
    const seconds = 60 + 60 * this.random();
    this.excursion = { key: m.key, tag: m.c.tag, start: now, end: now + seconds * 1000, peak, aboveHh };
    this.events.push({ type: "excursion", gatewayId: m.c.gatewayId, tag: m.c.tag, peak: roundTo(peak, m.decimals), aboveHh, seconds: Math.round(seconds) });
  }

  private startOffline(now: number): void {
    const candidates = [...this.models.values()].filter((m) => m.key !== this.excursion?.key && m.silentUntil <= now);
    const m = this.pick(candidates);
    if (!m) return;
    const offlineMs = (m.c.offlineAfterSeconds ?? 3 * m.c.periodSeconds) * 1000;
    m.silentUntil = now + 2 * offlineMs;
    this.events.push({ type: "offline", gatewayId: m.c.gatewayId, tag: m.c.tag, seconds: Math.round((2 * offlineMs) / 1000) });
  }

  /** Advances to `now` (simulated ms) and returns the points due, by gateway: at most one per sensor. */
  step(now: number): Map<string, SimPoint[]> {
    if (this.excursion && now > this.excursion.end) this.excursion = null;
    if (now >= this.nextExcursionAt) {
      if (!this.excursion) this.startExcursion(now);
      this.nextExcursionAt = now + this.excursionEvery * (0.5 + this.random());
    }
    if (now >= this.nextOfflineAt) {
      this.startOffline(now);
      this.nextOfflineAt = now + this.offlineEvery * (0.5 + this.random());
    }
    const out = new Map<string, SimPoint[]>();
    for (const m of this.models.values()) {
      if (now < m.nextDue) continue;
      const period = m.c.periodSeconds * 1000;
      // One point per step; a sensor that fell behind skips ahead rather than bursting.
      m.nextDue = Math.max(m.nextDue + period, now + period / 2);
      if (now < m.silentUntil) continue;
      const value = this.valueOf(m, now);
      const p: SimPoint = { tag: m.c.tag, value };
      if (this.badP > 0 && this.random() < this.badP) p.quality = "bad";
      const list = out.get(m.c.gatewayId);
      if (list) list.push(p);
      else out.set(m.c.gatewayId, [p]);
    }
    return out;
  }
}
