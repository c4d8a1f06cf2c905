/**
 * An API process keeps Temporal's client library and bull-board out of memory until it needs them
 * (about 35 MB resident of the ~250 MB a process may hold under load, docs/operations.md#api-memory):
 * building the whole app loads neither; the first workflow client or queue-dashboard visit does.
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { PROJECT_ROOT } from '../scripts/lib/project-paths.js';

const run = promisify(execFile);

/** Which of the heavy packages a fresh process has loaded after `steps` (a module's body), as watched by a resolve hook. */
async function heavyPackagesLoadedAfter(steps: string): Promise<string[]> {
  const script = `
    import { registerHooks } from 'node:module';
    const loaded = new Set();
    registerHooks({ resolve(specifier, context, next) {
      const resolved = next(specifier, context);
      const found = /node_modules\\/(@temporalio\\/[^/]+|@bull-board\\/[^/]+|bullmq)\\//.exec(resolved.url);
      if (found) loaded.add(found[1]);
      return resolved;
    } });
    ${steps}
    console.log(JSON.stringify([...loaded].sort()));
    process.exit(0);`;
  const { stdout } = await run(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { cwd: PROJECT_ROOT, timeout: 60_000 });
  return JSON.parse(stdout.trim().split('\n').at(-1) ?? '[]');
}

test('building the API app and its services, and a health check, load neither Temporal nor bull-board', async () => {
  const loaded = await heavyPackagesLoadedAfter(`
    await import('./api/app.ts');
    await import('./api/common/actor.ts');
    await import('./infra/outbox/outbox-relay.ts');
    const { TemporalGateway } = await import('./infra/temporal/temporal-connection.ts');
    if (!(await new TemporalGateway(process.env.TEMPORAL_ADDRESS, 'default').isHealthy())) throw new Error('Temporal is not healthy');`);
  assert.equal(loaded.filter((name) => name.startsWith('@temporalio/') || name.startsWith('@bull-board/')), []);
});

test('the first workflow client loads Temporal’s client library (the watch above can see it)', async () => {
  const loaded = await heavyPackagesLoadedAfter(`
    const { TemporalGateway } = await import('./infra/temporal/temporal-connection.ts');
    const gateway = new TemporalGateway('127.0.0.1:1', 'default');
    await gateway.workflowClient();
    await gateway.close();`);
  assert.ok(loaded.includes('@temporalio/client'), loaded.join(', '));
});

test.run();
