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

/** Attributes for the input inside a Field: id, name, value, and the error wiring. */
export function inputProps(name: string, values: Record<string, string> = {}, errors: Record<string, string> = {}) {
  return {
    id: `f-${name}`, name, value: values[name] ?? '',
    'aria-invalid': errors[name] ? 'true' : undefined,
    'aria-describedby': errors[name] ? `f-${name}-error` : undefined,
  };
}

/** The form-level message above the fields when something was refused. */
export function FormMessage({ message }: { message?: string }) {
  return message ? <div class="alert alert-error" role="alert">{message}</div> : null;
}
