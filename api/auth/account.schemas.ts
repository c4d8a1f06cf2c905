/** The commands of one's own sign-in settings and of reset links: one zod schema each, shared by the JSON routes and the forms. */
import { z } from '@hono/zod-openapi';
import { PASSWORD_LENGTH } from '../../domain/auth/password.js';

/** A password a person chooses: 12 to 128 characters, any characters (docs/rules.md#sign-in-and-sessions). */
export const NewPassword = z.string({ error: 'required' })
  .min(PASSWORD_LENGTH.min, `at least ${PASSWORD_LENGTH.min} characters`).max(PASSWORD_LENGTH.max, `at most ${PASSWORD_LENGTH.max} characters`);

export const PasswordChangeRequest = z.object({
  currentPassword: z.string({ error: 'required' }).min(1, 'required').max(1024),
  newPassword: NewPassword,
}).openapi('PasswordChangeRequest');

/** The reset-link form: the new password twice, so a typo does not lock the person out. */
export const PasswordResetForm = z.object({ newPassword: NewPassword, confirmPassword: z.string({ error: 'required' }).max(1024) })
  .refine((form) => form.newPassword === form.confirmPassword, { message: 'does not match the new password', path: ['confirmPassword'] });

export const ApiTokenBody = z.object({
  id: z.number().int(), createdAt: z.string().datetime(), expiresAt: z.string().datetime(), lastUsedAt: z.string().datetime().nullable(),
  current: z.boolean().openapi({ description: 'true for the token making this request' }),
}).openapi('ApiToken');

export const ApiTokenList = z.object({ items: z.array(ApiTokenBody) }).openapi('ApiTokenList');

const id = (name: string) => z.coerce.number().int().positive().max(2_147_483_647).openapi({ param: { name, in: 'path' }, example: 7 });
export const TokenParams = z.object({ tokenId: id('tokenId') });
export const UserParams = z.object({ userId: id('userId') });
export const UserTokenParams = z.object({ userId: id('userId'), tokenId: id('tokenId') });
