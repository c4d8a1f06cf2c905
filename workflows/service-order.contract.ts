/**
 * The service-order workflow's public shape: its input, its updates and query, and the
 * failure types the API turns into HTTP answers. Pure types and names only, so both the
 * workflow bundle and the API import it.
 */
import { defineQuery, defineUpdate } from '@temporalio/workflow';
import type { ServiceOrderPriority, ServiceOrderStatus, ServiceOrderType } from '../domain/shared/enums.js';

export const workflowIdFor = (orderNumber: string) => `service-order-${orderNumber}`;

export interface Actor {
  userId: number | null;
  name: string;
}

export interface ServiceOrderInput {
  orderNumber: string;
  type: ServiceOrderType;
  priority: ServiceOrderPriority;
  /** Where the order stands when the workflow starts (created, or later for orders recorded before). */
  status: ServiceOrderStatus;
  /** How many transitions are already recorded; the workflow numbers its moves after them. */
  recordedTransitions: number;
  technicianId: number | null;
  scheduledFor: string | null;
  windowMinutes: number | null;
  createdAt: string;
  assignWithinSeconds: number;
  completeWithinSeconds: number;
  reminderLeadSeconds: number;
  overdue: boolean;
}

export interface AssignArgs { actor: Actor; technicianId: number; note?: string }
export interface ScheduleArgs { actor: Actor; scheduledFor: string; windowMinutes: number; note?: string }
export interface StartArgs { actor: Actor; note?: string }
export interface CompleteArgs {
  actor: Actor;
  note?: string;
  reading?: { value: number; readAt: string };
  resolution?: { verifyFlaggedReading?: boolean; closeFraudFlags?: boolean; meterStatus?: 'active' | 'inactive' | 'maintenance' };
}
export interface CancelArgs { actor: Actor; reason: string }

export interface OrderState {
  status: ServiceOrderStatus;
  technicianId: number | null;
  scheduledFor: string | null;
  windowMinutes: number | null;
  overdue: boolean;
  transitions: number;
  /** Visits already handled by the reminder loop: reminded, or already past when seen. */
  remindedVisits: string[];
}

export const assignUpdate = defineUpdate<OrderState, [AssignArgs]>('assign');
export const scheduleUpdate = defineUpdate<OrderState, [ScheduleArgs]>('schedule');
export const startUpdate = defineUpdate<OrderState, [StartArgs]>('start');
export const completeUpdate = defineUpdate<OrderState, [CompleteArgs]>('complete');
export const cancelUpdate = defineUpdate<OrderState, [CancelArgs]>('cancel');
export const stateQuery = defineQuery<OrderState>('state');

/** ApplicationFailure type of a refused move; its details carry `{currentStatus, reason}`. */
export const ILLEGAL_TRANSITION = 'IllegalTransition';
/** ApplicationFailure type of a move whose arguments don't fit the order (e.g. a meter-reading order completed without a reading). */
export const INVALID_MOVE = 'InvalidMove';
