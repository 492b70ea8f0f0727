/**
 * A subscriber connection to an external MQTT broker that acknowledges each QoS 1 message when its points are stored,
 * with many messages in flight at once. (mqtt.js hands over one message at a time and waits for its acknowledgement
 * before the next, which caps ingest at one database round trip per message per connection; gateways send many small
 * messages.) The MQTT codec is `mqtt-packet`, the one mqtt.js and aedes use; this is only the session around it:
 * CONNECT (MQTT 5, persistent session), SUBSCRIBE, PUBLISH → PUBACK after storing, PINGREQ, reconnect.
 */
import net from "node:net";
import tls from "node:tls";
import * as mqttPacket from "mqtt-packet";

export interface SubscriberOptions {
  url: string;
  clientId: string;
  topic: string;
  /** Messages the broker may send before we acknowledge (MQTT 5 Receive Maximum). */
  receiveMaximum: number;
  onMessage(topic: string, payload: Buffer): Promise<void>;
  log(msg: string, err?: unknown): void;
}

const KEEPALIVE_S = 30;
/**
 * How long the broker keeps our session (and queues messages for it) while we are away: long enough for a restart or
 * an upgrade. A node removed for good leaves its session behind this long — in a shared subscription it would take
 * its share of messages until then, so remove nodes by stopping them with their client id reused or after this time.
 */
const SESSION_EXPIRY_S = 3600;

export class ConcurrentSubscriber {
  private socket: net.Socket | null = null;
  private closed = false;
  private ping: NodeJS.Timeout | null = null;
  private retry: NodeJS.Timeout | null = null;
  private connected!: Promise<void>;
  private resolveConnected!: () => void;
  private rejectConnected!: (err: Error) => void;
  private firstConnect = true;

  constructor(private readonly o: SubscriberOptions) {
    this.connected = new Promise((resolve, reject) => {
      this.resolveConnected = resolve;
      this.rejectConnected = reject;
    });
  }

  /** Connects and subscribes; resolves when subscribed (rejects if the first attempt fails). */
  start(): Promise<void> {
    this.open();
    return this.connected;
  }

  private open() {
    const u = new URL(this.o.url);
    const secure = u.protocol === "mqtts:";
    const port = Number(u.port || (secure ? 8883 : 1883));
    const socket = secure ? tls.connect({ host: u.hostname, port, servername: u.hostname }) : net.connect({ host: u.hostname, port });
    this.socket = socket;
    const parser = mqttPacket.parser({ protocolVersion: 5 });
    let inflight = 0;
    const send = (p: mqttPacket.Packet) => {
      if (!socket.destroyed) socket.write(mqttPacket.generate(p, { protocolVersion: 5 }));
    };
    socket.once(secure ? "secureConnect" : "connect", () => {
      send({
        cmd: "connect",
        protocolId: "MQTT",
        protocolVersion: 5,
        clientId: this.o.clientId,
        clean: false,
        keepalive: KEEPALIVE_S,
        username: u.username ? decodeURIComponent(u.username) : undefined,
        password: u.password ? Buffer.from(decodeURIComponent(u.password)) : undefined,
        properties: { sessionExpiryInterval: SESSION_EXPIRY_S, receiveMaximum: this.o.receiveMaximum },
      } as mqttPacket.IConnectPacket);
    });
    parser.on("packet", (p: mqttPacket.Packet) => {
      switch (p.cmd) {
        case "connack": {
          const code = (p as mqttPacket.IConnackPacket).reasonCode ?? (p as mqttPacket.IConnackPacket).returnCode ?? 0;
          if (code !== 0) {
            const err = new Error(`MQTT 代理拒绝连接 (reason ${code})`);
            if (this.firstConnect) this.rejectConnected(err);
            this.o.log(`mqtt: ${this.o.url} refused the connection`, err);
            socket.destroy();
            return;
          }
          send({ cmd: "subscribe", messageId: 1, subscriptions: [{ topic: this.o.topic, qos: 1 }] } as mqttPacket.ISubscribePacket);
          this.ping = setInterval(() => send({ cmd: "pingreq" }), (KEEPALIVE_S * 1000) / 2);
          this.ping.unref();
          return;
        }
        case "suback": {
          const granted = (p as mqttPacket.ISubackPacket).granted[0];
          const ok = typeof granted === "number" ? granted <= 2 : true;
          if (this.firstConnect) {
            this.firstConnect = false;
            if (ok) this.resolveConnected();
            else this.rejectConnected(new Error(`MQTT 代理拒绝订阅 ${this.o.topic}`));
          }
          return;
        }
        case "publish": {
          const pub = p as mqttPacket.IPublishPacket;
          const payload = Buffer.isBuffer(pub.payload) ? pub.payload : Buffer.from(pub.payload);
          // Our own back-pressure, whatever the broker does with Receive Maximum: past the limit of messages not yet
          // stored, stop reading the socket (the broker holds them) until half have been acknowledged.
          inflight++;
          if (inflight >= this.o.receiveMaximum && !socket.isPaused()) socket.pause();
          const done = () => {
            inflight--;
            if (socket.isPaused() && inflight <= this.o.receiveMaximum / 2) socket.resume();
          };
          this.o.onMessage(pub.topic, payload).then(
            () => {
              done();
              if (pub.qos === 1) send({ cmd: "puback", messageId: pub.messageId, reasonCode: 0 } as mqttPacket.IPubackPacket);
            },
            // Not stored (shutting down): no PUBACK; the broker delivers it again in this session.
            (err) => {
              done();
              this.o.log("mqtt: message not stored; it will be redelivered", err);
            },
          );
          return;
        }
        case "disconnect": {
          const code = (p as mqttPacket.IDisconnectPacket).reasonCode;
          // 142 = session taken over: another process uses the same client id.
          if (code === 142) this.o.log(`mqtt: client id ${this.o.clientId} is used by another process: give each node its own MQTT_CLIENT_ID`);
          return;
        }
        default:
          return;
      }
    });
    parser.on("error", (err: Error) => {
      this.o.log("mqtt: bad packet from the broker", err);
      socket.destroy();
    });
    socket.on("data", (b: Buffer) => parser.parse(b));
    socket.on("error", (err) => {
      if (this.firstConnect) this.rejectConnected(new Error(`无法连接 MQTT 代理 ${this.o.url}: ${err.message}`));
    });
    socket.on("close", () => {
      if (this.ping) clearInterval(this.ping);
      this.ping = null;
      if (this.closed || this.firstConnect) return;
      this.retry = setTimeout(() => this.open(), 1000);
      this.retry.unref();
    });
  }

  async close(): Promise<void> {
    this.closed = true;
    if (this.retry) clearTimeout(this.retry);
    if (this.ping) clearInterval(this.ping);
    const s = this.socket;
    if (!s || s.destroyed) return;
    await new Promise<void>((resolve) => {
      s.once("close", () => resolve());
      s.end(mqttPacket.generate({ cmd: "disconnect" } as mqttPacket.IDisconnectPacket, { protocolVersion: 5 }));
      setTimeout(() => s.destroy(), 2000).unref();
    });
  }
}
