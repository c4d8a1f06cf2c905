/**
 * /admin/settings/templates (admins): the notification template editor. The page edits one
 * event's template for one channel; typing posts the form to the preview route, which
 * renders it on the account typed with the sender's own renderer; saving refuses a
 * template whose placeholders the event does not fill, naming them, and stores nothing.
 */
import { Hono, type Context } from 'hono';
import { NotFound } from '../../domain/common/errors.js';
import { getSetting } from '../../domain/settings/settings.js';
import {
  currentDraft, previewTemplate, saveTemplate, TemplateChoice, type TemplateDraft,
} from '../../domain/notifications/template-editor.js';
import { TemplateForm, TemplatePreviewPanel, TemplatesPage, type PreviewState } from '../../views/settings/templates.view.js';
import { actorOf } from '../common/actor.js';
import type { AppEnv } from '../app-env.js';
import { formValues, handleForm, parseForm, type FormValues } from '../common/forms.js';
import { requireRole } from '../middleware/require-role.js';
import { shellUser } from '../common/shell.js';

function draftOf(values: FormValues): TemplateDraft {
  return { ...parseForm(TemplateChoice, values), subject: values.subject ?? '', body: values.body ?? '' };
}

/** The preview of `draft` on the account typed, or a note saying what is missing. */
async function previewOf(c: Context<AppEnv>, draft: TemplateDraft, accountNumber: string): Promise<PreviewState> {
  if (!accountNumber) return { note: 'Type an account number to see the message as that consumer would get it.' };
  try {
    return { preview: await previewTemplate(c.get('em'), accountNumber, draft, c.get('deps').config.UTILITY_TIME_ZONE) };
  } catch (error) {
    if (error instanceof NotFound) return { note: `No account ${accountNumber}: type an account number such as WU-10001.` };
    throw error;
  }
}

export const templatePageRoutes = new Hono<AppEnv>()
  .get('/admin/settings/templates', requireRole('admin'), async (c) => {
    const choice = parseForm(TemplateChoice, { event: c.req.query('event') ?? 'order_created', channel: c.req.query('channel') ?? 'email' });
    const accountNumber = (c.req.query('account') ?? '').trim();
    const draft = currentDraft(await getSetting(c.get('em'), 'notifications'), choice);
    return c.html(<TemplatesPage draft={draft} accountNumber={accountNumber} preview={await previewOf(c, draft, accountNumber)}
      user={shellUser(c)} csrfToken={c.get('session')?.csrfToken ?? null} />);
  })
  .post('/admin/settings/templates/preview', requireRole('admin'), async (c) => {
    const values = await formValues(c);
    return c.html(<TemplatePreviewPanel state={await previewOf(c, draftOf(values), values.accountNumber ?? '')} />);
  })
  .post('/admin/settings/templates', requireRole('admin'), async (c) => {
    const choice = draftOf(await formValues(c)); // an unknown event or channel is a 422 before anything else
    return handleForm(c,
      (values) => saveTemplate(c.get('em'), draftOf(values), actorOf(c)),
      async (values, errors, message) => {
        const draft = { ...choice, subject: values.subject ?? '', body: values.body ?? '' };
        return c.html(<TemplateForm draft={draft} accountNumber={values.accountNumber ?? ''} errors={errors} message={message}
          preview={await previewOf(c, draft, values.accountNumber ?? '')} />);
      },
      async (draft) => {
        const accountNumber = (await formValues(c)).accountNumber ?? '';
        return c.html(<TemplateForm draft={draft} accountNumber={accountNumber} saved preview={await previewOf(c, draft, accountNumber)} />);
      });
  });

