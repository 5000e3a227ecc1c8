/**
 * Ramen's own objects through the real kubectl against the embedded API server: Ramen's CRDs and samples (from
 * `../shared/ramen-reference`), the schema and CEL rules of ramen-behavior.md §6.3 (#36–#40), and our generated
 * CRDs (`deploy/crds`, applied with `kubectl apply -k`), which must refuse the same objects with the same words.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse as parseYaml, stringify } from 'yaml';
import type { KubeObject } from '../../src/apiserver/store/index.js';
import {
  KubectlHarness,
  type KubectlResult,
  kubectlPath,
  kubectlSkipReason,
  type ResourceId,
} from '../support/kubectl-harness.js';
import { ramenReferenceDir, readReferenceYaml, skipReason } from '../support/ramen-reference.js';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const GROUP = 'ramendr.openshift.io';
const VERSION = 'v1alpha1';
const APPLICATION_NAMESPACE = 'application-namespace';

/** The samples whose `kubeObjectProtection` still carries fields Ramen's CRDs dropped. */
const OBSOLETE_FIELD_SAMPLES: ReadonlySet<string> = new Set(['DRPlacementControl', 'VolumeReplicationGroup']);
const OBSOLETE_FIELDS = ['spec.kubeObjectProtection.captureOrder', 'spec.kubeObjectProtection.recoverOrder'];

/** What kubectl prints for the two samples that are invalid against Ramen's own CRDs. */
const INVALID_SAMPLES: Readonly<Record<string, readonly string[]>> = {
  'metrodr-drpolicy-sample': [
    'The DRPolicy "metrodr-drpolicy-sample" is invalid: \n' +
      '* spec.schedulingInterval: Invalid value: "object": spec.schedulingInterval in body must be of type string: ' +
      '"object"\n',
    'some validation rules were not checked because the object was invalid; correct the existing errors to ' +
      'complete validation',
  ],
  'protectedvolumereplicationgrouplist-sample': [
    'The ProtectedVolumeReplicationGroupList "protectedvolumereplicationgrouplist-sample" is invalid: ' +
      'spec.s3ProfileName: Required value\n',
  ],
};

interface Sample {
  file: string;
  object: KubeObject & { spec?: Record<string, unknown> };
}

function ramenResource(resource: string): ResourceId {
  return { group: GROUP, version: VERSION, resource };
}

/** The CRD names (metadata.name) of the YAML files of one folder. */
function crdNamesIn(dir: string): string[] {
  return readdirSync(dir)
    .filter((file) => file.endsWith('.yaml') && file !== 'kustomization.yaml')
    .map((file) => (parseYaml(readFileSync(join(dir, file), 'utf8')) as KubeObject).metadata.name as string)
    .sort();
}

function expectSuccess(result: KubectlResult): void {
  expect(result.code, `kubectl failed:\n${result.stderr}`).toBe(0);
}

/** The status of the one write (POST, PUT or PATCH) in a `-v=6` log. */
function writeStatus(result: KubectlResult): number | undefined {
  const writes = result.requests.filter((r) => r.method !== 'GET');
  expect(writes, result.stderr).toHaveLength(1);
  return writes[0]?.status;
}

/** kubectl refused the object with a 422 and printed exactly this one cause. */
function expectInvalid(result: KubectlResult, kind: string, name: string, cause: string): void {
  expect(result.code).toBe(1);
  expect(writeStatus(result)).toBe(422);
  expect(result.stderr).toContain(`The ${kind} "${name}" is invalid: ${cause}\n`);
}

/** Every `unknown field "..."` a strict decoding error names. */
function unknownFields(stderr: string): string[] {
  return [...stderr.matchAll(/unknown field "([^"]+)"/g)].map((match) => match[1]!).sort();
}

async function crdsEstablished(h: () => KubectlHarness, names: readonly string[]): Promise<void> {
  const crds = names.map((name) => `crd/${name}`);
  const result = await h().kubectl(['wait', '--for=condition=Established', '--timeout=10s', ...crds]);
  expectSuccess(result);
  expect(result.stdout.trim().split('\n').sort()).toEqual(
    names.map((name) => `customresourcedefinition.apiextensions.k8s.io/${name} condition met`).sort(),
  );
}

/** The stored object of a sample, found through the registry's served resource for its kind. */
async function storedObject(h: KubectlHarness, object: KubeObject): Promise<KubeObject | undefined> {
  const info = h.server.registry
    .groupVersions()
    .find((gv) => gv.group === GROUP && gv.version === VERSION)
    ?.resources.find((resource) => resource.kind === object.kind);
  if (!info) throw new Error(`${object.kind} is not served`);
  const namespace = info.namespaced ? (object.metadata.namespace ?? 'default') : '';
  return h.stored(ramenResource(info.resource), namespace, object.metadata.name as string);
}

