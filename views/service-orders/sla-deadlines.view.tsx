/** An order's SLA deadlines with the time left to each, on its clock (business hours or wall clock). */
import type { SlaStanding } from '../../domain/service-orders/sla-standing.js';
import { formatLocalDateTime } from '../../domain/common/utility-time.js';

const LABELS = { assignment: 'Assign by', completion: 'Complete by' } as const;

/** "3 h 05 min", "45 min". */
export function durationText(minutes: number): string {
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  return h ? `${h} h ${String(m).padStart(2, '0')} min` : `${m} min`;
}

/** "3 h 05 min of business time left", "2 h left", or "past due by 20 min" ("business time" only on a business-hours SLA). */
export function timeLeftText(minutesLeft: number, clock: SlaStanding['clock']): string {
  const kind = clock === 'business' ? ' of business time' : '';
  return minutesLeft >= 0 ? `${durationText(minutesLeft)}${kind} left` : `past due by ${durationText(-minutesLeft)}${kind}`;
}

/** The deadlines as `dt`/`dd` pairs for an order's facts list; nothing once the order is closed. */
export function SlaDeadlines({ standing, timeZone }: { standing: SlaStanding; timeZone: string }) {
  return (
    <>
      {standing.deadlines.map((d) => (
        <>
          <dt>{LABELS[d.what]}</dt>
          <dd class={`sla-deadline${d.minutesLeft < 0 ? ' sla-past' : ''}`} data-sla={d.what}>
            <time datetime={d.due.toISOString()}>{formatLocalDateTime(d.due, timeZone)}</time>
            {' · '}<span class="sla-left">{timeLeftText(d.minutesLeft, standing.clock)}</span>
          </dd>
        </>
      ))}
    </>
  );
}
