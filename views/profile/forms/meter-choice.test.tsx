/** The meter field of the reading and exchange forms, and which meters they offer. */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { MeterChoice, metersInService } from './meter-choice.js';

const meters = (...numbers: string[]) => numbers.map((meterNumber) => ({ meterNumber }));
const html = (node: unknown) => String(node);

const cases: { name: string; props: Parameters<typeof MeterChoice>[0]; has: string[]; hasNot: string[] }[] = [
  {
    name: 'one meter: a hidden field, nothing to pick',
    props: { name: 'meterNumber', label: 'Meter', meters: meters('M-1') },
    has: ['<input type="hidden" name="meterNumber" value="M-1"/>'], hasNot: ['<select', '<label'],
  },
  {
    name: 'several meters: a labelled list with the chosen one selected',
    props: { name: 'oldMeterNumber', label: 'Meter to replace', meters: meters('M-1', 'M-2'), selected: 'M-2' },
    has: ['<label for="f-oldMeterNumber">Meter to replace</label>', '<select id="f-oldMeterNumber" name="oldMeterNumber">',
      '<option value="M-1">M-1</option>', '<option value="M-2" selected="">M-2</option>'],
    hasNot: ['aria-invalid', 'field-error'],
  },
  {
    name: 'several meters, refused: the error beside the list and tied to it',
    props: { name: 'meterNumber', label: 'Meter', meters: meters('M-1', 'M-2'), selected: 'M-1', error: 'Pick a meter of this account.' },
    has: ['aria-invalid="true"', 'aria-describedby="f-meterNumber-error"', '<p class="field-error" id="f-meterNumber-error" role="alert">Pick a meter of this account.</p>'],
    hasNot: [],
  },
];

for (const { name, props, has, hasNot } of cases) {
  test(`MeterChoice: ${name}`, () => {
    const out = html(MeterChoice(props));
    for (const part of has) assert.ok(out.includes(part), `${part}\nin ${out}`);
    for (const part of hasNot) assert.not.ok(out.includes(part), `${part}\nin ${out}`);
  });
}

test('metersInService leaves out a removed meter and keeps the order', () => {
  const removed = new Date('2026-01-02T00:00:00Z');
  const listed = [{ meterNumber: 'M-1', unassignedAt: null }, { meterNumber: 'M-2', unassignedAt: removed }, { meterNumber: 'M-3', unassignedAt: null }];
  assert.equal(metersInService(listed).map((m) => m.meterNumber), ['M-1', 'M-3']);
});

test.run();
