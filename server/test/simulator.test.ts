/** The telemetry simulator: demo mode against an in-process MQTT broker, the scenario model, bulk provisioning, the load CLI. */
import net from "node:net";
import { Aedes } from "aedes";
import { limitConfigErrors } from "@anguan/domain";
import { eq, like, sql } from "drizzle-orm";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { gateways, sensors } from "../src/db/schema";
import { verifyPassword } from "../src/platform/auth";
import { DEMO_PASSWORD } from "../src/seed/seed";
import { parseSimulateArgs, percentile, runLoad, UsageError } from "../src/simulator/loadgen";
import { DemoScenario, type SimSensorConfig } from "../src/simulator/scenario";
import { loadDemoSensors, provisionSimGateways, simSensorSpec, startDemoSimulator, type DemoSimulator } from "../src/simulator/simulator";
import { mulberry32 } from "../src/seed/demoEnterprises";
import { openTestDatabase } from "./support/testDb";

interface Received {
  topic: string;
  qos: number;
  username: string;
  body: { ts: string | number; points: { tag: string; value: number; quality?: string }[] };
}

let database: Awaited<ReturnType<typeof openTestDatabase>>;
let broker: Aedes;
let server: net.Server;
let url: string;
const received: Received[] = [];
const rejected: string[] = [];
let sim: DemoSimulator | null = null;

beforeAll(async () => {
  database = await openTestDatabase();
  const hashes = new Map((await database.db.select({ id: gateways.id, hash: gateways.passwordHash }).from(gateways)).map((g) => [g.id, g.hash]));
  const users = new Map<string, string>();
  broker = await Aedes.createBroker({
    // Like the server: the gateway id and its password (the demo gateways' hash is in the database); sim-gw-* as given.
    authenticate: (client, username, password, done) => {
      const pw = password?.toString() ?? "";
      const hash = username ? hashes.get(username) : undefined;
      const check = username?.startsWith("sim-gw-") ? Promise.resolve(pw === "load-test-pw") : hash ? verifyPassword(hash, pw) : Promise.resolve(false);
      void check.then((ok) => {
        if (ok) {
          users.set(client.id, username!);
          done(null, true);
        } else {
          rejected.push(username ?? "");
          done(Object.assign(new Error("bad credentials"), { returnCode: 4 as const }), false);
        }
      });
    },
  });
  broker.on("publish", (packet, client) => {
    if (!client) return;
    received.push({ topic: packet.topic, qos: packet.qos, username: users.get(client.id) ?? "", body: JSON.parse(packet.payload.toString()) });
  });
  server = net.createServer(broker.handle);
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  url = `mqtt://127.0.0.1:${(server.address() as net.AddressInfo).port}`;
});

afterEach(async () => {
  await sim?.stop();
  sim = null;
  received.length = 0;
});

afterAll(async () => {
  await new Promise<void>((r) => broker.close(() => r()));
  await new Promise<void>((r) => server.close(() => r()));
  await database.drop();
});

