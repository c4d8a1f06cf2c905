/** The admins' notification template editor: one event and channel at a time, with a live preview on a real account. */
import { NOTIFICATION_CHANNELS, NOTIFICATION_EVENTS, type NotificationChannel, type NotificationEvent } from '../../domain/common/enums.js';
import { EVENT_VARIABLES } from '../../domain/notifications/notification-template-defaults.js';
import { channelLabel, type TemplateDraft, type TemplatePreview } from '../../domain/notifications/template-editor.js';
import { controlProps, Field, FormMessage, inputProps } from '../common/form-field.js';
import { Layout, type ShellUser } from '../common/layout.js';

const eventLabel = (event: NotificationEvent) => event.charAt(0).toUpperCase() + event.slice(1).replaceAll('_', ' ');
const editorUrl = (event: NotificationEvent, channel: NotificationChannel) => `/admin/settings/templates?event=${event}&channel=${channel}`;

/** What the preview panel shows: a rendered message, or why there is none yet. */
export type PreviewState = { preview: TemplatePreview } | { note: string };

function SmsSizeLine({ preview }: { preview: TemplatePreview }) {
  if (!preview.sms) return null;
  const { units, encoding, segments } = preview.sms;
  return (
    <p class={segments > 1 ? 'sms-size alert alert-info' : 'sms-size muted'} data-sms-segments={String(segments)}>
      {units} characters ({encoding}): {segments} SMS segment{segments === 1 ? '' : 's'}
      {encoding === 'UCS-2' ? ' — a character outside the GSM alphabet (a dash, curly quote or emoji) makes every segment shorter' : ''}
    </p>
  );
}

/** The rendered message as the consumer would get it, and what would stop a save. */
export function TemplatePreviewPanel({ state }: { state: PreviewState }) {
  if ('note' in state) return <p class="muted" id="template-preview-note">{state.note}</p>;
  const { preview } = state;
  const problems = Object.entries(preview.problems);
  return (
    <div class="template-preview" data-preview-account={preview.accountNumber}>
      <p class="muted">
        As {preview.accountName} ({preview.accountNumber}) would get it, with {preview.source === 'notification'
          ? 'the details of their latest notification of this event' : 'example details (they never had this notification)'}.
      </p>
      {preview.message.subject !== null ? <p><strong>Subject:</strong> <span id="preview-subject">{preview.message.subject}</span></p> : null}
      <pre id="preview-body" class="preview-body">{preview.message.body}</pre>
      <SmsSizeLine preview={preview} />
      {problems.length ? (
        <ul class="alert alert-error preview-problems" role="alert">
          {problems.map(([field, problem]) => <li>{field === 'subject' ? 'Subject' : 'Body'}: {problem}</li>)}
        </ul>
      ) : null}
    </div>
  );
}

export interface TemplateFormProps {
  draft: TemplateDraft;
  accountNumber: string;
  preview: PreviewState;
  errors?: Record<string, string>;
  message?: string;
  saved?: boolean;
}

/**
 * The template's fields. Typing in them (or in the account number) posts the form to the
 * preview route after a 300 ms pause; "Save" posts it to be checked and stored.
 */
export function TemplateForm({ draft, accountNumber, preview, errors = {}, message, saved }: TemplateFormProps) {
  const values = { subject: draft.subject, body: draft.body, accountNumber };
  return (
    <form id="template-form" class="panel template-form" hx-post="/admin/settings/templates" hx-target="this" hx-swap="outerHTML" novalidate>
      <h2>{eventLabel(draft.event)}: {channelLabel(draft.channel)}</h2>
      <FormMessage message={message} />
      {saved ? <p class="alert alert-info" role="status">Saved. Notifications sent from now on use it.</p> : null}
      <input type="hidden" name="event" value={draft.event} />
      <input type="hidden" name="channel" value={draft.channel} />
      <p class="muted">Placeholders for this event: {EVENT_VARIABLES[draft.event].map((name) => <><code>{`{{${name}}}`}</code>{' '}</>)}</p>
      <div class="template-fields" hx-post="/admin/settings/templates/preview" hx-trigger="input delay:300ms" hx-target="#template-preview" hx-swap="innerHTML" hx-sync="this:replace">
        {draft.channel === 'email' ? (
          <Field label="Subject" name="subject" error={errors.subject}><input {...inputProps('subject', values, errors)} maxlength={200} required /></Field>
        ) : null}
        <Field label="Body" name="body" error={errors.body}>
          <textarea {...controlProps('body', errors)} rows={draft.channel === 'email' ? 10 : 4} required>{draft.body}</textarea>
        </Field>
        <Field label="Preview on account" name="accountNumber" error={errors.accountNumber}>
          <input {...inputProps('accountNumber', values, errors)} placeholder="WU-10001" autocomplete="off" />
        </Field>
      </div>
      <section id="template-preview" class="template-preview-area" aria-live="polite" aria-label="Preview">
        <TemplatePreviewPanel state={preview} />
      </section>
      <div><button type="submit" class="primary">Save template</button></div>
    </form>
  );
}

/** Every event and channel, the one being edited marked. */
function TemplateIndex({ draft }: { draft: TemplateDraft }) {
  return (
    <nav class="panel template-index" aria-label="Templates">
      <ul>
        {NOTIFICATION_EVENTS.map((event) => (
          <li>
            {eventLabel(event)}:{' '}
            {NOTIFICATION_CHANNELS.map((channel) => {
              const current = event === draft.event && channel === draft.channel;
              return <><a href={editorUrl(event, channel)} aria-current={current ? 'page' : undefined}>{channelLabel(channel)}</a>{' '}</>;
            })}
          </li>
        ))}
      </ul>
    </nav>
  );
}

export function TemplatesPage(props: TemplateFormProps & { user: ShellUser; csrfToken: string | null }) {
  return (
    <Layout title="Notification templates" user={props.user} csrfToken={props.csrfToken} active="settings">
      <h1>Notification templates</h1>
      <p><a href="/admin/settings">Back to settings</a></p>
      <TemplateIndex draft={props.draft} />
      <TemplateForm {...props} />
    </Layout>
  );
}
