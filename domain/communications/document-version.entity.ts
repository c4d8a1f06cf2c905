/** The DocumentVersion entity (table `document_version`): one uploaded file of a document. */
import { defineEntity, p, type InferEntity } from '@mikro-orm/core';
import { Document } from './document.entity.js';
import { User } from '../auth/user.entity.js';

/** One uploaded file of a document; the bytes live in Postgres (lazy, never loaded by lists). */
export const DocumentVersion = defineEntity({
  name: 'DocumentVersion',
  properties: {
    id: p.integer().primary().autoincrement(),
    document: () => p.manyToOne(Document),
    version: p.integer(),
    fileName: p.string(),
    contentType: p.string(),
    sizeBytes: p.integer(),
    sha256: p.string().length(64),
    content: p.blob().lazy(),
    uploadedBy: () => p.manyToOne(User).nullable().index(),
    uploadedAt: p.datetime().onCreate(() => new Date()),
  },
  uniques: [{ properties: ['document', 'version'] }],
});
export type IDocumentVersion = InferEntity<typeof DocumentVersion>;
