/**
 * axe-core in a test page: WCAG 2.1 level A and AA rules only, run after the page settled.
 * The script is evaluated through the debugging protocol, so the app's strict CSP (no inline
 * script) stays on for the page under test.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Page } from 'playwright-core';

const require = createRequire(import.meta.url);
const AXE_SOURCE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

/** The success criteria we hold every page to: docs/architecture.md#accessibility. */
export const WCAG_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];

/** One failing rule on one element. */
export interface AxeFinding { rule: string; target: string; summary: string; help: string }

interface AxeResult {
  violations: Array<{ id: string; help: string; nodes: Array<{ target: unknown[]; failureSummary?: string }> }>;
}

/** Every violation on the page as it is now, one finding per element. */
export async function axeFindings(page: Page): Promise<AxeFinding[]> {
  const loaded = await page.evaluate(() => typeof (globalThis as { axe?: unknown }).axe === 'object');
  if (!loaded) await page.evaluate(AXE_SOURCE);
  const options = { runOnly: { type: 'tag', values: WCAG_TAGS }, resultTypes: ['violations'] };
  const result = await page.evaluate(`axe.run(document, ${JSON.stringify(options)})`) as AxeResult;
  return result.violations.flatMap((v) => v.nodes.map((node) => ({
    rule: v.id,
    target: node.target.map(String).join(' > '),
    summary: (node.failureSummary ?? '').replace(/\s+/g, ' ').trim(),
    help: v.help,
  })));
}

/** A readable report: one line per finding, grouped under the page it was found on. */
export function describeFindings(byPage: Map<string, AxeFinding[]>): string {
  const lines: string[] = [];
  for (const [where, findings] of byPage) {
    if (!findings.length) continue;
    lines.push(`${where}:`);
    for (const f of findings) lines.push(`  [${f.rule}] ${f.target}: ${f.summary || f.help}`);
  }
  return lines.join('\n');
}

/** How many findings each rule has, most first: the before/after numbers. */
export function countByRule(findings: AxeFinding[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const f of findings) counts[f.rule] = (counts[f.rule] ?? 0) + 1;
  return Object.fromEntries(Object.entries(counts).sort((a, b) => b[1] - a[1]));
}
