/**
 * A problem a consumer reports in the portal (docs/rules.md#self-service-portal): it opens a
 * complaint on their account, and the photo they attach (JPEG, PNG or WebP, judged by its bytes,
 * at most PHOTO_MAX_BYTES) is kept as one of the account's documents, named by the complaint.
 * Everything is checked before anything is written; the three writes share one transaction.
 */
import type { EntityManager } from '@mikro-orm/postgresql';
import type { Actor } from '../common/actor.js';
import { db } from '../common/database.js';
import type { ComplaintStatus } from '../common/enums.js';
import { Invalid, NotFound } from '../common/errors.js';
import { fetchPage, type Page, type PageRequest } from '../common/paging.js';
import { COMPLAINT_MAX_LENGTH, openComplaint, SUGGESTED_CATEGORIES } from '../communications/complaints.js';
import { documentFile } from '../communications/document-queries.js';
import { checkFile, uploadDocument } from '../communications/documents.js';
import { PHOTO_FILE_TYPES } from '../communications/file-type.js';
import { requiredText } from '../communications/record-writes.js';

/** What a consumer may say the problem is about; a report without one is filed under `other`. */
export const PROBLEM_CATEGORIES = SUGGESTED_CATEGORIES;
export type ProblemCategory = (typeof PROBLEM_CATEGORIES)[number];

export interface Photo { fileName: string; content: Uint8Array }
export interface ProblemReport { description: string; category?: ProblemCategory; photo?: Photo | null }

export interface ReportedProblem {
  id: number; category: string; description: string; status: ComplaintStatus; openedAt: Date; resolvedAt: Date | null;
  resolution: string | null;
  /** The attached photo's document, when there is one (GET /me/problems/{id}/photo serves it). */
  photoDocumentId: number | null;
}

/** Opens the complaint and keeps the photo; `maxBytes` is PHOTO_MAX_BYTES. */
export async function reportProblem(
  em: EntityManager, accountNumber: string, report: ProblemReport, actor: Actor, maxBytes: number,
): Promise<ReportedProblem> {
  const description = requiredText(report.description, 'description', COMPLAINT_MAX_LENGTH);
  const photo = report.photo ?? null;
  const upload = photo && { title: 'photo', kind: 'other' as const, fileName: photo.fileName || 'photo', content: photo.content };
  if (upload) checkFile(upload, maxBytes, PHOTO_FILE_TYPES, 'photo');
  return em.transactional(async (tx) => {
    const complaint = await openComplaint(tx, accountNumber, { category: report.category ?? 'other', description }, actor);
    if (!upload) return { ...complaint, photoDocumentId: null };
    const { document } = await uploadDocument(tx, accountNumber, { ...upload, title: `Photo of reported problem #${complaint.id}` }, actor, maxBytes, PHOTO_FILE_TYPES);
    await db(tx).updateTable('complaint').set({ photo_document_id: document.id }).where('id', '=', complaint.id).execute();
    return { ...complaint, photoDocumentId: document.id };
  });
}

/** The account's complaints (the problems its consumer reported and any an agent logged), newest first. */
export function listProblems(em: EntityManager, accountId: number, request: PageRequest): Promise<Page<ReportedProblem>> {
  const complaints = db(em).selectFrom('complaint').where('account_id', '=', accountId);
  const select = complaints
    .select(['id', 'category', 'description', 'status', 'opened_at as openedAt', 'resolved_at as resolvedAt', 'resolution', 'photo_document_id as photoDocumentId'])
    .orderBy('opened_at', 'desc').orderBy('id', 'desc');
  return fetchPage(select, complaints.select((eb) => eb.fn.countAll<string>().as('total')), request, (row) => row);
}

/** The photo of one of the account's problems; another account's problem, or one without a photo, is not found. */
export async function problemPhoto(em: EntityManager, accountId: number, complaintId: number) {
  const row = await db(em).selectFrom('complaint').select(['account_id', 'photo_document_id'])
    .where('id', '=', complaintId).executeTakeFirst();
  if (!row || row.account_id !== accountId || row.photo_document_id === null) throw new NotFound('Photo of problem', String(complaintId));
  return documentFile(em, row.photo_document_id);
}

/** A form's or request's category text as a category, or a 422 naming it. */
export function problemCategory(value: string | undefined): ProblemCategory | undefined {
  if (value === undefined || value === '') return undefined;
  const category = PROBLEM_CATEGORIES.find((c) => c === value);
  if (!category) throw new Invalid('Pick one of the listed topics.', { category: `one of ${PROBLEM_CATEGORIES.join(', ')}` });
  return category;
}
