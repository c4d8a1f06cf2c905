/**
 * BENCHMARKS.md as data: rendering a bench's section with where its numbers come from
 * (the commit and the source files it measures), finding the sections again, marking
 * a section stale when its sources changed after it was measured, and turning missed
 * targets into the exit code. Pure: git and the file system are bench.ts's business.
 */
import type { BenchSection } from './bench-kit.js';

/** Which code a section measured: the commit checked out and the files or folders it exercises. */
export interface Provenance {
  commit: string;
  sources: readonly string[];
  /** The sources had uncommitted changes when it was measured. */
  dirty?: boolean;
}

export interface StoredSection {
  key: string;
  text: string;
  provenance: Provenance | null;
}

/** A commit that touched a section's sources after it was measured. */
export interface Change { commit: string; subject: string }

const STALE_PREFIX = 'stale: ';
const OPEN = /<!-- bench:([a-z0-9-]+)(?: commit=([0-9a-f]+)(\+dirty)? sources=(\S+))? -->/;

function openingMarker(key: string, provenance: Provenance): string {
  return `<!-- bench:${key} commit=${provenance.commit}${provenance.dirty ? '+dirty' : ''} sources=${provenance.sources.join(',')} -->`;
}

const short = (commit: string) => commit.slice(0, 10);

export function renderSection(section: BenchSection, key: string, when: string, provenance: Provenance): string {
  const code = `_Code: commit \`${short(provenance.commit)}\`${provenance.dirty ? ' with uncommitted changes' : ''}; measures ${provenance.sources.map((s) => `\`${s}\``).join(', ')}._`;
  const lines = [openingMarker(key, provenance), `## ${section.title}`, '', `_Measured ${when}._`, code, '', '| metric | value | target | |', '|---|---|---|---|'];
  for (const row of section.rows) {
    lines.push(`| ${row.metric} | ${row.value} | ${row.target ?? ''} | ${row.pass === undefined ? '' : row.pass ? 'pass' : '**FAIL**'} |`);
  }
  for (const note of section.notes ?? []) lines.push('', note);
  lines.push(`<!-- /bench:${key} -->`);
  return lines.join('\n');
}

/** Every bench section of the document, with its provenance when it recorded one. */
export function sectionsOf(document: string): StoredSection[] {
  const found: StoredSection[] = [];
  const pattern = /<!-- bench:([a-z0-9-]+)[^>]*-->[\s\S]*?<!-- \/bench:\1 -->/g;
  for (const match of document.matchAll(pattern)) {
    const open = OPEN.exec(match[0]);
    const provenance = open?.[2] ? { commit: open[2], sources: open[4].split(','), dirty: open[3] !== undefined } : null;
    found.push({ key: match[1], text: match[0], provenance });
  }
  return found;
}

/** The document with the section `key` replaced by `rendered`, or `rendered` appended when it is new. */
export function mergeSection(document: string, key: string, rendered: string): string {
  const pattern = new RegExp(`<!-- bench:${key}(?: [^>]*)? -->[\\s\\S]*?<!-- /bench:${key} -->`);
  return pattern.test(document) ? document.replace(pattern, () => rendered) : `${document.trimEnd()}\n\n${rendered}\n`;
}

/** The visible stale line for a section, or null when its numbers still describe the code. */
export function staleLine(provenance: Provenance | null, changes: readonly Change[] | 'unknown-commit'): string | null {
  if (provenance === null) return `${STALE_PREFIX}measured before sections recorded their commit and sources; rerun it to know.`;
  if (changes === 'unknown-commit') return `${STALE_PREFIX}commit ${short(provenance.commit)} is not in this history; rerun it to know.`;
  if (changes.length === 0) return null;
  const listed = changes.slice(0, 5).map((c) => `\`${short(c.commit)}\` ${c.subject.length > 70 ? `${c.subject.slice(0, 69)}…` : c.subject}`);
  const more = changes.length > 5 ? `; and ${changes.length - 5} more` : '';
  return `${STALE_PREFIX}code changed since ${short(provenance.commit)} (${changes.length} commit${changes.length === 1 ? '' : 's'} touch its sources: ${listed.join('; ')}${more}).`;
}

/** The section's text with its stale line set to `line` (added after the "Measured" lines, replaced, or removed when null). */
export function withStaleLine(text: string, line: string | null): string {
  const lines = text.split('\n').filter((l) => !l.startsWith(`**${STALE_PREFIX}`));
  if (line === null) return lines.join('\n');
  const measured = lines.findIndex((l) => l.startsWith('_Measured'));
  const at = measured < 0 ? 1 : measured + (lines[measured + 1]?.startsWith('_Code:') ? 2 : 1);
  lines.splice(at, 0, `**${line}**`);
  return lines.join('\n');
}

/** "key: metric (value, target …)" for every row that missed its target, and a line per bench that failed to run. */
export function failures(results: ReadonlyArray<{ key: string; section?: BenchSection; error?: string }>): string[] {
  const found: string[] = [];
  for (const { key, section, error } of results) {
    if (error !== undefined) found.push(`${key}: did not finish: ${error}`);
    for (const row of section?.rows ?? []) {
      if (row.pass === false) found.push(`${key}: ${row.metric} was ${row.value}, target ${row.target ?? '(none given)'}`);
    }
  }
  return found;
}

/** 0 when every target was met and every bench finished, 1 otherwise. */
export function exitCodeFor(failed: readonly string[]): number {
  return failed.length === 0 ? 0 : 1;
}
