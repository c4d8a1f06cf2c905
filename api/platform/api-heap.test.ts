/**
 * The API processes' heap flags: added once, an operator's own setting wins (on the command line or in
 * NODE_OPTIONS), and the commands that start a single process (`npm start`, the image, compose) carry the same.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { readFileSync } from 'node:fs';
import { API_HEAP_FLAGS, API_OLD_SPACE_MB, API_SEMI_SPACE_MB, withApiHeapFlags } from './api-heap.js';

const semi = `--max-semi-space-size=${API_SEMI_SPACE_MB}`;
const old = `--max-old-space-size=${API_OLD_SPACE_MB}`;

const cases: { given: string[]; nodeOptions?: string; expected: string[] }[] = [
  { given: [], expected: [semi, old] },
  { given: ['--cpu-prof'], expected: ['--cpu-prof', semi, old] },
  { given: ['--max-semi-space-size=64'], expected: ['--max-semi-space-size=64', old] },
  { given: ['--max_old_space_size=2048'], expected: ['--max_old_space_size=2048', semi] },
  { given: [], nodeOptions: '--enable-source-maps --max-old-space-size=1024', expected: [semi] },
  { given: [], nodeOptions: '--max-semi-space-size=8 --max-old-space-size=1024', expected: [] },
];

test('withApiHeapFlags adds each heap limit unless the operator set it', () => {
  for (const { given, nodeOptions, expected } of cases) {
    assert.equal(withApiHeapFlags(given, nodeOptions ?? ''), expected, `${given.join(' ')} | NODE_OPTIONS=${nodeOptions ?? ''}`);
  }
});

test('npm start, the image and the compose file start a single process with the same heap flags', () => {
  const root = new URL('../../', import.meta.url);
  const start = JSON.parse(readFileSync(new URL('package.json', root), 'utf8')).scripts.start as string;
  assert.is(start, `node ${API_HEAP_FLAGS.join(' ')} dist/api/start.js`);
  const cmd = /^CMD (.+)$/m.exec(readFileSync(new URL('Dockerfile', root), 'utf8'))?.[1];
  assert.equal(JSON.parse(cmd ?? 'null'), ['node', ...API_HEAP_FLAGS, 'dist/api/start.js']);
  const compose = /^ {2}api:\n(?: {4}.*\n)*? {4}command: (.+)$/m.exec(readFileSync(new URL('docker-compose.yml', root), 'utf8'))?.[1];
  assert.equal(JSON.parse(compose ?? 'null'), ['node', ...API_HEAP_FLAGS, 'dist/api/start.js']);
});

test.run();
