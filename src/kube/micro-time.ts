/**
 * metav1.MicroTime, the timestamp of Lease `acquireTime`/`renewTime` and Event `eventTime`. The API server parses
 * it with exactly six fractional digits and rejects `Date#toISOString()`'s three, so these fields are always
 * written through `microTime`.
 */

/** `date` as a MicroTime string: `2006-01-02T15:04:05.000000Z`. */
export function microTime(date: Date = new Date()): string {
  return date.toISOString().replace(/\.(\d{3})Z$/, '.$1000Z');
}

/** Milliseconds since the epoch of a MicroTime (or RFC 3339) string; NaN when it does not parse. */
export function parseMicroTime(value: string | undefined): number {
  return value === undefined ? Number.NaN : Date.parse(value);
}
