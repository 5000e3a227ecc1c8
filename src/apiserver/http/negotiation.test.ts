import { describe, expect, it } from 'vitest';
import { negotiate, parseAccept, TABLE_CONTENT_TYPE } from './negotiation.js';

const KUBECTL_TABLE =
  'application/json;as=Table;v=v1;g=meta.k8s.io,application/json;as=Table;v=v1beta1;g=meta.k8s.io,application/json';
const KUBECTL_DISCOVERY =
  'application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList,' +
  'application/json;g=apidiscovery.k8s.io;v=v2beta1;as=APIGroupDiscoveryList,application/json';

describe('parseAccept', () => {
  it('orders by quality, keeping the client order for ties, and drops q=0', () => {
    const ranges = parseAccept('text/plain;q=0.5, application/json, */*;q=0.8, application/yaml;q=0');
    expect(ranges.map((r) => `${r.type}/${r.subtype}`)).toEqual(['application/json', '*/*', 'text/plain']);
  });

  it('reads parameters case-insensitively by name', () => {
    const [range] = parseAccept('application/json;AS=Table;v=v1;g=meta.k8s.io');
    expect(range?.params).toEqual({ as: 'Table', v: 'v1', g: 'meta.k8s.io' });
  });
});

describe('negotiate', () => {
  it('serves plain JSON to client-node, curl and clients without Accept', () => {
    for (const accept of [undefined, '', 'application/json, */*;q=0.8', '*/*', 'application/json, */*']) {
      expect(negotiate(accept, ['json', 'table'])).toEqual({
        format: 'json',
        contentType: 'application/json',
      });
    }
  });

  it("serves a Table to kubectl's human output", () => {
    expect(negotiate(KUBECTL_TABLE, ['json', 'table'])).toEqual({
      format: 'table',
      contentType: TABLE_CONTENT_TYPE,
    });
    expect(negotiate(KUBECTL_TABLE, ['json'])).toEqual({ format: 'json', contentType: 'application/json' });
  });

  it('serves JSON when protobuf is preferred but JSON allowed', () => {
    expect(negotiate('application/vnd.kubernetes.protobuf,application/json', ['json', 'table']).format).toBe(
      'json',
    );
  });

  it('answers 406 when only unsupported types are acceptable', () => {
    expect(negotiate('application/vnd.kubernetes.protobuf', ['json', 'table'])).toEqual({
      format: 'not-acceptable',
      accepted: ['application/json', TABLE_CONTENT_TYPE],
    });
    expect(negotiate('application/json;as=Table;v=v1beta1;g=meta.k8s.io', ['json', 'table']).format).toBe(
      'not-acceptable',
    );
    expect(negotiate('application/json;q=0', ['json']).format).toBe('not-acceptable');
  });

  it('serves aggregated discovery only where offered, falling back to legacy JSON', () => {
    expect(negotiate(KUBECTL_DISCOVERY, ['json', 'discovery'])).toEqual({
      format: 'discovery',
      discoveryVersion: 'v2',
      contentType: 'application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList',
    });
    expect(
      negotiate('application/json;g=apidiscovery.k8s.io;v=v2beta1;as=APIGroupDiscoveryList', [
        'json',
        'discovery',
      ]),
    ).toMatchObject({ format: 'discovery', discoveryVersion: 'v2beta1' });
    expect(negotiate(KUBECTL_DISCOVERY, ['json']).format).toBe('json');
    expect(negotiate('application/json, */*', ['json', 'discovery']).format).toBe('json');
  });

  it('honours quality over order', () => {
    const accept = 'application/json;q=0.5,application/json;as=Table;v=v1;g=meta.k8s.io';
    expect(negotiate(accept, ['json', 'table']).format).toBe('table');
  });
});
