/** Display labels of the service-order enumerations. */
import type { ServiceOrderPriority, ServiceOrderStatus, ServiceOrderType } from '../../domain/common/enums.js';

/** The words dispatchers use for order types, statuses and priorities. */
export const TYPE_LABELS: Record<ServiceOrderType, string> = {
  transfer: 'Transfer', disconnection: 'Disconnection', reconnection: 'Reconnection', meter_reading: 'Meter reading',
  maintenance: 'Maintenance', repair: 'Repair', inspection: 'Inspection', installation: 'Installation',
};
export const STATUS_LABELS: Record<ServiceOrderStatus, string> = {
  created: 'Created', assigned: 'Assigned', scheduled: 'Scheduled', in_progress: 'In progress', completed: 'Completed', cancelled: 'Cancelled',
};
export const PRIORITY_LABELS: Record<ServiceOrderPriority, string> = { low: 'Low', normal: 'Normal', high: 'High', emergency: 'Emergency' };
