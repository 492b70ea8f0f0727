/**
 * Telemetry simulator (遥测模拟器). Demo mode: the demo gateways (`demo-gw-*`) publish their sensors' values over MQTT
 * like real data-acquisition gateways (QoS 1 batches on `anguan/v1/<gatewayId>/telemetry`, one client per gateway,
 * username = gateway id), following the scenario in ./scenario.ts. Load mode: `provisionSimGateways` registers many
 * simulated gateways and sensors in bulk for the load generator (./loadgen.ts, `npm run simulate`).
 */
import crypto from "node:crypto";
import { and, asc, eq, like, sql } from "drizzle-orm";
import mqtt, { type MqttClient } from "mqtt";
import type { Queryable } from "../db/client";
import { enterprises, gateways, sensors } from "../db/schema";
import { hashPassword } from "../platform/auth";
import { DemoScenario, type ScenarioOptions, type SimSensorConfig } from "./scenario";

export const telemetryTopic = (gatewayId: string) => `anguan/v1/${gatewayId}/telemetry`;

export interface DemoSimulatorOptions extends ScenarioOptions {
  db: Queryable;
  /** Broker URL, e.g. mqtt://127.0.0.1:1883. */
  url: string;
  /** The demo gateways' password. */
  password: string;
  log?: (msg: string) => void;
  /** Scenario time runs this many times faster than real time (periods, excursions, offline spells). Default 1. */
  speed?: number;
  /** Random source in [0, 1) (default Math.random). */
  random?: () => number;
  /** Real clock, epoch ms (default Date.now). */
  now?: () => number;
  /** Re-read the demo sensors this often, real ms (default 60 s; 0 = never). */
  reloadMs?: number;
}

export interface DemoSimulator {
  stop(): Promise<void>;
}

/** The enabled sensors of the enabled demo gateways. */
export async function loadDemoSensors(db: Queryable): Promise<SimSensorConfig[]> {
  const rows = await db
    .select({
      gatewayId: sensors.gatewayId,
      tag: sensors.tag,
      type: sensors.type,
      rangeLow: sensors.rangeLow,
      rangeHigh: sensors.rangeHigh,
      hh: sensors.hh,
      h: sensors.h,
      l: sensors.l,
      ll: sensors.ll,
      deadband: sensors.deadband,
      rateLimit: sensors.rateLimit,
      periodSeconds: sensors.periodSeconds,
      offlineAfterSeconds: sensors.offlineAfterSeconds,
    })
    .from(sensors)
    .innerJoin(gateways, eq(gateways.id, sensors.gatewayId))
    .where(and(like(gateways.id, "demo-gw-%"), eq(gateways.enabled, true), eq(sensors.enabled, true)))
    .orderBy(asc(sensors.gatewayId), asc(sensors.tag));
  return rows.map((r) => ({ ...r, periodSeconds: Math.max(1, r.periodSeconds) }));
}

const MAX_IN_FLIGHT = 20;

