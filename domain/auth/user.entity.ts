/** The User entity (table `app_user`). */
import { defineEntity, p, type InferEntity } from '@mikro-orm/core';
import { ROLES } from '../common/enums.js';
import { Account } from '../accounts/account.entity.js';

/** A person who signs in: an agent, a dispatcher, an admin, or a consumer tied to one account. */
export const User = defineEntity({
  name: 'User',
  tableName: 'app_user',
  properties: {
    id: p.integer().primary().autoincrement(),
    email: p.string().unique(),
    name: p.string(),
    role: p.enum(ROLES),
    passwordHash: p.string().hidden(),
    active: p.boolean().default(true),
    /** The one account a consumer may see; null for staff. */
    account: () => p.manyToOne(Account).nullable(),
    createdAt: p.datetime().onCreate(() => new Date()),
  },
});
export type IUser = InferEntity<typeof User>;
