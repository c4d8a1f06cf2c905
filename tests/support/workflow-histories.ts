/**
 * Workflow histories as JSON fixtures (tests/fixtures/service-order-histories/): written by
 * `npm run record:histories`, replayed by tests/workflow-replay.test.ts. Protobuf's own object form
 * (enum names, base64 bytes, 64-bit numbers as strings), read back with the same definitions.
 */
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import proto from '@temporalio/proto';
import { PROJECT_ROOT } from '../../scripts/lib/project-paths.js';

const { History } = proto.temporal.api.history.v1;
type IHistory = proto.temporal.api.history.v1.IHistory;
export const HISTORIES_DIR = path.join(PROJECT_ROOT, 'tests', 'fixtures', 'service-order-histories');

export function historyToFixture(history: IHistory): string {
  const object = History.toObject(History.fromObject(history), { enums: String, longs: String, bytes: String, defaults: false });
  return `${JSON.stringify(object, null, 1)}\n`;
}

export interface HistoryFixture { name: string; history: proto.temporal.api.history.v1.History }

/** Every recorded history, by scenario name. */
export function loadHistoryFixtures(dir = HISTORIES_DIR): HistoryFixture[] {
  return readdirSync(dir).filter((file) => file.endsWith('.json')).sort().map((file) => ({
    name: file.replace(/\.json$/, ''),
    history: History.fromObject(JSON.parse(readFileSync(path.join(dir, file), 'utf8'))),
  }));
}
