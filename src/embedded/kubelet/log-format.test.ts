import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { containerArgv, expandVariables, IDLE_COMMAND } from './container-command.js';
import { launchCommand, rewriteMountPaths } from './container-isolation.js';
import {
  containerExitPath,
  containerLogPath,
  formatLogRecord,
  LogLineSplitter,
  parseLogRecord,
  podDirectory,
  podStartedPath,
} from './cri-log.js';
import { createPodLogSource } from './pod-log-source.js';
import { safeEncode, templateHash } from './workload-names.js';

describe('container commands and isolation', () => {
  const mounts = [{ source: '/state/volumes/v1', target: '/mnt/test', readOnly: false }];

  it('rewrites mount paths only as whole path prefixes', () => {
    const script = 'date >> /mnt/test/outfile; cat /mnt/testing; ls "/mnt/test"';
    expect(rewriteMountPaths(script, mounts)).toBe(
      'date >> /state/volumes/v1/outfile; cat /mnt/testing; ls "/state/volumes/v1"',
    );
  });

  it('wraps the command in a private mount namespace or rewrites its arguments', () => {
    const argv = ['/bin/sh', '-c', 'date >> /mnt/test/outfile'];
    const namespaced = launchCommand(argv, mounts, 'mount-namespace');
    expect(namespaced.file).toBe('unshare');
    expect(namespaced.args.slice(0, 3)).toEqual(['--mount', '--propagation', 'private']);
    expect(namespaced.args.join(' ')).toContain("mount --bind '/state/volumes/v1' '/mnt/test'");
    expect(namespaced.args.slice(-3)).toEqual(argv);
    const rewritten = launchCommand(argv, mounts, 'path-rewrite');
    expect(rewritten).toEqual({ file: '/bin/sh', args: ['-c', 'date >> /state/volumes/v1/outfile'] });
  });

  it('runs shells for real and idles anything else', () => {
    const pod = { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p' } };
    expect(containerArgv({ name: 'c', command: ['sh', '-c', 'echo $(X)'] }, { X: 'y' })).toEqual([
      '/bin/sh',
      '-c',
      'echo y',
    ]);
    expect(containerArgv({ name: 'c', command: ['nginx', '-g', 'daemon off;'] }, {})).toEqual([
      ...IDLE_COMMAND,
    ]);
    expect(containerArgv({ name: 'c' }, {})).toEqual([...IDLE_COMMAND]);
    expect(expandVariables('$$(X) $(Y)', {})).toBe('$(X) $(Y)');
    expect(pod.metadata.name).toBe('p');
  });

  it('hashes templates as the real controllers encode them', () => {
    expect(safeEncode('0123456789')).toMatch(/^[bcdfghjklmnpqrstvwxz2456789]{10}$/);
    expect(templateHash({ a: 1 })).toBe(templateHash({ a: 1 }));
    expect(templateHash({ a: 1 })).not.toBe(templateHash({ a: 2 }));
  });
});

describe('CRI logs', () => {
  let stateDir: string;

  beforeAll(async () => {
    stateDir = await mkdtemp(join(tmpdir(), 'ramen-cri-log-test-'));
  });

  afterAll(async () => {
    await rm(stateDir, { recursive: true, force: true });
  });

  it('splits output into full and partial records', () => {
    const splitter = new LogLineSplitter();
    expect(splitter.push('a\nb')).toEqual(['a']);
    expect(splitter.push('c\nd')).toEqual(['bc']);
    expect(splitter.flush()).toBe('d');
    const line = formatLogRecord({
      time: '2025-01-01T00:00:00.000000000Z',
      stream: 'stdout',
      full: false,
      text: 'x y',
    });
    expect(parseLogRecord(line.trimEnd())).toEqual({
      time: '2025-01-01T00:00:00.000000000Z',
      stream: 'stdout',
      full: false,
      text: 'x y',
    });
  });

  it('reads the newest pod of a name, the previous run, tails and limits', async () => {
    const old = podDirectory(stateDir, 'ns', 'web-0', 'uid-old');
    const current = podDirectory(stateDir, 'ns', 'web-0', 'uid-new');
    const record = (text: string, full = true) =>
      formatLogRecord({ time: new Date().toISOString(), stream: 'stdout', full, text });
    for (const [dir, started] of [
      [old, 1],
      [current, 2],
    ] as const) {
      await mkdir(join(dir, 'c'), { recursive: true });
      await writeFile(podStartedPath(dir), String(started));
    }
    await writeFile(containerLogPath(old, 'c', 0), record('old pod'));
    await writeFile(containerLogPath(current, 'c', 0), record('first run'));
    await writeFile(
      containerLogPath(current, 'c', 1),
      record('one') + record('two') + record('thr', false) + record('ee'),
    );
    await writeFile(containerExitPath(current, 'c', 1), '0');
    const source = createPodLogSource({ stateDir, pollMs: 10 });
    expect(await source.read('ns', 'web-0', { container: 'c' })).toBe('one\ntwo\nthree\n');
    expect(await source.read('ns', 'web-0', { container: 'c', previous: true })).toBe('first run\n');
    expect(await source.read('ns', 'web-0', { container: 'c', tailLines: 1 })).toBe('three\n');
    expect(await source.read('ns', 'web-0', { container: 'c', limitBytes: 5 })).toBe('one\nt');
    expect(await source.read('ns', 'missing', { container: 'c' })).toBe('');
    const followed = (await source.read('ns', 'web-0', {
      container: 'c',
      follow: true,
    })) as AsyncIterable<string>;
    let all = '';
    for await (const chunk of followed) all += chunk;
    expect(all).toBe('one\ntwo\nthree\n');
  });
});
