/** The User entity (table `app_user`). */
import { defineEntity, p, type InferEntity } from '@mikro-orm/core';
import { ROLES } from '../common/enums.js';

/** A person who signs in: an agent, a dispatcher or an admin. */
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
    createdAt: p.datetime().onCreate(() => new Date()),
  },
});
export type IUser = InferEntity<typeof User>;
