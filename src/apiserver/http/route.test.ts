import { describe, expect, it } from 'vitest';
import { routeRequest } from './route.js';

const route = (method: string, url: string) => {
  const parsed = new URL(url, 'https://127.0.0.1');
  return routeRequest(method, parsed.pathname, parsed.searchParams);
};

describe('routeRequest', () => {
  it('routes the unversioned endpoints', () => {
    expect(route('GET', '/')).toEqual({ kind: 'root' });
    expect(route('GET', '/version?timeout=5s')).toEqual({ kind: 'version' });
    expect(route('GET', '/healthz')).toEqual({ kind: 'health', check: 'healthz' });
    expect(route('GET', '/livez/ping')).toEqual({ kind: 'health', check: 'livez' });
    expect(route('GET', '/readyz')).toEqual({ kind: 'health', check: 'readyz' });
    expect(route('GET', '/nope')).toEqual({ kind: 'not-found' });
    expect(route('POST', '/version')).toEqual({ kind: 'method-not-allowed' });
  });

  it('routes discovery', () => {
    expect(route('GET', '/api')).toEqual({ kind: 'core-versions' });
    expect(route('GET', '/api/')).toEqual({ kind: 'core-versions' });
    expect(route('GET', '/apis')).toEqual({ kind: 'group-list' });
    expect(route('GET', '/apis/apps')).toEqual({ kind: 'group', group: 'apps' });
    expect(route('GET', '/api/v1')).toEqual({ kind: 'resource-list', group: '', version: 'v1' });
    expect(route('GET', '/apis/apps/v1')).toEqual({ kind: 'resource-list', group: 'apps', version: 'v1' });
    expect(route('DELETE', '/apis/apps/v1')).toEqual({ kind: 'method-not-allowed' });
  });

  it('routes OpenAPI', () => {
    expect(route('GET', '/openapi/v3')).toEqual({ kind: 'openapi-v3-index' });
    expect(route('GET', '/openapi/v3/api/v1?hash=AB')).toEqual({
      kind: 'openapi-v3-document',
      path: 'api/v1',
    });
    expect(route('GET', '/openapi/v3/apis/example.com/v1')).toEqual({
      kind: 'openapi-v3-document',
      path: 'apis/example.com/v1',
    });
    expect(route('GET', '/openapi/v3/apis/example.com')).toEqual({ kind: 'not-found' });
    expect(route('GET', '/openapi/v2')).toEqual({ kind: 'openapi-v2' });
  });

  it('routes collections by method', () => {
    const base = { kind: 'resource', group: '', version: 'v1', namespace: 'ns', resource: 'configmaps' };
    expect(route('GET', '/api/v1/namespaces/ns/configmaps')).toEqual({ ...base, verb: 'list' });
    expect(route('GET', '/api/v1/namespaces/ns/configmaps?watch=true')).toEqual({ ...base, verb: 'watch' });
    expect(route('GET', '/api/v1/namespaces/ns/configmaps?watch=1')).toEqual({ ...base, verb: 'watch' });
    expect(route('GET', '/api/v1/namespaces/ns/configmaps?watch=false')).toEqual({ ...base, verb: 'list' });
    expect(route('POST', '/api/v1/namespaces/ns/configmaps')).toEqual({ ...base, verb: 'create' });
    expect(route('DELETE', '/api/v1/namespaces/ns/configmaps')).toEqual({
      ...base,
      verb: 'deletecollection',
    });
    expect(route('PUT', '/api/v1/namespaces/ns/configmaps')).toEqual({ kind: 'method-not-allowed' });
  });

  it('routes objects and subresources by method', () => {
    const base = {
      kind: 'resource',
      group: 'example.com',
      version: 'v1',
      namespace: 'default',
      resource: 'widgets',
      name: 'w1',
    };
    const path = '/apis/example.com/v1/namespaces/default/widgets/w1';
    expect(route('GET', path)).toEqual({ ...base, verb: 'get' });
    expect(route('PUT', path)).toEqual({ ...base, verb: 'update' });
    expect(route('PATCH', path)).toEqual({ ...base, verb: 'patch' });
    expect(route('DELETE', path)).toEqual({ ...base, verb: 'delete' });
    expect(route('POST', path)).toEqual({ kind: 'method-not-allowed' });
    expect(route('PATCH', `${path}/status`)).toEqual({ ...base, verb: 'patch', subresource: 'status' });
    expect(route('DELETE', `${path}/status`)).toEqual({ kind: 'method-not-allowed' });
    expect(route('GET', `${path}/status/extra`)).toEqual({ kind: 'not-found' });
  });

  it('routes cluster-scoped objects and all-namespace lists', () => {
    expect(route('GET', '/api/v1/configmaps')).toEqual({
      kind: 'resource',
      verb: 'list',
      group: '',
      version: 'v1',
      resource: 'configmaps',
    });
    expect(route('GET', '/apis/storage.k8s.io/v1/storageclasses/fast')).toEqual({
      kind: 'resource',
      verb: 'get',
      group: 'storage.k8s.io',
      version: 'v1',
      resource: 'storageclasses',
      name: 'fast',
    });
  });

  it('tells the namespace object and its subresources from namespaced collections', () => {
    const ns = { kind: 'resource', group: '', version: 'v1', resource: 'namespaces' };
    expect(route('GET', '/api/v1/namespaces')).toEqual({ ...ns, verb: 'list' });
    expect(route('GET', '/api/v1/namespaces/team')).toEqual({ ...ns, verb: 'get', name: 'team' });
    expect(route('PUT', '/api/v1/namespaces/team/finalize')).toEqual({
      ...ns,
      verb: 'update',
      name: 'team',
      subresource: 'finalize',
    });
    expect(route('GET', '/api/v1/namespaces/team/status')).toEqual({
      ...ns,
      verb: 'get',
      name: 'team',
      subresource: 'status',
    });
    expect(route('GET', '/api/v1/namespaces/team/pods/p1/log')).toEqual({
      kind: 'resource',
      verb: 'get',
      group: '',
      version: 'v1',
      namespace: 'team',
      resource: 'pods',
      name: 'p1',
      subresource: 'log',
    });
    expect(route('GET', '/apis/example.com/v1/namespaces/team/status')).toEqual({
      kind: 'resource',
      verb: 'list',
      group: 'example.com',
      version: 'v1',
      namespace: 'team',
      resource: 'status',
    });
  });

  it('routes the deprecated watch prefix to watches only', () => {
    expect(route('GET', '/api/v1/watch/namespaces/ns/configmaps')).toEqual({
      kind: 'resource',
      verb: 'watch',
      group: '',
      version: 'v1',
      namespace: 'ns',
      resource: 'configmaps',
    });
    expect(route('GET', '/apis/apps/v1/watch/namespaces/ns/deployments/d')).toMatchObject({
      verb: 'watch',
      name: 'd',
    });
    expect(route('POST', '/api/v1/watch/namespaces/ns/configmaps')).toEqual({ kind: 'method-not-allowed' });
  });

  it('decodes percent-encoded segments and rejects malformed paths', () => {
    expect(route('GET', '/api/v1/namespaces/ns/configmaps/a%3Ab')).toMatchObject({ name: 'a:b' });
    expect(route('GET', '/api/v1/namespaces/ns/configmaps/%E0%A4%A')).toEqual({ kind: 'not-found' });
    expect(route('GET', '/api/v1//configmaps')).toEqual({ kind: 'not-found' });
  });
});
