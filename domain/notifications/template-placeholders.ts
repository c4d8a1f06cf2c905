/**
 * What is wrong with a template's `{{placeholders}}` (docs/rules.md#notification-templates): a name the
 * renderer does not know, a variable the event never fills, or braces left open. The
 * editor refuses such a template, naming each problem, and the `notifications` setting's
 * schema applies the same check, so a typo can never reach a consumer as an empty gap.
 */
import type { NotificationEvent } from '../common/enums.js';
import { EVENT_VARIABLES, TEMPLATE_VARIABLES } from './notification-template-defaults.js';

/** Anything between double braces, so `{{first name}}` is named as written, not skipped. */
const BRACED = /\{\{([^{}]*)\}\}/g;
const eventLabel = (event: NotificationEvent) => event.replaceAll('_', ' ');

/** The problems of one template text for `event`, each a sentence naming the placeholder; empty when it is fine. */
export function placeholderProblems(text: string, event: NotificationEvent): string[] {
  const problems: string[] = [];
  for (const [whole, inner] of text.matchAll(BRACED)) {
    const name = inner.trim();
    if (!(TEMPLATE_VARIABLES as readonly string[]).includes(name)) {
      problems.push(`${whole} is not a placeholder; use one of ${EVENT_VARIABLES[event].join(', ')}`);
    } else if (!EVENT_VARIABLES[event].includes(name as (typeof TEMPLATE_VARIABLES)[number])) {
      problems.push(`${whole} has no value for ${eventLabel(event)}; use one of ${EVENT_VARIABLES[event].join(', ')}`);
    }
  }
  const rest = text.replace(BRACED, '');
  if (rest.includes('{{') || rest.includes('}}')) problems.push('a {{ without its }} (or the other way round)');
  return [...new Set(problems)];
}
