/**
 * The process-level shutdown trigger (controller-runtime's `SetupSignalHandler`): an AbortSignal aborted by the
 * first SIGTERM or SIGINT, which starts the manager's graceful shutdown; a second signal exits at once with code 1.
 * Only the composition root (the CLI) installs it; library code takes a signal and never touches the process.
 */

/** Options of `shutdownSignal`. */
export interface ShutdownSignalOptions {
  /** @default ['SIGTERM', 'SIGINT'] */
  signals?: readonly NodeJS.Signals[];
  /** What a second signal does. @default process.exit */
  exit?: (code: number) => void;
}

/** The signal and the function that removes the process listeners. */
export interface ShutdownTrigger {
  signal: AbortSignal;
  dispose(): void;
}

/** Installs the handlers; see the module comment. */
export function shutdownSignal(options: ShutdownSignalOptions = {}): ShutdownTrigger {
  const signals = options.signals ?? ['SIGTERM', 'SIGINT'];
  const exit = options.exit ?? ((code: number) => process.exit(code));
  const controller = new AbortController();
  const onSignal = (name: NodeJS.Signals) => {
    if (controller.signal.aborted) exit(1);
    else controller.abort(new Error(`received ${name}`));
  };
  for (const name of signals) process.on(name, onSignal);
  return {
    signal: controller.signal,
    dispose: () => {
      for (const name of signals) process.off(name, onSignal);
    },
  };
}
