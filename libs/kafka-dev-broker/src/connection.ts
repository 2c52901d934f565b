import type { Socket } from 'node:net';
import type { RequestRouter } from './handlers/request-router';
import type { BrokerLogger } from './logger';
import { frameResponse, readRequestHeader, type RequestHeader } from './protocol/request-header';
import { MalformedRequestError, WireReader } from './protocol/wire-reader';

/** api_key + api_version + correlation_id + client_id length: the smallest possible request. */
const MIN_REQUEST_BYTES = 10;
/** Stop reading from a client that queues more requests than this; resume once drained. */
const MAX_QUEUED_FRAMES = 64;

/**
 * One client TCP connection: splits the byte stream into size-prefixed frames and processes
 * them strictly one at a time, writing responses in request order. Real brokers do the same
 * (they mute a connection while one of its requests is in flight), which is why kafkajs keeps
 * Fetch on its own socket: a long-polled Fetch must not delay the heartbeats on the other one.
 *
 * A frame that cannot be parsed closes this connection only; every other client keeps working.
 */
export class BrokerConnection {
  private chunks: Buffer[] = [];
  private bufferedBytes = 0;
  private expectedFrameBytes: number | null = null;
  private readonly queue: Buffer[] = [];
  private draining = false;
  private closed = false;
  private readonly lifetime = new AbortController();
  private readonly clientHost: string;
  private readonly closedPromise: Promise<void>;

  constructor(
    private readonly socket: Socket,
    private readonly router: RequestRouter,
    private readonly logger: BrokerLogger,
    private readonly maxFrameBytes: number,
  ) {
    this.clientHost = `/${socket.remoteAddress ?? 'unknown'}`;
    socket.setNoDelay(true);
    this.closedPromise = new Promise((resolve) => socket.once('close', () => resolve()));
    socket.on('data', (chunk: Buffer) => this.onData(chunk));
    socket.on('close', () => this.markClosed());
    // ECONNRESET and friends: the 'close' that follows does the cleanup.
    socket.on('error', () => undefined);
  }

  /** Resolves once the socket is fully closed. */
  get closedSignal(): Promise<void> {
    return this.closedPromise;
  }

  destroy(): void {
    this.markClosed();
    this.socket.destroy();
  }

  private onData(chunk: Buffer): void {
    if (this.closed) {
      return;
    }
    this.chunks.push(chunk);
    this.bufferedBytes += chunk.length;
    for (;;) {
      if (this.expectedFrameBytes === null) {
        if (this.bufferedBytes < 4) {
          break;
        }
        const size = this.peekInt32();
        if (size < MIN_REQUEST_BYTES || size > this.maxFrameBytes) {
          this.closeMalformed(`invalid frame size ${size} (allowed ${MIN_REQUEST_BYTES}..${this.maxFrameBytes})`);
          return;
        }
        this.expectedFrameBytes = size;
      }
      if (this.bufferedBytes < 4 + this.expectedFrameBytes) {
        break;
      }
      const all = this.chunks.length === 1 ? (this.chunks[0] as Buffer) : Buffer.concat(this.chunks, this.bufferedBytes);
      const end = 4 + this.expectedFrameBytes;
      this.queue.push(all.subarray(4, end));
      const rest = all.subarray(end);
      this.chunks = rest.length > 0 ? [rest] : [];
      this.bufferedBytes = rest.length;
      this.expectedFrameBytes = null;
    }
    if (this.queue.length > MAX_QUEUED_FRAMES) {
      this.socket.pause();
    }
    void this.drain();
  }

  private peekInt32(): number {
    const first = this.chunks[0] as Buffer;
    if (first.length >= 4) {
      return first.readInt32BE(0);
    }
    const head = Buffer.concat(this.chunks, this.bufferedBytes);
    this.chunks = [head];
    return head.readInt32BE(0);
  }

  private async drain(): Promise<void> {
    if (this.draining) {
      return;
    }
    this.draining = true;
    try {
      let frame = this.queue.shift();
      while (frame !== undefined && !this.closed) {
        await this.handleFrame(frame);
        if (this.queue.length <= MAX_QUEUED_FRAMES / 2 && this.socket.isPaused()) {
          this.socket.resume();
        }
        frame = this.queue.shift();
      }
    } finally {
      this.draining = false;
    }
  }

  private async handleFrame(frame: Buffer): Promise<void> {
    const reader = new WireReader(frame);
    let header: RequestHeader | undefined;
    try {
      header = readRequestHeader(reader);
      const body = await this.router.route(header, reader, {
        apiVersion: header.apiVersion,
        clientId: header.clientId ?? '',
        clientHost: this.clientHost,
        signal: this.lifetime.signal,
      });
      if (body !== null && !this.closed) {
        this.socket.write(frameResponse(header.correlationId, body));
      }
    } catch (error) {
      if (error instanceof MalformedRequestError) {
        this.closeMalformed(error.message, header);
        return;
      }
      // A bug in a handler must cost one connection, never the broker.
      this.logger.error('request failed; closing connection', {
        error,
        apiKey: header?.apiKey,
        apiVersion: header?.apiVersion,
        clientId: header?.clientId,
      });
      this.destroy();
    }
  }

  private closeMalformed(reason: string, header?: RequestHeader): void {
    this.logger.warn('malformed request; closing connection', {
      reason,
      apiKey: header?.apiKey,
      apiVersion: header?.apiVersion,
      clientId: header?.clientId,
      clientHost: this.clientHost,
    });
    this.destroy();
  }

  private markClosed(): void {
    if (this.closed) {
      return;
    }
    this.closed = true;
    this.queue.length = 0;
    this.chunks = [];
    this.lifetime.abort();
  }
}
