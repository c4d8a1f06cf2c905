/**
 * The process's Temporal connection (TemporalGateway), opened lazily, with a health check.
 *
 * The client library is loaded on first use, not at import: it is the largest thing an API
 * process would otherwise hold (about 25 MB resident of gRPC and protobuf code), and most API
 * processes never touch Temporal between restarts: only service-order moves do, and the health
 * check speaks gRPC's health protocol itself (temporal-health.ts).
 */
import type { Client, Connection } from '@temporalio/client';
import { isTemporalServing } from './temporal-health.js';

/**
 * One lazily opened Temporal connection per process. The API must start and serve
 * while Temporal is down (orders then wait in the outbox), so nothing here connects
 * eagerly, and every call is bounded by a deadline.
 */
export class TemporalGateway {
  private connection: Promise<Connection> | undefined;
  private client: Promise<Client> | undefined;

  constructor(readonly address: string, readonly namespace: string) {}

  private open(): Promise<Connection> {
    this.connection ??= import('@temporalio/client')
      .then(({ Connection }) => Connection.lazy({ address: this.address, connectTimeout: '2s' }));
    return this.connection;
  }

  workflowClient(): Promise<Client> {
    this.client ??= Promise.all([import('@temporalio/client'), this.open()])
      .then(([{ Client }, connection]) => new Client({ connection, namespace: this.namespace }));
    return this.client;
  }

  /** True when the frontend answers its gRPC health check within the timeout (without loading the client library). */
  isHealthy(timeoutMs = 1500): Promise<boolean> {
    return isTemporalServing(this.address, timeoutMs);
  }

  async close(): Promise<void> {
    const connection = await this.connection?.catch(() => undefined);
    this.connection = undefined;
    this.client = undefined;
    await connection?.close().catch(() => undefined);
  }
}
