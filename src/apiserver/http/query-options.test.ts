import { describe, expect, it } from 'vitest';
import {
  parseDeleteOptions,
  parseLogOptions,
  parseReadOptions,
  parseWatchOptions,
  parseWriteOptions,
} from './query-options.js';
import { thrownStatus as statusOf } from './testing/http-test-support.js';

const q = (text: string) => new URLSearchParams(text);

describe('parseReadOptions', () => {
  it('reads what kubectl sends', () => {
    expect(parseReadOptions(q('fieldSelector=metadata.name%3Dw1&limit=500&resourceVersion=0'))).toEqual({
      fieldSelector: 'metadata.name=w1',
      limit: 500,
      resourceVersion: '0',
    });
    expect(
      parseReadOptions(
        q('labelSelector=app%3Dx&continue=abc&resourceVersionMatch=NotOlderThan&resourceVersion=5'),
      ),
    ).toEqual({
      labelSelector: 'app=x',
      continue: 'abc',
      resourceVersionMatch: 'NotOlderThan',
      resourceVersion: '5',
    });
  });

  it('rejects unparsable numbers and unknown resourceVersionMatch values', () => {
    expect(statusOf(() => parseReadOptions(q('limit=ten')))).toMatchObject({
      code: 400,
      message: 'strconv.ParseInt: parsing "ten": invalid syntax',
    });
    expect(
      statusOf(() => parseReadOptions(q('resourceVersionMatch=Latest&resourceVersion=1'))),
    ).toMatchObject({
      code: 422,
      reason: 'Invalid',
      message:
        'ListOptions.meta.k8s.io "" is invalid: resourceVersionMatch: Unsupported value: "Latest": supported values: "Exact", "NotOlderThan", ""',
    });
  });
});

describe('parseWatchOptions', () => {
  it('reads the watch parameters of kubectl wait', () => {
    const options = parseWatchOptions(
      q(
        'allowWatchBookmarks=true&fieldSelector=metadata.name%3Dw1&resourceVersion=121&timeoutSeconds=333&watch=true',
      ),
    );
    expect(options).toEqual({
      allowWatchBookmarks: true,
      fieldSelector: 'metadata.name=w1',
      resourceVersion: '121',
      timeoutSeconds: 333,
    });
  });

  it('selects by name for a watch on one object', () => {
    expect(parseWatchOptions(q(''), 'w1').fieldSelector).toBe('metadata.name=w1');
    expect(parseWatchOptions(q('fieldSelector=status.phase%3DActive'), 'w1').fieldSelector).toBe(
      'status.phase=Active,metadata.name=w1',
    );
    expect(statusOf(() => parseWatchOptions(q('allowWatchBookmarks=yes'))).message).toBe(
      'strconv.ParseBool: parsing "yes": invalid syntax',
    );
  });
});

describe('parseWriteOptions', () => {
  it('reads the options kubectl sends', () => {
    expect(
      parseWriteOptions(q('fieldManager=kubectl-client-side-apply&fieldValidation=Strict'), 'CreateOptions'),
    ).toEqual({
      fieldManager: 'kubectl-client-side-apply',
      fieldValidation: 'Strict',
    });
    expect(
      parseWriteOptions(
        q('fieldManager=kubectl&fieldValidation=Strict&force=false'),
        'PatchOptions',
        'apply',
      ),
    ).toEqual({
      fieldManager: 'kubectl',
      fieldValidation: 'Strict',
      force: false,
    });
    expect(parseWriteOptions(q('dryRun=All'), 'UpdateOptions')).toEqual({ dryRun: true });
  });

  it('requires a field manager for apply and refuses force elsewhere, like the real server', () => {
    expect(statusOf(() => parseWriteOptions(q('force=true'), 'PatchOptions', 'apply'))).toMatchObject({
      code: 422,
      message:
        'PatchOptions.meta.k8s.io "" is invalid: fieldManager: Required value: is required for apply patch',
    });
    expect(statusOf(() => parseWriteOptions(q('force=true'), 'PatchOptions', 'merge'))).toMatchObject({
      code: 422,
      message:
        'PatchOptions.meta.k8s.io "" is invalid: force: Forbidden: may not be specified for non-apply patch',
    });
  });

  it('refuses unknown fieldValidation and dryRun values', () => {
    expect(statusOf(() => parseWriteOptions(q('fieldValidation=Loose'), 'CreateOptions')).message).toBe(
      'CreateOptions.meta.k8s.io "" is invalid: fieldValidation: Unsupported value: "Loose": supported values: "", "Ignore", "Strict", "Warn"',
    );
    expect(statusOf(() => parseWriteOptions(q('dryRun=Some'), 'CreateOptions')).code).toBe(422);
    expect(
      statusOf(() => parseWriteOptions(q(`fieldManager=${'m'.repeat(129)}`), 'CreateOptions')).code,
    ).toBe(422);
  });
});

describe('parseDeleteOptions', () => {
  it('reads the body when there is one, the query otherwise', () => {
    expect(parseDeleteOptions(q('propagationPolicy=Orphan'), { propagationPolicy: 'Background' })).toEqual({
      propagationPolicy: 'Background',
    });
    expect(
      parseDeleteOptions(q('propagationPolicy=Foreground&gracePeriodSeconds=0&dryRun=All'), undefined),
    ).toEqual({
      propagationPolicy: 'Foreground',
      gracePeriodSeconds: 0,
      dryRun: true,
    });
    expect(
      parseDeleteOptions(q(''), {
        kind: 'DeleteOptions',
        apiVersion: 'v1',
        preconditions: { uid: 'u1', resourceVersion: '7' },
        dryRun: ['All'],
        orphanDependents: false,
      }),
    ).toEqual({ preconditions: { uid: 'u1', resourceVersion: '7' }, dryRun: true, orphanDependents: false });
  });

  it('validates the options', () => {
    expect(statusOf(() => parseDeleteOptions(q('propagationPolicy=Later'), undefined))).toMatchObject({
      code: 422,
      message:
        'DeleteOptions.meta.k8s.io "" is invalid: propagationPolicy: Unsupported value: "Later": supported values: "Foreground", "Background", "Orphan"',
    });
    expect(statusOf(() => parseDeleteOptions(q(''), { gracePeriodSeconds: 'soon' })).code).toBe(400);
  });
});

describe('parseLogOptions', () => {
  it('reads the pods/log parameters', () => {
    expect(parseLogOptions(q('container=app&follow=true&tailLines=10'))).toEqual({
      container: 'app',
      follow: true,
      tailLines: 10,
    });
  });
});
