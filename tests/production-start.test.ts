/**
 * Production runs compiled JavaScript (docs/operations.md#deploy): `npm run build` compiles the app into
 * dist/ with its static files, and `npm start` runs it as API_PROCESSES processes sharing one port, each
 * answering pages, assets and the API, all stopping on one SIGTERM; the operator's commands run compiled too.
 */
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { outputOf } from '../scripts/lib/processes.js';
import { PROJECT_ROOT } from '../scripts/lib/project-paths.js';
import { sql } from 'kysely';
import { db } from '../domain/common/database.js';
import { CALLER_CHANGES_APPLICATION_NAME } from '../infra/database/caller-change-listener.js';
import { createTestDatabase, type TestDatabase } from './support/database.js';
import { insertMinimalAccount } from './support/minimal-account.js';
import { freePort } from './support/free-port.js';

const run = promisify(execFile);
let database: TestDatabase;
let outDir: string;

test.before(async () => {
  database = await createTestDatabase('production_start');
  // Inside the project, as dist/ is: the compiled files find the packages in its node_modules.
  mkdirSync(path.join(PROJECT_ROOT, '.data'), { recursive: true });
  outDir = mkdtempSync(path.join(PROJECT_ROOT, '.data', 'build-'));
  // What `npm run build` does, into a folder of this test's own.
  await run(path.join(PROJECT_ROOT, 'node_modules/.bin/tsc'), ['-p', 'tsconfig.build.json', '--outDir', outDir], { cwd: PROJECT_ROOT });
  cpSync(path.join(PROJECT_ROOT, 'views/static'), path.join(outDir, 'views/static'), { recursive: true });
});
test.after(async () => {
  rmSync(outDir, { recursive: true, force: true });
  await database.drop();
});

/** The children of a process, by their command lines (procps `ps`). */
async function childrenOf(pid: number): Promise<string[]> {
  const { stdout } = await run('ps', ['--ppid', String(pid), '-o', 'args=']).catch(() => ({ stdout: '' }));
  return stdout.split('\n').filter(Boolean);
}

async function waitForAnswer(url: string, child: ChildProcess): Promise<Response> {
  for (let tries = 0; tries < 240; tries++) {
    if (child.exitCode !== null) throw new Error(`the API exited with ${child.exitCode}`);
    const answer = await fetch(url).catch(() => null);
    if (answer) return answer;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`no answer from ${url}`);
}

test('the build has no TypeScript left to run: every entry point compiled', () => {
  for (const file of ['api/start.js', 'api/server.js', 'workers/temporal.js', 'workers/jobs.js', 'workflows/index.js', 'scripts/migrate.js', 'views/static/app.css']) {
    assert.ok(existsSync(path.join(outDir, file)), `${file} in the build`);
  }
});

