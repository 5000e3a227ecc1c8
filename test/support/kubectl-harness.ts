/**
 * Drives the real `kubectl` against one embedded API server, the way the conformance suites need it: an ephemeral
 * port, a temporary state directory, a private discovery cache (`--cache-dir`, kube-api.md §0 item 20) and a
 * request timeout on every call. kubectl runs through `execFile` (no shell); long-running invocations
 * (`get -w`, `wait`) are spawned and stopped by their own process handle. `traceRequests` reads kubectl's `-v=6`/
 * `-v=8` log so tests can see the HTTP status codes, query parameters, headers and bodies kubectl exchanged.
 */
import { type ChildProcess, execFile } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { type RunningApiServer, startApiServer } from '../../src/apiserver/http/index.js';
import type { KubeObject } from '../../src/apiserver/store/index.js';

/** A harness step failed for a reason outside the assertion (kubectl could not run, a wait timed out, ...). */
export class KubectlHarnessError extends Error {
  override readonly name = 'KubectlHarnessError';
}

function isExecutable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

function findKubectl(): string | undefined {
  const override = process.env.KUBECTL;
  if (override) return isExecutable(override) ? override : undefined;
  const dirs = ['/usr/bin', ...(process.env.PATH ?? '').split(delimiter).filter(Boolean)];
  return dirs.map((dir) => join(dir, 'kubectl')).find(isExecutable);
}

/** The kubectl binary (`KUBECTL` overrides the lookup in /usr/bin and PATH), or undefined when there is none. */
export const kubectlPath: string | undefined = findKubectl();

/** Appended to a suite title so a skip says why. */
export const kubectlSkipReason = kubectlPath ? '' : ' (skipped: kubectl not found)';

/** One HTTP exchange kubectl logged at `-v=6` (method, URL, status) or `-v=8` (plus headers and body). */
export interface TracedRequest {
  method: string;
  url: URL;
  /** The response status code; undefined when the log ended before the response. */
  status?: number;
  /** Request headers (lower-case names), only at `-v=7` and above. */
  headers: Record<string, string>;
  /** The request body, only at `-v=8` and above. */
  body?: string;
}

const V6_LINE = /\] (GET|POST|PUT|PATCH|DELETE) (https?:\/\/\S+) (\d{3}) /;
const REQUEST_LINE = /\] (GET|POST|PUT|PATCH|DELETE) (https?:\/\/\S+)$/;
const HEADER_LINE = /round_trippers\.go:\d+\] {4,}([A-Za-z0-9-]+): (.*)$/;
const RESPONSE_STATUS = /Response Status: (\d{3})/;
const QUOTED_BODY = /"Request Body" body="(.*)"$/;

/** Go's `%q` quoting is JSON's for the text kubectl logs; anything else is kept as logged. */
function unquote(quoted: string): string {
  try {
    return JSON.parse(`"${quoted}"`) as string;
  } catch {
    return quoted;
  }
}

/** The requests in a kubectl log (stderr of a `-v=6` or higher invocation), in order. */
export function traceRequests(log: string): TracedRequest[] {
  const requests: TracedRequest[] = [];
  let pendingBody: string | undefined;
  let multilineBody: string[] | undefined;
  let current: TracedRequest | undefined;
  let inRequestHeaders = false;
  for (const line of log.split('\n')) {
    if (multilineBody) {
      if (line.trim() === '>') {
        pendingBody = multilineBody.join('\n');
        multilineBody = undefined;
      } else multilineBody.push(line.replace(/^\t/, ''));
      continue;
    }
    if (line.includes('"Request Body" body=<')) {
      multilineBody = [];
      continue;
    }
    const quoted = QUOTED_BODY.exec(line);
    if (quoted) {
      pendingBody = unquote(quoted[1] ?? '');
      continue;
    }
    const v6 = V6_LINE.exec(line);
    if (v6) {
      requests.push({ method: v6[1]!, url: new URL(v6[2]!), status: Number(v6[3]), headers: {} });
      current = undefined;
      pendingBody = undefined;
      continue;
    }
    const request = REQUEST_LINE.exec(line);
    if (request) {
      current = { method: request[1]!, url: new URL(request[2]!), headers: {} };
      if (pendingBody !== undefined && pendingBody !== '') current.body = pendingBody;
      pendingBody = undefined;
      requests.push(current);
      inRequestHeaders = false;
      continue;
    }
    if (!current) continue;
    if (line.includes('Request Headers:')) {
      inRequestHeaders = true;
      continue;
    }
    const status = RESPONSE_STATUS.exec(line);
    if (status) {
      current.status = Number(status[1]);
      inRequestHeaders = false;
      continue;
    }
    const header = inRequestHeaders ? HEADER_LINE.exec(line) : null;
    if (header) current.headers[header[1]!.toLowerCase()] = header[2]!;
  }
  return requests;
}

