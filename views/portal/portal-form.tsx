/** What every portal form shares: the values typed and each field's error, and the hidden CSRF field for a post without script. */
import { inputProps } from '../common/form-field.js';

export interface PortalForm { values: Record<string, string>; errors: Record<string, string>; message?: string }
export const BLANK_FORM: PortalForm = { values: {}, errors: {} };

/** The posting attributes: htmx swaps the answer into #main; without script the browser posts the form itself. */
export const posting = (action: string, multipart = false) => ({
  method: 'post' as const, action, 'hx-post': action, 'hx-target': '#main', novalidate: true,
  ...(multipart ? { enctype: 'multipart/form-data' as const, 'hx-encoding': 'multipart/form-data' } : {}),
});

export function CsrfField({ token }: { token: string | null }) {
  return token ? <input type="hidden" name="_csrf" value={token} /> : null;
}

export const fieldProps = (name: string, form: PortalForm) => inputProps(name, form.values, form.errors);
