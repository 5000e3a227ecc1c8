import { describe, expect, it } from 'vitest';
import { InvalidSelectorError } from './errors.js';
import type { KubeObject } from './kube-object.js';
import {
  labelSelectorFromSpec,
  parseFieldSelector,
  parseLabelSelector,
  resolveFieldPath,
} from './selectors.js';

describe('parseLabelSelector', () => {
  const labels = { app: 'web', tier: 'front', version: '3', 'example.com/team': 'dr' };

  it.each([
    ['', true],
    ['app=web', true],
    ['app==web', true],
    ['app = web , tier = front', true],
    ['app!=web', false],
    ['missing!=x', true],
    ['app in (web,db)', true],
    ['app in (db)', false],
    ['app notin (db)', true],
    ['missing notin (db)', true],
    ['app notin (web)', false],
    ['missing in (x)', false],
    ['app', true],
    ['missing', false],
    ['!missing', true],
    ['!app', false],
    ['version>2', true],
    ['version<3', false],
    ['app>1', false],
    ['example.com/team=dr', true],
    ['app=web,tier!=front', false],
  ])('%j matches the label set: %s', (text, expected) => {
    expect(parseLabelSelector(text).matches(labels)).toBe(expected);
  });

  it('accepts an empty value: "a=" requires the label to be present and empty', () => {
    const selector = parseLabelSelector('a=');
    expect(selector.matches({ a: '' })).toBe(true);
    expect(selector.matches({ a: 'x' })).toBe(false);
    expect(selector.matches({})).toBe(false);
  });

  it('matches objects without labels like an empty set', () => {
    expect(parseLabelSelector('!a').matches(undefined)).toBe(true);
    expect(parseLabelSelector('a').matches(undefined)).toBe(false);
  });

  it('renders canonically, requirements sorted by key', () => {
    expect(parseLabelSelector('z=1, a in (y,x),!m,k').toString()).toBe('a in (x,y),k,!m,z=1');
  });

  it.each([
    'a=b=c',
    'a in (x',
    'a in ()',
    'a in x',
    '=b',
    'a b',
    'a,,b',
    'a>x',
    'a=b)',
    '-bad=x',
    'a=-bad-',
    'Example.com/x=y',
    `a=${'v'.repeat(64)}`,
  ])('rejects %j with InvalidSelectorError', (text) => {
    expect(() => parseLabelSelector(text)).toThrow(InvalidSelectorError);
  });

  it('errors say what was expected', () => {
    expect(() => parseLabelSelector('a in (x')).toThrow(/^unable to parse requirement: /);
    const error = (() => {
      try {
        parseLabelSelector('a in ()');
      } catch (e) {
        return e as InvalidSelectorError;
      }
    })();
    expect(error?.code).toBe(400);
    expect(error?.selector).toBe('a in ()');
  });
});

describe('labelSelectorFromSpec', () => {
  it('combines matchLabels and matchExpressions', () => {
    const selector = labelSelectorFromSpec({
      matchLabels: { app: 'web' },
      matchExpressions: [
        { key: 'tier', operator: 'In', values: ['front', 'back'] },
        { key: 'legacy', operator: 'DoesNotExist' },
      ],
    });
    expect(selector.matches({ app: 'web', tier: 'back' })).toBe(true);
    expect(selector.matches({ app: 'web', tier: 'back', legacy: 'y' })).toBe(false);
    expect(selector.toString()).toBe('app=web,!legacy,tier in (back,front)');
  });

  it('an empty spec matches everything', () => {
    expect(labelSelectorFromSpec({}).matches({ any: 'thing' })).toBe(true);
  });

  it('rejects unknown operators and misplaced values', () => {
    expect(() =>
      labelSelectorFromSpec({ matchExpressions: [{ key: 'a', operator: 'Equals', values: ['x'] }] }),
    ).toThrow(InvalidSelectorError);
    expect(() =>
      labelSelectorFromSpec({ matchExpressions: [{ key: 'a', operator: 'In', values: [] }] }),
    ).toThrow(InvalidSelectorError);
    expect(() =>
      labelSelectorFromSpec({ matchExpressions: [{ key: 'a', operator: 'Exists', values: ['x'] }] }),
    ).toThrow(InvalidSelectorError);
  });
});

describe('parseFieldSelector', () => {
  const pod: KubeObject = {
    metadata: { name: 'p1', namespace: 'ns1' },
    spec: { nodeName: 'n1', hostNetwork: false },
    status: { phase: 'Running' },
  };

  it.each([
    ['', true],
    ['metadata.name=p1', true],
    ['metadata.name==p1', true],
    ['metadata.name!=p1', false],
    ['metadata.name=p1,metadata.namespace!=ns2', true],
    ['metadata.name=p1,metadata.namespace=ns2', false],
  ])('%j matches: %s', (text, expected) => {
    expect(parseFieldSelector(text).matches(pod)).toBe(expected);
  });

  it('supports extra field labels given by the caller, reading them as paths', () => {
    const selector = parseFieldSelector('status.phase=Running,spec.hostNetwork=false', {
      extraFields: ['status.phase', 'spec.hostNetwork'],
    });
    expect(selector.matches(pod)).toBe(true);
    expect(parseFieldSelector('spec.nodeName=', { extraFields: ['spec.nodeName'] }).matches(pod)).toBe(false);
  });

  it('uses a custom resolver for labels that are not paths', () => {
    const event: KubeObject = { metadata: { name: 'e' }, source: { component: 'kubelet' } };
    const selector = parseFieldSelector('source=kubelet', { extraFields: ['source'] });
    expect(selector.matches(event)).toBe(false);
    expect(
      selector.matches(event, (o, f) =>
        f === 'source' ? resolveFieldPath(o, 'source.component') : resolveFieldPath(o, f),
      ),
    ).toBe(true);
  });

  it('unescapes values and renders them escaped again', () => {
    const selector = parseFieldSelector('metadata.name=a\\,b\\=c\\\\d');
    expect(selector.requirements[0]?.value).toBe('a,b=c\\d');
    expect(selector.toString()).toBe('metadata.name=a\\,b\\=c\\\\d');
    expect(selector.exactValue('metadata.name')).toBe('a,b=c\\d');
  });

  it('rejects unsupported field labels with the Kubernetes message', () => {
    expect(() => parseFieldSelector('spec.foo=x')).toThrow('field label not supported: spec.foo');
  });

  it.each(['metadata.name', 'metadata.name=a\\x', 'metadata.name=a=b'])('rejects %j', (text) => {
    expect(() => parseFieldSelector(text)).toThrow(InvalidSelectorError);
  });
});
