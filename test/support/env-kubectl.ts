/**
 * Runs the real `kubectl` against the embedded environment's kubeconfig (one context per cluster), with a private
 * discovery cache and a timeout, the way a user would: `kubectl --context dr1 get ns`.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { kubectlPath } from './kubectl-harness.js';

/** What one kubectl run printed. */
export interface KubectlResult {
  stdout: string;
  stderr: string;
  /** The exit code (0 on success). */
  code: number;
}

/** A kubectl bound to one kubeconfig. */
export interface EnvKubectl {
  /** Runs kubectl with `args`; never throws for a non-zero exit (the result carries the code). */
  run(args: readonly string[], options?: { stdin?: string; timeoutMs?: number }): Promise<KubectlResult>;
  /** Runs kubectl and throws with its stderr unless it exits 0; returns stdout. */
  ok(args: readonly string[], options?: { stdin?: string; timeoutMs?: number }): Promise<string>;
  /** Removes the private discovery cache. */
  dispose(): Promise<void>;
}

/** A kubectl for `kubeconfigPath`; throws when kubectl is not installed (check `kubectlPath` first). */
export async function envKubectl(kubeconfigPath: string): Promise<EnvKubectl> {
  const binary = kubectlPath;
  if (binary === undefined) throw new Error('kubectl not found');
  const cacheDir = await mkdtemp(join(tmpdir(), 'ramen-env-kubectl-'));
  const run: EnvKubectl['run'] = (args, options = {}) =>
    new Promise((resolve) => {
      const child = execFile(
        binary,
        ['--kubeconfig', kubeconfigPath, '--cache-dir', cacheDir, '--request-timeout', '10s', ...args],
        { timeout: options.timeoutMs ?? 30_000, maxBuffer: 16 * 1024 * 1024 },
        (error, stdout, stderr) => {
          const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
          resolve({ stdout, stderr, code });
        },
      );
      if (options.stdin !== undefined) child.stdin?.end(options.stdin);
      else child.stdin?.end();
    });
  return {
    run,
    async ok(args, options) {
      const result = await run(args, options);
      if (result.code !== 0) {
        throw new Error(`kubectl ${args.join(' ')} exited ${result.code}: ${result.stderr.trim()}`);
      }
      return result.stdout;
    },
    dispose: () => rm(cacheDir, { recursive: true, force: true }),
  };
}
