/**
 * Telemetry load generator (遥测压测): N simulated gateways publish R points per second in total over MQTT (QoS 1,
 * batches of up to B points, a bounded number of batches in flight per gateway awaiting PUBACK) and report every
 * second the points sent and acknowledged and the PUBACK latency p50/p99. Used by `npm run simulate` (./cli.ts).
 */
import { parseArgs } from "node:util";
import mqtt, { type MqttClient } from "mqtt";
import { simGatewayId, simSensorSpec, simTag, telemetryTopic } from "./simulator";

export const USAGE = `用法 (usage): npm run simulate -- --gateways N --rate R [选项]
  --gateways N              模拟网关数 (simulated gateways)                     默认 10
  --rate R                  每秒总点数，平均分配到各网关 (points/s, total)       默认 1000
  --url URL                 MQTT 地址 (broker)                                  默认 mqtt://127.0.0.1:1883
  --password P              网关密码 (gateway password)                         默认演示密码
  --sensors-per-gateway K   每个网关的测点数 (tags SIM-<n>-<k>)                   默认 100
  --batch B                 每批最多点数 (points per batch, ≤ K)                 默认 100
  --max-in-flight M         每个网关未确认的批次上限 (batches awaiting PUBACK)   默认 16
  --interval MS             每个网关的发送周期，毫秒 (a gateway's scan cycle)     默认 1000
  --duration S              运行秒数，缺省一直运行到 Ctrl-C (seconds)
  --prefix P                网关编号前缀 (<P>-gw-<n>)                             默认 sim
  --provision               先用 DATABASE_URL 在数据库中登记网关和测点 (register them first)`;

export class UsageError extends Error {}

export interface LoadOptions {
  gateways: number;
  rate: number;
  url: string;
  password: string;
  sensorsPerGateway: number;
  batch: number;
  maxInFlight: number;
  /** A gateway publishes what is due once per this many ms (its scan cycle), gateways staggered over it. */
  intervalMs: number;
  /** Seconds; null = until stopped. */
  duration: number | null;
  prefix: string;
  provision: boolean;
  help: boolean;
}

const positiveInt = (name: string, raw: string | undefined, def: number, max = 10_000_000): number => {
  if (raw === undefined) return def;
  const v = Number(raw);
  if (!/^\d+$/.test(raw.trim()) || !Number.isSafeInteger(v) || v < 1 || v > max) throw new UsageError(`--${name} 应为 1 到 ${max} 的整数，收到 "${raw}"`);
  return v;
};
const positiveNumber = (name: string, raw: string | undefined, def: number | null): number | null => {
  if (raw === undefined) return def;
  const v = Number(raw);
  if (raw.trim() === "" || !Number.isFinite(v) || v <= 0) throw new UsageError(`--${name} 应为正数，收到 "${raw}"`);
  return v;
};

export function parseSimulateArgs(argv: readonly string[], defaultPassword: string): LoadOptions {
  let values: Record<string, string | boolean | undefined>;
  try {
    ({ values } = parseArgs({
      args: [...argv],
      strict: true,
      allowPositionals: false,
      options: {
        gateways: { type: "string" },
        rate: { type: "string" },
        url: { type: "string" },
        password: { type: "string" },
        "sensors-per-gateway": { type: "string" },
        batch: { type: "string" },
        "max-in-flight": { type: "string" },
        interval: { type: "string" },
        duration: { type: "string" },
        prefix: { type: "string" },
        provision: { type: "boolean" },
        help: { type: "boolean", short: "h" },
      },
    }));
  } catch (e) {
    throw new UsageError((e as Error).message);
  }
  const str = (k: string) => values[k] as string | undefined;
  const url = str("url") ?? "mqtt://127.0.0.1:1883";
  if (!/^(mqtts?|wss?|tcp):\/\/[^/\s]+/.test(url)) throw new UsageError(`--url 应以 mqtt://、mqtts://、ws:// 或 wss:// 开头，收到 "${url}"`);
  const password = str("password") ?? defaultPassword;
  if (password.length < 8) throw new UsageError("--password 至少 8 位");
  const prefix = str("prefix") ?? "sim";
  if (!/^[a-z0-9][a-z0-9_.-]{0,40}$/.test(prefix)) throw new UsageError(`--prefix 只能包含小写字母、数字、_ . -，收到 "${prefix}"`);
  const sensorsPerGateway = positiveInt("sensors-per-gateway", str("sensors-per-gateway"), 100, 100_000);
  const batch = positiveInt("batch", str("batch"), Math.min(100, sensorsPerGateway), 10_000);
  if (batch > sensorsPerGateway) throw new UsageError(`--batch (${batch}) 不能大于 --sensors-per-gateway (${sensorsPerGateway})：一批内每个测点只出现一次`);
  return {
    gateways: positiveInt("gateways", str("gateways"), 10, 100_000),
    rate: positiveNumber("rate", str("rate"), 1000)!,
    url,
    password,
    sensorsPerGateway,
    batch,
    maxInFlight: positiveInt("max-in-flight", str("max-in-flight"), 16, 10_000),
    intervalMs: positiveInt("interval", str("interval"), 1000, 60_000),
    duration: positiveNumber("duration", str("duration"), null),
    prefix,
    provision: values.provision === true,
    help: values.help === true,
  };
}

