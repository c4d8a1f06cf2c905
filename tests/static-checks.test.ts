// The static checks as tests, so `npm test` and CI count them: the typecheck, Biome's lint
// and the layer boundaries (dependency-cruiser) each pass or fail as one test.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { runStaticCheck, STATIC_CHECKS } from '../scripts/lib/static-checks.js';

for (const script of STATIC_CHECKS) {
  test(`npm run ${script}`, async () => {
    const { ok, output } = await runStaticCheck(script);
    assert.ok(ok, `npm run ${script} failed:\n${output}`);
  });
}

test.run();
