import { connect, type Socket } from 'node:net';
import { WireWriter } from '../protocol/wire-writer';

/**
 * A bare Kafka-protocol TCP client for tests that must send what kafkajs never would: unknown
 * API keys, unsupported versions, broken frames. Responses are matched by correlation id.
 */
export class RawKafkaClient {
  private buffered = Buffer.alloc(0);
  private nextCorrelationId = 1;
  private readonly pending = new Map<number, (body: Buffer) => void>();
  readonly closed: Promise<void>;
  /** Correlation ids of every response received, in arrival order. */
  readonly receivedCorrelationIds: number[] = [];

  private constructor(private readonly socket: Socket) {
    this.closed = new Promise((resolve) => socket.once('close', () => resolve()));
    socket.on('error', () => undefined);
    socket.on('data', (chunk: Buffer) => this.onData(chunk));
  }

  static connect(port: number, host = '127.0.0.1'): Promise<RawKafkaClient> {
    return new Promise((resolve, reject) => {
      const socket = connect({ port, host }, () => {
        socket.off('error', reject);
        resolve(new RawKafkaClient(socket));
      });
      socket.once('error', reject);
    });
  }

  /** Sends a request (header v1) and resolves with the response body after the correlation id. */
  request(apiKey: number, apiVersion: number, body: Buffer = Buffer.alloc(0), clientId = 'raw-test'): Promise<Buffer> {
    const correlationId = this.nextCorrelationId++;
    const response = new Promise<Buffer>((resolve) => this.pending.set(correlationId, resolve));
    this.send(apiKey, apiVersion, correlationId, body, clientId);
    return response;
  }

  /** Sends a request for which no response is expected (e.g. Produce with acks=0). */
  sendWithoutResponse(apiKey: number, apiVersion: number, body: Buffer): number {
    const correlationId = this.nextCorrelationId++;
    this.send(apiKey, apiVersion, correlationId, body, 'raw-test');
    return correlationId;
  }

  writeBytes(bytes: Buffer): void {
    this.socket.write(bytes);
  }

  close(): void {
    this.socket.destroy();
  }

  private send(apiKey: number, apiVersion: number, correlationId: number, body: Buffer, clientId: string): void {
    const header = new WireWriter().int16(apiKey).int16(apiVersion).int32(correlationId).string(clientId).toBuffer();
    const size = Buffer.alloc(4);
    size.writeInt32BE(header.length + body.length);
    this.socket.write(Buffer.concat([size, header, body]));
  }

  private onData(chunk: Buffer): void {
    this.buffered = Buffer.concat([this.buffered, chunk]);
    while (this.buffered.length >= 4) {
      const size = this.buffered.readInt32BE(0);
      if (this.buffered.length < 4 + size) {
        return;
      }
      const correlationId = this.buffered.readInt32BE(4);
      const body = Buffer.from(this.buffered.subarray(8, 4 + size));
      this.buffered = this.buffered.subarray(4 + size);
      this.receivedCorrelationIds.push(correlationId);
      const resolve = this.pending.get(correlationId);
      this.pending.delete(correlationId);
      resolve?.(body);
    }
  }
}
