/**
 * Structured logging with pino. The composition root makes one logger (`createLogger`); everything below gets
 * children carrying context: the cluster and resource for informers, the controller for controllers, and per
 * reconcile the controller, the request (cluster, namespace, name) and a fresh `reconcileID`, so every line of one
 * reconcile can be found together.
 */
import { type DestinationStream, type Level, type Logger, pino } from 'pino';
import type { Request } from './reconcile.js';

/** Options of `createLogger`. */
export interface LoggingOptions {
  /** @default 'info' */
  level?: Level | 'silent';
  /** The `component` field on every line. @default 'ramen' */
  component?: string;
  /** Where lines go. @default standard output (asynchronous; call `flush()` before exit) */
  destination?: DestinationStream;
}

/** The root logger of a process; see the module comment. */
export function createLogger(options: LoggingOptions = {}): Logger {
  const config = { level: options.level ?? 'info', base: { component: options.component ?? 'ramen' } };
  return options.destination ? pino(config, options.destination) : pino(config);
}

/** A logger that drops everything (the default of library components given no logger). */
export function silentLogger(): Logger {
  return pino({ level: 'silent' });
}

/** The logger of one controller. */
export function controllerLogger(root: Logger, controller: string): Logger {
  return root.child({ controller });
}

/** The logger of one reconcile: the controller's logger plus the request and the reconcile id. */
export function reconcileLogger(controllerLog: Logger, request: Request, reconcileId: string): Logger {
  return controllerLog.child({
    cluster: request.cluster,
    ...(request.namespace ? { namespace: request.namespace } : {}),
    name: request.name,
    reconcileID: reconcileId,
  });
}
