/**
 * A document's review status (docs/rules.md#consumer-profile): processing → verified → published, one step at
 * a time and never backwards. Skipping "verified" would publish a file nobody checked;
 * moving back would unpublish what customers may already rely on. A new upload of the
 * same title starts again at "processing" (the new file has not been checked).
 */
import type { DocumentStatus } from '../common/enums.js';

const NEXT: Record<DocumentStatus, DocumentStatus | null> = {
  processing: 'verified',
  verified: 'published',
  published: null,
};

/** The one status a document may move to next, or null when it is final. */
export function nextDocumentStatus(current: DocumentStatus): DocumentStatus | null {
  return NEXT[current];
}

/** Whether `from → to` is allowed: exactly the next step. */
export function canMoveDocument(from: DocumentStatus, to: DocumentStatus): boolean {
  return NEXT[from] === to;
}
