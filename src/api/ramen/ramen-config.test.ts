import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseDocument } from 'yaml';
import { ramenReferenceDir, skipReason } from '../../../test/support/ramen-reference.js';
import {
  DefaultRamenConfig,
  defaultRamenConfig,
  parseRamenConfig,
  RAMEN_CONFIG_MAP_KEY,
  RAMEN_DR_CLUSTER_CONFIG_MAP_NAME,
  RAMEN_HUB_CONFIG_MAP_NAME,
  RAMEN_SYSTEM_NAMESPACE,
  RamenConfigError,
  type RamenConfigErrorReason,
  ramenConfigMapName,
} from './ramen-config.js';

/** Runs `parse` and returns the RamenConfigError it throws (failing the test if it does not). */
function configError(parse: () => unknown): RamenConfigError {
  try {
    parse();
  } catch (error) {
    expect(error).toBeInstanceOf(RamenConfigError);
    return error as RamenConfigError;
  }
  throw new Error('expected a RamenConfigError');
}

const profile = (fields: string) =>
  `ramenControllerType: dr-cluster\ns3StoreProfiles:\n  - ${fields.trim().split('\n').join('\n    ')}\n`;

describe('RamenConfig ConfigMap names', () => {
  it('uses Ramen’s ConfigMap names, key and namespace', () => {
    expect(RAMEN_HUB_CONFIG_MAP_NAME).toBe('ramen-hub-operator-config');
    expect(RAMEN_DR_CLUSTER_CONFIG_MAP_NAME).toBe('ramen-dr-cluster-operator-config');
    expect(RAMEN_CONFIG_MAP_KEY).toBe('ramen_manager_config.yaml');
    expect(RAMEN_SYSTEM_NAMESPACE).toBe('ramen-system');
  });

  it('picks the ConfigMap by controller type', () => {
    expect(ramenConfigMapName('dr-hub')).toBe('ramen-hub-operator-config');
    expect(ramenConfigMapName('dr-cluster')).toBe('ramen-dr-cluster-operator-config');
  });
});

describe('DefaultRamenConfig', () => {
  it('carries Ramen’s defaults', () => {
    const hub = DefaultRamenConfig['dr-hub'];
    expect(hub.ramenControllerType).toBe('dr-hub');
    expect(hub.leaderElection).toMatchObject({ leaderElect: true, resourceName: 'hub.ramendr.openshift.io' });
    expect(DefaultRamenConfig['dr-cluster'].leaderElection.resourceName).toBe(
      'dr-cluster.ramendr.openshift.io',
    );
    expect(hub.health.healthProbeBindAddress).toBe(':8081');
    expect(hub.maxConcurrentReconciles).toBe(1);
    expect(hub.drClusterOperator).toMatchObject({
      deploymentAutomationEnabled: true,
      s3SecretDistributionEnabled: true,
      channelName: 'alpha',
      packageName: 'ramen-dr-cluster-operator',
      catalogSourceName: 'ramen-catalog',
      namespaceName: 'ramen-system',
    });
    expect(hub.volSync).toEqual({
      disabled: false,
      cephFSCSIDriverName: 'openshift-storage.cephfs.csi.ceph.com',
      destinationCopyMethod: 'Direct',
    });
    expect(hub.kubeObjectProtection.veleroNamespaceName).toBe('velero');
    expect(hub.multiNamespace).toEqual({ FeatureEnabled: true, volsyncSupported: true });
    expect(hub.volumeUnprotectionEnabled).toBe(true);
    expect(hub.ramenOpsNamespace).toBe('ramen-ops');
    expect(hub.retainNamespaceSCCAcrossPeers).toBe(true);
  });

  it('is deeply frozen', () => {
    const hub = DefaultRamenConfig['dr-hub'];
    expect(Object.isFrozen(DefaultRamenConfig)).toBe(true);
    expect(Object.isFrozen(hub.leaderElection)).toBe(true);
    expect(() => {
      (hub.volSync as { disabled: boolean }).disabled = true;
    }).toThrow(TypeError);
  });
});

