/**
 * The words of the demo: order descriptions, completion notes, cancel reasons, complaint
 * and note texts. Kept apart so the generators stay about structure, not prose.
 */
import type { ServiceOrderType } from '../../domain/common/enums.js';

export const ORDER_DESCRIPTIONS: Record<ServiceOrderType, readonly string[]> = {
  transfer: ['Transfer of service: customer moving out; final read and close the account.', 'Move-out requested by customer; transfer service to the new occupant.'],
  disconnection: ['Disconnect service for non-payment after final notice.', 'Customer requested temporary disconnection while away.', 'Disconnect service: balance past due, no payment arrangement.'],
  reconnection: ['Reconnect service: past-due balance paid in full.', 'Reconnect service after customer returned.', 'Restore service: payment arrangement agreed.'],
  meter_reading: ['Manual read needed: AMI signal lost for two cycles.', 'Customer disputes last reading; read the register on site.', 'Verify register after estimated bill.'],
  maintenance: ['Replace the register battery of the smart meter.', 'Annual backflow preventer test.', 'Clean and reseal the meter box lid.'],
  repair: ['Leak at the meter box reported by the customer.', 'Curb stop valve stuck; cannot shut off water.', 'Replace cracked meter lid at the sidewalk.'],
  inspection: ['Inspect the meter after a high-consumption alert.', 'Check low water pressure reported by the customer.', 'Inspect meter seal and bypass for possible tampering.'],
  installation: ['Install a meter for a new connection.', 'Upgrade to an Aquaflow X200 smart meter.', 'Install a dedicated irrigation meter.'],
};

export const COMPLETION_NOTES = [
  'Work done; customer informed.', 'Completed as requested, no further issues found.', 'Done; photos attached to the work order.',
  'Completed; site left clean.', 'Job finished ahead of the window.', 'Completed; follow-up not needed.',
];

export const CANCEL_REASONS = [
  'Duplicate request.', 'Customer cancelled: issue resolved before the visit.', 'Customer not reachable; will call back.',
  'Created on the wrong account.', 'Request withdrawn by the customer.',
];

export const COMPLAINTS: ReadonlyArray<{ category: string; description: string; resolution: string }> = [
  { category: 'billing', description: 'Bill seems too high compared with last year.', resolution: 'Reviewed usage with the customer; seasonal irrigation explains it.' },
  { category: 'billing', description: 'Charged twice for the same month.', resolution: 'Duplicate charge reversed.' },
  { category: 'water quality', description: 'Water looks cloudy in the morning.', resolution: 'Air in the lines after main work; sample tested fine.' },
  { category: 'water quality', description: 'Chlorine taste in tap water.', resolution: 'Explained disinfection levels; within limits.' },
  { category: 'low pressure', description: 'Low pressure upstairs since last week.', resolution: 'Pressure regulator adjusted at the meter.' },
  { category: 'service', description: 'Technician missed the appointment window.', resolution: 'Apologised and rebooked with priority.' },
  { category: 'meter', description: 'Meter box lid is broken and unsafe.', resolution: 'Lid replaced.' },
  { category: 'staff', description: 'Call centre agent was unhelpful.', resolution: 'Feedback passed to the team lead; customer called back.' },
];

export const NOTES: readonly string[] = [
  'Customer prefers to be called after 5 pm.', 'Dog on premises; technicians should call ahead.', 'Gate code for meter access: ask the customer.',
  'Asked about paperless billing; sent instructions.', 'Customer asked for a payment arrangement; explained the options.',
  'Landlord handles the bills; tenant is the contact for visits.', 'Meter behind a locked fence; key with the neighbour.',
  'Customer reported a leak, fixed by their plumber.', 'Discussed high summer usage and lawn watering schedule.',
  'Elderly customer: speak slowly and confirm by letter.',
];

export const NOTE_EDITS: readonly string[] = [
  'Update: confirmed with the customer by phone.', 'Correction: see the latest communication for details.',
];

export const STAFF_HISTORY = ['Maria Lopez', 'Tom Becker', 'Priya Natarajan', 'Kevin O’Neil', 'Anne Dubois'];

export const TECHNICIAN_NAMES = [
  'Marcus Hill', 'Elena Petrova', 'Sam Okafor', 'Jordan Reyes', 'Lena Fischer', 'Victor Chen', 'Grace Mbeki',
  'Tomás Ibarra', 'Hannah Cole', 'Rafael Souza', 'Nora Lindqvist', 'Dev Patel', 'Chris Walker', 'Aisha Rahman', 'Owen Brooks',
];
