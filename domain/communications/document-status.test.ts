/** Unit tests: document status moves one step forward only. */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { DOCUMENT_STATUSES, type DocumentStatus } from '../common/enums.js';
import { canMoveDocument, nextDocumentStatus } from './document-status.js';

const allowed = new Set(['processing→verified', 'verified→published']);

for (const from of DOCUMENT_STATUSES) {
  for (const to of DOCUMENT_STATUSES) {
    const move = `${from}→${to}`;
    test(`${move} is ${allowed.has(move) ? 'allowed' : 'refused'}`, () => {
      assert.is(canMoveDocument(from, to), allowed.has(move));
    });
  }
}

test('the next status of each', () => {
  const next: Record<DocumentStatus, DocumentStatus | null> = { processing: 'verified', verified: 'published', published: null };
  for (const status of DOCUMENT_STATUSES) assert.is(nextDocumentStatus(status), next[status], status);
});

test.run();
