/** Wording the portal's pages share: money as a consumer reads it, order types and statuses, reading flags. */
import { formatCents } from '../../domain/common/money.js';
import { READING_FLAG_LABELS } from '../../domain/readings/reading-checks.js';
import type { ReadingFlag } from '../../domain/common/enums.js';

export { formatCents };

const ORDER_TYPES: Record<string, string> = {
  reconnection: 'Reconnect my service', meter_reading: 'Read my meter', repair: 'Repair', inspection: 'Inspection',
  transfer: 'Transfer', disconnection: 'Disconnection', maintenance: 'Maintenance', installation: 'Installation',
};
const ORDER_STATUSES: Record<string, string> = {
  created: 'Received', assigned: 'Technician assigned', scheduled: 'Visit scheduled', in_progress: 'Work in progress',
  completed: 'Done', cancelled: 'Cancelled',
};

export const orderTypeLabel = (type: string) => ORDER_TYPES[type] ?? type;
export const orderStatusLabel = (status: string) => ORDER_STATUSES[status] ?? status;
export const flagLabels = (flags: ReadingFlag[]) => flags.map((f) => READING_FLAG_LABELS[f]).join('; ');