describe('parseRamenConfig', () => {
  it('fills every default for a minimal document', () => {
    expect(parseRamenConfig('ramenControllerType: dr-hub\n')).toEqual(DefaultRamenConfig['dr-hub']);
    expect(parseRamenConfig('', { controllerType: 'dr-cluster' })).toEqual(DefaultRamenConfig['dr-cluster']);
  });

  it('returns a frozen config', () => {
    const config = parseRamenConfig('ramenControllerType: dr-hub\n');
    expect(Object.isFrozen(config)).toBe(true);
    expect(Object.isFrozen(config.drClusterOperator)).toBe(true);
  });

  it('lets the document override defaults, including false over a true default', () => {
    const config = parseRamenConfig(
      [
        'ramenControllerType: dr-cluster',
        'maxConcurrentReconciles: 50',
        'metrics: {bindAddress: "0"}',
        'leaderElection: {leaderElect: false}',
        'drClusterOperator: {deploymentAutomationEnabled: false, channelName: stable}',
        'volSync: {disabled: true}',
        'multiNamespace: {FeatureEnabled: false}',
        'volumeUnprotectionEnabled: false',
        'ramenOpsNamespace: my-ops',
      ].join('\n'),
    );
    expect(config.maxConcurrentReconciles).toBe(50);
    expect(config.metrics.bindAddress).toBe('0');
    expect(config.leaderElection.leaderElect).toBe(false);
    expect(config.leaderElection.resourceName).toBe('dr-cluster.ramendr.openshift.io');
    expect(config.drClusterOperator.deploymentAutomationEnabled).toBe(false);
    expect(config.drClusterOperator.s3SecretDistributionEnabled).toBe(true);
    expect(config.drClusterOperator.channelName).toBe('stable');
    expect(config.volSync.disabled).toBe(true);
    expect(config.multiNamespace).toEqual({ FeatureEnabled: false, volsyncSupported: true });
    expect(config.volumeUnprotectionEnabled).toBe(false);
    expect(config.ramenOpsNamespace).toBe('my-ops');
  });

  it('resolves empty values the way Ramen’s fallbacks do', () => {
    const config = parseRamenConfig(
      [
        'ramenControllerType: dr-hub',
        'maxConcurrentReconciles: 0',
        'volSync: {destinationCopyMethod: "", cephFSCSIDriverName: ""}',
        'drClusterOperator: {packageName: "", namespaceName: ""}',
        'kubeObjectProtection: {veleroNamespaceName: ""}',
        'leaderElection:',
      ].join('\n'),
      { operatorNamespace: 'ramen-hub' },
    );
    expect(config.maxConcurrentReconciles).toBe(1);
    expect(config.volSync.destinationCopyMethod).toBe('Snapshot');
    expect(config.volSync.cephFSCSIDriverName).toBe('openshift-storage.cephfs.csi.ceph.com');
    expect(config.drClusterOperator.packageName).toBe('ramen-dr-cluster-operator');
    expect(config.drClusterOperator.namespaceName).toBe('ramen-hub');
    expect(config.kubeObjectProtection.veleroNamespaceName).toBe('velero');
    expect(config.leaderElection.resourceNamespace).toBe('ramen-hub');
  });

  it('resolves S3 profiles, defaulting the secret namespace to the operator namespace', () => {
    const config = parseRamenConfig(
      profile(`
s3ProfileName: minio-on-dr1
s3Bucket: bucket
s3CompatibleEndpoint: http://192.168.1.2:30000
s3Region: us-west-1
s3SecretRef: {name: ramen-s3-secret-dr1}
veleroNamespaceSecretKeyRef: {key: cloud, name: cloud-credentials}
`),
      { operatorNamespace: 'ramen-dr' },
    );
    expect(config.s3StoreProfiles).toEqual([
      {
        s3ProfileName: 'minio-on-dr1',
        s3Bucket: 'bucket',
        s3CompatibleEndpoint: 'http://192.168.1.2:30000',
        s3Region: 'us-west-1',
        s3SecretRef: { name: 'ramen-s3-secret-dr1', namespace: 'ramen-dr' },
        veleroNamespaceSecretKeyRef: { key: 'cloud', name: 'cloud-credentials' },
      },
    ]);
  });

  it('ignores unknown keys, as Ramen does', () => {
    expect(parseRamenConfig('ramenControllerType: dr-hub\nnotARamenField: 1\n')).toEqual(
      DefaultRamenConfig['dr-hub'],
    );
  });

  describe('rejects', () => {
    const cases: Array<[string, string, RamenConfigErrorReason, RegExp]> = [
      ['a document that is a list', '- a\n- b\n', 'NotAMapping', /must be a YAML mapping.*not a list/],
      [
        'an unknown controller type',
        'ramenControllerType: dr-spoke\n',
        'InvalidControllerType',
        /"dr-spoke".*"dr-hub".*"dr-cluster"/,
      ],
      [
        'a missing controller type',
        'maxConcurrentReconciles: 2\n',
        'MissingControllerType',
        /has no ramenControllerType; set/,
      ],
      [
        'a profile without a name',
        profile('s3Bucket: b\ns3CompatibleEndpoint: http://s3'),
        'InvalidS3Profile',
        /s3StoreProfiles\[0\] has no s3ProfileName; name the profile/,
      ],
      [
        'a profile without a bucket',
        profile('s3ProfileName: east\ns3CompatibleEndpoint: http://s3'),
        'InvalidS3Profile',
        /"east" \(s3StoreProfiles\[0\]\) has no s3Bucket; add the bucket/,
      ],
      [
        'a profile without an endpoint',
        profile('s3ProfileName: east\ns3Bucket: b'),
        'InvalidS3Profile',
        /"east" \(s3StoreProfiles\[0\]\) has no s3CompatibleEndpoint; add the URL/,
      ],
      [
        'a profile whose endpoint is not a URL',
        profile('s3ProfileName: east\ns3Bucket: b\ns3CompatibleEndpoint: s3.local'),
        'InvalidS3Profile',
        /"s3.local", which is not a URL; use an absolute URL/,
      ],
      [
        'a field of the wrong type',
        'ramenControllerType: dr-hub\nwebhook: {port: nine}\n',
        'InvalidField',
        /field webhook\.port \(Webhook server port\) is invalid: expected integer, found "nine"; correct the value/,
      ],
      [
        'a malformed duration',
        'ramenControllerType: dr-hub\nleaderElection: {leaseDuration: 15 seconds}\n',
        'InvalidField',
        /field leaderElection\.leaseDuration \(How long a lease is held\) is invalid/,
      ],
      [
        'an unknown VolSync copy method',
        'ramenControllerType: dr-hub\nvolSync: {destinationCopyMethod: Clone}\n',
        'InvalidField',
        /field volSync\.destinationCopyMethod \(Snapshot or Direct\) is invalid: .*found "Clone"/,
      ],
    ];
    it.each(cases)('%s', (_title, yamlText, reason, message) => {
      const error = configError(() => parseRamenConfig(yamlText));
      expect(error.name).toBe('RamenConfigError');
      expect(error.reason).toBe(reason);
      expect(error.message).toMatch(/^ramen_manager_config\.yaml: /);
      expect(error.message).toMatch(message);
    });

    it('invalid YAML, keeping the parser error as the cause', () => {
      const error = configError(() => parseRamenConfig('ramenControllerType: [dr-hub\n'));
      expect(error.reason).toBe('InvalidYAML');
      expect(error.message).toMatch(/is not valid YAML .*; fix the syntax/);
      expect(error.cause).toBeInstanceOf(Error);
    });

    it('duplicate S3 profile names, naming both entries', () => {
      const two = `${profile('s3ProfileName: east\ns3Bucket: b\ns3CompatibleEndpoint: http://s3')}  - s3ProfileName: east\n    s3Bucket: c\n    s3CompatibleEndpoint: http://s3b\n`;
      const error = configError(() => parseRamenConfig(two));
      expect(error.reason).toBe('DuplicateS3Profile');
      expect(error.path).toBe('s3StoreProfiles[1].s3ProfileName');
      expect(error.message).toMatch(
        /"east" is used by s3StoreProfiles\[0\] and s3StoreProfiles\[1\]; give each/,
      );
    });

    it('a document for the other operator', () => {
      const error = configError(() =>
        parseRamenConfig('ramenControllerType: dr-cluster\n', { controllerType: 'dr-hub' }),
      );
      expect(error.reason).toBe('ControllerTypeMismatch');
      expect(error.message).toMatch(
        /ConfigMap ramen-dr-cluster-operator-config, or set ramenControllerType to "dr-hub"/,
      );
    });
  });
});

