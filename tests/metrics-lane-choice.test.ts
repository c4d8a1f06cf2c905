/**
 * Which lane the nightly run's next chunk goes to (infra/metrics/metrics-lanes.ts `pickLane`): the
 * working lane with the fewest chunks waiting, never a broken lane while another still works.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { pickLane } from '../infra/metrics/metrics-lanes.js';

interface FakeLane { name: string; pending: Map<number, never>; broken: Error | null }

const lane = (name: string, waiting: number, broken = false): FakeLane => ({
  name, pending: new Map(Array.from({ length: waiting }, (_, i) => [i, undefined as never])), broken: broken ? new Error(`${name} stopped`) : null,
});

const cases: Array<{ why: string; lanes: FakeLane[]; picked: string }> = [
  { why: 'the lane with fewer chunks waiting', lanes: [lane('a', 2), lane('b', 1)], picked: 'b' },
  { why: 'the first of equals', lanes: [lane('a', 1), lane('b', 1)], picked: 'a' },
  { why: 'a broken lane (none waiting) is passed over', lanes: [lane('a', 0, true), lane('b', 2)], picked: 'b' },
  { why: 'a broken lane is passed over wherever it stands', lanes: [lane('a', 1), lane('b', 0, true), lane('c', 2)], picked: 'a' },
  { why: 'every lane broken: the first, whose error fails the chunk', lanes: [lane('a', 0, true), lane('b', 0, true)], picked: 'a' },
];

for (const c of cases) {
  test(`pickLane: ${c.why}`, () => {
    assert.is(pickLane(c.lanes).name, c.picked);
  });
}

test.run();