/**
 * Registers the checks of ramen-behavior.md §6.3 against whichever Ramen CRDs are installed: each object is
 * refused with a 422 and Ramen's message, and a refused update leaves the object as it was.
 */
function describeRamenValidation(h: () => KubectlHarness, prefix: string): void {
  const create = (object: Record<string, unknown>) =>
    h().kubectl(['create', '-f', '-', '-v=6'], {
      input: stringify({ apiVersion: `${GROUP}/${VERSION}`, ...object }),
    });
  const patch = (resource: string, name: string, body: unknown, namespace?: string) =>
    h().kubectl([
      'patch',
      `${resource}.${GROUP}`,
      name,
      ...(namespace ? ['-n', namespace] : []),
      '--type',
      'merge',
      '-p',
      JSON.stringify(body),
      '-v=6',
    ]);
  const drPolicy = (name: string, spec: Record<string, unknown>) =>
    create({ kind: 'DRPolicy', metadata: { name }, spec: { schedulingInterval: '5m', ...spec } });
  const stored = (resource: string, name: string, namespace = '') =>
    h().stored(ramenResource(resource), namespace, name);

  it('#35 valid DRPolicy, DRCluster, DRPlacementControl and DRClusterConfig objects are created', async () => {
    const results = [
      await drPolicy(`${prefix}-policy`, { drClusters: ['east', 'west'] }),
      await create({
        kind: 'DRCluster',
        metadata: { name: `${prefix}-east` },
        spec: { s3ProfileName: 's3-east', region: 'east' },
      }),
      await create({ kind: 'Namespace', apiVersion: 'v1', metadata: { name: `${prefix}-apps` } }),
      await create({
        kind: 'DRPlacementControl',
        metadata: { name: `${prefix}-drpc`, namespace: `${prefix}-apps` },
        spec: {
          placementRef: { kind: 'Placement', name: 'app-placement' },
          drPolicyRef: { name: `${prefix}-policy` },
          pvcSelector: { matchLabels: { app: 'demo' } },
        },
      }),
      await create({
        kind: 'DRClusterConfig',
        metadata: { name: `${prefix}-config` },
        spec: { clusterID: 'cluster-1' },
      }),
    ];
    for (const result of results) {
      expectSuccess(result);
      expect(writeStatus(result)).toBe(201);
    }
  });

  it('#36 DRPolicy drClusters: required, exactly two', async () => {
    expectInvalid(
      await drPolicy(`${prefix}-nil`, {}),
      'DRPolicy',
      `${prefix}-nil`,
      'spec.drClusters: Required value',
    );
    for (const [suffix, drClusters] of [
      ['empty', []],
      ['one', ['east']],
    ] as const) {
      const name = `${prefix}-${suffix}`;
      expectInvalid(
        await drPolicy(name, { drClusters }),
        'DRPolicy',
        name,
        'spec.drClusters: Invalid value: "array": drClusters requires a list of 2 clusters',
      );
      expect(await stored('drpolicies', name)).toBeUndefined();
    }
  });

  it('#36 DRPolicy drClusters and schedulingInterval are immutable', async () => {
    const name = `${prefix}-policy`;
    expectInvalid(
      await patch('drpolicies', name, { spec: { drClusters: ['east', 'south'] } }),
      'DRPolicy',
      name,
      'spec.drClusters: Invalid value: "array": drClusters is immutable',
    );
    expectInvalid(
      await patch('drpolicies', name, { spec: { schedulingInterval: '6m' } }),
      'DRPolicy',
      name,
      'spec.schedulingInterval: Invalid value: "string": schedulingInterval is immutable',
    );
    expect((await stored('drpolicies', name))?.spec).toMatchObject({
      schedulingInterval: '5m',
      drClusters: ['east', 'west'],
    });
  });

  it('#37 DRPolicy schedulingInterval must match ^(|\\d+[mhd])$', async () => {
    for (const [suffix, interval] of [
      ['3s', '3s'],
      ['zero', '0'],
    ] as const) {
      const name = `${prefix}-interval-${suffix}`;
      expectInvalid(
        await drPolicy(name, { schedulingInterval: interval, drClusters: ['east', 'west'] }),
        'DRPolicy',
        name,
        `spec.schedulingInterval: Invalid value: "${interval}": spec.schedulingInterval in body should match ` +
          "'^(|\\d+[mhd])$'",
      );
    }
  });

  it('#38 DRCluster s3ProfileName and region are immutable', async () => {
    const name = `${prefix}-east`;
    expectInvalid(
      await patch('drclusters', name, { spec: { s3ProfileName: 's3-other' } }),
      'DRCluster',
      name,
      'spec.s3ProfileName: Invalid value: "string": s3ProfileName is immutable',
    );
    expectInvalid(
      await patch('drclusters', name, { spec: { region: 'west' } }),
      'DRCluster',
      name,
      'spec.region: Invalid value: "string": region is immutable',
    );
    expect((await stored('drclusters', name))?.spec).toMatchObject({
      s3ProfileName: 's3-east',
      region: 'east',
    });
  });

  it('#39 DRPlacementControl placementRef, drPolicyRef and pvcSelector are immutable', async () => {
    const name = `${prefix}-drpc`;
    const namespace = `${prefix}-apps`;
    const changes: Array<[string, Record<string, unknown>]> = [
      ['placementRef', { kind: 'Placement', name: 'other-placement' }],
      ['drPolicyRef', { name: 'other-policy' }],
      ['pvcSelector', { matchLabels: { app: 'other' } }],
    ];
    for (const [field, value] of changes) {
      expectInvalid(
        await patch('drplacementcontrols', name, { spec: { [field]: value } }, namespace),
        'DRPlacementControl',
        name,
        `spec.${field}: Invalid value: "object": ${field} is immutable`,
      );
    }
    expect((await stored('drplacementcontrols', name, namespace))?.spec).toMatchObject({
      placementRef: { kind: 'Placement', name: 'app-placement' },
      drPolicyRef: { name: `${prefix}-policy` },
      pvcSelector: { matchLabels: { app: 'demo' } },
    });
  });

  it('#40 DRClusterConfig clusterID is required and immutable', async () => {
    const missing = `${prefix}-config-missing`;
    expectInvalid(
      await create({
        kind: 'DRClusterConfig',
        metadata: { name: missing },
        spec: { replicationSchedules: ['5m'] },
      }),
      'DRClusterConfig',
      missing,
      'spec.clusterID: Required value',
    );
    const name = `${prefix}-config`;
    expectInvalid(
      await patch('drclusterconfigs', name, { spec: { clusterID: 'cluster-2' } }),
      'DRClusterConfig',
      name,
      'spec.clusterID: Invalid value: "string": ClusterID is immutable',
    );
    expect((await stored('drclusterconfigs', name))?.spec).toEqual({ clusterID: 'cluster-1' });
  });
}

