/**
 * `ramen env` as a user runs it: `env up` in the foreground in its own process, the other commands talking to it
 * through run.json and the control endpoint, `env down` stopping it cleanly, and a second `env up` resuming on the
 * same ports.
 */
import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const MAIN = join(import.meta.dirname, '../../src/cli/main.ts');
const NODE_ARGS = ['--import', 'tsx', MAIN];
/** The CLI's environment: plain text, as when its output is piped (picocolors colours whenever `CI` is set). */
const CLI_ENV = { ...process.env, NO_COLOR: '1' };

/** Runs one `ramen` command to completion. */
function ramen(args: readonly string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [...NODE_ARGS, ...args],
      { timeout: 60_000, env: CLI_ENV },
      (error, stdout, stderr) => {
        resolve({ code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, stdout, stderr });
      },
    );
  });
}

/** Starts `ramen env up` and resolves with its output once it printed that it is ready. */
function envUp(stateDir: string): Promise<{ child: ChildProcess; output: () => string }> {
  const child = spawn(
    process.execPath,
    [...NODE_ARGS, 'env', 'up', '--state-dir', stateDir, '--time-scale', '10'],
    {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: CLI_ENV,
    },
  );
  let output = '';
  child.stdout?.on('data', (chunk) => {
    output += String(chunk);
  });
  child.stderr?.on('data', (chunk) => {
    output += String(chunk);
  });
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`env up not ready in 60 s:\n${output}`)), 60_000);
    const check = () => {
      if (/Ctrl-C/.test(output)) {
        clearTimeout(timer);
        child.stdout?.off('data', check);
        resolve({ child, output: () => output });
      }
    };
    child.stdout?.on('data', check);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`env up exited with ${code}:\n${output}`));
    });
  });
}

function exited(child: ChildProcess): Promise<number | null> {
  if (child.exitCode !== null) return Promise.resolve(child.exitCode);
  return new Promise((resolve) => child.once('exit', (code) => resolve(code)));
}

describe.sequential('ramen env', () => {
  let stateDir: string;
  let up: { child: ChildProcess; output: () => string };

  beforeAll(async () => {
    stateDir = join(await mkdtemp(join(tmpdir(), 'ramen-env-cli-')), 'env');
    up = await envUp(stateDir);
  }, 90_000);

  afterAll(async () => {
    if (up?.child.exitCode === null) {
      up.child.kill('SIGTERM');
      await exited(up.child);
    }
    await rm(join(stateDir, '..'), { recursive: true, force: true });
  });

  it('env up prints each step with its time, what runs where, and that no operators are built yet', () => {
    const text = up.output();
    expect(text).toMatch(/API servers and object stores listening \(\d+ ms\)/);
    expect(text).toMatch(/ready \(\d+ ms in all\)/);
    expect(text).toMatch(
      /dr1\s+managed\s+https:\/\/127\.0\.0\.1:\d+\s+minio-on-dr1\s+http:\/\/127\.0\.0\.1:\d+/,
    );
    expect(text).toContain(`kubectl --kubeconfig ${join(stateDir, 'kubeconfig')} --context dr1 get ns`);
    expect(text).toMatch(/operators\s+none built yet/);
  });

  it('env status probes every API server and object store', async () => {
    const { code, stdout } = await ramen(['env', 'status', '--state-dir', stateDir]);
    expect(code).toBe(0);
    expect(stdout).toContain(`environment running (pid ${up.child.pid}`);
    expect(stdout).toMatch(/hub\s+hub\s+running\s+https:\/\/\S+\s+up\s+-\s+-/);
    expect(stdout).toMatch(/dr1\s+managed\s+running\s+https:\/\/\S+\s+up\s+http:\/\/\S+\s+up/);
  }, 60_000);

  it('env stop-cluster and env s3 down show in env status; env start-cluster and s3 up undo them', async () => {
    expect((await ramen(['env', 'stop-cluster', 'dr1', '--state-dir', stateDir])).code).toBe(0);
    expect((await ramen(['env', 's3', 'down', 'dr2', '--state-dir', stateDir])).code).toBe(0);
    const during = (await ramen(['env', 'status', '--state-dir', stateDir])).stdout;
    expect(during).toMatch(/dr1\s+managed\s+stopped\s+https:\/\/\S+\s+down\s+http:\/\/\S+\s+down/);
    expect(during).toMatch(/dr2\s+managed\s+running\s+https:\/\/\S+\s+up\s+http:\/\/\S+\s+down/);
    const unknown = await ramen(['env', 'stop-cluster', 'dr9', '--state-dir', stateDir]);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain('no cluster named dr9');
    const started = await ramen(['env', 'start-cluster', 'dr1', '--state-dir', stateDir]);
    expect(started.stdout).toContain('dr1: start done');
    const s3Up = await ramen(['env', 's3', 'up', '--state-dir', stateDir]);
    expect(s3Up.stdout).toContain('S3 (all): up');
  }, 120_000);

  it('a second env up on the same state directory is refused while one runs', async () => {
    const second = await ramen(['env', 'up', '--state-dir', stateDir]);
    expect(second.code).toBe(1);
    expect(second.stderr).toContain(`already runs on ${stateDir} (pid ${up.child.pid})`);
  }, 60_000);

  it('env down stops it cleanly; env up again resumes on the same ports', async () => {
    const before = await readFile(join(stateDir, 'environment.json'), 'utf8');
    const down = await ramen(['env', 'down', '--state-dir', stateDir]);
    expect(down.code).toBe(0);
    expect(await exited(up.child)).toBe(0);
    expect(up.output()).toMatch(/SIGTERM: stopping the environment/);
    await expect(stat(join(stateDir, 'run.json'))).rejects.toMatchObject({ code: 'ENOENT' });
    expect((await ramen(['env', 'status', '--state-dir', stateDir])).stdout).toMatch(
      /environment not running[\s\S]*dr1\s+managed\s+stopped\s+\S+\s+down/,
    );

    up = await envUp(stateDir);
    expect(await readFile(join(stateDir, 'environment.json'), 'utf8')).toBe(before);
  }, 120_000);
});
