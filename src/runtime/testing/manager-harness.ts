/**
 * Test support: runs a `Manager` against a test API server with the sample Widget controller, captures its log
 * lines, and stops it on demand. Used by the runtime's integration tests and the runtime benchmark.
 */
import type { DestinationStream } from 'pino';
import type { ClusterClient } from '../../kube/index.js';
import type { Controller } from '../controller.js';
import { createLogger } from '../logging.js';
import { Manager, type ManagerOptions } from '../manager.js';
import { type WidgetControllerProbe, widgetController, widgetProbe } from './widget-controller.js';

/** A parsed pino line. */
export type LogLine = Record<string, unknown> & { msg?: string; level?: number };

/** A started manager with its probe, logs and stop function. */
export interface RunningManager {
  manager: Manager;
  controller: Controller;
  probe: WidgetControllerProbe;
  logs: LogLine[];
  /** Settles when `start` does. */
  done: Promise<void>;
  /** Aborts the manager's signal and waits for `start` to settle (rethrowing its error). */
  stop(): Promise<void>;
}

/** A pino destination keeping parsed lines in memory. */
export function memoryDestination(lines: LogLine[]): DestinationStream {
  return { write: (line: string) => void lines.push(JSON.parse(line) as LogLine) };
}

/** Whether a controller has nothing queued, delayed (retries, requeueAfter) or in flight. */
export function controllerIdle(controller: Controller): boolean {
  const queue = controller.queue;
  return queue !== undefined && queue.len() + queue.delayed() + queue.inFlight() === 0;
}

/** Starts a manager with the Widget controller over `clients`. */
export function runWidgetManager(
  clients: readonly ClusterClient[],
  options: Partial<ManagerOptions> & { maxConcurrentReconciles?: number } = {},
): RunningManager {
  const logs: LogLine[] = [];
  const { maxConcurrentReconciles, ...managerOptions } = options;
  const manager = new Manager({
    logger: createLogger({ level: 'debug', destination: memoryDestination(logs) }),
    informer: { backoff: { initialMs: 200, maxMs: 2000 } },
    ...managerOptions,
    clusters: clients,
  });
  const probe = widgetProbe();
  const controller = manager.addController(
    widgetController(
      manager,
      probe,
      maxConcurrentReconciles === undefined ? {} : { maxConcurrentReconciles },
    ),
  );
  const stopper = new AbortController();
  const done = manager.start(stopper.signal);
  done.catch(() => {});
  return {
    manager,
    controller,
    probe,
    logs,
    done,
    stop: async () => {
      stopper.abort();
      await done;
    },
  };
}