describe.skipIf(!ramenReferenceDir)(`Ramen's sample RamenConfig${skipReason}`, () => {
  const sampleText = () =>
    readFileSync(join(ramenReferenceDir ?? '', 'samples', 'ramendr_v1alpha1_ramenconfig.yaml'), 'utf8');

  it('is refused as it stands: its profiles name no bucket (Ramen fails only when a profile is first used)', () => {
    const error = configError(() => parseRamenConfig(sampleText(), { controllerType: 'dr-hub' }));
    expect(error.reason).toBe('InvalidS3Profile');
    expect(error.path).toBe('s3StoreProfiles[0].s3Bucket');
    expect(error.message).toContain('"s3-profile-of-east"');
  });

  it('parses once each profile has a bucket', () => {
    const document = parseDocument(sampleText());
    document.setIn(['s3StoreProfiles', 0, 's3Bucket'], 'bucket-east');
    document.setIn(['s3StoreProfiles', 1, 's3Bucket'], 'bucket-west');
    const config = parseRamenConfig(document.toString(), { controllerType: 'dr-hub' });

    expect(config.health.healthProbeBindAddress).toBe(':8081');
    expect(config.metrics.bindAddress).toBe(':8443');
    expect(config.webhook.port).toBe(9443);
    expect(config.leaderElection).toMatchObject({
      leaderElect: true,
      resourceName: 'leaderelection.ramendr.openshift.io',
    });
    expect(
      config.s3StoreProfiles.map((p) => [p.s3ProfileName, p.s3Region, p.s3SecretRef?.namespace]),
    ).toEqual([
      ['s3-profile-of-east', 'east', 'default'],
      ['s3-profile-of-west', 'west', 'default'],
    ]);
    expect(config.drClusterOperator).toEqual({
      ...defaultRamenConfig('dr-hub').drClusterOperator,
      namespaceName: 'ramen-system',
      catalogSourceNamespaceName: 'ramen-system',
    });
    expect(config.retainNamespaceSCCAcrossPeers).toBe(true);
    // Fields the sample leaves out keep Ramen's defaults; its top-level veleroNamespaceName is not a RamenConfig field.
    expect(config.volSync.destinationCopyMethod).toBe('Direct');
    expect(config.kubeObjectProtection.veleroNamespaceName).toBe('velero');
  });
});
