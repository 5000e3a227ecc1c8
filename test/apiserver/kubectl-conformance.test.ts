/**
 * The kubectl conformance script of kube-api.md §21, step by step: the real kubectl (v1.32) against one embedded
 * API server. Each step checks kubectl's exit code and output, the requests it sent (from its `-v` log) where the
 * step is about them, and the resulting state (`kubectl get -o json` or the server's registry). Steps build on
 * each other, so the groups run in order against the same server.
 */

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import type { KubeObject } from '../../src/apiserver/store/index.js';
import {
  KubectlHarness,
  type KubectlResult,
  kubectlPath,
  kubectlSkipReason,
  type ResourceId,
  type TracedRequest,
  waitUntil,
} from '../support/kubectl-harness.js';
import {
  CONFIG_MAP_LATE,
  configMapCm1,
  eventAbout,
  LEASE,
  NAMESPACE_DRTEST_WITH_CM,
  ownedConfigMap,
  SECRET_STRING_DATA,
  SET_SIZE_8_EDITOR,
  WIDGET_CRD,
  widget,
  widgetW1,
} from './kubectl-fixtures.js';

const CONFIG_MAPS: ResourceId = { group: '', version: 'v1', resource: 'configmaps' };
const NAMESPACES: ResourceId = { group: '', version: 'v1', resource: 'namespaces' };
const WIDGETS: ResourceId = { group: 'example.com', version: 'v1', resource: 'widgets' };

interface WidgetObject extends KubeObject {
  spec?: { size?: number; color?: string; extra?: Record<string, unknown>; [field: string]: unknown };
  status?: { phase?: string; conditions?: Array<{ type: string; status: string }> };
}

/** Fails with kubectl's stderr in the message when it did not exit 0. */
function expectSuccess(result: KubectlResult): void {
  expect(result.code, `kubectl failed:\n${result.stderr}`).toBe(0);
}

/** The one request with this method (and path part), from a `-v` log. */
function onlyRequest(result: KubectlResult, method: string, pathPart = ''): TracedRequest {
  const matching = result.requests.filter((r) => r.method === method && r.url.pathname.includes(pathPart));
  expect(matching, `${method} ${pathPart} requests in:\n${result.stderr}`).toHaveLength(1);
  return matching[0]!;
}

/** The `status.conditions` of an object (empty when it has none or does not exist). */
function conditionsOf(object: KubeObject | undefined): Array<{ type: string; status: string }> {
  const status = object?.status as { conditions?: Array<{ type: string; status: string }> } | undefined;
  return status?.conditions ?? [];
}

/** Whitespace-separated cells of each output line. */
function rows(stdout: string): string[][] {
  return stdout
    .trim()
    .split('\n')
    .map((line) => line.trim().split(/\s+/));
}

