/**
 * Starting a listener on a recorded port, or on a fresh one when the recorded port is taken (a resumed environment
 * whose old port another process grabbed in the meantime).
 */

/** Whether `error` (or its cause chain) is a "port already in use" failure. */
export function isAddressInUse(error: unknown): boolean {
  let current: unknown = error;
  for (let depth = 0; depth < 5 && current !== undefined && current !== null; depth++) {
    if ((current as NodeJS.ErrnoException).code === 'EADDRINUSE') return true;
    current = (current as { cause?: unknown }).cause;
  }
  return false;
}

/**
 * Calls `start(port)` with the preferred port; if that port is taken and `fallback` is set, retries with 0 (a free
 * port) and reports the move through `onMoved`.
 */
export async function startOnPort<T>(
  start: (port: number) => Promise<T>,
  preferred: number | undefined,
  fallback: boolean,
  onMoved: (error: unknown) => void,
): Promise<T> {
  try {
    return await start(preferred ?? 0);
  } catch (error) {
    if (preferred === undefined || preferred === 0 || !fallback || !isAddressInUse(error)) throw error;
    onMoved(error);
    return start(0);
  }
}
