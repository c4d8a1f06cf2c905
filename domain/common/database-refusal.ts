/**
 * PostgreSQL's refusals of the data itself, which fail the same way on every try: class 22 (a data
 * exception: a value out of range, a NUL in text, a date the server has no such day for) and class 23 (an
 * integrity violation). A write that meets one is refused for its data; anything else (the server down,
 * a deadlock) may pass when tried again.
 */
export function isDataRefusal(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code ?? (error as { cause?: { code?: unknown } } | null)?.cause?.code;
  return typeof code === 'string' && /^2[23]/.test(code);
}
