/**
 * The timeline as an Atom 1.0 feed (RFC 4287): one entry per timeline entry, newest first, each
 * with a stable id, the summary as its title, the actor as its author and a link to the record.
 * Text is escaped for XML, and characters XML cannot carry at all are dropped.
 */
import type { TimelineEntry } from '../../domain/timeline/timeline-entries.js';

// Everything but tab, line feed, carriage return and the legal ranges of XML 1.0 (lone surrogates included).
const NOT_XML = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;

export function xmlText(value: string): string {
  return value.replace(NOT_XML, '').replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;').replaceAll("'", '&apos;');
}

export interface AtomFeed {
  accountNumber: string;
  /** Absolute: the site's public address, ending before the path. */
  baseUrl: string;
  selfUrl: string;
  entries: readonly TimelineEntry[];
  /** When the feed was made: its `updated` when it has no entries. */
  now: Date;
}

function entryXml(e: TimelineEntry, feed: AtomFeed): string {
  // The cursor names the record (source and row id) and its time: a stable, unique id for the entry.
  const id = `urn:cistern:timeline:${encodeURIComponent(feed.accountNumber)}:${e.cursor}`;
  return [
    '  <entry>',
    `    <id>${xmlText(id)}</id>`,
    `    <title type="text">${xmlText(e.summary)}</title>`,
    `    <updated>${e.at.toISOString()}</updated>`,
    `    <author><name>${xmlText(e.actor ?? 'Cistern')}</name></author>`,
    `    <category term="${xmlText(e.kind)}"/>`,
    `    <link rel="alternate" type="text/html" href="${xmlText(feed.baseUrl + e.link)}"/>`,
    '  </entry>',
  ].join('\n');
}

export function timelineAtom(feed: AtomFeed): string {
  const updated = (feed.entries[0]?.at ?? feed.now).toISOString();
  const profile = `${feed.baseUrl}/accounts/${encodeURIComponent(feed.accountNumber)}/timeline`;
  return [
    '<?xml version="1.0" encoding="utf-8"?>',
    '<feed xmlns="http://www.w3.org/2005/Atom">',
    `  <id>${xmlText(`urn:cistern:timeline:${encodeURIComponent(feed.accountNumber)}`)}</id>`,
    `  <title type="text">${xmlText(`Timeline of account ${feed.accountNumber}`)}</title>`,
    `  <updated>${updated}</updated>`,
    '  <author><name>Cistern</name></author>',
    `  <link rel="self" type="application/atom+xml" href="${xmlText(feed.selfUrl)}"/>`,
    `  <link rel="alternate" type="text/html" href="${xmlText(profile)}"/>`,
    ...feed.entries.map((e) => entryXml(e, feed)),
    '</feed>',
    '',
  ].join('\n');
}
