import { execFileSync } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { KubeObject } from '../../kube/index.js';
import {
  KubectlUnavailableError,
  ManifestRenderError,
  parseManifests,
  renderFolder,
  withDefaultNamespace,
} from './render-manifests.js';
import { busyboxKustomization } from './testing/git-repository.js';

function hasKubectl(): boolean {
  try {
    execFileSync('kubectl', ['version', '--client'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

const kubectlPresent = hasKubectl();

let folder: string;

beforeEach(async () => {
  folder = await mkdtemp(join(tmpdir(), 'ramen-apps-render-'));
});

afterEach(async () => {
  await rm(folder, { recursive: true, force: true });
});

async function writeFiles(files: Record<string, string>): Promise<void> {
  for (const [name, content] of Object.entries(files)) {
    await mkdir(dirname(join(folder, name)), { recursive: true });
    await writeFile(join(folder, name), content);
  }
}

const configMap = (name: string) => `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ${name}\n`;

describe('parseManifests', () => {
  it('skips empty documents and expands Lists', () => {
    const text = `---\n${configMap('a')}---\n---\napiVersion: v1\nkind: List\nitems:\n  - ${configMap('b').replaceAll('\n', '\n    ').trim()}\n`;
    expect(parseManifests(text, 'x.yaml').map((o) => o.metadata.name)).toEqual(['a', 'b']);
  });

  it('refuses documents that are not objects', () => {
    expect(() => parseManifests('just: data\n', 'x.yaml')).toThrow(ManifestRenderError);
    expect(() => parseManifests('apiVersion: v1\nkind: ConfigMap\n', 'x.yaml')).toThrow(/no metadata.name/);
    expect(() => parseManifests('a: [\n', 'x.yaml')).toThrow(ManifestRenderError);
  });
});

describe('renderFolder', () => {
  it('reads every YAML file of a plain folder, in path order, ignoring other files', async () => {
    await writeFiles({
      'b.yml': configMap('from-b'),
      'a.yaml': configMap('from-a'),
      'sub/c.yaml': configMap('from-c'),
      'README.md': '# not a manifest',
    });
    expect((await renderFolder(folder)).map((o) => o.metadata.name)).toEqual(['from-a', 'from-b', 'from-c']);
  });

  it('reports a missing folder', async () => {
    await expect(renderFolder(join(folder, 'nope'))).rejects.toThrow(ManifestRenderError);
  });

  it.skipIf(!kubectlPresent)('builds a kustomization with kubectl kustomize', async () => {
    await writeFiles(busyboxKustomization({ namePrefix: 'demo-' }));
    const objects = await renderFolder(join(folder, 'workloads/busybox'));
    const names = objects.map((o) => `${o.kind}/${o.metadata.name}`).sort();
    expect(names).toEqual(['Deployment/demo-busybox', 'PersistentVolumeClaim/demo-busybox-pvc']);
    expect(objects.every((o) => o.metadata.labels?.appname === 'busybox')).toBe(true);
    const deployment = objects.find((o) => o.kind === 'Deployment') as KubeObject & {
      spec: { template: { spec: { volumes: { persistentVolumeClaim: { claimName: string } }[] } } };
    };
    expect(deployment.spec.template.spec.volumes[0]?.persistentVolumeClaim.claimName).toBe(
      'demo-busybox-pvc',
    );
  });

  it('says so when a kustomization needs a kubectl that is absent', async () => {
    await writeFiles(busyboxKustomization());
    const rendering = renderFolder(join(folder, 'workloads/busybox'), {
      kubectl: join(folder, 'no-kubectl'),
    });
    await expect(rendering).rejects.toThrow(KubectlUnavailableError);
    await expect(rendering).rejects.toThrow(/install kubectl/);
  });
});

describe('withDefaultNamespace', () => {
  it('puts namespaced objects without a namespace into the given one', () => {
    const objects: KubeObject[] = [
      { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'a' } },
      { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'b', namespace: 'other' } },
      { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'ns' } },
      { apiVersion: 'storage.k8s.io/v1', kind: 'StorageClass', metadata: { name: 'sc' } },
    ];
    expect(withDefaultNamespace(objects, 'app').map((o) => o.metadata.namespace)).toEqual([
      'app',
      'other',
      undefined,
      undefined,
    ]);
    expect(objects[0]?.metadata.namespace).toBeUndefined();
  });
});
