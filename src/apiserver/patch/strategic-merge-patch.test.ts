import { describe, expect, it } from 'vitest';
import { thrownError } from '../../../test/support/thrown-error.js';
import { isJsonObject, type JsonObject, type JsonValue } from '../../api/index.js';
import { objectMetaPatchMeta, podTemplateSpecPatchMeta } from './core-patch-meta.js';
import { PatchError } from './errors.js';
import type { PatchMeta } from './patch-meta.js';
import { applyStrategicMergePatch } from './strategic-merge-patch.js';

/** What builtins/ will declare for apps/v1 Deployment, built from the shared core metadata. */
const deploymentPatchMeta: PatchMeta = {
  fields: {
    metadata: objectMetaPatchMeta,
    spec: {
      fields: {
        template: podTemplateSpecPatchMeta,
        strategy: { retainKeys: true },
      },
    },
    status: { fields: { conditions: { strategy: 'merge', mergeKey: 'type' } } },
  },
};

function deployment(): JsonObject {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'web', labels: { app: 'web', tier: 'front' }, finalizers: ['a.io/x', 'b.io/y'] },
    spec: {
      replicas: 2,
      strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: 1, maxUnavailable: 0 } },
      template: {
        metadata: { labels: { app: 'web' } },
        spec: {
          containers: [
            {
              name: 'nginx',
              image: 'nginx:1.25',
              ports: [{ containerPort: 80 }],
              env: [
                { name: 'A', value: '1' },
                { name: 'B', value: '2' },
              ],
            },
            { name: 'side', image: 'busybox:1', args: ['sleep', '1d'] },
          ],
          tolerations: [{ key: 'k1', operator: 'Exists' }],
        },
      },
    },
  };
}

/** The value at `keys` below `value` (undefined when a step is missing). */
function dig(value: JsonValue | undefined, ...keys: string[]): JsonValue | undefined {
  return keys.reduce<JsonValue | undefined>(
    (node, key) => (isJsonObject(node) ? node[key] : undefined),
    value,
  );
}

const containersOf = (obj: JsonObject) => dig(obj, 'spec', 'template', 'spec', 'containers') as JsonObject[];
const patchTemplateSpec = (spec: JsonObject): JsonObject => ({ spec: { template: { spec } } });

const failure = (run: () => unknown) => thrownError(PatchError, run);

describe('applyStrategicMergePatch: keyed lists', () => {
  it('kubectl apply sends only the changed container: the others are kept', () => {
    const live = deployment();
    const patched = applyStrategicMergePatch(
      live,
      patchTemplateSpec({
        '$setElementOrder/containers': [{ name: 'nginx' }, { name: 'side' }],
        containers: [{ name: 'side', image: 'busybox:2' }],
      }),
      deploymentPatchMeta,
    );
    const containers = containersOf(patched);
    expect(containers.map((c) => c.name)).toEqual(['nginx', 'side']);
    expect(containers[0]).toEqual(containersOf(live)[0]);
    expect(containers[1]).toEqual({ name: 'side', image: 'busybox:2', args: ['sleep', '1d'] });
  });

  it('a plain patch with one container merges it by name and keeps the rest', () => {
    const patched = applyStrategicMergePatch(
      deployment(),
      patchTemplateSpec({ containers: [{ name: 'nginx', image: 'nginx:1.27' }] }),
      deploymentPatchMeta,
    );
    expect(containersOf(patched).map((c) => [c.name, c.image])).toEqual([
      ['nginx', 'nginx:1.27'],
      ['side', 'busybox:1'],
    ]);
    expect(containersOf(patched)[0]?.env).toHaveLength(2);
  });

  it('a new container goes first without $setElementOrder, where $setElementOrder puts it', () => {
    const added = { name: 'log', image: 'fluent:1' };
    const plain = applyStrategicMergePatch(
      deployment(),
      patchTemplateSpec({ containers: [added] }),
      deploymentPatchMeta,
    );
    expect(containersOf(plain).map((c) => c.name)).toEqual(['log', 'nginx', 'side']);
    const ordered = applyStrategicMergePatch(
      deployment(),
      patchTemplateSpec({
        '$setElementOrder/containers': [{ name: 'nginx' }, { name: 'side' }, { name: 'log' }],
        containers: [added],
      }),
      deploymentPatchMeta,
    );
    expect(containersOf(ordered).map((c) => c.name)).toEqual(['nginx', 'side', 'log']);
  });

  it('$setElementOrder alone reorders the live list', () => {
    const patched = applyStrategicMergePatch(
      deployment(),
      patchTemplateSpec({ '$setElementOrder/containers': [{ name: 'side' }, { name: 'nginx' }] }),
      deploymentPatchMeta,
    );
    expect(containersOf(patched).map((c) => c.name)).toEqual(['side', 'nginx']);
  });

  it('$patch: delete removes the item with that key (what kubectl apply sends for a removed container)', () => {
    const patched = applyStrategicMergePatch(
      deployment(),
      patchTemplateSpec({
        '$setElementOrder/containers': [{ name: 'nginx' }],
        containers: [{ $patch: 'delete', name: 'side' }],
      }),
      deploymentPatchMeta,
    );
    expect(containersOf(patched).map((c) => c.name)).toEqual(['nginx']);
  });

  it('$patch: replace makes the patch list the whole list', () => {
    const patched = applyStrategicMergePatch(
      deployment(),
      patchTemplateSpec({ containers: [{ name: 'only', image: 'x' }, { $patch: 'replace' }] }),
      deploymentPatchMeta,
    );
    expect(containersOf(patched)).toEqual([{ name: 'only', image: 'x' }]);
  });

  it('merges nested keyed lists: env by name, ports by containerPort', () => {
    const patched = applyStrategicMergePatch(
      deployment(),
      patchTemplateSpec({
        containers: [
          {
            name: 'nginx',
            env: [
              { name: 'B', value: '3' },
              { name: 'A', $patch: 'delete' },
            ],
            ports: [{ containerPort: 80, name: 'http' }, { containerPort: 443 }],
          },
        ],
      }),
      deploymentPatchMeta,
    );
    const nginx = containersOf(patched)[0] as JsonObject;
    expect(nginx.env).toEqual([{ name: 'B', value: '3' }]);
    expect(nginx.ports).toEqual([{ containerPort: 80, name: 'http' }, { containerPort: 443 }]);
  });

  it('lists without a merge strategy are replaced (tolerations, args)', () => {
    const patched = applyStrategicMergePatch(
      deployment(),
      patchTemplateSpec({
        tolerations: [{ key: 'k2', operator: 'Exists' }],
        containers: [{ name: 'side', args: ['true'] }],
      }),
      deploymentPatchMeta,
    );
    expect(dig(patched, 'spec', 'template', 'spec', 'tolerations')).toEqual([
      { key: 'k2', operator: 'Exists' },
    ]);
    expect(containersOf(patched)[1]?.args).toEqual(['true']);
  });
});

