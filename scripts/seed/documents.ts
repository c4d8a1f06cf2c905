/**
 * A few documents per hundred accounts (service agreements, autopay authorizations,
 * inspection reports), each with one or two uploaded versions: a tiny real PDF, so
 * downloads open, with its size and SHA-256 as an upload would record them.
 */
import { createHash } from 'node:crypto';
import type { DocumentKind, DocumentStatus } from '../../domain/common/enums.js';
import type { SeedContext, Timeline } from './context.js';
import { SECONDS_PER_DAY, isoTimestamp, isoDate } from './days.js';
import { tinyPdf } from './pdf.js';
import type { AccountProfile } from './profile.js';
import type { Rng } from './prng.js';
import type { DocumentRow, DocumentVersionRow, IdCursor } from './rows.js';

const DOCUMENT_RATE = 0.012;

export interface DocumentSpec { kind: DocumentKind; title: string; status: DocumentStatus; versions: number }

function drawSpecs(rng: Rng, profile: AccountProfile, timeline: Timeline): DocumentSpec[] {
  if (!rng.chance(DOCUMENT_RATE)) return [];
  const status = () => rng.weighted({ published: 50, verified: 30, processing: 20 }) as DocumentStatus;
  const versions = () => (rng.chance(0.25) ? 2 : 1);
  const specs: DocumentSpec[] = [{ kind: 'service_agreement', title: `Service agreement ${isoDate(profile.customerSince).slice(0, 4)}`, status: status(), versions: versions() }];
  if (profile.paymentMethod === 'autopay') specs.push({ kind: 'billing_authorization', title: 'Autopay authorization', status: status(), versions: 1 });
  if (rng.chance(0.3)) specs.push({ kind: 'report', title: `Leak inspection report ${isoDate(timeline.lastDay - rng.int(20, 300)).slice(0, 7)}`, status: status(), versions: versions() });
  return specs;
}

function versionRow(documentId: number, version: number, spec: DocumentSpec, profile: AccountProfile, uploadedAt: number, ids: IdCursor, uploaderId: number | null): DocumentVersionRow {
  const name = `${profile.name.firstName} ${profile.name.lastName}`;
  const content = tinyPdf([spec.title, `Account ${profile.accountNumber} - ${name}`, profile.contact.serviceAddress, `Version ${version}`]);
  const slug = spec.title.toLowerCase().replace(/[^a-z0-9]+/g, '-');
  return {
    id: ids.document_version++, document_id: documentId, version, file_name: `${slug}-v${version}.pdf`, content_type: 'application/pdf',
    size_bytes: content.length, sha256: createHash('sha256').update(content).digest('hex'), content,
    uploaded_by_id: uploaderId, uploaded_at: isoTimestamp(uploadedAt),
  };
}

export function documentsFor(rng: Rng, profile: AccountProfile, accountId: number, ids: IdCursor, context: SeedContext, timeline: Timeline, fixed?: DocumentSpec[]): { documents: DocumentRow[]; versions: DocumentVersionRow[] } {
  const documents: DocumentRow[] = [];
  const versions: DocumentVersionRow[] = [];
  for (const spec of fixed ?? drawSpecs(rng, profile, timeline)) {
    const id = ids.document++;
    let uploaded = (timeline.lastDay - rng.int(30, 700)) * SECONDS_PER_DAY + rng.int(14 * 3600, 22 * 3600);
    const created = uploaded;
    for (let v = 1; v <= spec.versions; v++) {
      if (v > 1) uploaded = Math.min(uploaded + rng.int(1, 20) * SECONDS_PER_DAY, timeline.cutoff - 3600);
      versions.push(versionRow(id, v, spec, profile, uploaded, ids, context.users.agent.id));
    }
    documents.push({
      id, account_id: accountId, title: spec.title, kind: spec.kind, status: spec.status, current_version: spec.versions,
      created_at: isoTimestamp(created), updated_at: isoTimestamp(uploaded + (spec.status === 'processing' ? 0 : 3600)),
    });
  }
  return { documents, versions };
}
