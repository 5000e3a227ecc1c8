import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { KubeConfig } from '@kubernetes/client-node';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  buildKubeconfig,
  KubeconfigError,
  mergeKubeconfigFiles,
  mergeKubeconfigs,
  readKubeconfig,
  renderKubeconfig,
  writeKubeconfig,
} from './kubeconfig.js';

const KUBECTL = '/usr/bin/kubectl';
const CA = '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n';
const hub = { name: 'hub', server: 'https://127.0.0.1:6443', caPem: CA, token: 'hub-token' };
const dr1 = {
  name: 'dr1',
  server: 'https://127.0.0.1:6444',
  caPem: CA,
  token: 'dr1-token',
  namespace: 'ramen',
};

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'kubeconfig-test-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('buildKubeconfig', () => {
  it('writes one cluster, user and context per server with the CA base64-encoded', () => {
    const config = buildKubeconfig([hub]);
    expect(config).toEqual({
      apiVersion: 'v1',
      kind: 'Config',
      preferences: {},
      clusters: [
        {
          name: 'hub',
          cluster: {
            server: 'https://127.0.0.1:6443',
            'certificate-authority-data': Buffer.from(CA).toString('base64'),
          },
        },
      ],
      users: [{ name: 'hub-admin', user: { token: 'hub-token' } }],
      contexts: [{ name: 'hub', context: { cluster: 'hub', user: 'hub-admin', namespace: 'default' } }],
      'current-context': 'hub',
    });
  });

  it('is read by client-node with the token and CA', () => {
    const kc = new KubeConfig();
    kc.loadFromString(renderKubeconfig(buildKubeconfig([hub, dr1], 'dr1')));
    expect(kc.getCurrentContext()).toBe('dr1');
    expect(kc.getCurrentCluster()?.server).toBe('https://127.0.0.1:6444');
    expect(kc.getCurrentUser()?.token).toBe('dr1-token');
    expect(kc.getCurrentCluster()?.caData).toBe(Buffer.from(CA).toString('base64'));
    expect(kc.getContextObject('dr1')?.namespace).toBe('ramen');
  });

  it('refuses combinations client-go rejects and unknown current contexts', () => {
    expect(() => buildKubeconfig([{ ...hub, insecureSkipTlsVerify: true }])).toThrow(KubeconfigError);
    expect(() => buildKubeconfig([hub], 'dr2')).toThrow(/current context dr2/);
    expect(() => buildKubeconfig([])).toThrow(KubeconfigError);
  });

  it('writes the insecure variant for plain http servers', () => {
    const config = buildKubeconfig([
      { name: 'dev', server: 'http://127.0.0.1:8080', insecureSkipTlsVerify: true },
    ]);
    expect(config.clusters[0]?.cluster).toEqual({
      server: 'http://127.0.0.1:8080',
      'insecure-skip-tls-verify': true,
    });
    expect(config.users[0]?.user).toEqual({});
  });
});

describe('merging', () => {
  it('merges servers into one config, later entries replacing same-named ones', () => {
    const merged = mergeKubeconfigs(
      [buildKubeconfig([hub]), buildKubeconfig([dr1]), buildKubeconfig([{ ...hub, token: 'new' }])],
      'dr1',
    );
    expect(merged.contexts.map((c) => c.name)).toEqual(['hub', 'dr1']);
    expect(merged.users.find((u) => u.name === 'hub-admin')?.user.token).toBe('new');
    expect(merged['current-context']).toBe('dr1');
  });

  it('merges files into a target file readable only by its owner', async () => {
    await writeKubeconfig(join(dir, 'hub'), buildKubeconfig([hub]));
    await writeKubeconfig(join(dir, 'dr1'), buildKubeconfig([dr1]));
    const target = join(dir, 'env', 'kubeconfig');
    await mergeKubeconfigFiles([join(dir, 'hub'), join(dir, 'dr1')], target);
    const read = await readKubeconfig(target);
    expect(read.contexts.map((c) => c.name)).toEqual(['hub', 'dr1']);
    expect(read['current-context']).toBe('hub');
    expect((await stat(target)).mode & 0o777).toBe(0o600);
  });

  it('reports files that are not kubeconfigs', async () => {
    await writeKubeconfig(join(dir, 'ok'), buildKubeconfig([hub]));
    const { writeFile } = await import('node:fs/promises');
    await writeFile(join(dir, 'bad'), 'kind: Pod\n');
    await expect(readKubeconfig(join(dir, 'bad'))).rejects.toThrow(/is not a kubeconfig/);
    await expect(readKubeconfig(join(dir, 'missing'))).rejects.toThrow(KubeconfigError);
  });
});

describe.skipIf(!existsSync(KUBECTL))('with kubectl', () => {
  it('loads the merged kubeconfig without warnings', async () => {
    const path = join(dir, 'kubeconfig');
    await writeKubeconfig(path, buildKubeconfig([hub, dr1]));
    const { stdout, stderr } = await promisify(execFile)(KUBECTL, [
      '--kubeconfig',
      path,
      'config',
      'get-contexts',
      '-o',
      'name',
    ]);
    expect(stdout.trim().split('\n')).toEqual(['dr1', 'hub']);
    expect(stderr).toBe('');
  });
});