describe('applyStrategicMergePatch: primitive lists, maps and directives', () => {
  it('finalizers merge as a set: new values first, $deleteFromPrimitiveList removes', () => {
    const added = applyStrategicMergePatch(
      deployment(),
      { metadata: { finalizers: ['c.io/z', 'a.io/x'] } },
      deploymentPatchMeta,
    );
    expect((added.metadata as JsonObject).finalizers).toEqual(['c.io/z', 'a.io/x', 'b.io/y']);
    const removed = applyStrategicMergePatch(
      deployment(),
      { metadata: { '$deleteFromPrimitiveList/finalizers': ['a.io/x'] } },
      deploymentPatchMeta,
    );
    expect((removed.metadata as JsonObject).finalizers).toEqual(['b.io/y']);
  });

  it('kubectl apply of finalizers: $setElementOrder plus a deletion list', () => {
    const patched = applyStrategicMergePatch(
      deployment(),
      {
        metadata: {
          '$setElementOrder/finalizers': ['b.io/y', 'c.io/z'],
          '$deleteFromPrimitiveList/finalizers': ['a.io/x'],
          finalizers: ['c.io/z'],
        },
      },
      deploymentPatchMeta,
    );
    expect((patched.metadata as JsonObject).finalizers).toEqual(['b.io/y', 'c.io/z']);
  });

  it('null deletes a map member; other members stay', () => {
    const patched = applyStrategicMergePatch(deployment(), {
      metadata: { labels: { tier: null, new: 'x' } },
    });
    expect((patched.metadata as JsonObject).labels).toEqual({ app: 'web', new: 'x' });
  });

  it('$retainKeys clears the members it does not list (Deployment strategy switch)', () => {
    const patched = applyStrategicMergePatch(
      deployment(),
      { spec: { strategy: { $retainKeys: ['type'], type: 'Recreate', rollingUpdate: null } } },
      deploymentPatchMeta,
    );
    expect((patched.spec as JsonObject).strategy).toEqual({ type: 'Recreate' });
  });

  it('$patch: replace on a map replaces it, $patch: delete empties it', () => {
    const replaced = applyStrategicMergePatch(deployment(), {
      metadata: { labels: { $patch: 'replace', only: 'one' } },
    });
    expect((replaced.metadata as JsonObject).labels).toEqual({ only: 'one' });
    const deleted = applyStrategicMergePatch(deployment(), { metadata: { labels: { $patch: 'delete' } } });
    expect((deleted.metadata as JsonObject).labels).toEqual({});
  });

  it('$patch: merge is the ordinary merge', () => {
    const patched = applyStrategicMergePatch(deployment(), {
      metadata: { labels: { $patch: 'merge', x: 'y' } },
    });
    expect((patched.metadata as JsonObject).labels).toEqual({ app: 'web', tier: 'front', x: 'y' });
  });

  it('new values are stored without nulls or directives', () => {
    const patched = applyStrategicMergePatch(
      { metadata: { name: 'p' } },
      {
        spec: {
          containers: [{ name: 'a', image: 'x', env: null }, { $patch: 'replace' }],
          nodeSelector: { a: null },
        },
      },
      { fields: { spec: { fields: podTemplateSpecPatchMeta.fields?.spec?.fields } } },
    );
    expect(patched.spec).toEqual({ containers: [{ name: 'a', image: 'x' }], nodeSelector: {} });
  });

  it('modifies neither the object nor the patch', () => {
    const live = deployment();
    const patch = patchTemplateSpec({
      containers: [
        { name: 'nginx', image: 'n:2' },
        { name: 'side', $patch: 'delete' },
      ],
    });
    const before = structuredClone({ live, patch });
    applyStrategicMergePatch(live, patch, deploymentPatchMeta);
    expect({ live, patch }).toEqual(before);
  });
});

