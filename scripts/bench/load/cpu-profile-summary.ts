/**
 * Summarizes a V8 .cpuprofile (`node --cpu-prof`): the functions with the most self time, by
 * function, file and line, as a share of all samples. `node --import tsx scripts/bench/load/cpu-profile-summary.ts FILE [N]`.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
}
interface Profile {
  startTime: number;
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

export interface SelfTime {
  name: string;
  where: string;
  ms: number;
  share: number;
}

/** Shortens a file URL to what names it: the package under node_modules, or the path in the project. */
function shortWhere(url: string, line: number): string {
  if (!url) return '(native)';
  const file = url.replace(/^file:\/\//, '');
  const packageAt = file.lastIndexOf('node_modules/');
  const shown = packageAt >= 0 ? file.slice(packageAt + 'node_modules/'.length) : path.relative(process.cwd(), file);
  return `${shown}:${line + 1}`;
}

/** Self time per function; `skipMs` leaves out the first samples (start-up and warm-up, not the load). */
export function topSelfTime(profile: Profile, count = 10, skipMs = 0): SelfTime[] {
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const totals = new Map<string, { name: string; where: string; us: number }>();
  let all = 0;
  let elapsedUs = 0;
  profile.samples.forEach((id, i) => {
    const us = profile.timeDeltas[i] ?? 0;
    elapsedUs += us;
    if (elapsedUs < skipMs * 1000) return;
    const frame = byId.get(id)?.callFrame;
    if (!frame) return;
    all += us;
    const name = frame.functionName || '(anonymous)';
    const where = shortWhere(frame.url, frame.lineNumber);
    const key = `${name}@${where}`;
    const entry = totals.get(key) ?? { name, where, us: 0 };
    entry.us += us;
    totals.set(key, entry);
  });
  return [...totals.values()].sort((a, b) => b.us - a.us).slice(0, count)
    .map((entry) => ({ name: entry.name, where: entry.where, ms: entry.us / 1000, share: entry.us / Math.max(1, all) }));
}

/** Self time grouped by where the code lives: the app's folders, or each package. */
export function selfTimeByOwner(profile: Profile, skipMs = 0): { owner: string; share: number }[] {
  const top = topSelfTime(profile, Number.POSITIVE_INFINITY, skipMs);
  const owners = new Map<string, number>();
  for (const entry of top) {
    const match = /^(@[^/]+\/[^/]+|[^/:(]+)/.exec(entry.where);
    const owner = entry.where.startsWith('(') ? entry.name.startsWith('(') ? entry.name : '(native)' : (match?.[1] ?? entry.where);
    owners.set(owner, (owners.get(owner) ?? 0) + entry.share);
  }
  return [...owners.entries()].map(([owner, share]) => ({ owner, share })).sort((a, b) => b.share - a.share);
}

export function readProfile(file: string): Profile {
  return JSON.parse(readFileSync(file, 'utf8')) as Profile;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const file = process.argv[2];
  if (!file) throw new Error('usage: cpu-profile-summary.ts FILE.cpuprofile [N]');
  const profile = readProfile(file);
  for (const entry of topSelfTime(profile, Number(process.argv[3] ?? 10))) {
    process.stdout.write(`${(entry.share * 100).toFixed(1).padStart(5)}%  ${entry.ms.toFixed(0).padStart(7)} ms  ${entry.name}  ${entry.where}\n`);
  }
  process.stdout.write('\nby owner:\n');
  for (const { owner, share } of selfTimeByOwner(profile).slice(0, 15)) process.stdout.write(`${(share * 100).toFixed(1).padStart(5)}%  ${owner}\n`);
}
