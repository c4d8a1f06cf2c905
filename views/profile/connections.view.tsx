/** The profile's Connections tab: meters, readings and the consumption chart. */
import type { Page } from '../../domain/common/paging.js';
import type { ConsumptionMonth, MeterItem, ReadingItem } from '../../domain/readings/profile-connections.js';
import { ConsumptionChart } from './consumption-chart.view.js';
import { enumLabel, formatDay, formatNumber } from './format.js';
import { ReadingActions, ReadingForm } from './forms/reading-form.js';
import { MeterExchangeForm } from './forms/meter-exchange-form.js';
import { metersInService } from './forms/meter-choice.js';
import { Pager } from './pager.view.js';
import { tabUrl } from './tabs.view.js';

export interface ConnectionsProps {
  accountNumber: string;
  unit: string;
  meters: Page<MeterItem>;
  readings: Page<ReadingItem>;
  trend: ConsumptionMonth[];
  /** Today in the utility's zone (YYYY-MM-DD): the reading and exchange forms' default and latest date. */
  today: string;
}

function Meters({ meters }: Pick<ConnectionsProps, 'meters'>) {
  if (!meters.items.length) return <p class="muted">No meter is assigned to this account.</p>;
  return (
    <table class="meters">
      <thead>
        <tr>
          <th scope="col">Meter</th><th scope="col">Device</th><th scope="col">Type and model</th><th scope="col">Installed</th>
          <th scope="col">Assigned</th><th scope="col">Reading status</th><th scope="col" class="num">Last reading</th>
        </tr>
      </thead>
      <tbody>
        {meters.items.map((m) => (
          <tr data-meter={m.meterNumber}>
            <td>{m.meterNumber}</td>
            <td>{m.deviceNumber}</td>
            <td>{m.type}, {m.model}</td>
            <td>{formatDay(m.installedAt)}</td>
            <td>{formatDay(m.assignedAt)}{m.unassignedAt ? ` – ${formatDay(m.unassignedAt)} (removed)` : ''}</td>
            <td><span class={`meter-status meter-status-${m.readingStatus}`}>{enumLabel(m.readingStatus)}</span></td>
            <td class="num">{m.lastReading ? `${formatNumber(m.lastReading.value)} ${m.unit} on ${formatDay(m.lastReading.readAt)}` : '—'}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function rowClass(r: ReadingItem): string | undefined {
  const classes = [r.flags.length ? 'flagged' : '', r.source === 'estimated' ? 'estimated' : '', r.supersededBy ? 'superseded' : ''].filter(Boolean);
  return classes.length ? classes.join(' ') : undefined;
}

/** An estimate's figures are in italics (docs/rules.md#estimated-readings); an actual reading's are plain. */
function Figure({ reading, text }: { reading: ReadingItem; text: string }) {
  return reading.source === 'estimated' ? <em class="estimated-value">{text}</em> : text;
}

function consumptionText(r: ReadingItem, unit: string): string {
  if (r.supersededBy) return 'replaced';
  return r.consumption === null ? '—' : `${formatNumber(r.consumption)} ${unit}`;
}

/** Says what an estimate or exchange reading is, and which actual reading replaced an estimate. */
function SourceNote({ reading }: { reading: ReadingItem }) {
  if (reading.source === 'estimated') {
    return <small class="reading-source">{reading.supersededBy ? `estimated, superseded by reading #${reading.supersededBy}` : 'estimated'}</small>;
  }
  if (reading.source === 'exchange') return <small class="reading-source">meter exchange</small>;
  return null;
}

function Readings({ accountNumber, unit, readings }: ConnectionsProps) {
  if (!readings.items.length) return <p class="muted">No readings yet.</p>;
  return (
    <>
      <table class="readings">
        <thead>
          <tr>
            <th scope="col">Date</th><th scope="col">Meter</th><th scope="col" class="num">Value</th>
            <th scope="col" class="num">Consumption</th><th scope="col">Verification</th><th scope="col">Flags</th>
            <th scope="col"><span class="sr-only">Actions</span></th>
          </tr>
        </thead>
        <tbody>
          {readings.items.map((r) => (
            <tr id={`reading-${r.id}`} data-reading={String(r.id)} data-source={r.source} class={rowClass(r)}>
              <td>{formatDay(r.readAt)}</td>
              <td>{r.meterNumber}</td>
              <td class="num"><Figure reading={r} text={formatNumber(r.value)} /> <SourceNote reading={r} /></td>
              <td class="num"><Figure reading={r} text={consumptionText(r, unit)} /></td>
              <td><span class={`verification verification-${r.verificationStatus}`}>{enumLabel(r.verificationStatus)}</span></td>
              <td>{r.flags.length ? r.flags.map((f) => <span class="reading-flag">{enumLabel(f)}</span>) : '—'}</td>
              <td><ReadingActions accountNumber={accountNumber} reading={r} /></td>
            </tr>
          ))}
        </tbody>
      </table>
      <Pager page={readings} label="Readings" href={(page) => tabUrl(accountNumber, 'connections', { page })} />
    </>
  );
}

export function ConnectionsTab(props: ConnectionsProps) {
  return (
    <div class="connections">
      <section class="panel" aria-labelledby="meters-heading">
        <h2 id="meters-heading">Meters</h2>
        <Meters meters={props.meters} />
        <MeterExchangeForm accountNumber={props.accountNumber} meters={metersInService(props.meters.items)} today={props.today} />
      </section>
      <section class="panel" aria-labelledby="trend-heading">
        <h2 id="trend-heading">Consumption trend</h2>
        <ConsumptionChart months={props.trend} unit={props.unit} />
      </section>
      <section class="panel" aria-labelledby="readings-heading">
        <h2 id="readings-heading">Readings</h2>
        <ReadingForm accountNumber={props.accountNumber} meters={metersInService(props.meters.items)} today={props.today} />
        <Readings {...props} />
      </section>
    </div>
  );
}
