/**
 * An account's meters, their assignments to its service connection and their monthly
 * cumulative readings. Registers only go up; the exceptions are a replaced meter (the
 * new register starts at zero, and its first reading says so) and a planted regression.
 */
import type { AccountStatus } from '../../domain/common/enums.js';
import { applyAnomalyToUsage, regressedValue } from './anomalies.js';
import type { Timeline } from './context.js';
import { usageBetween, type UsagePattern } from './consumption.js';
import { at, isoDate, isoTimestamp } from './days.js';
import type { AnomalyKind } from './fixtures.js';
import type { Rng } from './prng.js';
import type { IdCursor, MeterAssignmentRow, MeterRow, ReadingRow } from './rows.js';

export interface MeterIdentity {
  meterNumber: string;
  deviceNumber: string;
  model: string;
}

export interface MeterHistoryInput {
  accountId: number;
  connectionId: number;
  status: AccountStatus;
  meterType: string;
  usage: UsagePattern;
  customerSince: number;
  days: number[];
  /** True when the first day is the installation of a brand-new meter (register at 0). */
  startsAtInstallation: boolean;
  anomaly: AnomalyKind | null;
  /** Index in `days` of the old meter's last reading; the new meter takes over from there. */
  replacementAt: number | null;
  /** Fixed identity of the current meter (the showcase account's M-5678). */
  currentMeter?: MeterIdentity;
  /** Rewrites the usages after drawing (the showcase account pins its latest value). */
  adjustUsage?: (usage: number[]) => void;
}

export interface MeterHistory {
  /** The reading days, one reading each. */
  days: number[];
  meters: MeterRow[];
  assignments: MeterAssignmentRow[];
  readings: ReadingRow[];
  currentMeterId: number | null;
  /** Per reading day, the water since the previous reading; billing uses [1, billableUpTo]. */
  usage: number[];
  billableUpTo: number;
  flaggedReadingId: number | null;
}

const YEAR = 365;

function modelFor(rng: Rng, meterType: string, installed: number, timeline: Timeline): string {
  const recent = timeline.asOfDay - installed < 6 * YEAR;
  if (meterType === 'Commercial') return recent ? 'Clearline C60 Smart' : 'Clearline C40';
  if (meterType === 'Irrigation') return 'Clearline C25';
  return recent ? 'Aquaflow X200' : rng.pick(['Aquaflow X100', 'HydroSense R5']);
}

function meterRow(id: number, identity: MeterIdentity, meterType: string, installed: number, readingStatus: string): MeterRow {
  return {
    id, meter_number: identity.meterNumber, device_number: identity.deviceNumber, type: meterType, model: identity.model,
    unit: 'gallons', installed_at: isoDate(installed), reading_status: readingStatus, created_at: isoTimestamp(at(installed, 15)),
  };
}

function currentReadingStatus(rng: Rng, status: AccountStatus): string {
  if (status === 'inactive' || status === 'disconnected') return 'inactive';
  return rng.chance(0.01) ? 'maintenance' : 'active';
}

/** The register value before the first reading of the window: years of use since installation. */
function startingRegister(rng: Rng, input: MeterHistoryInput, installed: number): number {
  if (input.startsAtInstallation) return 0;
  const months = (input.days[0] - installed) / (365.25 / 12);
  return Math.round(input.usage.base * months * rng.float(0.85, 1.1));
}

function drawUsage(rng: Rng, input: MeterHistoryInput): number[] {
  const usage = [0];
  for (let i = 1; i < input.days.length; i++) usage.push(usageBetween(rng, input.usage, input.days[i - 1], input.days[i]));
  if (input.anomaly) applyAnomalyToUsage(rng, input.anomaly, usage);
  input.adjustUsage?.(usage);
  return usage;
}

interface MeterSpan { id: number; from: number; to: number; start: number }

