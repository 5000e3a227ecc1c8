/**
 * The `schedulingInterval` parameter of a replication class (ceph-csi's snapshot schedule: `1m`, `5m`, `1h`, `1d`,
 * or a combination such as `1h30m`) in milliseconds: how often the primary ships a snapshot to its peers.
 */

/** A schedulingInterval that does not parse. */
export class InvalidSchedulingIntervalError extends Error {
  override readonly name = 'InvalidSchedulingIntervalError';
}

const UNIT_MS: Readonly<Record<string, number>> = { s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000 };

/** Parses an interval; see the module comment. */
export function parseSchedulingInterval(value: string): number {
  const text = value.trim();
  if (!/^(\d+[smhd])+$/.test(text)) {
    throw new InvalidSchedulingIntervalError(`schedulingInterval "${value}" is not like 1m, 5m or 1h`);
  }
  let total = 0;
  for (const match of text.matchAll(/(\d+)([smhd])/g)) {
    total += Number(match[1]) * (UNIT_MS[match[2] ?? 's'] ?? 0);
  }
  if (total <= 0) throw new InvalidSchedulingIntervalError(`schedulingInterval "${value}" is zero`);
  return total;
}