/** Percentile of a sorted array (nearest rank). */
export function percentile(sorted: readonly number[], p: number): number | null {
  if (!sorted.length) return null;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}

export interface SecondStats {
  second: number;
  sent: number;
  acked: number;
  failed: number;
  p50: number | null;
  p99: number | null;
  inFlight: number;
  connected: number;
}

export interface LoadSummary {
  seconds: number;
  sent: number;
  acked: number;
  failed: number;
  /** Points not sent because the in-flight limit held them back longer than a second. */
  skipped: number;
  p50: number | null;
  p99: number | null;
}

interface Gw {
  id: string;
  n: number;
  client: MqttClient;
  owed: number;
  cursor: number;
  inFlight: number;
  lastTs: number;
  error: string;
  /** When (performance.now) this gateway next sends what is due. */
  nextAt: number;
}

/** A value inside the limits of the k-th simulated sensor (its normal band). */
const simValue = (k: number, t: number) => {
  const s = simSensorSpec(k);
  const [a, b] = s.normal;
  return Math.round((a + (b - a) * (0.5 + 0.5 * Math.sin(t / 60_000 + k))) * 100) / 100;
};

export async function runLoad(
  o: LoadOptions,
  io: { log: (line: string) => void; onSecond?: (s: SecondStats) => void; stopSignal?: Promise<void> } = { log: console.log },
): Promise<LoadSummary> {
  const perGateway = o.rate / o.gateways;
  const gws: Gw[] = [];
  const connectErrors = new Map<string, number>();
  for (let i = 1; i <= o.gateways; i++) {
    const id = simGatewayId(o.prefix, i);
    const client = mqtt.connect(o.url, {
      username: id,
      password: o.password,
      clientId: `anguan-load-${id}-${process.pid}`,
      clean: true,
      reconnectPeriod: 2000,
      connectTimeout: 15_000,
      // A batch is acknowledged once; the latency measured is that of the PUBACK.
      queueQoSZero: false,
    });
    // Gateways are staggered over the scan cycle, as real ones are.
    const g: Gw = {
      id,
      n: i,
      client,
      owed: 0,
      cursor: 0,
      inFlight: 0,
      lastTs: 0,
      error: "",
      nextAt: performance.now() + (o.intervalMs * (i - 1)) / o.gateways,
    };
    client.on("error", (e) => {
      if (g.error !== e.message) connectErrors.set(e.message, (connectErrors.get(e.message) ?? 0) + 1);
      g.error = e.message;
    });
    client.on("connect", () => {
      g.error = "";
    });
    gws.push(g);
  }
  io.log(`${o.gateways} 个网关 → ${o.url}，共 ${o.rate} 点/秒（每网关 ${round1(perGateway)} 点/秒），每批 ≤ ${o.batch} 点，QoS 1`);

  let sec = { sent: 0, acked: 0, failed: 0, lat: [] as number[] };
  const total = { sent: 0, acked: 0, failed: 0, skipped: 0, acks: 0, lat: [] as number[] };
  const start = performance.now();
  let last = start;
  let second = 0;
  let stopping = false;

  const publish = (g: Gw, n: number) => {
    const now = Date.now();
    const ts = Math.max(now, g.lastTs + 1); // strictly increasing per gateway: each sensor's points stay in order
    g.lastTs = ts;
    const points = new Array(n);
    for (let i = 0; i < n; i++) {
      const k = (g.cursor % o.sensorsPerGateway) + 1;
      g.cursor++;
      points[i] = { tag: simTag(o.prefix, g.n, k), value: simValue(k, ts) };
    }
    const payload = JSON.stringify({ ts, points });
    const t0 = performance.now();
    g.inFlight++;
    sec.sent += n;
    total.sent += n;
    g.client.publish(telemetryTopic(g.id), payload, { qos: 1 }, (err) => {
      g.inFlight--;
      if (err) {
        sec.failed += n;
        total.failed += n;
        return;
      }
      const ms = performance.now() - t0;
      sec.acked += n;
      total.acked += n;
      sec.lat.push(ms);
      // The run's percentiles from a uniform sample of at most RESERVOIR batches (memory stays bounded).
      total.acks++;
      if (total.lat.length < RESERVOIR) total.lat.push(ms);
      else {
        const j = Math.floor(Math.random() * total.acks);
        if (j < RESERVOIR) total.lat[j] = ms;
      }
    });
  };

  const tick = () => {
    const now = performance.now();
    const dt = (now - last) / 1000;
    last = now;
    for (const g of gws) {
      if (stopping) break;
      g.owed += perGateway * dt;
      if (!g.client.connected) {
        if (g.owed > perGateway) {
          total.skipped += Math.floor(g.owed - perGateway);
          g.owed -= Math.floor(g.owed - perGateway);
        }
        continue;
      }
      if (now < g.nextAt) continue;
      g.nextAt += o.intervalMs;
      while (g.owed >= 1 && g.inFlight < o.maxInFlight) {
        const n = Math.min(o.batch, Math.floor(g.owed));
        publish(g, n);
        g.owed -= n;
      }
      // Held back by the in-flight limit for more than a cycle: those points are skipped, not queued.
      const cap = Math.max((perGateway * o.intervalMs) / 1000, o.batch);
      if (g.owed > cap) {
        total.skipped += Math.floor(g.owed - cap);
        g.owed -= Math.floor(g.owed - cap);
      }
    }
  };

  const report = () => {
    second++;
    const lat = sec.lat.sort((a, b) => a - b);
    const s: SecondStats = {
      second,
      sent: sec.sent,
      acked: sec.acked,
      failed: sec.failed,
      p50: percentile(lat, 50),
      p99: percentile(lat, 99),
      inFlight: gws.reduce((a, g) => a + g.inFlight, 0),
      connected: gws.filter((g) => g.client.connected).length,
    };
    sec = { sent: 0, acked: 0, failed: 0, lat: [] };
    io.onSecond?.(s);
    io.log(
      `[${String(second).padStart(4)}s] sent ${s.sent}/s  acked ${s.acked}/s${s.failed ? `  failed ${s.failed}` : ""}  PUBACK p50 ${fmtMs(s.p50)} p99 ${fmtMs(s.p99)}  in flight ${s.inFlight}  connected ${s.connected}/${gws.length}`,
    );
    if (connectErrors.size) {
      for (const [msg, count] of connectErrors)
        io.log(`  连接错误 ×${count}: ${msg}${/auth|password|Not authorized|Bad user/i.test(msg) ? "（网关未登记或密码不对？可加 --provision）" : ""}`);
      connectErrors.clear();
    }
  };

  const tickTimer = setInterval(tick, 20);
  const reportTimer = setInterval(report, 1000);
  await new Promise<void>((resolve) => {
    const timer = o.duration ? setTimeout(resolve, o.duration * 1000) : null;
    io.stopSignal?.then(() => {
      if (timer) clearTimeout(timer);
      resolve();
    });
  });
  stopping = true;
  clearInterval(tickTimer);
  // Wait (bounded) for the acknowledgements still due.
  const deadline = performance.now() + 5000;
  while (gws.some((g) => g.inFlight > 0 && g.client.connected) && performance.now() < deadline) await new Promise((r) => setTimeout(r, 50));
  clearInterval(reportTimer);
  if (sec.sent || sec.acked) report();
  await Promise.all(gws.map((g) => new Promise<void>((r) => g.client.end(true, {}, () => r()))));
  const lat = total.lat.sort((a, b) => a - b);
  const seconds = (performance.now() - start) / 1000;
  const summary: LoadSummary = {
    seconds: round1(seconds),
    sent: total.sent,
    acked: total.acked,
    failed: total.failed,
    skipped: total.skipped,
    p50: percentile(lat, 50),
    p99: percentile(lat, 99),
  };
  io.log(
    `合计 (total) ${summary.seconds}s: sent ${summary.sent} (${Math.round(summary.sent / seconds)}/s)  acked ${summary.acked} (${Math.round(summary.acked / seconds)}/s)  failed ${summary.failed}  skipped ${summary.skipped}  PUBACK p50 ${fmtMs(summary.p50)} p99 ${fmtMs(summary.p99)}`,
  );
  return summary;
}

const RESERVOIR = 200_000;
const round1 = (x: number) => Math.round(x * 10) / 10;
const fmtMs = (x: number | null) => (x === null ? "–" : `${x < 10 ? x.toFixed(1) : Math.round(x)} ms`);
