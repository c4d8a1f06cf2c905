/**
 * uvu as the test files see it under scripts/test.ts: the same `test`, `suite` and `exec`, with
 * every hook wrapped so its failure is printed (uvu swallows a failing before hook: no reason, exit 0).
 */
import * as uvu from 'uvu';
import { HOOK_FAILURE_MARK } from './uvu-summary.js';

type Callback<T> = uvu.Callback<T>;

function reporting<T>(kind: string, suiteName: string, hook: Callback<T>): Callback<T> {
  return async (context) => {
    try {
      await hook(context);
    } catch (error) {
      const where = suiteName ? `${kind} hook of suite "${suiteName}"` : `${kind} hook`;
      const reason = error instanceof Error ? (error.stack ?? error.message) : String(error);
      process.stdout.write(`\n  ${HOOK_FAILURE_MARK}  ${where}\n    ${reason.replace(/\n/g, '\n    ')}\n\n`);
      process.exitCode = 1;
      throw error;
    }
  };
}

function withReportingHooks<T>(test: uvu.Test<T>, suiteName: string): uvu.Test<T> {
  const { before, after } = test;
  const wrap = (kind: string, register: (hook: Callback<T>) => void) => (hook: Callback<T>) => register(reporting(kind, suiteName, hook));
  test.before = Object.assign(wrap('before', before), { each: wrap('before.each', before.each) });
  test.after = Object.assign(wrap('after', after), { each: wrap('after.each', after.each) });
  return test;
}

export const test = withReportingHooks(uvu.test, '');
export const exec = uvu.exec;
export function suite<T = Record<string, unknown>>(title?: string, context?: T): uvu.Test<T> {
  return withReportingHooks(uvu.suite(title, context), title ?? '');
}
