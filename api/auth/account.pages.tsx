/** /settings/account (htmx): the signed-in person changes their password and revokes their own API tokens. */
import { Hono, type Context } from 'hono';
import { listApiTokens, revokeApiToken } from '../../domain/auth/api-tokens.js';
import { changeOwnPassword } from '../../domain/auth/password-change.js';
import { Invalid, Unauthorized } from '../../domain/common/errors.js';
import { AccountPage, PasswordForm } from '../../views/auth/account.view.js';
import { TokenTable } from '../../views/auth/api-tokens.view.js';
import type { AppEnv } from '../app-env.js';
import { actorOf } from '../common/actor.js';
import { clientAddress, signInPolicy } from '../common/client-address.js';
import { formValues, parseForm } from '../common/forms.js';
import { shellUser } from '../common/shell.js';
import { requireRole } from '../middleware/require-role.js';
import { currentAccess } from './account.json.js';
import { PasswordChangeRequest } from './account.schemas.js';

const revokePath = (tokenId: number) => `/settings/account/tokens/${tokenId}/revoke`;

function signedIn(c: Context<AppEnv>) {
  const user = c.get('user');
  if (!user) throw new Unauthorized();
  return user;
}

async function ownTokens(c: Context<AppEnv>, notice?: string) {
  const tokens = await listApiTokens(c.get('em'), signedIn(c).id);
  return { tokens, revokePath, timeZone: c.get('deps').config.UTILITY_TIME_ZONE, notice };
}

export const accountPageRoutes = new Hono<AppEnv>()
  .get('/settings/account', requireRole('agent'), async (c) =>
    c.html(<AccountPage user={shellUser(c)} csrfToken={c.get('session')?.csrfToken ?? null} tokens={await ownTokens(c)} />))
  .post('/settings/account/password', requireRole('agent'), async (c) => {
    try {
      const change = parseForm(PasswordChangeRequest, await formValues(c));
      await changeOwnPassword(c.get('em'), signedIn(c), change, {
        ipAddress: clientAddress(c), policy: signInPolicy(c.get('deps').config), keep: currentAccess(c),
      });
    } catch (error) {
      if (!(error instanceof Invalid)) throw error;
      return c.html(<PasswordForm errors={error.fields} message={error.message} />, 422);
    }
    return c.html(<PasswordForm done />);
  })
  .post('/settings/account/tokens/:tokenId{[0-9]{1,9}}/revoke', requireRole('agent'), async (c) => {
    await revokeApiToken(c.get('em'), signedIn(c).id, Number(c.req.param('tokenId')), actorOf(c));
    return c.html(<TokenTable {...await ownTokens(c, 'Token revoked.')} />);
  });
