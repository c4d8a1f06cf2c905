/**
 * The world of a test that creates and completes service orders through the API: a server with its
 * own database, a Temporal worker on a task queue of its own, an agent and a dispatcher (bearer
 * tokens, and the agent's signed-in page session), and one technician with the given skills.
 */
import type { ServiceOrderType } from '../../domain/common/enums.js';
import { jsonApiCall } from './activity-client.js';
import { createUser, type TestServer } from './app-server.js';
import { apiToken, signIn, type SignedIn } from './browser-session.js';
import { insertTechnician } from './minimal-account.js';
import { startServerWithWorker } from './server-with-worker.js';

export interface OrderDesk {
  server: TestServer;
  agent: string;
  dispatcher: string;
  agentPage: SignedIn;
  technicianId: number;
  /** POST a JSON body to /api/v1`path` with a bearer token: the status and the parsed answer. */
  post(path: string, token: string, body: unknown): ReturnType<ReturnType<typeof jsonApiCall>>;
  close(): Promise<void>;
}

export async function startOrderDesk(label: string, skills: ServiceOrderType[]): Promise<OrderDesk> {
  const { server, close } = await startServerWithWorker(label);
  const a = await createUser(server.db, 'agent');
  const d = await createUser(server.db, 'dispatcher', 'dana@example.com');
  const call = jsonApiCall(server);
  return {
    server,
    agent: await apiToken(server.baseUrl, a.email, a.password),
    dispatcher: await apiToken(server.baseUrl, d.email, d.password),
    agentPage: await signIn(server.baseUrl, a.email, a.password),
    technicianId: await insertTechnician(server.db.orm, skills),
    post: (path, token, body) => call('POST', path, token, body),
    close,
  };
}