/** The meters in use over the days: one, or the old and the new one around a replacement. */
function planMeters(rng: Rng, input: MeterHistoryInput, ids: IdCursor, timeline: Timeline): { spans: MeterSpan[]; rows: MeterRow[] } {
  const days = input.days;
  const firstInstalled = input.startsAtInstallation
    ? days[0]
    : Math.max(input.customerSince, days[0] - rng.int(30, 15 * YEAR));
  const replacement = input.replacementAt;
  const spans: MeterSpan[] = [];
  const rows: MeterRow[] = [];
  const add = (from: number, to: number, installed: number, identity: MeterIdentity | undefined, current: boolean) => {
    const id = ids.meter++;
    const model = identity?.model ?? modelFor(rng, input.meterType, installed, timeline);
    const who = identity ?? { meterNumber: `M-${200000 + id}`, deviceNumber: `D-${3000000 + id}`, model };
    const status = current ? currentReadingStatus(rng, input.status) : 'inactive';
    rows.push(meterRow(id, who, input.meterType, installed, status));
    spans.push({ id, from, to, start: installed });
  };
  if (replacement === null) {
    add(0, days.length - 1, firstInstalled, input.currentMeter, true);
  } else {
    add(0, replacement, firstInstalled, undefined, false);
    add(replacement + 1, days.length - 1, days[replacement], input.currentMeter, true);
  }
  return { spans, rows };
}

function assignmentRows(spans: MeterSpan[], input: MeterHistoryInput, ids: IdCursor): MeterAssignmentRow[] {
  return spans.map((span, i) => {
    const closed = i < spans.length - 1 ? input.days[span.to] : null;
    return {
      id: ids.meter_assignment++, meter_id: span.id, connection_id: input.connectionId, assigned_at: isoDate(span.start),
      unassigned_at: closed === null ? null : isoDate(closed), created_at: isoTimestamp(at(span.start, 15, 5)),
    };
  });
}

function readingRow(id: number, meterId: number, input: MeterHistoryInput, day: number, value: number, consumption: number | null, replaced: boolean, model: string): ReadingRow {
  const smart = model.includes('X200') || model.includes('Smart');
  return {
    id, meter_id: meterId, account_id: input.accountId, read_at: isoDate(day), value, consumption,
    verification_status: 'verified', flags: [], source: smart ? 'ami' : 'manual', meter_replaced: replaced,
    created_by_id: null, verified_by_id: null, verified_at: isoTimestamp(at(day, 17, 30)), created_at: isoTimestamp(at(day, 16)),
  };
}

export function meterHistory(rng: Rng, input: MeterHistoryInput, ids: IdCursor, timeline: Timeline): MeterHistory {
  const usage = drawUsage(rng, input);
  const { spans, rows } = planMeters(rng, input, ids, timeline);
  const readings: ReadingRow[] = [];
  let flaggedReadingId: number | null = null;
  for (const [s, span] of spans.entries()) {
    const model = rows[s].model;
    let value = s === 0 ? startingRegister(rng, input, span.start) : 0;
    for (let i = span.from; i <= span.to; i++) {
      const firstOfMeter = i === span.from;
      const replaced = firstOfMeter && s > 0;
      if (!(firstOfMeter && s === 0)) value += usage[i];
      const consumption = firstOfMeter && s === 0 ? null : usage[i];
      readings.push(readingRow(ids.reading++, span.id, input, input.days[i], value, consumption, replaced, model));
    }
  }
  if (input.anomaly && readings.length > 1) flaggedReadingId = flagLast(rng, readings, input.anomaly);
  const flagged = flaggedReadingId !== null;
  return {
    days: input.days,
    meters: rows,
    assignments: assignmentRows(spans, input, ids),
    readings,
    currentMeterId: spans[spans.length - 1].id,
    usage,
    billableUpTo: input.days.length - 1 - (flagged ? 1 : 0),
    flaggedReadingId,
  };
}

/** Marks the latest reading with its anomaly: pending, flagged, and for a regression a lower value. */
function flagLast(rng: Rng, readings: ReadingRow[], kind: AnomalyKind): number {
  const last = readings[readings.length - 1];
  if (kind === 'regression') {
    last.value = regressedValue(rng, readings[readings.length - 2].value);
    last.consumption = null;
  }
  last.verification_status = 'pending';
  last.verified_at = null;
  last.flags = [kind];
  return last.id;
}
