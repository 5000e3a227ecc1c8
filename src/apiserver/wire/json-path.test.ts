import { describe, expect, it } from 'vitest';
import { compileJsonPath, firstJsonPathMatch, JsonPathError } from './json-path.js';

const drpc = {
  metadata: { name: 'app-drpc', labels: { 'app.kubernetes.io/name': 'busybox' } },
  spec: { action: 'Failover', size: 3, pvcSelector: {} },
  status: {
    phase: 'FailedOver',
    conditions: [
      { type: 'Available', status: 'True', observedGeneration: 2 },
      { type: 'PeerReady', status: 'False', observedGeneration: 1 },
      { type: 'Protected', status: 'True', observedGeneration: 3 },
    ],
    preferredDecision: { clusterName: 'east', clusterNamespace: 'east' },
    empty: null,
  },
};

const find = (path: string, value: unknown = drpc): unknown[] => compileJsonPath(path).find(value);

describe('compileJsonPath', () => {
  it.each([
    ['.spec.action', ['Failover']],
    ['.spec.size', [3]],
    ['.status.preferredDecision.clusterName', ['east']],
    ['.status.conditions[1].type', ['PeerReady']],
    ['.status.conditions[-1].type', ['Protected']],
    ['.status.conditions[0:2].type', ['Available', 'PeerReady']],
    ['.status.conditions[::2].type', ['Available', 'Protected']],
    ['.status.conditions[0,2].type', ['Available', 'Protected']],
    ['.status.conditions[*].status', ['True', 'False', 'True']],
    ['.status.conditions[?(@.type=="PeerReady")].status', ['False']],
    [".status.conditions[?(@.type == 'Protected')].status", ['True']],
    ['.status.conditions[?(@.status!="True")].type', ['PeerReady']],
    ['.status.conditions[?(@.observedGeneration>=2)].type', ['Available', 'Protected']],
    ['.status.conditions[?(@.observedGeneration<2)].type', ['PeerReady']],
    ['.status.conditions[?(@.reason)].type', []],
    ['.status.conditions[?(@.type)].type', ['Available', 'PeerReady', 'Protected']],
    [".metadata.labels['app.kubernetes.io/name']", ['busybox']],
    ['.metadata.labels.app\\.kubernetes\\.io/name', ['busybox']],
    ["['spec']['action','size']", ['Failover', 3]],
    ['.status.preferredDecision.*', ['east', 'east']],
    ['..clusterName', ['east']],
    ['$.spec.action', ['Failover']],
    ['{.spec.action}', ['Failover']],
    ['.spec.missing', []],
    ['.spec.action.deeper', []],
    ['.status.empty', [null]],
    ['.status.empty.x', []],
    ['.spec.pvcSelector', [{}]],
  ])('%s', (path, expected) => {
    expect(find(path)).toEqual(expected);
  });

  it('returns the root for a lone dot', () => {
    expect(find('.', { a: 1 })).toEqual([{ a: 1 }]);
  });

  it('finds every descendant field with ..', () => {
    expect(find('..observedGeneration')).toEqual([2, 1, 3]);
    expect(find('..status')[0]).toBe(drpc.status);
    expect(find('..type', { a: { type: 1, b: [{ type: 2 }] } })).toEqual([1, 2]);
  });

  it.each([
    ['.status.conditions[5]', 'array index out of bounds: index 5, length 3'],
    ['.spec.action[0]', '"Failover" is not array or slice'],
    [
      '.spec[?(@.x=="y")]',
      '{"action":"Failover","size":3,"pvcSelector":{}} is not array or slice and cannot be filtered',
    ],
    ['.status.conditions[?(@.type==1)]', 'incompatible types for comparison: "Available" == 1'],
    ['.status.conditions[2:1]', 'starting index 2 is greater than ending index 1'],
  ])('fails to evaluate %s', (path, message) => {
    expect(() => find(path)).toThrow(new JsonPathError(message, 'evaluation'));
  });

  it.each(['.spec.', '.status.conditions[', '.a[?(@.b=="c"]', ".a['b]", 'spec.action', '.a[?(b)]'])(
    'rejects the syntax of %s',
    (path) => {
      let caught: unknown;
      try {
        compileJsonPath(path);
      } catch (error) {
        caught = error;
      }
      expect(caught).toBeInstanceOf(JsonPathError);
      expect((caught as JsonPathError).reason).toBe('syntax');
      expect((caught as JsonPathError).message).toContain(`invalid JSONPath ${JSON.stringify(path)}`);
    },
  );
});

describe('firstJsonPathMatch', () => {
  it('takes the first match, and undefined when none or on evaluation errors', () => {
    expect(firstJsonPathMatch(compileJsonPath('.status.conditions[*].type'), drpc)).toBe('Available');
    expect(firstJsonPathMatch(compileJsonPath('.spec.nothing'), drpc)).toBeUndefined();
    expect(firstJsonPathMatch(compileJsonPath('.status.conditions[9]'), drpc)).toBeUndefined();
  });
});
