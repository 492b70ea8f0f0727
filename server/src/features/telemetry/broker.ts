/**
 * MQTT: by default an embedded broker (aedes) where gateways connect with their own credentials (username = gateway
 * id) and may publish only to `anguan/v1/<their id>/telemetry`; with MQTT_URL, subscriber connections to an external
 * broker (Mosquitto, EMQX) instead, whose own ACL must keep each gateway to its topic
 * (Mosquitto: `pattern write anguan/v1/%u/telemetry`). Either way a QoS 1 message is acknowledged (PUBACK) only after
 * its points are stored, and while the writer is full the next message waits — the socket is not read, so the
 * gateway (or broker) holds the data, not our memory.
 */
import net from "node:net";
import { Aedes } from "aedes";
import { ConcurrentSubscriber } from "./subscriber";

export const TELEMETRY_TOPIC = /^anguan\/v1\/([^/]+)\/telemetry$/;
export const telemetryTopic = (gatewayId: string) => `anguan/v1/${gatewayId}/telemetry`;

export interface BrokerIngest {
  /** Verifies a gateway's credentials. */
  authenticate(gatewayId: string, password: string): Promise<boolean>;
  /** Stores one message's points (waiting for room); resolves when stored. Throws only when it must not be acknowledged. */
  ingestMessage(gatewayId: string, payload: Buffer): Promise<void>;
  log(msg: string, err?: unknown): void;
}

export interface BrokerHandle {
  /** The port the embedded broker listens on (null for an external broker). */
  port: number | null;
  close(): Promise<void>;
}

export class PortInUseError extends Error {}

export async function startEmbeddedBroker(host: string, port: number, ingest: BrokerIngest): Promise<BrokerHandle> {
  const broker = await Aedes.createBroker({
    authenticate: (client, username, password, done) => {
      const id = username ?? "";
      ingest
        .authenticate(id, password ? password.toString("utf8") : "")
        .then((ok) => {
          if (ok) {
            (client as unknown as { gatewayId: string }).gatewayId = id;
            done(null, true);
          } else {
            const err = Object.assign(new Error("网关认证失败"), { returnCode: 4 });
            done(err as never, false);
          }
        })
        .catch((err) => done(err, false));
    },
    // aedes writes a QoS 1 PUBACK right after this hook (before `published`), so storing happens here: the
    // gateway is acknowledged only once its points are in the database. Failing to store answers an error, which
    // closes the connection without a PUBACK; the gateway sends the message again when it reconnects.
    authorizePublish: (client, packet, done) => {
      const gw = (client as unknown as { gatewayId?: string } | null)?.gatewayId;
      if (!gw || packet.topic !== telemetryTopic(gw)) return done(new Error(`网关 ${gw ?? "?"} 只能发布到 ${gw ? telemetryTopic(gw) : "自己的主题"}`));
      ingest.ingestMessage(gw, packet.payload as Buffer).then(
        () => done(null),
        (err) => {
          ingest.log("mqtt: message not stored", err);
          done(err instanceof Error ? err : new Error(String(err)));
        },
      );
    },
    authorizeSubscribe: (client, sub, done) => {
      const gw = (client as unknown as { gatewayId?: string } | null)?.gatewayId;
      // Gateways may listen only below their own prefix (room for commands later).
      done(null, gw && sub.topic.startsWith(`anguan/v1/${gw}/`) ? sub : null);
    },
  });
  const server = net.createServer(broker.handle as unknown as (socket: net.Socket) => void);
  await new Promise<void>((resolve, reject) => {
    server.once("error", (err: NodeJS.ErrnoException) => {
      if (err.code === "EADDRINUSE")
        reject(new PortInUseError(`MQTT 端口 ${port} 已被占用 (port ${port} is in use): 请设置 MQTT_PORT 使用其他端口，或用 MQTT_URL 连接已有的代理`));
      else reject(err);
    });
    server.listen(port, host, () => resolve());
  });
  return {
    port: (server.address() as net.AddressInfo).port,
    close: async () => {
      await new Promise<void>((r) => broker.close(() => r()));
      await new Promise<void>((r) => server.close(() => r()));
    },
  };
}

/**
 * Subscribes to an external broker with `count` connections (a shared subscription `$share/anguan/…` when more than
 * one), each with many messages in flight (./subscriber.ts). `clientId` must be unique per node and stable across
 * restarts: the broker keeps the session, so what we had not acknowledged when we stopped is delivered again.
 */
export async function startExternalSubscriber(url: string, count: number, clientId: string, ingest: BrokerIngest): Promise<BrokerHandle> {
  const topic = count > 1 ? "$share/anguan/anguan/v1/+/telemetry" : "anguan/v1/+/telemetry";
  const subs: ConcurrentSubscriber[] = [];
  try {
    for (let i = 0; i < count; i++) {
      const sub = new ConcurrentSubscriber({
        url,
        clientId: `${clientId}-${i}`,
        topic,
        receiveMaximum: 200,
        onMessage: (t, payload) => {
          const m = TELEMETRY_TOPIC.exec(t);
          return m ? ingest.ingestMessage(m[1]!, payload) : Promise.resolve();
        },
        log: ingest.log,
      });
      subs.push(sub);
      await sub.start();
    }
  } catch (err) {
    await Promise.all(subs.map((s) => s.close()));
    throw err;
  }
  return { port: null, close: async () => void (await Promise.all(subs.map((s) => s.close()))) };
}
