/**
 * The fixed tariff bills are computed with: a monthly base charge plus a rate per
 * 1,000 gallons, per rate plan, all in integer cents. Also each plan's typical monthly
 * usage, which drives the consumption model.
 */
import type { Rng } from './prng.js';

export interface RatePlan {
  name: string;
  baseChargeCents: number;
  centsPerThousandGallons: number;
  /** Range of the account's average monthly usage, gallons. */
  usage: readonly [number, number];
  commercial: boolean;
  meterType: string;
}

export const RATE_PLANS = {
  standard: { name: 'Standard Residential', baseChargeCents: 1850, centsPerThousandGallons: 520, usage: [3_000, 9_000], commercial: false, meterType: 'Residential' },
  lowIncome: { name: 'Low-Income Residential', baseChargeCents: 925, centsPerThousandGallons: 390, usage: [2_500, 6_000], commercial: false, meterType: 'Residential' },
  multiFamily: { name: 'Multi-Family Residential', baseChargeCents: 3400, centsPerThousandGallons: 495, usage: [12_000, 30_000], commercial: false, meterType: 'Residential' },
  smallCommercial: { name: 'Small Commercial', baseChargeCents: 4200, centsPerThousandGallons: 610, usage: [8_000, 35_000], commercial: true, meterType: 'Commercial' },
  irrigation: { name: 'Irrigation', baseChargeCents: 2500, centsPerThousandGallons: 680, usage: [4_000, 15_000], commercial: true, meterType: 'Irrigation' },
} as const satisfies Record<string, RatePlan>;

export type RatePlanKey = keyof typeof RATE_PLANS;

const PLAN_WEIGHTS: Record<RatePlanKey, number> = { standard: 70, lowIncome: 11, multiFamily: 5, smallCommercial: 11, irrigation: 3 };

export function drawRatePlan(rng: Rng): RatePlanKey {
  return rng.weighted(PLAN_WEIGHTS);
}

/**
 * Base charge per whole month of the period (round(days / 30.44), at least 1, as
 * domain/billing/billing-overview's monthsInPeriod counts them) plus usage at the volume rate.
 */
export function billAmountCents(plan: RatePlan, usageGallons: number, periodDays: number): number {
  const months = Math.max(1, Math.round(periodDays / (365.25 / 12)));
  return plan.baseChargeCents * months + Math.round((usageGallons * plan.centsPerThousandGallons) / 1000);
}
