/**
 * A Redis client for request-path use: it fails fast when Redis is down instead of
 * queueing commands forever, and keeps retrying the connection in the background.
 */
import { Redis } from 'ioredis';

export function openRedis(url: string, name: string): Redis {
  const redis = new Redis(url, {
    connectionName: name,
    lazyConnect: true,
    enableOfflineQueue: false,
    maxRetriesPerRequest: 1,
    connectTimeout: 1000,
    retryStrategy: (attempt) => Math.min(attempt * 200, 2000),
  });
  redis.on('error', () => undefined); // reported through health checks, not as unhandled events
  redis.connect().catch(() => undefined);
  return redis;
}

export async function isRedisHealthy(redis: Redis, timeoutMs = 1000): Promise<boolean> {
  try {
    // A client still (re)connecting is given the timeout to become ready before it counts as down.
    const ready = redis.status === 'ready' ? Promise.resolve() : new Promise<void>((resolve) => redis.once('ready', () => resolve()));
    const reply = await withTimeout(ready.then(() => redis.ping()), timeoutMs);
    return reply === 'PONG';
  } catch {
    return false;
  }
}

export function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms`)), ms);
    promise.then(
      (value) => { clearTimeout(timer); resolve(value); },
      (error) => { clearTimeout(timer); reject(error); },
    );
  });
}
