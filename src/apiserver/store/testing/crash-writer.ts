/**
 * A child process for the persistence crash test: opens a store on a state directory and writes until it is
 * killed. It prints one line per step on stdout, so the parent knows exactly what was acknowledged:
 *   `ready <revision>`                 the store opened; revision is where it resumed
 *   `try <op> <name>`                  a write is about to be issued (the parent allows it to be lost or kept)
 *   `ack <op> <name> <revision> <gen>` the write resolved, i.e. it is durable
 * Usage: node --import tsx crash-writer.ts <stateDir> <namePrefix>
 */
import { MemoryStore } from '../memory-store.js';

const configmaps = { group: '', resource: 'configmaps' };
const LANES = 16;

function say(line: string): void {
  process.stdout.write(`${line}\n`);
}

/** One lane writes its own names one step at a time: create, then maybe update, then maybe delete. */
async function lane(store: MemoryStore, prefix: string, next: () => number): Promise<never> {
  for (;;) {
    const i = next();
    const name = `${prefix}-${i}`;
    say(`try create ${name}`);
    const created = await store.create(configmaps, {
      metadata: { namespace: 'crash', name },
      data: { gen: '1' },
    });
    say(`ack create ${name} ${created.metadata.resourceVersion} 1`);
    if (i % 3 === 0) {
      say(`try update ${name}`);
      const updated = await store.update(configmaps, { ...created, data: { gen: '2' } });
      say(`ack update ${name} ${updated.metadata.resourceVersion} 2`);
    }
    if (i % 5 === 0) {
      say(`try delete ${name}`);
      const deleted = await store.delete(configmaps, 'crash', name);
      say(`ack delete ${name} ${deleted.metadata.resourceVersion} 0`);
    }
  }
}

async function main(): Promise<void> {
  const [stateDir, prefix] = process.argv.slice(2);
  if (stateDir === undefined || prefix === undefined)
    throw new Error('usage: crash-writer <stateDir> <namePrefix>');
  const store = await MemoryStore.open({ stateDir, compactEvery: 150, bookmarkIntervalMs: 0 });
  say(`ready ${store.currentResourceVersion()}`);
  let counter = 0;
  const next = () => counter++;
  await Promise.all(Array.from({ length: LANES }, () => lane(store, prefix, next)));
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