export async function startDemoSimulator(opts: DemoSimulatorOptions): Promise<DemoSimulator> {
  const log = opts.log ?? (() => {});
  const speed = opts.speed && opts.speed > 0 ? opts.speed : 1;
  const random = opts.random ?? Math.random;
  const now = opts.now ?? Date.now;
  const t0 = now();
  const simNow = () => t0 + (now() - t0) * speed;
  const scenario = new DemoScenario(await loadDemoSensors(opts.db), random, simNow(), opts);
  const clients = new Map<string, { client: MqttClient; inFlight: number; lastError: string }>();
  const suffix = crypto.randomBytes(3).toString("hex");
  let stopped = false;
  let reported = 0;

  const connect = (gatewayId: string) => {
    const client = mqtt.connect(opts.url, {
      username: gatewayId,
      password: opts.password,
      clientId: `anguan-sim-${gatewayId}-${suffix}`,
      clean: true,
      reconnectPeriod: 5000,
      connectTimeout: 10_000,
    });
    const entry = { client, inFlight: 0, lastError: "" };
    client.on("connect", () => {
      entry.lastError = "";
      log(`模拟网关 ${gatewayId} 已连接 ${opts.url}`);
    });
    client.on("error", (e) => {
      if (e.message !== entry.lastError) log(`模拟网关 ${gatewayId}: ${e.message}`);
      entry.lastError = e.message;
    });
    clients.set(gatewayId, entry);
  };

  const syncClients = (sensorsList: readonly SimSensorConfig[]) => {
    const ids = new Set(sensorsList.map((s) => s.gatewayId));
    for (const id of ids) if (!clients.has(id)) connect(id);
    for (const [id, e] of clients) {
      if (!ids.has(id)) {
        e.client.end(true);
        clients.delete(id);
      }
    }
  };

  const initial = await loadDemoSensors(opts.db);
  syncClients(initial);
  log(`遥测模拟器：${clients.size} 个演示网关，${scenario.sensorCount} 个测点${speed !== 1 ? `，${speed} 倍速` : ""}`);

  const tick = () => {
    if (stopped) return;
    const batches = scenario.step(simNow());
    for (; reported < scenario.events.length; reported++) {
      const e = scenario.events[reported]!;
      if (e.type === "excursion") log(`模拟超限：${e.gatewayId} ${e.tag} 升至 ${e.peak}${e.aboveHh ? "（高于高高报）" : ""}，约 ${e.seconds} 秒`);
      else log(`模拟离线：${e.gatewayId} ${e.tag} 中断约 ${e.seconds} 秒`);
    }
    const ts = new Date(now()).toISOString();
    for (const [gatewayId, points] of batches) {
      const e = clients.get(gatewayId);
      // A disconnected gateway drops its points (a real one would buffer; the demo does not need it).
      if (!e?.client.connected || e.inFlight >= MAX_IN_FLIGHT) continue;
      e.inFlight++;
      e.client.publish(telemetryTopic(gatewayId), JSON.stringify({ ts, points }), { qos: 1 }, (err) => {
        e.inFlight--;
        if (err && !stopped && err.message !== e.lastError) {
          e.lastError = err.message;
          log(`模拟网关 ${gatewayId} 发送失败: ${err.message}`);
        }
      });
    }
  };
  const tickMs = Math.min(2000, Math.max(50, Math.round(2000 / speed)));
  const timer = setInterval(tick, tickMs);
  let reloading = false;
  const reloadTimer =
    opts.reloadMs === 0
      ? null
      : setInterval(async () => {
          if (reloading || stopped) return;
          reloading = true;
          try {
            const list = await loadDemoSensors(opts.db);
            if (stopped) return;
            scenario.setSensors(list, simNow());
            syncClients(list);
          } catch (e) {
            log(`遥测模拟器重新读取测点失败: ${(e as Error).message}`);
          } finally {
            reloading = false;
          }
        }, opts.reloadMs ?? 60_000);

  return {
    async stop() {
      if (stopped) return;
      stopped = true;
      clearInterval(timer);
      if (reloadTimer) clearInterval(reloadTimer);
      await Promise.all(
        [...clients.values()].map(async ({ client }) => {
          if (!client.connected) {
            client.end(true);
            return;
          }
          const timeout = new Promise<void>((resolve) => setTimeout(resolve, 2000).unref());
          await Promise.race([client.endAsync(), timeout]);
          if (!client.disconnected) client.end(true);
        }),
      );
      clients.clear();
    },
  };
}

// ---------------------------------------------------------------------------------------------------------------
// Load mode: simulated gateways and sensors in bulk

/** The k-th simulated sensor of a gateway (1-based): a mix of types, each with limits its values never reach. */
export function simSensorSpec(k: number) {
  switch (k % 4) {
    case 1:
      return { type: "temperature", unit: "℃", name: "温度", rangeLow: -20, rangeHigh: 150, l: 5, ll: 0, h: 80, hh: 95, normal: [30, 40] as const };
    case 2:
      return { type: "pressure", unit: "MPa", name: "压力", rangeLow: 0, rangeHigh: 2.5, l: 0.2, ll: 0.1, h: 1.6, hh: 1.8, normal: [0.6, 0.9] as const };
    case 3:
      return { type: "level", unit: "m", name: "液位", rangeLow: 0, rangeHigh: 12, l: 1, ll: 0.5, h: 10, hh: 11, normal: [4, 6] as const };
    default:
      return {
        type: "combustible_gas",
        unit: "%LEL",
        name: "可燃气体",
        rangeLow: 0,
        rangeHigh: 100,
        l: null,
        ll: null,
        h: 25,
        hh: 50,
        normal: [0, 3] as const,
      };
  }
}

export const simGatewayId = (prefix: string, n: number) => `${prefix}-gw-${n}`;
export const simTag = (prefix: string, n: number, k: number) => `${prefix.toUpperCase()}-${n}-${k}`;

export interface ProvisionOptions {
  gateways: number;
  sensorsPerGateway: number;
  password: string;
  /** The enterprise to register them on (default: the first hazardous-chemical enterprise). */
  enterpriseId?: string;
  /** Gateway ids `<prefix>-gw-<n>`, tags `<PREFIX>-<n>-<k>` (default "sim"). */
  prefix?: string;
  /** Expected reporting period of the sensors (default 10 s). */
  periodSeconds?: number;
  /**
   * Offline after (default one day): a load run that stops must not leave hundreds of thousands of offline alarms;
   * pass a small value to test offline detection under load.
   */
  offlineAfterSeconds?: number;
  /** Rows per INSERT (default 5000). */
  chunkRows?: number;
}

