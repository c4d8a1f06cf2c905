/** The Setting entity (table `setting`): admin-editable JSON by key. */
import { defineEntity, p, type InferEntity } from '@mikro-orm/core';
import { User } from '../auth/user.entity.js';

/** An admin-editable setting (VIP thresholds, SLA timers, templates, metrics schedule), as JSON by key. */
export const Setting = defineEntity({
  name: 'Setting',
  properties: {
    key: p.string().primary(),
    value: p.json<unknown>(),
    updatedAt: p.datetime().onCreate(() => new Date()).onUpdate(() => new Date()),
    updatedBy: () => p.manyToOne(User).nullable().index(),
  },
});
export type ISetting = InferEntity<typeof Setting>;