describe('applyStrategicMergePatch: status', () => {
  it('conditions merge by type', () => {
    const live = {
      ...deployment(),
      status: {
        conditions: [
          { type: 'Available', status: 'False' },
          { type: 'Progressing', status: 'True' },
        ],
      },
    };
    const patched = applyStrategicMergePatch(
      live,
      { status: { conditions: [{ type: 'Available', status: 'True' }] } },
      deploymentPatchMeta,
    );
    expect(dig(patched, 'status', 'conditions')).toEqual([
      { type: 'Available', status: 'True' },
      { type: 'Progressing', status: 'True' },
    ]);
  });
});

describe('applyStrategicMergePatch: errors as the API server reports them', () => {
  it('an item without its merge key is a 500 with the Go rendering of the item', () => {
    const error = failure(() =>
      applyStrategicMergePatch(
        deployment(),
        patchTemplateSpec({ containers: [{ image: 'x' }] }),
        deploymentPatchMeta,
      ),
    );
    expect(error.code).toBe(500);
    expect(error.reason).toBe('');
    expect(error.message).toBe('map: map[image:x] does not contain declared merge key: name');
  });

  it('malformed directives are 400', () => {
    const badRetain = failure(() =>
      applyStrategicMergePatch(deployment(), { spec: { $retainKeys: 'type' } }),
    );
    expect([badRetain.code, badRetain.message]).toEqual([400, 'invalid patch format of retainKeys']);
    const unlisted = failure(() =>
      applyStrategicMergePatch(deployment(), { spec: { $retainKeys: ['type'], replicas: 3 } }),
    );
    expect(unlisted.message).toBe('invalid patch format of retainKeys');
    const noField = failure(() =>
      applyStrategicMergePatch(deployment(), { metadata: { $setElementOrder: [] } }),
    );
    expect([noField.code, noField.message]).toEqual([400, 'invalid patch format of setElementOrder list']);
  });

  it('a patch list out of the $setElementOrder order is a 500', () => {
    const error = failure(() =>
      applyStrategicMergePatch(
        deployment(),
        patchTemplateSpec({
          '$setElementOrder/containers': [{ name: 'nginx' }, { name: 'side' }],
          containers: [
            { name: 'side', image: 'a' },
            { name: 'nginx', image: 'b' },
          ],
        }),
        deploymentPatchMeta,
      ),
    );
    expect(error.code).toBe(500);
    expect(error.message).toContain("doesn't match $setElementOrder list");
  });

  it('an unknown $patch value is a 500', () => {
    const error = failure(() =>
      applyStrategicMergePatch(deployment(), { metadata: { labels: { $patch: 'frob' } } }),
    );
    expect(error.code).toBe(500);
    expect(error.message).toBe('unknown patch type: frob in map: map[$patch:frob]');
  });

  it('a list of lists is a 422', () => {
    const error = failure(() =>
      applyStrategicMergePatch(
        { metadata: { finalizers: ['a'] } },
        { metadata: { finalizers: [['b']] } },
        {
          fields: { metadata: objectMetaPatchMeta },
        },
      ),
    );
    expect([error.code, error.reason]).toEqual([422, 'Invalid']);
  });

  it('a body that is not an object is a 400; null is a no-op', () => {
    expect(failure(() => applyStrategicMergePatch(deployment(), [1])).message).toBe(
      'json: cannot unmarshal array into Go value of type map[string]interface {}',
    );
    expect(applyStrategicMergePatch(deployment(), null)).toEqual(deployment());
  });
});
