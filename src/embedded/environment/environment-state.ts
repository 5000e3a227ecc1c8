/**
 * `<stateDir>/environment.json`: what a later `env up` on the same state directory needs to come back as it was —
 * the ports each API server and object store listened on (so kubeconfigs, RamenConfig endpoints and anything a user
 * wrote down keep working) and the object stores' credentials (so the objects already stored stay readable). It
 * holds a secret, so it is readable by the owner only.
 */
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import type { SigV4Credentials } from '../s3/index.js';
import { EnvironmentError } from './environment-error.js';
import { readJsonFile, writeJsonFile } from './json-file.js';

/** The file name under the state directory. */
export const ENVIRONMENT_STATE_FILE = 'environment.json';

/** What environment.json holds. */
export interface EnvironmentState {
  readonly version: 1;
  readonly hub: string;
  readonly managedClusters: readonly string[];
  /** API server port by cluster name. */
  readonly apiServerPorts: Readonly<Record<string, number>>;
  /** Object store port by managed cluster name. */
  readonly s3Ports: Readonly<Record<string, number>>;
  readonly s3Credentials: SigV4Credentials;
}

/** The path of environment.json under `stateDir`. */
export function environmentStatePath(stateDir: string): string {
  return join(stateDir, ENVIRONMENT_STATE_FILE);
}

/** Fresh random credentials for the object stores of a new environment. */
export function newS3Credentials(): SigV4Credentials {
  return {
    accessKeyId: `ramen${randomBytes(6).toString('hex')}`,
    secretAccessKey: randomBytes(24).toString('base64url'),
  };
}

function isPortMap(value: unknown): value is Record<string, number> {
  return (
    typeof value === 'object' &&
    value !== null &&
    Object.values(value).every((port) => Number.isInteger(port) && port > 0 && port < 65_536)
  );
}

function isState(value: unknown): value is EnvironmentState {
  if (typeof value !== 'object' || value === null) return false;
  const state = value as Record<string, unknown>;
  const credentials = state.s3Credentials as Record<string, unknown> | undefined;
  return (
    state.version === 1 &&
    typeof state.hub === 'string' &&
    Array.isArray(state.managedClusters) &&
    state.managedClusters.every((name) => typeof name === 'string') &&
    isPortMap(state.apiServerPorts) &&
    isPortMap(state.s3Ports) &&
    typeof credentials?.accessKeyId === 'string' &&
    typeof credentials.secretAccessKey === 'string'
  );
}

/** Reads environment.json; undefined for a new state directory. */
export async function readEnvironmentState(stateDir: string): Promise<EnvironmentState | undefined> {
  const path = environmentStatePath(stateDir);
  let content: unknown;
  try {
    content = await readJsonFile(path);
  } catch (error) {
    throw new EnvironmentError(`${path} is not valid JSON; remove it to start afresh`, { cause: error });
  }
  if (content === undefined) return undefined;
  if (!isState(content)) {
    throw new EnvironmentError(`${path} is not an environment state file; remove it to start afresh`);
  }
  return content;
}

/** Writes environment.json. */
export async function writeEnvironmentState(stateDir: string, state: EnvironmentState): Promise<void> {
  await writeJsonFile(environmentStatePath(stateDir), state);
}
