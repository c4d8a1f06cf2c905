/** A labelled form field with its inline error. */
import type { Child } from 'hono/jsx';

/**
 * A labelled form field with its inline error: the message sits next to the field and
 * is tied to it with aria-describedby, so screen readers announce it too.
 */
export function Field({ label, name, error, children }: { label: string; name: string; error?: string; children: Child }) {
  return (
    <div class={`field${error ? ' field-invalid' : ''}`}>
      <label for={`f-${name}`}>{label}</label>
      {children}
      {error ? <p class="field-error" id={`f-${name}-error`} role="alert">{error}</p> : null}
    </div>
  );
}

/** The attributes that tie a field to the error Field shows under it (`f-NAME-error`), so screen readers announce it; none without an error. */
export function errorLink(name: string, error: string | undefined) {
  return error ? { 'aria-invalid': 'true' as const, 'aria-describedby': `f-${name}-error` } : {};
}

/**
 * Attributes for a list, a text area, a file or a password box inside a Field: id, name and the error wiring. No
 * `value`: a list selects an option, a text area holds its text, and a password or a file is never sent back.
 */
export function controlProps(name: string, errors: Record<string, string> = {}) {
  return { id: `f-${name}`, name, ...errorLink(name, errors[name]) };
}

/** Attributes for the text input inside a Field: id, name, the value typed, and the error wiring. */
export function inputProps(name: string, values: Record<string, string> = {}, errors: Record<string, string> = {}) {
  return { ...controlProps(name, errors), value: values[name] ?? '' };
}

/** The form-level message above the fields when something was refused. */
export function FormMessage({ message }: { message?: string }) {
  return message ? <div class="alert alert-error" role="alert">{message}</div> : null;
}
