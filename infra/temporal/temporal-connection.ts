/** The process's Temporal connection (TemporalGateway), opened lazily, with a health check. */
import { Client, Connection } from '@temporalio/client';

/**
 * One lazily opened Temporal connection per process. The API must start and serve
 * while Temporal is down (orders then wait in the outbox), so nothing here connects
 * eagerly, and every call is bounded by a deadline.
 */
export class TemporalGateway {
  private connection: Connection | undefined;
  private client: Client | undefined;

  constructor(readonly address: string, readonly namespace: string) {}

  private open(): Connection {
    this.connection ??= Connection.lazy({ address: this.address, connectTimeout: '2s' });
    return this.connection;
  }

  workflowClient(): Client {
    this.client ??= new Client({ connection: this.open(), namespace: this.namespace });
    return this.client;
  }

  /** True when the frontend answers its gRPC health check within the timeout. */
  async isHealthy(timeoutMs = 1500): Promise<boolean> {
    try {
      const connection = this.open();
      const check = connection.withDeadline(Date.now() + timeoutMs, () => connection.healthService.check({}));
      const response = await check;
      return response.status === 1; // SERVING
    } catch {
      return false;
    }
  }

  async close(): Promise<void> {
    await this.connection?.close().catch(() => undefined);
    this.connection = undefined;
    this.client = undefined;
  }
}
