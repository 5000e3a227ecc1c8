import { describe, expect, it } from 'vitest';
import type { Channel, Subscription } from '../../api/index.js';
import { isSubset } from './manifest-work-sync.js';
import {
  channelKeyOf,
  gitSourceOf,
  placementTargetOf,
  SubscriptionSourceError,
} from './subscription-source.js';

function subscription(spec: Subscription['spec'], annotations: Record<string, string> = {}): Subscription {
  return {
    apiVersion: 'apps.open-cluster-management.io/v1',
    kind: 'Subscription',
    metadata: { namespace: 'app', name: 'sub', annotations },
    spec,
  };
}

function channel(type: Channel['spec']['type'], pathname: string): Channel {
  return {
    apiVersion: 'apps.open-cluster-management.io/v1',
    kind: 'Channel',
    metadata: { namespace: 'ch', name: 'c' },
    spec: { type, pathname },
  };
}

describe('subscription source', () => {
  it('reads the channel key and refuses malformed ones', () => {
    expect(channelKeyOf(subscription({ channel: 'ch/c' }))).toEqual({ namespace: 'ch', name: 'c' });
    expect(() => channelKeyOf(subscription({ channel: 'c' }))).toThrow(SubscriptionSourceError);
  });

  it('reads the github- annotations too and prefers a pinned commit', () => {
    const sub = subscription(
      { channel: 'ch/c' },
      {
        'apps.open-cluster-management.io/github-path': '/busybox/',
        'apps.open-cluster-management.io/github-branch': 'release',
      },
    );
    expect(gitSourceOf(sub, channel('GitHub', '/srv/repo'))).toEqual({
      repository: '/srv/repo',
      revision: 'release',
      path: 'busybox',
    });
    sub.metadata.annotations = {
      ...sub.metadata.annotations,
      'apps.open-cluster-management.io/git-desired-commit': 'abc123',
    };
    expect(gitSourceOf(sub, channel('Git', '/srv/repo')).revision).toBe('abc123');
  });

  it('refuses non-git channels and network repositories', () => {
    const sub = subscription({ channel: 'ch/c' });
    expect(() => gitSourceOf(sub, channel('HelmRepo', 'https://charts'))).toThrow(/not supported/);
    expect(() => gitSourceOf(sub, channel('Git', 'https://github.com/x/y.git'))).toThrow(
      SubscriptionSourceError,
    );
  });

  it('names the placement, PlacementRule by default', () => {
    expect(
      placementTargetOf(subscription({ channel: 'ch/c', placement: { placementRef: { name: 'r' } } })),
    ).toEqual({
      kind: 'PlacementRule',
      namespace: 'app',
      name: 'r',
    });
    expect(
      placementTargetOf(
        subscription({ channel: 'ch/c', placement: { placementRef: { kind: 'Placement', name: 'p' } } }),
      ).kind,
    ).toBe('Placement');
    expect(() => placementTargetOf(subscription({ channel: 'ch/c' }))).toThrow(/placementRef is required/);
    expect(() =>
      placementTargetOf(
        subscription({ channel: 'ch/c', placement: { placementRef: { kind: 'Deployment', name: 'd' } } }),
      ),
    ).toThrow(SubscriptionSourceError);
  });
});

describe('isSubset', () => {
  it('tolerates extra fields but not changed values or array lengths', () => {
    expect(isSubset({ a: 1, b: [{ c: 2 }] }, { a: 1, d: 3, b: [{ c: 2, e: 4 }] })).toBe(true);
    expect(isSubset({ a: 1 }, { a: 2 })).toBe(false);
    expect(isSubset({ b: [1] }, { b: [1, 2] })).toBe(false);
    expect(isSubset({ a: { b: 1 } }, { a: null })).toBe(false);
  });
});
