/**
 * The benchmark harness: each suite returns measured figures with their targets; the runner prints one table and
 * writes bench/results/<suite>.json. Benchmarks are separate from tests: tests never assert on wall-clock speed.
 */

/** One measured figure. */
export interface Figure {
  /** What was measured, e.g. "admit DRPC (create)". */
  metric: string;
  value: number;
  unit: string;
  /** The target, e.g. ">= 2000"; empty when the figure is informative only. */
  target?: string;
  /** Whether the figure meets its target; undefined without a target. */
  ok?: boolean;
}

/** A benchmark suite: a name and a function measuring its figures. */
export interface BenchSuite {
  name: string;
  run(): Promise<Figure[]>;
}

/** Runs `fn` repeatedly for about `durationMs` after a warm-up and returns operations per second. */
export async function opsPerSecond(fn: () => unknown, durationMs = 1000): Promise<number> {
  const warmUpEnd = performance.now() + Math.min(200, durationMs / 5);
  while (performance.now() < warmUpEnd) await fn();
  let count = 0;
  const start = performance.now();
  let now = start;
  while (now - start < durationMs) {
    for (let i = 0; i < 16; i++) await fn();
    count += 16;
    now = performance.now();
  }
  return (count * 1000) / (now - start);
}

/** The median of `runs` timings of `fn`, in milliseconds. */
export async function medianMs(fn: () => unknown, runs = 9): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    await fn();
    times.push(performance.now() - start);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)] ?? Number.NaN;
}

/** A figure with a lower bound as target. */
export function atLeast(metric: string, value: number, unit: string, min: number): Figure {
  return { metric, value, unit, target: `>= ${min}`, ok: value >= min };
}

/** A figure with an upper bound as target. */
export function atMost(metric: string, value: number, unit: string, max: number): Figure {
  return { metric, value, unit, target: `<= ${max}`, ok: value <= max };
}
