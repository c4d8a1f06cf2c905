/** The state a profile form is rendered with: values, field errors and message. */
import { inputProps } from '../../common/form-field.js';

/**
 * What a profile form shows: the values typed, each field's error, and the message
 * above the fields. Several forms share a tab (a new note and an edit form per note),
 * so field ids are scoped to their form while the posted names stay plain.
 */
export interface FormState { values: Record<string, string>; errors: Record<string, string>; message?: string }

export const EMPTY_FORM: FormState = { values: {}, errors: {} };

export function formState(values: Record<string, string>, errors: Record<string, string>, message?: string): FormState {
  return { values, errors, message };
}

/** The Field name (for ids), the error, the input's attributes and its value, for `field` of the form `scope`. */
export function scoped(scope: string, field: string, state: FormState) {
  const id = `${scope}-${field}`;
  const error = state.errors[field];
  const { value, ...props } = inputProps(id, { [id]: state.values[field] ?? '' }, error ? { [id]: error } : {});
  return { fieldName: id, error, value, props: { ...props, name: field } };
}

/** The path segment of an account number (it never needs escaping, but a URL is built safely anyway). */
export const accountPath = (accountNumber: string) => `/accounts/${encodeURIComponent(accountNumber)}`;
