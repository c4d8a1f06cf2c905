// The static checks as tests, so `npm test` and CI count them: the typecheck, Biome's lint
// and the layer boundaries (dependency-cruiser) each pass or fail as one test. `.ci/run` runs
// them first where their output shows and sets CISTERN_STATIC_CHECKS_PASSED=1 when they passed:
// they are then skipped here rather than run twice.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { runStaticCheck, STATIC_CHECKS } from '../scripts/lib/static-checks.js';

const alreadyPassed = process.env.CISTERN_STATIC_CHECKS_PASSED === '1';

for (const script of STATIC_CHECKS) {
  if (alreadyPassed) {
    test.skip(`npm run ${script} (passed before the suite, in .ci/run)`);
    continue;
  }
  test(`npm run ${script}`, async () => {
    const { ok, output } = await runStaticCheck(script);
    assert.ok(ok, `npm run ${script} failed:\n${output}`);
  });
}

test.run();
