import { describe, expect, it } from 'vitest';
import { formatMicroTime, formatTime, parseMicroTime, parseTime, TimeParseError } from './kube-time.js';

const at = Date.UTC(2026, 10, 26, 9, 53, 6, 789);

describe('formatting', () => {
  it('writes Time in whole seconds and MicroTime with six digits', () => {
    expect(formatTime(at)).toBe('2026-11-26T09:53:06Z');
    expect(formatTime(new Date(at))).toBe('2026-11-26T09:53:06Z');
    expect(formatMicroTime(at)).toBe('2026-11-26T09:53:06.789000Z');
  });
});

describe('parseTime (RFC3339)', () => {
  it.each([
    ['2026-11-26T09:53:06Z', Date.UTC(2026, 10, 26, 9, 53, 6)],
    ['2026-11-26T09:53:06.5Z', Date.UTC(2026, 10, 26, 9, 53, 6, 500)],
    ['2026-11-26T09:53:06,123456789Z', Date.UTC(2026, 10, 26, 9, 53, 6, 123)],
    ['2026-11-26T10:53:06+01:00', Date.UTC(2026, 10, 26, 9, 53, 6)],
    ['2026-11-26T04:23:06-05:30', Date.UTC(2026, 10, 26, 9, 53, 6)],
    ['2026-11-26T9:53:06Z', Date.UTC(2026, 10, 26, 9, 53, 6)],
    ['2024-02-29T00:00:00Z', Date.UTC(2024, 1, 29)],
    ['0001-01-01T00:00:00Z', -62135596800000],
  ])('%s', (text, epoch) => {
    expect(parseTime(text).getTime()).toBe(epoch);
  });

  it.each([
    ['2026-11-26', 'parsing time "2026-11-26" as "2006-01-02T15:04:05Z07:00": cannot parse "" as "T"'],
    [
      '2026-11-26 09:53:06Z',
      'parsing time "2026-11-26 09:53:06Z" as "2006-01-02T15:04:05Z07:00": cannot parse " 09:53:06Z" as "T"',
    ],
    [
      '26-11-26T09:53:06Z',
      'parsing time "26-11-26T09:53:06Z" as "2006-01-02T15:04:05Z07:00": cannot parse "26-11-26T09:53:06Z" as "2006"',
    ],
    [
      '2026-1-26T09:53:06Z',
      'parsing time "2026-1-26T09:53:06Z" as "2006-01-02T15:04:05Z07:00": cannot parse "1-26T09:53:06Z" as "01"',
    ],
    ['2026-13-26T09:53:06Z', 'parsing time "2026-13-26T09:53:06Z": month out of range'],
    ['2026-02-30T09:53:06Z', 'parsing time "2026-02-30T09:53:06Z": day out of range'],
    ['2026-11-26T24:00:00Z', 'parsing time "2026-11-26T24:00:00Z": hour out of range'],
    ['2026-11-26T09:60:00Z', 'parsing time "2026-11-26T09:60:00Z": minute out of range'],
    [
      '2026-11-26T09:53:06',
      'parsing time "2026-11-26T09:53:06" as "2006-01-02T15:04:05Z07:00": cannot parse "" as "Z07:00"',
    ],
    [
      '2026-11-26T09:53:06+0100',
      'parsing time "2026-11-26T09:53:06+0100" as "2006-01-02T15:04:05Z07:00": cannot parse "+0100" as "Z07:00"',
    ],
    [
      '2026-11-26T09:53:06+25:00',
      'parsing time "2026-11-26T09:53:06+25:00": time zone offset hour out of range',
    ],
    ['2026-11-26T09:53:06Zjunk', 'parsing time "2026-11-26T09:53:06Zjunk": extra text: "junk"'],
  ])('rejects %s as Go does', (text, message) => {
    expect(() => parseTime(text)).toThrow(new TimeParseError(message));
  });
});

describe('parseMicroTime (RFC3339Micro)', () => {
  it('takes exactly six fractional digits', () => {
    expect(parseMicroTime('2026-11-26T09:53:06.789000Z').getTime()).toBe(at);
    expect(parseMicroTime('2026-11-26T10:53:06.789123+01:00').getTime()).toBe(at);
  });

  it('rejects the three digits of Date.toISOString, and a missing fraction', () => {
    expect(() => parseMicroTime('2026-11-26T09:53:06.789Z')).toThrow(
      'parsing time "2026-11-26T09:53:06.789Z" as "2006-01-02T15:04:05.000000Z07:00": cannot parse ".789Z" as ".000000"',
    );
    expect(() => parseMicroTime('2026-11-26T09:53:06Z')).toThrow(
      'parsing time "2026-11-26T09:53:06Z" as "2006-01-02T15:04:05.000000Z07:00": cannot parse "Z" as ".000000"',
    );
  });

  it('throws a typed error', () => {
    let caught: unknown;
    try {
      parseMicroTime('nope');
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(TimeParseError);
    expect((caught as TimeParseError).name).toBe('TimeParseError');
  });
});