/** The outcome of one kubectl invocation. */
export interface KubectlResult {
  /** The exit code; -1 when kubectl was killed by a signal. */
  code: number;
  stdout: string;
  stderr: string;
  /** The requests kubectl logged (empty unless `-v=6` or higher was passed). */
  requests: TracedRequest[];
}

/** Per-invocation options. */
export interface KubectlOptions {
  /** Written to kubectl's stdin (for `-f -`); stdin is closed either way. */
  input?: string;
  /** Extra environment (`KUBE_EDITOR`, ...). */
  env?: Record<string, string>;
  /** Another discovery cache (a fresh one shows what a new client sees). @default the harness cache */
  cacheDir?: string;
  /** Kill kubectl if it runs longer. @default 20000 */
  timeoutMs?: number;
}

/** Polls `probe` every `intervalMs` until it returns a truthy value, which it resolves with; throws after `timeoutMs`. */
export async function waitUntil<T>(
  probe: () => T | Promise<T>,
  { timeoutMs = 5000, intervalMs = 25, what = 'the condition' } = {},
): Promise<NonNullable<T>> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value as NonNullable<T>;
    if (Date.now() >= deadline)
      throw new KubectlHarnessError(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}

/** A kubectl process running in the background (`get -w`, `wait`): its output so far, its end, and a way to stop it. */
export class KubectlProcess {
  stdout = '';
  stderr = '';
  /** Resolves when kubectl exits (by itself or through `stop()`). */
  readonly exited: Promise<KubectlResult>;
  readonly #child: ChildProcess;
  #ended = false;

  constructor(child: ChildProcess, timeoutMs: number) {
    this.#child = child;
    child.stdout?.on('data', (chunk: string) => {
      this.stdout += chunk;
    });
    child.stderr?.on('data', (chunk: string) => {
      this.stderr += chunk;
    });
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    this.exited = new Promise((resolve, reject) => {
      child.once('error', (error) => {
        clearTimeout(timer);
        this.#ended = true;
        reject(new KubectlHarnessError(`kubectl could not run: ${error.message}`, { cause: error }));
      });
      child.once('close', (code) => {
        clearTimeout(timer);
        this.#ended = true;
        resolve({
          code: code ?? -1,
          stdout: this.stdout,
          stderr: this.stderr,
          requests: traceRequests(this.stderr),
        });
      });
    });
    // A failure to start surfaces where `exited` is awaited, not as an unhandled rejection in between.
    this.exited.catch(() => undefined);
  }

  /** Waits (polling, bounded) until the output so far satisfies `predicate`. */
  async waitForOutput(
    predicate: (output: { stdout: string; stderr: string }) => boolean,
    { timeoutMs = 5000, what = 'kubectl output' } = {},
  ): Promise<void> {
    await waitUntil(
      () => {
        if (predicate(this)) return true;
        if (this.#ended)
          throw new KubectlHarnessError(`kubectl exited before ${what}:\n${this.stdout}\n${this.stderr}`);
        return false;
      },
      { timeoutMs, what },
    );
  }

  /** Ends the process (SIGTERM, by its own handle) and resolves with what it printed. */
  async stop(): Promise<KubectlResult> {
    if (this.#child.exitCode === null && this.#child.signalCode === null) this.#child.kill('SIGTERM');
    return this.exited;
  }
}

/** Identifies one served resource in the registry: `{ group: '', version: 'v1', resource: 'configmaps' }`. */
export interface ResourceId {
  group: string;
  version: string;
  resource: string;
}

function statusCodeOf(error: unknown): number | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const candidate = error as { code?: unknown; toStatus?: () => { code?: number } };
  if (typeof candidate.toStatus === 'function') return candidate.toStatus().code;
  return typeof candidate.code === 'number' ? candidate.code : undefined;
}

/** One embedded API server with a temporary directory for its state, kubectl's cache, fixtures and editor scripts. */
export class KubectlHarness {
  private constructor(
    /** The temporary directory (removed by `stop()`). */
    readonly dir: string,
    readonly server: RunningApiServer,
    readonly kubectlBinary: string,
  ) {}

