/** The other side of control-server.ts: what `ramen env stop-cluster` and friends send to a running environment. */
import type { PublicClusterStatus } from './control-server.js';
import { EnvironmentError } from './environment-error.js';
import type { RunInfo } from './run-file.js';

/** The running environment refused or failed the request. */
export class ControlRequestError extends Error {
  override readonly name = 'ControlRequestError';
}

/** Sends one control request (`GET /status` or a `POST` action) and returns the environment's status after it. */
export async function sendControl(
  run: RunInfo,
  method: 'GET' | 'POST',
  path: string,
  timeoutMs = 60_000,
): Promise<PublicClusterStatus[]> {
  let response: Response;
  try {
    response = await fetch(`${run.controlUrl}${path}`, {
      method,
      headers: { authorization: `Bearer ${run.token}` },
      signal: AbortSignal.timeout(timeoutMs),
    });
  } catch (error) {
    throw new EnvironmentError(`the environment (pid ${run.pid}) does not answer at ${run.controlUrl}`, {
      cause: error,
    });
  }
  const body = (await response.json().catch(() => ({}))) as {
    status?: PublicClusterStatus[];
    error?: string;
  };
  if (!response.ok || body.status === undefined) {
    throw new ControlRequestError(body.error ?? `control request failed with HTTP ${response.status}`);
  }
  return body.status;
}
