// PostgreSQL LISTEN/NOTIFY for announcements between server instances. Listening needs a
// connection of its own (a pooled one would be handed to other queries); it reconnects with a
// bounded backoff when lost, and says so, because whatever was announced meanwhile is missed and
// readers must re-read the store. Sending goes through the instance's Prisma pool: a NOTIFY is a
// statement like any other, delivered when it commits.
import pg from 'pg';
import type { Db } from './client';

/** NOTIFY payloads must stay below 8,000 bytes (PostgreSQL's limit). */
export const NOTIFY_PAYLOAD_LIMIT = 7_900;

export interface ChannelEvents {
  /** A payload NOTIFYed on the channel (also our own). */
  message(payload: string): void;
  /** Listening (again): announcements from now on arrive. `reconnected` after a loss. */
  connected(reconnected: boolean): void;
  /** The listening connection is gone; announcements are missed until `connected`. */
  disconnected(err: unknown): void;
}

export class PostgresChannel {
  private client: pg.Client | null = null;
  private closed = false;
  private everConnected = false;
  private retryTimer: NodeJS.Timeout | null = null;
  private attempt = 0;
  private readonly ready: Promise<void>;
  private resolveReady!: () => void;

  constructor(
    private readonly url: string,
    private readonly channel: string,
    private readonly db: Db,
    private readonly events: ChannelEvents,
  ) {
    if (!/^[a-z_][a-z0-9_]*$/.test(channel)) throw new RangeError(`bad channel name: ${channel}`);
    this.ready = new Promise((resolve) => (this.resolveReady = resolve));
    void this.connect();
  }

  /** True while the listening connection is up. */
  get connected(): boolean {
    return this.client !== null;
  }

  /** Resolves once listening for the first time (or at close). */
  whenListening(): Promise<void> {
    return this.ready;
  }

  /** Sends one payload (< NOTIFY_PAYLOAD_LIMIT bytes) to every listener, us included. */
  async notify(payload: string): Promise<void> {
    // executeRaw: pg_notify returns void, which a query's row decoding refuses.
    await this.db.$executeRawUnsafe('SELECT pg_notify($1, $2)', this.channel, payload);
  }

  /** Drops the listening connection as a network fault would (tests of the fallback). */
  simulateLoss(): void {
    const client = this.client;
    if (client) (client as unknown as { connection: { stream: { destroy(): void } } }).connection.stream.destroy();
  }

  async close(): Promise<void> {
    this.closed = true;
    if (this.retryTimer) clearTimeout(this.retryTimer);
    const client = this.client;
    this.client = null;
    this.resolveReady();
    await client?.end().catch(() => {});
  }

  private async connect(): Promise<void> {
    if (this.closed) return;
    const client = new pg.Client({ connectionString: this.url, keepAlive: true });
    let lost = false;
    const onLost = (err: unknown) => {
      if (lost) return;
      lost = true;
      if (this.client === client) this.client = null;
      client.removeAllListeners('notification');
      void client.end().catch(() => {});
      if (this.closed) return;
      this.events.disconnected(err);
      this.scheduleReconnect();
    };
    client.on('error', onLost);
    client.on('end', () => onLost(new Error('listening connection ended')));
    client.on('notification', (msg) => {
      if (msg.channel === this.channel && msg.payload !== undefined) this.events.message(msg.payload);
    });
    try {
      await client.connect();
      await client.query(`LISTEN ${this.channel}`);
    } catch (err) {
      onLost(err);
      return;
    }
    if (this.closed || lost) {
      await client.end().catch(() => {});
      return;
    }
    this.client = client;
    this.attempt = 0;
    const reconnected = this.everConnected;
    this.everConnected = true;
    this.resolveReady();
    this.events.connected(reconnected);
  }

  private scheduleReconnect(): void {
    if (this.closed || this.retryTimer) return;
    const delay = Math.min(5_000, 100 * 2 ** this.attempt++);
    this.retryTimer = setTimeout(() => {
      this.retryTimer = null;
      void this.connect();
    }, delay);
    this.retryTimer.unref();
  }
}
