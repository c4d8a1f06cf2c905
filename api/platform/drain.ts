/**
 * Graceful drain of an API process on SIGTERM (docs/operations.md): it stops listening, tells
 * clients on kept-alive connections to go elsewhere, lets the requests in flight finish
 * (up to a limit, 10 s by default) and only then closes its connections and services.
 */
import type { ServerType } from '@hono/node-server';
import type { MiddlewareHandler } from 'hono';
import { setAnswerHeader } from '../common/answer-header.js';

export class Drain {
  #inFlight = 0;
  #draining = false;

  /** True from the moment the drain starts: `/health/ready` answers 503. */
  get draining(): boolean {
    return this.#draining;
  }

  get inFlight(): number {
    return this.#inFlight;
  }

  /** Counts requests in flight; while draining each answer closes its connection. */
  readonly middleware: MiddlewareHandler = async (c, next) => {
    this.#inFlight += 1;
    try {
      await next();
      if (this.#draining) setAnswerHeader(c, 'Connection', 'close');
    } finally {
      this.#inFlight -= 1;
    }
  };

  /**
   * Stops taking connections (idle kept-alive ones close at once), lets the requests in
   * flight finish and their connections close, and cuts whatever is left after `limitMs`.
   * Resolves with how many requests were still running when cut.
   */
  async drain(server: ServerType, limitMs = 10_000): Promise<{ unfinished: number }> {
    this.#draining = true;
    let unfinished = 0;
    const closed = new Promise<void>((resolve) => server.close(() => resolve()));
    const cut = setTimeout(() => {
      unfinished = this.#inFlight;
      if ('closeAllConnections' in server) server.closeAllConnections();
    }, limitMs);
    await closed;
    clearTimeout(cut);
    return { unfinished };
  }
}
