/**
 * A call's length as an agent types it: "4:05" (minutes:seconds), "1:02:03"
 * (hours:minutes:seconds) or "12" (whole minutes, the usual way people round a call).
 * The API takes plain `durationSeconds`; this is for the browser form only.
 */

/** At most a day: anything longer is a typing mistake, not a phone call. */
export const MAX_CALL_SECONDS = 24 * 60 * 60;

/** Seconds, or null when the text is not a duration. */
export function parseCallDuration(text: string): number | null {
  const value = text.trim();
  let seconds: number;
  if (/^\d{1,4}$/.test(value)) {
    seconds = Number(value) * 60;
  } else if (/^\d{1,4}:[0-5]\d$/.test(value)) {
    const [m, s] = value.split(':').map(Number);
    seconds = m * 60 + s;
  } else if (/^\d{1,2}:[0-5]\d:[0-5]\d$/.test(value)) {
    const [h, m, s] = value.split(':').map(Number);
    seconds = h * 3600 + m * 60 + s;
  } else {
    return null;
  }
  return seconds <= MAX_CALL_SECONDS ? seconds : null;
}
