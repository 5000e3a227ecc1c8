/**
 * `npm run bench [suite...]`: runs the benchmark suites, prints a table of figures against their targets and writes
 * bench/results/<suite>.json. Exits non-zero when a figure misses its target. Suites:
 * - `npm run bench validation`: admission throughput of the validation library (prune, default, schema, CEL).
 * - `npm run bench apiserver`: the API server over HTTPS in a child process: creates/s in memory and with a state
 *   directory, a 10,000-object list, 50-watcher fan-out, RSS holding 10,000 ConfigMaps (about 20 s).
 * - `npm run bench storage`: volume replication transfers on a 1 GiB image of 4 MiB files in the temp directory:
 *   first-transfer throughput of the replication driver's snapshot transfer against `cp -r`, and the bytes an
 *   incremental transfer ships after 1% of the image changed in place, against the changed bytes (about 30 s, 3 GiB
 *   of temp disk at peak).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { apiServerSuite } from './apiserver.bench.js';
import type { BenchSuite, Figure } from './harness.js';
import { runtimeSuite } from './runtime.bench.js';
import { storageSuite } from './storage.bench.js';
import { validationSuite } from './validation.bench.js';

const suites: BenchSuite[] = [validationSuite, apiServerSuite, runtimeSuite, storageSuite];
const resultsDir = join(dirname(fileURLToPath(import.meta.url)), 'results');

function formatValue(value: number): string {
  if (value >= 100) return Math.round(value).toLocaleString('en-US');
  return value.toFixed(value >= 10 ? 1 : 2);
}

function printTable(rows: Array<Figure & { suite: string }>): void {
  const header = ['suite', 'metric', 'value', 'unit', 'target', 'ok'];
  const lines = rows.map((r) => [
    r.suite,
    r.metric,
    formatValue(r.value),
    r.unit,
    r.target ?? '',
    r.ok === undefined ? '' : r.ok ? 'yes' : 'NO',
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...lines.map((l) => (l[i] ?? '').length)));
  const format = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i] ?? 0)).join('  ');
  console.log(format(header));
  console.log(widths.map((w) => '-'.repeat(w)).join('  '));
  for (const line of lines) console.log(format(line));
}

const wanted = process.argv.slice(2);
const selected = wanted.length ? suites.filter((s) => wanted.includes(s.name)) : suites;
if (wanted.length && selected.length !== wanted.length) {
  console.error(`unknown suite; available: ${suites.map((s) => s.name).join(', ')}`);
  process.exit(2);
}
mkdirSync(resultsDir, { recursive: true });
const rows: Array<Figure & { suite: string }> = [];
for (const suite of selected) {
  const figures = await suite.run();
  const record = { suite: suite.name, date: new Date().toISOString(), node: process.version, figures };
  writeFileSync(join(resultsDir, `${suite.name}.json`), `${JSON.stringify(record, null, 2)}\n`);
  rows.push(...figures.map((f) => ({ ...f, suite: suite.name })));
}
printTable(rows);
console.log(`\nresults written to ${resultsDir}`);
if (rows.some((r) => r.ok === false)) process.exitCode = 1;