/**
 * Creates (or updates: password, period) the simulated gateways and their sensors. Idempotent; a few thousand rows
 * per statement, generated by the database (generate_series), so 440,000 sensors take seconds.
 */
export async function provisionSimGateways(db: Queryable, opts: ProvisionOptions): Promise<{ gatewayIds: string[]; enterpriseId: string }> {
  const n = Math.floor(opts.gateways);
  const k = Math.floor(opts.sensorsPerGateway);
  if (!(n >= 1)) throw new Error("gateways 应为正整数");
  if (!(k >= 1)) throw new Error("sensorsPerGateway 应为正整数");
  if (opts.password.length < 8) throw new Error("网关密码至少 8 位");
  const prefix = opts.prefix ?? "sim";
  if (!/^[a-z0-9][a-z0-9_.-]{0,40}$/.test(prefix)) throw new Error(`prefix 只能包含小写字母、数字、_ . -：${prefix}`);
  const period = opts.periodSeconds ?? 10;
  const offlineAfter = opts.offlineAfterSeconds ?? 86_400;
  const [ent] = await db
    .select({ id: enterprises.id, regionPath: enterprises.regionPath, sector: enterprises.sector })
    .from(enterprises)
    .where(opts.enterpriseId ? eq(enterprises.id, opts.enterpriseId) : like(enterprises.sector, "hazchem%"))
    .orderBy(asc(enterprises.creditCode))
    .limit(1);
  if (!ent) throw new Error(opts.enterpriseId ? `企业不存在：${opts.enterpriseId}` : "没有危险化学品企业可挂接模拟网关");
  const passwordHash = await hashPassword(opts.password);
  const gatewayIds = Array.from({ length: n }, (_, i) => simGatewayId(prefix, i + 1));
  for (let i = 0; i < gatewayIds.length; i += 1000) {
    const chunk = gatewayIds.slice(i, i + 1000);
    await db
      .insert(gateways)
      .values(chunk.map((id, j) => ({ id, enterpriseId: ent.id, regionPath: ent.regionPath, sector: ent.sector, name: `模拟网关 ${i + j + 1}`, passwordHash })))
      .onConflictDoUpdate({ target: gateways.id, set: { passwordHash, enabled: true, updatedAt: sql`now()` } });
  }
  // Indexed by k % 4 (+ 1 in SQL arrays), as simSensorSpec picks them.
  const specs = [0, 1, 2, 3].map(simSensorSpec);
  const v = (key: "type" | "unit" | "name") => sql.raw(`(ARRAY[${specs.map((s) => `'${s[key]}'`).join(",")}])[k % 4 + 1]`);
  const num = (key: "rangeLow" | "rangeHigh" | "l" | "ll" | "h" | "hh") =>
    sql.raw(`(ARRAY[${specs.map((s) => (s[key] == null ? "NULL" : String(s[key]))).join(",")}]::float8[])[k % 4 + 1]`);
  const per = Math.max(1, Math.floor((opts.chunkRows ?? 5000) / k));
  const tagPrefix = prefix.toUpperCase();
  for (let g = 1; g <= n; g += per) {
    const last = Math.min(n, g + per - 1);
    await db.execute(sql`
      INSERT INTO sensors (enterprise_id, region_path, sector, gateway_id, tag, name, type, engineering_unit,
                           range_low, range_high, hh, h, l, ll, deadband, delay_seconds, period_seconds, offline_after_seconds)
      SELECT ${ent.id}::uuid, ${ent.regionPath}, ${ent.sector}, ${prefix} || '-gw-' || g, ${tagPrefix} || '-' || g || '-' || k,
             '模拟' || ${v("name")} || ' ' || g || '-' || k, ${v("type")}, ${v("unit")},
             ${num("rangeLow")}, ${num("rangeHigh")}, ${num("hh")}, ${num("h")}, ${num("l")}, ${num("ll")}, 0, 0, ${period}, ${offlineAfter}
      FROM generate_series(${g}::int, ${last}::int) AS g, generate_series(1, ${k}::int) AS k
      ON CONFLICT (gateway_id, tag) DO UPDATE SET period_seconds = EXCLUDED.period_seconds, offline_after_seconds = EXCLUDED.offline_after_seconds,
        enabled = true
      WHERE sensors.period_seconds IS DISTINCT FROM EXCLUDED.period_seconds
         OR sensors.offline_after_seconds IS DISTINCT FROM EXCLUDED.offline_after_seconds OR NOT sensors.enabled`);
  }
  return { gatewayIds, enterpriseId: ent.id };
}