describe.skipIf(!kubectlPath).sequential(`kubectl conformance (kube-api.md §21)${kubectlSkipReason}`, () => {
  let h: KubectlHarness;
  const k = (args: readonly string[], options?: Parameters<KubectlHarness['kubectl']>[1]) =>
    h.kubectl(args, options);
  const getWidget = (name: string) => h.getJson<WidgetObject>(['widgets.example.com', name]);
  /** Runs kubectl expecting it to fail with exit code 1, and returns what it printed and sent. */
  const failing = async (args: readonly string[], options?: Parameters<KubectlHarness['kubectl']>[1]) => {
    const result = await k(args, options);
    expect(result.code).toBe(1);
    return result;
  };

  beforeAll(async () => {
    h = await KubectlHarness.start();
    await h.writeFile('crd.yaml', WIDGET_CRD);
    await h.writeFile('w1.yaml', widgetW1(3));
    await h.writeFile('w-bad.yaml', widget('w-bad', '  size: 50\n'));
    await h.writeFile(
      'w-unknown.yaml',
      widget('w-unknown', '  size: 2\n  bogus: 1\n  extra:\n    anything: kept\n'),
    );
    await h.writeFile('w-warn.yaml', widget('w-warn', '  size: 2\n  bogus: 1\n'));
    await h.writeFile('w-nosize.yaml', widget('w-nosize', '  color: blue\n'));
    await h.writeFile('cm1.yaml', configMapCm1('1'));
    await h.writeFile('cm1-changed.yaml', configMapCm1('2'));
    await h.writeFile('set-size-8.sh', SET_SIZE_8_EDITOR, 0o755);
    await h.writeFile('ns-drtest-with-cm.yaml', NAMESPACE_DRTEST_WITH_CM);
    await h.writeFile('cm.yaml', CONFIG_MAP_LATE);
    await h.writeFile('lease.yaml', LEASE);
    await h.writeFile('secret-stringdata.yaml', SECRET_STRING_DATA);
  });

  afterAll(async () => {
    await h?.stop();
  });

  describe.sequential('server, discovery and namespaces (#1–#5)', () => {
    it('#1 version -o json reports a v1.32 server', async () => {
      const result = await k(['version', '-o', 'json']);
      expectSuccess(result);
      const version = JSON.parse(result.stdout) as { serverVersion: { gitVersion: string } };
      expect(version.serverVersion.gitVersion).toMatch(/^v1\.32/);
    });

    it('#2 get --raw /healthz prints ok', async () => {
      expect(await h.ok(['get', '--raw', '/healthz'])).toBe('ok');
    });

    it('#3 api-resources lists the built-in resources', async () => {
      const names = (await h.ok(['api-resources', '-o', 'name'])).trim().split('\n');
      expect(names).toEqual(
        expect.arrayContaining([
          'namespaces',
          'configmaps',
          'secrets',
          'events',
          'leases.coordination.k8s.io',
          'customresourcedefinitions.apiextensions.k8s.io',
          'deployments.apps',
          'persistentvolumeclaims',
          'storageclasses.storage.k8s.io',
        ]),
      );
    });

    it('#4 get ns shows the default namespaces', async () => {
      const table = rows(await h.ok(['get', 'ns']));
      expect(table[0]).toEqual(['NAME', 'STATUS', 'AGE']);
      const names = table.slice(1).map((row) => row[0]);
      expect(names).toEqual(expect.arrayContaining(['default', 'kube-public', 'kube-system']));
      for (const row of table.slice(1)) expect(row[1]).toBe('Active');
    });

    it('#5 the default namespace carries its name label and is Active', async () => {
      const out = await h.ok([
        'get',
        'ns',
        'default',
        '-o',
        'jsonpath={.metadata.labels.kubernetes\\.io/metadata\\.name} {.status.phase}',
      ]);
      expect(out).toBe('default Active');
    });
  });

  describe.sequential('CustomResourceDefinition (#6–#8)', () => {
    it('#6 apply -f crd.yaml creates the CRD', async () => {
      const result = await k(['apply', '-f', 'crd.yaml']);
      expectSuccess(result);
      expect(result.stdout).toBe(
        'customresourcedefinition.apiextensions.k8s.io/widgets.example.com created\n',
      );
      const crd = await h.stored(
        { group: 'apiextensions.k8s.io', version: 'v1', resource: 'customresourcedefinitions' },
        '',
        'widgets.example.com',
      );
      expect(conditionsOf(crd)).toEqual(
        expect.arrayContaining([expect.objectContaining({ type: 'Established', status: 'True' })]),
      );
    });

    it('#7 wait --for=condition=Established returns at once', async () => {
      const result = await k([
        'wait',
        '--for=condition=Established',
        'crd/widgets.example.com',
        '--timeout=10s',
      ]);
      expectSuccess(result);
      expect(result.stdout).toBe(
        'customresourcedefinition.apiextensions.k8s.io/widgets.example.com condition met\n',
      );
    });

    it('#8 api-resources --api-group=example.com shows one Widget row', async () => {
      const table = rows(await h.ok(['api-resources', '--api-group=example.com', '-o', 'wide']));
      expect(table).toHaveLength(2);
      expect(table[0]).toEqual([
        'NAME',
        'SHORTNAMES',
        'APIVERSION',
        'NAMESPACED',
        'KIND',
        'VERBS',
        'CATEGORIES',
      ]);
      const [name, shortNames, apiVersion, namespaced, kind, verbs, categories] = table[1]!;
      expect([name, shortNames, apiVersion, namespaced, kind, categories]).toEqual([
        'widgets',
        'wd',
        'example.com/v1',
        'true',
        'Widget',
        'all,dr',
      ]);
      expect(verbs?.split(',').sort()).toEqual(
        ['create', 'delete', 'deletecollection', 'get', 'list', 'patch', 'update', 'watch'].sort(),
      );
    });
  });

  describe.sequential('client-side apply and reads (#9–#15)', () => {
    it('#9 apply -f w1.yaml creates the widget with the client-side-apply manager and strict validation', async () => {
      const result = await k(['apply', '-f', 'w1.yaml', '-v=6']);
      expectSuccess(result);
      expect(result.stdout).toBe('widget.example.com/w1 created\n');
      const post = onlyRequest(result, 'POST', '/widgets');
      expect(post.status).toBe(201);
      expect(post.url.searchParams.get('fieldManager')).toBe('kubectl-client-side-apply');
      expect(post.url.searchParams.get('fieldValidation')).toBe('Strict');
      expect((await h.stored(WIDGETS, 'default', 'w1'))?.spec).toEqual({ size: 3, color: 'red' });
    });

    it('#10 applying it unchanged sends no PATCH', async () => {
      const result = await k(['apply', '-f', 'w1.yaml', '-v=6']);
      expectSuccess(result);
      expect(result.stdout).toBe('widget.example.com/w1 unchanged\n');
      expect(result.requests.length).toBeGreaterThan(0);
      expect(result.requests.filter((r) => r.method !== 'GET')).toEqual([]);
    });

    it('#11 get wd prints the printer columns (Color is wide-only, the missing Phase is blank)', async () => {
      const table = rows(await h.ok(['get', 'wd']));
      expect(table[0]).toEqual(['NAME', 'SIZE', 'PHASE', 'AGE']);
      expect(table).toHaveLength(2);
      // kubectl prints a null cell (no .status.phase) as nothing, so the row has three cells.
      expect(table[1]).toEqual(['w1', '3', expect.stringMatching(/^\d+s$/)]);
    });

    it('#12 get wd -o wide adds the Color column', async () => {
      const table = rows(await h.ok(['get', 'wd', '-o', 'wide']));
      expect(table[0]).toEqual(['NAME', 'SIZE', 'PHASE', 'AGE', 'COLOR']);
      expect(table[1]).toEqual(['w1', '3', expect.stringMatching(/^\d+s$/), 'red']);
    });

    it('#13 the categories dr and all list the widget', async () => {
      expect(rows(await h.ok(['get', 'dr'])).map((row) => row[0])).toContain('w1');
      expect(rows(await h.ok(['get', 'all'])).map((row) => row[0])).toContain('widget.example.com/w1');
    });

    it('#14 get -o yaml shows the server-set metadata and the last-applied annotation', async () => {
      const object = parseYaml(await h.ok(['get', 'wd', 'w1', '-o', 'yaml'])) as WidgetObject;
      const meta = object.metadata;
      expect(meta.uid).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
      expect(typeof meta.resourceVersion).toBe('string');
      expect(meta.resourceVersion).toMatch(/^\d+$/);
      expect(meta.creationTimestamp).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
      expect(meta.generation).toBe(1);
      const lastApplied = meta.annotations?.['kubectl.kubernetes.io/last-applied-configuration'];
      expect(JSON.parse(lastApplied ?? '{}')).toMatchObject({
        kind: 'Widget',
        spec: { size: 3, color: 'red' },
      });
    });

    it('#15 jsonpath reads spec.size', async () => {
      expect(await h.ok(['get', 'wd', 'w1', '-o', 'jsonpath={.spec.size}'])).toBe('3');
    });
  });

  describe.sequential('patches and the status subresource (#16–#22)', () => {
    it('#16 re-applying a changed w1.yaml sends a merge patch and bumps the generation', async () => {
      await h.writeFile('w1.yaml', widgetW1(4));
      const result = await k(['apply', '-f', 'w1.yaml', '-v=8']);
      expectSuccess(result);
      expect(result.stdout).toBe('widget.example.com/w1 configured\n');
      const patch = onlyRequest(result, 'PATCH', '/widgets/w1');
      expect(patch.headers['content-type']).toBe('application/merge-patch+json');
      expect(patch.url.searchParams.get('fieldManager')).toBe('kubectl-client-side-apply');
      const w1 = await getWidget('w1');
      expect(w1.spec?.size).toBe(4);
      expect(w1.metadata.generation).toBe(2);
    });

    it('#17 patch --type merge', async () => {
      const result = await k(['patch', 'wd', 'w1', '--type', 'merge', '-p', '{"spec":{"size":5}}']);
      expectSuccess(result);
      expect(result.stdout).toBe('widget.example.com/w1 patched\n');
      const w1 = await getWidget('w1');
      expect(w1.spec?.size).toBe(5);
      expect(w1.metadata.generation).toBe(3);
    });

    it('#18 patch --type json replace', async () => {
      const result = await k([
        'patch',
        'wd',
        'w1',
        '--type',
        'json',
        '-p',
        '[{"op":"replace","path":"/spec/size","value":6}]',
      ]);
      expectSuccess(result);
      expect(result.stdout).toBe('widget.example.com/w1 patched\n');
      expect((await getWidget('w1')).spec?.size).toBe(6);
    });

    it('#19 a JSON patch that does not apply is a 422 and changes nothing', async () => {
      const before = await getWidget('w1');
      const result = await failing([
        'patch',
        'wd',
        'w1',
        '--type',
        'json',
        '-p',
        '[{"op":"remove","path":"/spec/nope"}]',
        '-v=6',
      ]);
      expect(onlyRequest(result, 'PATCH').status).toBe(422);
      // The real server sends the generic 422 text without details; kubectl prints it as an invalid request.
      expect(result.stderr).toContain(
        'The request is invalid: the server rejected our request due to an error in our request',
      );
      const after = await getWidget('w1');
      expect(after.metadata.resourceVersion).toBe(before.metadata.resourceVersion);
    });

    it('#20 a strategic merge patch of a custom resource is refused (415)', async () => {
      const result = await failing(['patch', 'wd', 'w1', '-p', '{"spec":{"size":7}}', '-v=6']);
      expect(onlyRequest(result, 'PATCH').status).toBe(415);
      expect(result.stderr).toContain(
        'error: application/strategic-merge-patch+json is not supported by example.com/v1, Kind=Widget: ' +
          'the body of the request was in an unknown format - accepted media types include: ' +
          'application/json-patch+json, application/merge-patch+json, application/apply-patch+yaml',
      );
      expect((await getWidget('w1')).spec?.size).toBe(6);
    });

    it('#21 patch --subresource=status sets the phase without bumping the generation', async () => {
      const generation = (await getWidget('w1')).metadata.generation;
      const result = await k([
        'patch',
        'wd',
        'w1',
        '--subresource=status',
        '--type',
        'merge',
        '-p',
        '{"status":{"phase":"Ready"}}',
      ]);
      expectSuccess(result);
      expect(result.stdout).toBe('widget.example.com/w1 patched\n');
      const w1 = await getWidget('w1');
      expect(w1.status?.phase).toBe('Ready');
      expect(w1.metadata.generation).toBe(generation);
    });

    it('#22 a status change through the main resource is ignored', async () => {
      const result = await k(['patch', 'wd', 'w1', '--type', 'merge', '-p', '{"status":{"phase":"Hacked"}}']);
      expectSuccess(result);
      expect(result.stdout).toBe('widget.example.com/w1 patched (no change)\n');
      expect((await getWidget('w1')).status?.phase).toBe('Ready');
    });
  });

  describe.sequential('labels, annotations and selectors (#23–#27)', () => {
    it('#23 label, then select with set-based and existence requirements', async () => {
      expect(await h.ok(['label', 'wd', 'w1', 'env=prod'])).toBe('widget.example.com/w1 labeled\n');
      expect(await h.ok(['get', 'wd', '-l', 'env in (prod,stage),tier!=b,!missing', '-o', 'name'])).toBe(
        'widget.example.com/w1\n',
      );
      expect(await h.ok(['get', 'wd', '-l', 'env in (prod,stage),tier!=a', '-o', 'name'])).toBe('');
    });

    it('#24 label env- sends a null label and removes it', async () => {
      const result = await k(['label', 'wd', 'w1', 'env-', '-v=8']);
      expectSuccess(result);
      expect(result.stdout).toBe('widget.example.com/w1 unlabeled\n');
      expect(JSON.parse(onlyRequest(result, 'PATCH').body ?? '')).toEqual({
        metadata: { labels: { env: null } },
      });
      expect((await getWidget('w1')).metadata.labels).toEqual({ app: 'demo', tier: 'a' });
    });

    it('#25 annotate refuses to overwrite without --overwrite', async () => {
      expect(await h.ok(['annotate', 'wd', 'w1', 'note=a'])).toBe('widget.example.com/w1 annotated\n');
      const refused = await failing(['annotate', 'wd', 'w1', 'note=b']);
      expect(refused.stderr).toContain(
        "--overwrite is false but found the following declared annotation(s): 'note' already has a value (a)",
      );
      expect(await h.ok(['annotate', 'wd', 'w1', 'note=b', '--overwrite'])).toBe(
        'widget.example.com/w1 annotated\n',
      );
      expect((await getWidget('w1')).metadata.annotations?.note).toBe('b');
    });

    it('#26 field selectors on metadata across all namespaces', async () => {
      const out = await h.ok([
        'get',
        'wd',
        '-A',
        '--field-selector',
        'metadata.namespace=default,metadata.name=w1',
        '-o',
        'name',
      ]);
      expect(out).toBe('widget.example.com/w1\n');
    });

    it('#27 an unsupported field label is a 400', async () => {
      const result = await failing(['get', 'cm', '--field-selector', 'spec.foo=x']);
      expect(result.stderr).toContain('Error from server (BadRequest)');
      expect(result.stderr).toContain('field label not supported: spec.foo');
    });
  });

  describe.sequential('errors: not found, already exists, conflict (#28–#30)', () => {
    it('#28 get of a missing widget', async () => {
      const result = await failing(['get', 'wd', 'nope']);
      expect(result.stderr).toBe('Error from server (NotFound): widgets.example.com "nope" not found\n');
    });

    it('#29 create of an existing widget', async () => {
      const result = await failing(['create', '-f', 'w1.yaml']);
      expect(result.stderr).toBe(
        'Error from server (AlreadyExists): error when creating "w1.yaml": widgets.example.com "w1" already exists\n',
      );
    });

    it('#30 replace with a stale resourceVersion is a conflict', async () => {
      const current = await getWidget('w1');
      const stale = { ...current, metadata: { ...current.metadata, resourceVersion: '1' } };
      const result = await failing(['replace', '-f', '-'], { input: JSON.stringify(stale) });
      expect(result.stderr).toContain('Error from server (Conflict)');
      expect(result.stderr).toContain(
        'Operation cannot be fulfilled on widgets.example.com "w1": the object has been modified; ' +
          'please apply your changes to the latest version and try again',
      );
      expect((await getWidget('w1')).metadata.resourceVersion).toBe(current.metadata.resourceVersion);
    });
  });

  describe.sequential('edit (#31)', () => {
    it('#31 edit runs KUBE_EDITOR and sends a merge patch as kubectl-edit', async () => {
      const editor = `${h.dir}/files/set-size-8.sh`;
      const result = await k(['edit', 'wd', 'w1', '-v=8'], { env: { KUBE_EDITOR: editor } });
      expectSuccess(result);
      expect(result.stdout).toBe('widget.example.com/w1 edited\n');
      const patch = onlyRequest(result, 'PATCH');
      expect(patch.headers['content-type']).toBe('application/merge-patch+json');
      expect(patch.url.searchParams.get('fieldManager')).toBe('kubectl-edit');
      expect((await getWidget('w1')).spec?.size).toBe(8);
    });
  });

  describe.sequential('validation, pruning and defaulting (#32–#34)', () => {
    it('#32 a size above the maximum fails the schema and the CEL rule (422)', async () => {
      const result = await failing(['apply', '-f', 'w-bad.yaml', '-v=6']);
      expect(onlyRequest(result, 'POST').status).toBe(422);
      expect(result.stderr).toContain('The Widget "w-bad" is invalid: \n');
      expect(result.stderr).toContain(
        '* spec.size: Invalid value: 50: spec.size in body should be less than or equal to 10\n',
      );
      expect(result.stderr).toContain('* spec: Invalid value: "object": size must be <= 10\n');
      expect(await h.stored(WIDGETS, 'default', 'w-bad')).toBeUndefined();
    });

    it('#33 unknown fields: refused by default, pruned with --validate=false, warned with --validate=warn', async () => {
      const strict = await failing(['apply', '-f', 'w-unknown.yaml', '-v=6']);
      expect(onlyRequest(strict, 'POST').status).toBe(400);
      expect(strict.stderr).toContain(
        'Error from server (BadRequest): error when creating "w-unknown.yaml": Widget in version "v1" cannot be ' +
          'handled as a Widget: strict decoding error: unknown field "spec.bogus"',
      );
      expect(await h.stored(WIDGETS, 'default', 'w-unknown')).toBeUndefined();

      const ignore = await k(['apply', '-f', 'w-unknown.yaml', '--validate=false', '-v=6']);
      expectSuccess(ignore);
      expect(ignore.stdout).toBe('widget.example.com/w-unknown created\n');
      expect(onlyRequest(ignore, 'POST').url.searchParams.get('fieldValidation')).toBe('Ignore');
      expect((await getWidget('w-unknown')).spec).toEqual({ size: 2, extra: { anything: 'kept' } });

      const warn = await k(['apply', '-f', 'w-warn.yaml', '--validate=warn', '-v=6']);
      expectSuccess(warn);
      expect(warn.stdout).toBe('widget.example.com/w-warn created\n');
      expect(onlyRequest(warn, 'POST').url.searchParams.get('fieldValidation')).toBe('Warn');
      expect(warn.stderr).toContain('Warning: unknown field "spec.bogus"');
      expect((await getWidget('w-warn')).spec).toEqual({ size: 2 });
    });

    it('#34 a missing size is defaulted', async () => {
      expect(await h.ok(['apply', '-f', 'w-nosize.yaml'])).toBe('widget.example.com/w-nosize created\n');
      expect(await h.ok(['get', 'wd', 'w-nosize', '-o', 'jsonpath={.spec.size}'])).toBe('1');
    });
  });

  describe.sequential('server-side apply (#35–#36)', () => {
    interface ManagedField {
      manager: string;
      operation: string;
      fieldsV1?: Record<string, unknown>;
    }
    const managedFields = async () =>
      (await h.getJson(['cm', 'cm1', '--show-managed-fields'])).metadata.managedFields as ManagedField[];

    it('#35 apply --server-side creates the config map with an Apply entry for kubectl', async () => {
      const result = await k(['apply', '--server-side', '-f', 'cm1.yaml', '-v=6']);
      expectSuccess(result);
      expect(result.stdout).toBe('configmap/cm1 serverside-applied\n');
      const patch = onlyRequest(result, 'PATCH', '/configmaps/cm1');
      expect(patch.status).toBe(201);
      expect(patch.url.searchParams.get('fieldManager')).toBe('kubectl');
      expect(await managedFields()).toEqual([
        expect.objectContaining({
          manager: 'kubectl',
          operation: 'Apply',
          fieldsV1: { 'f:data': { 'f:a': {} } },
        }),
      ]);
    });

    it('#36 another manager conflicts, then takes the field with --force-conflicts', async () => {
      const args = ['apply', '--server-side', '--field-manager=other', '-f', 'cm1-changed.yaml'];
      const conflict = await failing([...args, '-v=6']);
      expect(onlyRequest(conflict, 'PATCH').status).toBe(409);
      expect(conflict.stderr).toContain(
        'error: Apply failed with 1 conflict: conflict with "kubectl": .data.a\n',
      );
      expect(conflict.stderr).toContain('--force-conflicts');
      expect((await h.stored(CONFIG_MAPS, 'default', 'cm1'))?.data).toEqual({ a: '1' });

      expect(await h.ok([...args, '--force-conflicts'])).toBe('configmap/cm1 serverside-applied\n');
      expect((await h.stored(CONFIG_MAPS, 'default', 'cm1'))?.data).toEqual({ a: '2' });
      const fields = await managedFields();
      expect(fields).toContainEqual(
        expect.objectContaining({
          manager: 'other',
          operation: 'Apply',
          fieldsV1: { 'f:data': { 'f:a': {} } },
        }),
      );
      expect(fields.filter((entry) => entry.manager === 'kubectl')).toEqual([]);
    });
  });

  describe.sequential('watch and wait (#37–#39)', () => {
    it('#37 get -w --output-watch-events shows ADDED, then MODIFIED after a label', async () => {
      const watch = h.spawn(['get', 'wd', '-w', '--output-watch-events']);
      try {
        await watch.waitForOutput(({ stdout }) => /^ADDED\s+w1\s/m.test(stdout), { what: 'ADDED w1' });
        expect(await h.ok(['label', 'wd', 'w1', 'x=1'])).toBe('widget.example.com/w1 labeled\n');
        await watch.waitForOutput(({ stdout }) => /^MODIFIED\s+w1\s/m.test(stdout), { what: 'MODIFIED w1' });
      } finally {
        await watch.stop();
      }
      const lines = watch.stdout.trim().split('\n');
      expect(lines[0]?.split(/\s+/)).toEqual(['EVENT', 'NAME', 'SIZE', 'PHASE', 'AGE']);
      const added = lines.findIndex((line) => /^ADDED\s+w1\s+8\s+Ready\s/.test(line));
      const modified = lines.findIndex((line) => /^MODIFIED\s+w1\s+8\s+Ready\s/.test(line));
      expect(added).toBeGreaterThan(0);
      expect(modified).toBeGreaterThan(added);
      expect(watch.stderr).toBe('');
    });

    it('#38 wait --for=condition=Ready after a status patch with conditions', async () => {
      const status = {
        status: {
          conditions: [
            {
              type: 'Ready',
              status: 'True',
              reason: 'Done',
              message: 'ok',
              lastTransitionTime: '2025-01-01T00:00:00Z',
            },
          ],
        },
      };
      expect(
        await h.ok([
          'patch',
          'wd',
          'w1',
          '--subresource=status',
          '--type',
          'merge',
          '-p',
          JSON.stringify(status),
        ]),
      ).toBe('widget.example.com/w1 patched\n');
      expect(await h.ok(['wait', '--for=condition=Ready', 'wd/w1', '--timeout=5s'])).toBe(
        'widget.example.com/w1 condition met\n',
      );
    });

    it('#39 wait --for=jsonpath', async () => {
      expect(await h.ok(['wait', '--for=jsonpath={.status.phase}=Ready', 'wd/w1', '--timeout=5s'])).toBe(
        'widget.example.com/w1 condition met\n',
      );
    });
  });

  describe.sequential('finalizers and deletion (#40–#42)', () => {
    it('#40 a finalizer holds the deletion: kubectl delete times out, deletionTimestamp is set', async () => {
      expect(
        await h.ok([
          'patch',
          'wd',
          'w1',
          '--type',
          'merge',
          '-p',
          '{"metadata":{"finalizers":["example.com/protect"]}}',
        ]),
      ).toBe('widget.example.com/w1 patched\n');
      const generation = (await getWidget('w1')).metadata.generation ?? 0;
      const result = await k(['delete', 'wd', 'w1', '--timeout=2s']);
      expect(result.stdout).toBe('widget.example.com "w1" deleted\n');
      expect(result.code).toBe(1);
      expect(result.stderr).toContain('timed out waiting for the condition');
      const meta = (await getWidget('w1')).metadata;
      expect(meta.deletionTimestamp).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
      expect(meta.deletionGracePeriodSeconds).toBe(0);
      expect(meta.generation).toBe(generation + 1);
      expect(meta.finalizers).toEqual(['example.com/protect']);
    });

    it('#41 no new finalizer while deleting (422)', async () => {
      const result = await failing([
        'patch',
        'wd',
        'w1',
        '--type',
        'merge',
        '-p',
        '{"metadata":{"finalizers":["example.com/other"]}}',
        '-v=6',
      ]);
      expect(onlyRequest(result, 'PATCH').status).toBe(422);
      expect(result.stderr).toContain('no new finalizers can be added if the object is being deleted');
      expect((await getWidget('w1')).metadata.finalizers).toEqual(['example.com/protect']);
    });

    it('#42 removing the finalizer deletes it: wait --for=delete returns, the watch sees DELETED', async () => {
      const watch = h.spawn(['get', 'wd', '-w', '--output-watch-events']);
      const waiting = h.spawn(['wait', '--for=delete', 'wd/w1', '--timeout=10s', '-v=6']);
      try {
        await watch.waitForOutput(({ stdout }) => /^ADDED\s+w1\s/m.test(stdout), { what: 'ADDED w1' });
        // Remove the finalizer only once kubectl wait is watching, so it sees the deletion happen.
        await waiting.waitForOutput(({ stderr }) => /\] GET \S+watch=true\S* 200 /.test(stderr), {
          what: 'kubectl wait to watch w1',
        });
        expect(
          await h.ok([
            'patch',
            'wd',
            'w1',
            '--type',
            'json',
            '-p',
            '[{"op":"remove","path":"/metadata/finalizers"}]',
          ]),
        ).toBe('widget.example.com/w1 patched\n');
        const waited = await waiting.exited;
        expectSuccess(waited);
        expect(waited.stdout).toBe('widget.example.com/w1 condition met\n');
        await watch.waitForOutput(({ stdout }) => /^DELETED\s+w1\s/m.test(stdout), { what: 'DELETED w1' });
      } finally {
        await Promise.all([watch.stop(), waiting.stop()]);
      }
      expect(await h.stored(WIDGETS, 'default', 'w1')).toBeUndefined();
    });
  });

  describe.sequential('garbage collection (#43–#45)', () => {
    const createPair = async (
      parent: string,
      child: string,
      options?: Parameters<typeof ownedConfigMap>[2],
    ) => {
      expect(await h.ok(['create', 'cm', parent])).toBe(`configmap/${parent} created\n`);
      const uid = (await h.getJson(['cm', parent])).metadata.uid as string;
      expect(
        await h.ok(['create', '-f', '-'], { input: ownedConfigMap(child, { name: parent, uid }, options) }),
      ).toBe(`configmap/${child} created\n`);
    };

    it('#43 background deletion removes the dependent', async () => {
      await createPair('parent', 'child');
      expect(await h.ok(['delete', 'cm', 'parent'])).toBe('configmap "parent" deleted\n');
      await waitUntil(async () => (await h.stored(CONFIG_MAPS, 'default', 'child')) === undefined, {
        timeoutMs: 2000,
        what: 'the garbage collector to delete child',
      });
      const result = await failing(['get', 'cm', 'child']);
      expect(result.stderr).toBe('Error from server (NotFound): configmaps "child" not found\n');
    });

    it('#44 --cascade=orphan keeps the dependent and drops its owner reference', async () => {
      await createPair('parent-o', 'child-o');
      expect(await h.ok(['delete', 'cm', 'parent-o', '--cascade=orphan'])).toBe(
        'configmap "parent-o" deleted\n',
      );
      const child = await waitUntil(
        async () => {
          const stored = await h.stored(CONFIG_MAPS, 'default', 'child-o');
          return stored && (stored.metadata.ownerReferences ?? []).length === 0 ? stored : undefined;
        },
        { timeoutMs: 2000, what: 'child-o to lose its owner reference' },
      );
      expect(child.metadata.name).toBe('child-o');
      expect(await h.stored(CONFIG_MAPS, 'default', 'parent-o')).toBeUndefined();
      expect((await h.getJson(['cm', 'child-o'])).metadata.ownerReferences ?? []).toEqual([]);
    });

    it('#45 --cascade=foreground waits for a blocking dependent held by a finalizer', async () => {
      // Only dependents whose owner reference sets blockOwnerDeletion hold the owner (kube-api.md §14.3).
      await createPair('parent-f', 'child-f', { finalizer: 'example.com/hold', blockOwnerDeletion: true });
      expect(await h.ok(['delete', 'cm', 'parent-f', '--cascade=foreground', '--wait=false'])).toBe(
        'configmap "parent-f" deleted\n',
      );
      await waitUntil(
        async () => (await h.stored(CONFIG_MAPS, 'default', 'child-f'))?.metadata.deletionTimestamp,
        {
          timeoutMs: 2000,
          what: 'the garbage collector to delete child-f',
        },
      );
      const parent = await h.getJson(['cm', 'parent-f']);
      expect(parent.metadata.finalizers).toEqual(['foregroundDeletion']);
      expect(parent.metadata.deletionTimestamp).toBeTruthy();

      expect(
        await h.ok([
          'patch',
          'cm',
          'child-f',
          '--type',
          'json',
          '-p',
          '[{"op":"remove","path":"/metadata/finalizers"}]',
        ]),
      ).toBe('configmap/child-f patched\n');
      await waitUntil(
        async () =>
          (await h.stored(CONFIG_MAPS, 'default', 'parent-f')) === undefined &&
          (await h.stored(CONFIG_MAPS, 'default', 'child-f')) === undefined,
        { timeoutMs: 2000, what: 'parent-f and child-f to be gone' },
      );
    });
  });

  describe.sequential('namespace lifecycle (#46–#48)', () => {
    it('#46 a terminating namespace refuses new content (403)', async () => {
      expect(await h.ok(['apply', '-f', 'ns-drtest-with-cm.yaml'])).toBe(
        'namespace/drtest created\nconfigmap/held created\n',
      );
      expect(await h.ok(['delete', 'ns', 'drtest', '--wait=false'])).toBe('namespace "drtest" deleted\n');
      expect(await h.ok(['get', 'ns', 'drtest', '-o', 'jsonpath={.status.phase}'])).toBe('Terminating');
      const result = await failing(['create', '-f', 'cm.yaml', '-n', 'drtest']);
      expect(result.stderr).toBe(
        'Error from server (Forbidden): error when creating "cm.yaml": configmaps "late" is forbidden: ' +
          'unable to create new content in namespace drtest because it is being terminated\n',
      );
      const conditions = await waitUntil(
        async () => {
          const ns = await h.stored(NAMESPACES, '', 'drtest');
          const list = conditionsOf(ns);
          return list.some((c) => c.type === 'NamespaceFinalizersRemaining') ? list : undefined;
        },
        { what: 'the namespace controller to report remaining finalizers' },
      );
      expect(conditions).toContainEqual(
        expect.objectContaining({ type: 'NamespaceFinalizersRemaining', status: 'True' }),
      );
    });

    it('#47 once the content is gone the namespace is removed', async () => {
      expect(
        await h.ok([
          'patch',
          'cm',
          'held',
          '-n',
          'drtest',
          '--type',
          'json',
          '-p',
          '[{"op":"remove","path":"/metadata/finalizers"}]',
        ]),
      ).toBe('configmap/held patched\n');
      // The namespace may already be gone when kubectl asks; either way delete returns without error.
      const deleted = await k(['delete', 'ns', 'drtest', '--ignore-not-found']);
      expectSuccess(deleted);
      await waitUntil(async () => (await h.stored(NAMESPACES, '', 'drtest')) === undefined, {
        what: 'namespace drtest to be removed',
      });
      const cms = await k(['get', 'cm', '-n', 'drtest']);
      expectSuccess(cms);
      expect(cms.stdout).toBe('');
      expect(cms.stderr).toBe('No resources found in drtest namespace.\n');
      const ns = await failing(['get', 'ns', 'drtest']);
      expect(ns.stderr).toBe('Error from server (NotFound): namespaces "drtest" not found\n');
    });

    it('#48 kube-system may not be deleted', async () => {
      const result = await failing(['delete', 'ns', 'kube-system']);
      expect(result.stderr).toBe(
        'Error from server (Forbidden): namespaces "kube-system" is forbidden: this namespace may not be deleted\n',
      );
      expect((await h.stored(NAMESPACES, '', 'kube-system'))?.metadata.deletionTimestamp).toBeUndefined();
    });
  });

  describe.sequential('built-in kinds and explain (#49–#53)', () => {
    it('#49 a lease keeps the microsecond renew time', async () => {
      expect(await h.ok(['apply', '-f', 'lease.yaml'])).toBe('lease.coordination.k8s.io/l1 created\n');
      expect(
        await h.ok([
          'get',
          'lease',
          '-o',
          'jsonpath={.items[0].spec.holderIdentity} {.items[0].spec.renewTime}',
        ]),
      ).toBe('a 2025-01-01T00:00:00.000000Z');
    });

    it('#50 an events.k8s.io/v1 event shows in describe and in core v1 events', async () => {
      const uid = (await getWidget('w-nosize')).metadata.uid as string;
      await h.writeFile('event-v1.yaml', eventAbout('w-nosize', uid));
      expect(await h.ok(['create', '-f', 'event-v1.yaml'])).toBe(
        'event.events.k8s.io/w-nosize.ev1 created\n',
      );
      const described = await h.ok(['describe', 'wd', 'w-nosize']);
      const events = described.slice(described.indexOf('Events:'));
      expect(events).toMatch(/^Events:\n\s+Type\s+Reason\s+Age\s+From\s+Message\n/);
      expect(events).toMatch(/Normal\s+Resized\s+\S+\s+example\.com\/widget-controller\s+size was defaulted/);
      const listed = rows(await h.ok(['get', 'events', '--field-selector', 'involvedObject.name=w-nosize']));
      expect(listed.map((row) => row[0])).toEqual(['NAME', 'w-nosize.ev1']);
      expect(listed[1]).toEqual(expect.arrayContaining(['Resized', 'widget/w-nosize']));
    });

    it('#51 stringData is stored as base64 data', async () => {
      expect(await h.ok(['create', '-f', 'secret-stringdata.yaml'])).toBe('secret/s created\n');
      expect(await h.ok(['get', 'secret', 's', '-o', 'jsonpath={.data.user}'])).toBe(
        Buffer.from('admin').toString('base64'),
      );
      expect(await h.getJson(['secret', 's'])).not.toHaveProperty('stringData');
    });

    it('#52 explain reads the CRD schema from OpenAPI v3', async () => {
      const out = await h.ok(['explain', 'wd.spec']);
      expect(out).toContain('KIND:       Widget');
      expect(out).toContain('FIELDS:');
      expect(out).toMatch(/^\s+color\s+<string>$/m);
      expect(out).toMatch(/^\s+size\s+<integer>$/m);
    });

    it('#53 create namespace sends protobuf', async () => {
      const result = await k(['create', 'namespace', 'x2', '-v=8']);
      expectSuccess(result);
      expect(result.stdout).toBe('namespace/x2 created\n');
      expect(onlyRequest(result, 'POST', '/namespaces').headers['content-type']).toBe(
        'application/vnd.kubernetes.protobuf',
      );
      expect((await h.stored(NAMESPACES, '', 'x2'))?.metadata.labels).toEqual({
        'kubernetes.io/metadata.name': 'x2',
      });
    });
  });

  describe.sequential('CRD deletion and watch timeout (#54–#55)', () => {
    it('#54 deleting the CRD removes the resource type', async () => {
      expect(await h.ok(['delete', 'crd', 'widgets.example.com'])).toBe(
        'customresourcedefinition.apiextensions.k8s.io "widgets.example.com" deleted\n',
      );
      expect(h.server.registry.resolve('example.com', 'v1', 'widgets')).toBeUndefined();
      const result = await failing(['get', 'widgets.example.com'], { cacheDir: `${h.dir}/fresh-cache` });
      expect(result.stderr).toBe('error: the server doesn\'t have a resource type "widgets"\n');
    });

    it('#55 get -w ends cleanly at the request timeout', async () => {
      const started = Date.now();
      const result = await k(['get', 'cm', '-w', '--request-timeout=3s']);
      const elapsed = Date.now() - started;
      expectSuccess(result);
      expect(result.stderr).toBe('');
      expect(rows(result.stdout)[0]).toEqual(['NAME', 'DATA', 'AGE']);
      expect(elapsed).toBeGreaterThanOrEqual(2500);
      expect(elapsed).toBeLessThan(8000);
    });
  });
});