async function waitFor<T>(f: () => T | undefined | false, ms = 10_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = f();
    if (v) return v;
    if (Date.now() > end) throw new Error("timed out");
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe("demo simulator over MQTT", () => {
  it("publishes valid QoS 1 batches for demo-gw-1 on its topic with its credentials, every tag, values inside the limits", async () => {
    const demo = await loadDemoSensors(database.db);
    const gw1 = demo.filter((s) => s.gatewayId === "demo-gw-1");
    expect(gw1.length).toBeGreaterThanOrEqual(10);
    sim = await startDemoSimulator({ db: database.db, url, password: DEMO_PASSWORD, speed: 20, badQualityProbability: 0, reloadMs: 0 });
    // One simulated period (10 s) is half a second here: every tag of demo-gw-1 reports within a couple of seconds.
    const seen = new Map<string, number[]>();
    await waitFor(() => {
      for (const m of received.splice(0)) {
        if (m.username !== "demo-gw-1") continue;
        expect(m.topic).toBe("anguan/v1/demo-gw-1/telemetry");
        expect(m.qos).toBe(1);
        expect(Number.isNaN(Date.parse(String(m.body.ts)))).toBe(false);
        for (const p of m.body.points) {
          expect(typeof p.value).toBe("number");
          expect(p.quality).toBeUndefined();
          seen.set(p.tag, [...(seen.get(p.tag) ?? []), p.value]);
        }
      }
      return seen.size === gw1.length;
    });
    expect([...seen.keys()].sort()).toEqual(gw1.map((s) => s.tag).sort());
    for (const s of gw1) {
      for (const v of seen.get(s.tag)!) {
        if (s.h !== null) expect(v, s.tag).toBeLessThan(s.h);
        if (s.l !== null) expect(v, s.tag).toBeGreaterThan(s.l);
        expect(v, s.tag).toBeGreaterThanOrEqual(s.rangeLow!);
      }
    }
    expect(rejected).toEqual([]);
    // Other demo gateways publish too, each with its own username on its own topic.
    const others = new Set(demo.map((s) => s.gatewayId));
    await waitFor(() => {
      for (const m of received.splice(0)) {
        expect(m.topic).toBe(`anguan/v1/${m.username}/telemetry`);
        others.delete(m.username);
      }
      return others.size === 0;
    });
  });

  it("ramps GT-101 above its high limit and back with a forced random source", async () => {
    // random ≡ 0.5: the first excursion (GT-101, the featured tag) starts after 210 simulated seconds, peaks at
    // h + 40 % of (hh − h) = 35 %LEL and lasts 90 s; at 200× that is about a second from now.
    sim = await startDemoSimulator({ db: database.db, url, password: DEMO_PASSWORD, speed: 200, random: () => 0.5, reloadMs: 0 });
    const gt = () => received.filter((m) => m.username === "demo-gw-1").flatMap((m) => m.body.points.filter((p) => p.tag === "GT-101").map((p) => p.value));
    await waitFor(() => gt().some((v) => v > 25));
    await waitFor(() => {
      const v = gt();
      return v.findIndex((x) => x > 25) < v.findLastIndex((x) => x < 25) && v.at(-1)! < 25;
    });
    expect(Math.max(...gt())).toBeGreaterThan(34.5);
    expect(Math.max(...gt())).toBeLessThan(35.5);
    // Other sensors stayed normal: the excursion is one sensor at a time.
    const limits = new Map((await loadDemoSensors(database.db)).filter((s) => s.gatewayId === "demo-gw-1").map((s) => [s.tag, s.h]));
    for (const m of received.filter((x) => x.username === "demo-gw-1"))
      for (const p of m.body.points) if (p.tag !== "GT-101" && limits.get(p.tag) != null) expect(p.value, p.tag).toBeLessThan(limits.get(p.tag)!);
  });

  it("refuses nothing and stops cleanly", async () => {
    sim = await startDemoSimulator({ db: database.db, url, password: DEMO_PASSWORD, speed: 50, reloadMs: 0 });
    await waitFor(() => received.length > 0);
    await sim.stop();
    sim = null;
    const n = received.length;
    await new Promise((r) => setTimeout(r, 300));
    expect(received.length).toBe(n);
    await waitFor(() => broker.connectedClients === 0, 3000);
  });
});

describe("the demo scenario model", () => {
  const cfg = (tag: string, over: Partial<SimSensorConfig> = {}): SimSensorConfig => ({
    gatewayId: "g",
    tag,
    type: "combustible_gas",
    rangeLow: 0,
    rangeHigh: 100,
    hh: 50,
    h: 25,
    l: null,
    ll: null,
    deadband: 1,
    periodSeconds: 10,
    offlineAfterSeconds: null,
    ...over,
  });
  const run = (sc: DemoScenario, from: number, seconds: number) => {
    const out: { t: number; tag: string; value: number; quality?: string }[] = [];
    for (let t = from; t <= from + seconds * 1000; t += 1000) for (const ps of sc.step(t).values()) for (const p of ps) out.push({ t, ...p });
    return out;
  };

  it("goes above high-high when the draw says so, for 1–2 minutes, then returns", () => {
    const sc = new DemoScenario([cfg("GT-101"), cfg("PT-1", { type: "pressure", l: 0.2, h: 1, hh: 1.2, rangeHigh: 2.5, deadband: 0.02 })], () => 0.1, 0, {
      offlineEverySeconds: 0,
      badQualityProbability: 0,
    });
    // The first excursion (GT-101, featured) starts at 600 × (0.2 + 0.3 × 0.1) = 138 s and lasts 66 s.
    const pts = run(sc, 0, 400).filter((p) => p.tag === "GT-101");
    const high = pts.filter((p) => p.value >= 25);
    expect(Math.max(...pts.map((p) => p.value))).toBeGreaterThan(50);
    const span = (high.at(-1)!.t - high[0]!.t) / 1000;
    expect(span).toBeGreaterThanOrEqual(30);
    expect(span).toBeLessThanOrEqual(120);
    expect(pts.at(-1)!.value).toBeLessThan(25);
    expect(sc.events[0]).toMatchObject({ type: "excursion", tag: "GT-101", aboveHh: true });
  });

  it("keeps normal values inside the limits and under the rate limit", () => {
    const tt = cfg("TT-401", { type: "temperature", rangeLow: 0, rangeHigh: 200, h: 130, hh: 140, rateLimit: 5 });
    const pt = cfg("PT-1", { type: "pressure", rangeLow: 0, rangeHigh: 2.5, l: 0.2, h: 1, hh: 1.2, rateLimit: 0.2 });
    const sc = new DemoScenario([tt, pt], mulberry32(7), 0, { excursionEverySeconds: 0, offlineEverySeconds: 0, badQualityProbability: 0 });
    const pts = run(sc, 0, 3600);
    for (const c of [tt, pt]) {
      const own = pts.filter((p) => p.tag === c.tag);
      expect(own.length).toBeGreaterThan(300);
      for (const p of own) {
        expect(p.value).toBeLessThan(c.h!);
        expect(p.value).toBeGreaterThan(c.l ?? c.rangeLow!);
      }
      const rates = own.slice(1).map((p, j) => Math.abs(p.value - own[j]!.value) / ((p.t - own[j]!.t) / 60_000));
      expect(Math.max(...rates), c.tag).toBeLessThan(c.rateLimit!);
    }
  });

  it("silences a sensor for twice its offline time, then it reports again; bad quality when drawn", () => {
    let i = 0;
    const seq = [0.9, 0.3, 0.6, 0.2, 0.7, 0.4];
    const sc = new DemoScenario([cfg("A"), cfg("B")], () => seq[i++ % seq.length]!, 0, {
      excursionEverySeconds: 0,
      offlineEverySeconds: 120,
      badQualityProbability: 0,
    });
    const pts = run(sc, 0, 900);
    const off = sc.events.find((e) => e.type === "offline")!;
    expect(off.seconds).toBe(60); // 2 × (3 × 10 s)
    const times = pts.filter((p) => p.tag === off.tag).map((p) => p.t);
    const gaps = times.slice(1).map((t, j) => (t - times[j]!) / 1000);
    expect(Math.max(...gaps)).toBeGreaterThanOrEqual(60);
    expect(Math.max(...gaps)).toBeLessThanOrEqual(80);
    const bad = new DemoScenario([cfg("A")], () => 0, 0, { excursionEverySeconds: 0, offlineEverySeconds: 0, badQualityProbability: 0.5 });
    expect(run(bad, 0, 30).every((p) => p.quality === "bad")).toBe(true);
  });
});

describe("load mode", () => {
  it("provisions N×K simulated sensors with consistent limits, idempotently", async () => {
    const opts = { gateways: 3, sensorsPerGateway: 5, password: "load-test-pw", chunkRows: 4 };
    const a = await provisionSimGateways(database.db, opts);
    expect(a.gatewayIds).toEqual(["sim-gw-1", "sim-gw-2", "sim-gw-3"]);
    const b = await provisionSimGateways(database.db, { ...opts, periodSeconds: 20 });
    expect(b).toEqual(a);
    const rows = await database.db.select().from(sensors).where(like(sensors.gatewayId, "sim-gw-%"));
    expect(rows.length).toBe(15);
    expect(new Set(rows.map((r) => r.tag))).toEqual(new Set([1, 2, 3].flatMap((n) => [1, 2, 3, 4, 5].map((k) => `SIM-${n}-${k}`))));
    expect(rows.every((r) => r.periodSeconds === 20 && r.enterpriseId === a.enterpriseId)).toBe(true);
    for (const r of rows) expect(limitConfigErrors(r), r.tag).toEqual({});
    expect(rows.find((r) => r.tag === "SIM-2-4")).toMatchObject({ type: "combustible_gas", h: 25, hh: 50, engineeringUnit: "%LEL" });
    const gws = await database.db.select().from(gateways).where(like(gateways.id, "sim-gw-%"));
    expect(gws.length).toBe(3);
    expect(await verifyPassword(gws[0]!.passwordHash, "load-test-pw")).toBe(true);
    const [ent] = (await database.db.execute(sql`SELECT sector FROM enterprises WHERE id = ${a.enterpriseId}`)).rows as { sector: string }[];
    expect(ent!.sector.startsWith("hazchem")).toBe(true);
    // The load generator's values stay inside each type's limits.
    for (let k = 0; k < 4; k++) {
      const s = simSensorSpec(k);
      expect(s.normal[0] >= (s.l ?? s.rangeLow) && s.normal[1] < s.h).toBe(true);
    }
    const [demo] = await database.db.select().from(sensors).where(eq(sensors.gatewayId, "demo-gw-1")).limit(1);
    expect(demo).toBeDefined();
  });

  it("parses the CLI arguments with clear errors", () => {
    const o = parseSimulateArgs(["--gateways", "440", "--rate", "20000", "--sensors-per-gateway", "1000", "--provision"], DEMO_PASSWORD);
    expect(o).toMatchObject({ gateways: 440, rate: 20000, sensorsPerGateway: 1000, batch: 100, provision: true, url: "mqtt://127.0.0.1:1883", duration: null });
    const err = (args: string[]) => {
      try {
        parseSimulateArgs(args, DEMO_PASSWORD);
      } catch (e) {
        expect(e).toBeInstanceOf(UsageError);
        return (e as Error).message;
      }
      throw new Error("accepted");
    };
    expect(err(["--rate", "abc"])).toContain("--rate");
    expect(err(["--gateways", "0"])).toContain("--gateways");
    expect(err(["--gateways", "1.5"])).toContain("--gateways");
    expect(err(["--batch", "200", "--sensors-per-gateway", "100"])).toContain("--batch");
    expect(err(["--url", "http://x"])).toContain("--url");
    expect(err(["--bogus"])).toContain("bogus");
    expect(percentile([1, 2, 3, 4], 50)).toBe(2);
    expect(percentile([1, 2, 3, 4], 99)).toBe(4);
  });

  it("publishes the configured rate in batches and measures the PUBACK latency", async () => {
    const seconds: number[] = [];
    const summary = await runLoad(
      {
        gateways: 2,
        rate: 400,
        url,
        password: "load-test-pw",
        sensorsPerGateway: 50,
        batch: 20,
        maxInFlight: 4,
        intervalMs: 50,
        duration: 1.5,
        prefix: "sim",
        provision: false,
        help: false,
      },
      { log: () => {}, onSecond: (s) => seconds.push(s.acked) },
    );
    expect(summary.acked).toBe(summary.sent);
    expect(summary.sent).toBeGreaterThan(400);
    expect(summary.sent).toBeLessThanOrEqual(640);
    expect(summary.p50).not.toBeNull();
    const batches = received.filter((m) => m.username.startsWith("sim-gw-"));
    expect(new Set(batches.map((m) => m.username))).toEqual(new Set(["sim-gw-1", "sim-gw-2"]));
    for (const m of batches) {
      expect(m.topic).toBe(`anguan/v1/${m.username}/telemetry`);
      expect(m.body.points.length).toBeLessThanOrEqual(20);
      const n = m.username.split("-").at(-1);
      for (const p of m.body.points) expect(p.tag).toMatch(new RegExp(`^SIM-${n}-\\d+$`));
    }
    expect(seconds.length).toBeGreaterThanOrEqual(1);
  });
});