describe.skipIf(!kubectlPath).sequential(`kubectl and Ramen's CRDs${kubectlSkipReason}`, () => {
  let harness: KubectlHarness;
  const h = () => harness;

  beforeAll(async () => {
    harness = await KubectlHarness.start('kubectl-ramen');
  });

  afterAll(async () => {
    await harness?.stop();
  });

  describe.skipIf(!ramenReferenceDir).sequential(`Ramen's reference CRDs and samples${skipReason}`, () => {
    const referenceCrds = ramenReferenceDir ? crdNamesIn(join(ramenReferenceDir, 'crds')) : [];
    const samples: Sample[] = readReferenceYaml('samples')
      .map(({ file, doc }) => ({ file, object: doc as Sample['object'] }))
      .filter((sample) => sample.object.kind !== 'RamenConfig');
    const sampleFile = (sample: Sample) => `sample-${basename(sample.file)}`;
    const applySample = (sample: Sample, ...flags: string[]) =>
      h().kubectl(['apply', '-f', sampleFile(sample), '-v=6', ...flags]);
    const sampleOfKind = (kind: string) => samples.find((sample) => sample.object.kind === kind)!;
    const storedSample = (sample: Sample) => storedObject(h(), sample.object);

    beforeAll(async () => {
      for (const sample of samples) await h().writeFile(sampleFile(sample), stringify(sample.object));
    });

    it("applies Ramen's CRDs cleanly and they establish", async () => {
      const result = await h().kubectl(['apply', '-f', join(ramenReferenceDir!, 'crds')]);
      expectSuccess(result);
      expect(result.stderr).toBe('');
      expect(result.stdout.trim().split('\n').sort()).toEqual(
        referenceCrds.map((name) => `customresourcedefinition.apiextensions.k8s.io/${name} created`),
      );
      await crdsEstablished(h, referenceCrds);
      for (const name of referenceCrds) {
        const plural = name.slice(0, name.indexOf('.'));
        expect(h().server.registry.resolve(GROUP, VERSION, plural), name).toBeDefined();
      }
    });

    it('applies the samples with --validate=false: unknown fields pruned, the two invalid ones refused (422)', async () => {
      expect(samples.length).toBeGreaterThan(5);
      expectSuccess(await h().kubectl(['create', 'namespace', APPLICATION_NAMESPACE]));
      for (const sample of samples) {
        const name = sample.object.metadata.name as string;
        const result = await applySample(sample, '--validate=false');
        const post = result.requests.find((r) => r.method === 'POST');
        expect(post?.url.searchParams.get('fieldValidation'), name).toBe('Ignore');
        const expectedErrors = INVALID_SAMPLES[name];
        if (expectedErrors) {
          expect(result.code, name).toBe(1);
          expect(post?.status, name).toBe(422);
          for (const text of expectedErrors) expect(result.stderr, name).toContain(text);
          expect(await storedSample(sample), name).toBeUndefined();
        } else {
          expectSuccess(result);
          expect(post?.status, name).toBe(201);
          expect(result.stdout).toBe(
            `${(sample.object.kind as string).toLowerCase()}.${GROUP}/${name} created\n`,
          );
        }
      }
      for (const kind of OBSOLETE_FIELD_SAMPLES) {
        const sample = sampleOfKind(kind);
        const namespace = sample.object.metadata.namespace ?? 'default';
        const object = await h().getJson<Sample['object']>([
          `${kind.toLowerCase()}s.${GROUP}`,
          sample.object.metadata.name as string,
          '-n',
          namespace,
        ]);
        expect(object.spec?.kubeObjectProtection, kind).toEqual({ captureInterval: '1m' });
        expect(await storedSample(sample), kind).toBeDefined();
      }
    });

    it('refuses the DRPC and VRG samples under strict validation only for captureOrder and recoverOrder', async () => {
      for (const kind of OBSOLETE_FIELD_SAMPLES) {
        const sample = sampleOfKind(kind);
        const name = sample.object.metadata.name as string;
        const namespace = sample.object.metadata.namespace ?? 'default';
        expectSuccess(
          await h().kubectl(['delete', `${kind.toLowerCase()}s.${GROUP}`, name, '-n', namespace]),
        );

        const strict = await applySample(sample);
        expect(strict.code, kind).toBe(1);
        expect(writeStatus(strict), kind).toBe(400);
        expect(strict.stderr).toContain(
          `${kind} in version "${VERSION}" cannot be handled as a ${kind}: strict decoding error: ` +
            OBSOLETE_FIELDS.map((field) => `unknown field "${field}"`).join(', '),
        );
        expect(unknownFields(strict.stderr), kind).toEqual(OBSOLETE_FIELDS);
        expect(await storedSample(sample), kind).toBeUndefined();

        // Without the two obsolete fields the same sample passes strict validation.
        const {
          captureOrder: _c,
          recoverOrder: _r,
          ...protection
        } = (sample.object.spec?.kubeObjectProtection ?? {}) as Record<string, unknown>;
        const current = {
          ...sample.object,
          spec: { ...sample.object.spec, kubeObjectProtection: protection },
        };
        const accepted = await h().kubectl(['apply', '-f', '-'], { input: stringify(current) });
        expectSuccess(accepted);
        expect(accepted.stdout).toBe(`${kind.toLowerCase()}.${GROUP}/${name} created\n`);
      }
    });

    it('refuses the metro DRPolicy (422) and the PVRGL sample (unknown profileName, 400) under strict validation', async () => {
      const metro = samples.find((sample) => sample.object.metadata.name === 'metrodr-drpolicy-sample')!;
      const metroResult = await applySample(metro);
      expect(metroResult.code).toBe(1);
      expect(writeStatus(metroResult)).toBe(422);
      for (const text of INVALID_SAMPLES['metrodr-drpolicy-sample']!)
        expect(metroResult.stderr).toContain(text);

      const list = sampleOfKind('ProtectedVolumeReplicationGroupList');
      const listResult = await applySample(list);
      expect(listResult.code).toBe(1);
      expect(writeStatus(listResult)).toBe(400);
      expect(unknownFields(listResult.stderr)).toEqual(['spec.profileName']);
    });

    describe.sequential("ramen-behavior.md §6.3 against Ramen's CRDs", () => {
      describeRamenValidation(h, 'ref');
    });
  });

  describe.sequential('generated CRDs (deploy/crds, kubectl apply -k)', () => {
    const kustomizations = ['ramen', 'external'].map((folder) => join(repoRoot, 'deploy/crds', folder));

    it('apply -k installs every generated CRD and each establishes', async () => {
      for (const dir of kustomizations) {
        const names = crdNamesIn(dir);
        const result = await h().kubectl(['apply', '-k', dir]);
        expectSuccess(result);
        expect(result.stderr).toBe('');
        const lines = result.stdout.trim().split('\n').sort();
        expect(lines.map((line) => line.replace(/ (created|configured|unchanged)$/, ''))).toEqual(
          names.map((name) => `customresourcedefinition.apiextensions.k8s.io/${name}`),
        );
        await crdsEstablished(h, names);
      }
    });

    describe.sequential('ramen-behavior.md §6.3 against the generated CRDs', () => {
      describeRamenValidation(h, 'gen');
    });
  });
});
