/**
 * The service-order workflow's Temporal names: its updates (one per move) and its
 * state query. The shapes they carry are the domain's (service-order-workflow.ts).
 */
import { defineQuery, defineUpdate } from '@temporalio/workflow';
import type {
  AssignArgs, CancelArgs, CompleteArgs, OrderState, ScheduleArgs, StartArgs,
} from '../domain/service-orders/service-order-workflow.js';

export const assignUpdate = defineUpdate<OrderState, [AssignArgs]>('assign');
export const scheduleUpdate = defineUpdate<OrderState, [ScheduleArgs]>('schedule');
export const startUpdate = defineUpdate<OrderState, [StartArgs]>('start');
export const completeUpdate = defineUpdate<OrderState, [CompleteArgs]>('complete');
export const cancelUpdate = defineUpdate<OrderState, [CancelArgs]>('cancel');
export const stateQuery = defineQuery<OrderState>('state');