test('every start script (the processes and the operator commands) runs a compiled file of the build on plain node', () => {
  const scripts = (JSON.parse(readFileSync(path.join(PROJECT_ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts;
  const starts = Object.entries(scripts).filter(([name]) => name === 'start' || name.startsWith('start:'));
  const names = starts.map(([name]) => name);
  for (const command of ['start:migrate', 'start:user-create', 'start:import-bills', 'start:allocations-rebuild']) {
    assert.ok(names.includes(command), `${command} among ${names.join(', ')}`);
  }
  for (const [name, command] of starts) {
    const file = /^node (?:--\S+ )*dist\/(\S+\.js)\b/.exec(command)?.[1];
    assert.ok(file, `${name} runs node on a file of dist/: ${command}`);
    assert.ok(existsSync(path.join(outDir, file)), `${name}: ${file} in the build`);
  }
});

/** Runs a compiled operator command of the build, as `npm run start:…` does, and collects what it printed. */
async function runCompiled(file: string, args: string[]): Promise<{ code: number; out: string }> {
  const { code, output } = await outputOf(spawn(process.execPath, [path.join(outDir, file), ...args, '--database-url', database.url], {
    cwd: os.tmpdir(), env: { ...process.env, NODE_ENV: 'test', LOG_LEVEL: 'warn' }, stdio: ['ignore', 'pipe', 'pipe'],
  }));
  return { code, out: output };
}

test('the compiled bill import loads a billing run and names its rejected lines; the compiled allocation check agrees', async () => {
  const account = await insertMinimalAccount(database.orm);
  const file = path.join(outDir, 'bills.csv');
  writeFileSync(file, [
    'accountNumber,periodStart,periodEnd,issuedAt,dueDate,amountCents,usage',
    `${account.accountNumber},2026-01-01,2026-01-31,2026-02-01,2026-02-21,4321,10`,
    `${account.accountNumber},x,2026-02-28,2026-03-01,2026-03-21,1,1`,
  ].join('\n'));
  const imported = await runCompiled('scripts/import-bills.js', [file]);
  assert.is(imported.code, 65, imported.out);
  assert.match(imported.out, '2 rows: 1 loaded, 0 already imported, 1 rejected');
  assert.match(imported.out, `line 3 (${account.accountNumber}): periodStart`);
  const { balance_cents } = await db(database.orm.em.fork()).selectFrom('account').select('balance_cents').where('id', '=', account.id).executeTakeFirstOrThrow();
  assert.is(balance_cents, 4321);
  const check = await runCompiled('scripts/allocations-rebuild.js', ['--check']);
  assert.is(check.code, 0, check.out);
  assert.match(check.out, "Every account's stored rows equal the rebuild.");
});

/**
 * Connections to the test's database other than the asking one: `pool`, those of the pools (the default), or
 * `listening`, the API processes' caller-change listeners (infra/database/caller-change-listener.ts).
 */
async function databaseConnections(kind: 'pool' | 'listening' = 'pool'): Promise<number> {
  const listener = sql<boolean>`application_name = ${CALLER_CHANGES_APPLICATION_NAME}`;
  const { rows } = await sql<{ n: number }>`select count(*)::int as n from pg_stat_activity
    where datname = current_database() and backend_type = 'client backend' and pid <> pg_backend_pid()
      and ${kind === 'listening' ? listener : sql<boolean>`not (${listener})`}`.execute(db(database.orm.em.fork()));
  return rows[0].n;
}

test('npm start runs API_PROCESSES compiled processes on one port; pages, assets and the API answer; each keeps to DATABASE_POOL_SIZE connections and listens on one more; SIGTERM stops them all', async () => {
  const port = await freePort();
  const before = await databaseConnections();
  const child = spawn(process.execPath, [path.join(outDir, 'api/start.js')], {
    cwd: os.tmpdir(),
    env: { ...process.env, NODE_ENV: 'test', API_PROCESSES: '2', DATABASE_POOL_SIZE: '2', PORT: String(port), HOST: '127.0.0.1', DATABASE_URL: database.url, LOG_LEVEL: 'warn' },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  try {
    const base = `http://127.0.0.1:${port}`;
    assert.is((await waitForAnswer(`${base}/health/live`, child)).status, 200);
    const processes = await childrenOf(child.pid ?? 0);
    assert.is(processes.length, 2, `two API processes: ${processes.join(' | ')}`);
    assert.ok(processes.every((line) => line.includes('api/start.js') && !line.includes('tsx')), 'compiled JavaScript, no transpiler');
    const login = await fetch(`${base}/login`);
    assert.is(login.status, 200);
    assert.match(await login.text(), /<form/);
    assert.is((await fetch(`${base}/static/app.css`)).status, 200);
    const api = await fetch(`${base}/api/v1/dashboard`);
    assert.is(api.status, 401, 'the API answers (signed out)');
    // 40 health checks at once, each asking PostgreSQL: two processes with pools of 2 open at most 4 connections.
    await Promise.all(Array.from({ length: 40 }, () => fetch(`${base}/health`).then((answer) => answer.arrayBuffer())));
    const opened = (await databaseConnections()) - before;
    assert.ok(opened >= 1 && opened <= 4, `the API processes opened ${opened} connections`);
    // Each opens it at start, beside the server: give the second a moment if it has not yet.
    let listening = await databaseConnections('listening');
    for (let waited = 0; listening < 2 && waited < 5_000; waited += 50) {
      await new Promise((resolve) => setTimeout(resolve, 50));
      listening = await databaseConnections('listening');
    }
    assert.is(listening, 2, 'each process listens for caller changes on one connection more');
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    child.kill('SIGTERM');
    const code = await Promise.race([exited, new Promise<'late'>((resolve) => setTimeout(() => resolve('late'), 20_000))]);
    assert.is(code, 0, 'all processes drained and the primary exited');
  } finally {
    if (child.exitCode === null) child.kill('SIGKILL');
  }
});

test.run();