  /** Starts the server (ephemeral port, state under a new temporary directory). Requires `kubectlPath`. */
  static async start(name = 'kubectl-conformance'): Promise<KubectlHarness> {
    if (!kubectlPath) throw new KubectlHarnessError('kubectl not found');
    const dir = await mkdtemp(join(tmpdir(), `${name}-`));
    try {
      await mkdir(join(dir, 'files'));
      const server = await startApiServer({ stateDir: join(dir, 'state'), name });
      return new KubectlHarness(dir, server, kubectlPath);
    } catch (error) {
      await rm(dir, { recursive: true, force: true });
      throw error;
    }
  }

  /** The discovery cache every invocation shares unless told otherwise. */
  get cacheDir(): string {
    return join(this.dir, 'cache');
  }

  /** Starts kubectl in the background with the harness flags prepended. */
  spawn(args: readonly string[], options: KubectlOptions = {}): KubectlProcess {
    const fullArgs = [
      '--kubeconfig',
      this.server.kubeconfigPath,
      '--cache-dir',
      options.cacheDir ?? this.cacheDir,
      '--request-timeout=10s',
      ...args,
    ];
    const child = execFile(this.kubectlBinary, fullArgs, {
      cwd: join(this.dir, 'files'),
      env: { ...process.env, HOME: this.dir, KUBECONFIG: this.server.kubeconfigPath, ...options.env },
      encoding: 'utf8',
      maxBuffer: 256 * 1024 * 1024,
    });
    child.stdin?.on('error', () => {});
    child.stdin?.end(options.input ?? '');
    return new KubectlProcess(child, options.timeoutMs ?? 20_000);
  }

  /** Runs kubectl to completion. */
  kubectl(args: readonly string[], options: KubectlOptions = {}): Promise<KubectlResult> {
    return this.spawn(args, options).exited;
  }

  /** Runs kubectl and fails unless it exits 0; resolves with its stdout. */
  async ok(args: readonly string[], options: KubectlOptions = {}): Promise<string> {
    const result = await this.kubectl(args, options);
    if (result.code !== 0) {
      throw new KubectlHarnessError(`kubectl ${args.join(' ')} exited ${result.code}:\n${result.stderr}`);
    }
    return result.stdout;
  }

  /** `kubectl get <args> -o json`, parsed. */
  async getJson<T = KubeObject>(args: readonly string[]): Promise<T> {
    return JSON.parse(await this.ok(['get', ...args, '-o', 'json'])) as T;
  }

  /** Writes a file into the directory kubectl runs in; resolves with its absolute path. */
  async writeFile(name: string, content: string, mode = 0o644): Promise<string> {
    const path = join(this.dir, 'files', name);
    await writeFile(path, content, { mode });
    return path;
  }

  /** The object as the registry stores it, or undefined when it does not exist. */
  async stored(id: ResourceId, namespace: string, name: string): Promise<KubeObject | undefined> {
    const info = this.server.registry.resolve(id.group, id.version, id.resource);
    if (!info) throw new KubectlHarnessError(`${id.resource}.${id.group}/${id.version} is not served`);
    try {
      return await this.server.registry.get(info, namespace, name);
    } catch (error) {
      if (statusCodeOf(error) === 404) return undefined;
      throw error;
    }
  }

  /** Stops the server and removes the temporary directory. */
  async stop(): Promise<void> {
    await this.server.stop();
    await rm(this.dir, { recursive: true, force: true });
  }
}
