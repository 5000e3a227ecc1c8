/**
 * VolSync's `spec.trigger.schedule`: five cron fields (minute, hour, day of month, month, day of week), each `*`,
 * `*\/N`, `N` or `N/M` (from N every M), which is what VolSync's validation pattern admits and what Ramen writes
 * (`*\/N * * * *`, `0 *\/N * * *`, `0 0 *\/N * *`). The next run is found in UTC; under a time scale the wait until
 * it is shortened by the scale, so `*\/10 * * * *` at `--time-scale 60` runs every ten seconds.
 */

/** The schedule does not parse. */
export class InvalidScheduleError extends Error {
  override readonly name = 'InvalidScheduleError';
}

type FieldMatcher = (value: number) => boolean;

const RANGES: ReadonlyArray<readonly [number, number]> = [
  [0, 59],
  [0, 23],
  [1, 31],
  [1, 12],
  [0, 7],
];

function fieldMatcher(field: string, index: number): FieldMatcher {
  const match = /^(\*|\d+)(?:\/(\d+))?$/.exec(field);
  const range = RANGES[index] as readonly [number, number];
  if (!match) throw new InvalidScheduleError(`invalid cron field "${field}"`);
  const step = match[2] === undefined ? undefined : Number(match[2]);
  if (step === 0) throw new InvalidScheduleError(`invalid step in "${field}"`);
  if (match[1] === '*') {
    return step === undefined ? () => true : (value) => (value - range[0]) % step === 0;
  }
  const start = Number(match[1]);
  if (start < range[0] || start > range[1]) throw new InvalidScheduleError(`"${field}" is out of range`);
  if (step === undefined) return (value) => value === start;
  return (value) => value >= start && (value - start) % step === 0;
}

/** A parsed schedule. */
export interface CronSchedule {
  /** The first run strictly after `after`. */
  next(after: Date): Date;
}

/** Parses a five-field schedule. */
export function parseSchedule(schedule: string): CronSchedule {
  const fields = schedule.trim().split(/\s+/);
  if (fields.length !== 5) throw new InvalidScheduleError(`"${schedule}" does not have five fields`);
  const [minute, hour, day, month, weekday] = fields.map(fieldMatcher) as FieldMatcher[] as [
    FieldMatcher,
    FieldMatcher,
    FieldMatcher,
    FieldMatcher,
    FieldMatcher,
  ];
  const dayRestricted = !fields[2]?.startsWith('*');
  const weekdayRestricted = !fields[4]?.startsWith('*');
  const dayMatches = (date: Date): boolean => {
    const dom = day(date.getUTCDate());
    const dow = weekday(date.getUTCDay()) || (date.getUTCDay() === 0 && weekday(7));
    // Cron's rule: when both are restricted, either may match.
    if (dayRestricted && weekdayRestricted) return dom || dow;
    return dom && dow;
  };
  return {
    next(after) {
      const time = new Date(after.getTime());
      time.setUTCSeconds(0, 0);
      time.setUTCMinutes(time.getUTCMinutes() + 1);
      const limit = after.getTime() + 5 * 366 * 24 * 3600_000;
      while (time.getTime() <= limit) {
        if (!month(time.getUTCMonth() + 1) || !dayMatches(time)) {
          time.setUTCHours(0, 0, 0, 0);
          time.setUTCDate(time.getUTCDate() + 1);
        } else if (!hour(time.getUTCHours())) {
          time.setUTCMinutes(0, 0, 0);
          time.setUTCHours(time.getUTCHours() + 1);
        } else if (!minute(time.getUTCMinutes())) {
          time.setUTCMinutes(time.getUTCMinutes() + 1);
        } else {
          return time;
        }
      }
      throw new InvalidScheduleError(`"${schedule}" never runs`);
    },
  };
}

/** When the next scheduled sync starts: the cron's next run after `lastStart`, its wait divided by `timeScale`. */
export function nextScheduledSync(schedule: string, lastStart: Date, timeScale: number): Date {
  const next = parseSchedule(schedule).next(lastStart);
  const wait = (next.getTime() - lastStart.getTime()) / Math.max(timeScale, 1e-9);
  return new Date(lastStart.getTime() + Math.max(10, Math.round(wait)));
}
