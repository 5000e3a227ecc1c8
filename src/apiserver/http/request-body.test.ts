import type { IncomingMessage } from 'node:http';
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import type { ResourceInfo } from '../registry/index.js';
import {
  acceptedPatchTypes,
  decodeDeleteOptionsBody,
  decodeObjectBody,
  decodePatchBody,
  MAX_REQUEST_BODY_BYTES,
  readRequestBody,
  summarizeBody,
  yamlErrorText,
} from './request-body.js';
import { resourceInfo, thrownStatus as statusOf } from './testing/http-test-support.js';

const configMaps = resourceInfo({ verbs: ['create', 'get', 'list', 'patch'], shortNames: ['cm'] });
const widgets: ResourceInfo = {
  ...configMaps,
  group: 'example.com',
  resource: 'widgets',
  kind: 'Widget',
  custom: true,
};

const bytes = (text: string) => Buffer.from(text, 'utf8');

function request(chunks: Buffer[], headers: Record<string, string> = {}): IncomingMessage {
  return Object.assign(Readable.from(chunks), { headers }) as unknown as IncomingMessage;
}

/** Protobuf wire encoding, enough to build a `runtime.Unknown` envelope by hand. */
function varint(value: number): number[] {
  const out: number[] = [];
  let rest = value;
  while (rest >= 0x80) {
    out.push((rest & 0x7f) | 0x80);
    rest >>>= 7;
  }
  out.push(rest);
  return out;
}
function field(number: number, payload: Uint8Array | string): number[] {
  const data = typeof payload === 'string' ? bytes(payload) : payload;
  return [...varint((number << 3) | 2), ...varint(data.length), ...data];
}
function message(...fields: number[][]): Uint8Array {
  return Uint8Array.from(fields.flat());
}

function protobufConfigMap(apiVersion: string, kind: string): Uint8Array {
  const metadata = message(field(1, 'settings'));
  const dataEntry = message(field(1, 'mode'), field(2, 'fast'));
  const raw = message(field(1, metadata), field(2, dataEntry));
  const typeMeta = message(field(1, apiVersion), field(2, kind));
  return Uint8Array.from([0x6b, 0x38, 0x73, 0x00, ...message(field(1, typeMeta), field(2, raw))]);
}

describe('readRequestBody', () => {
  it('returns the whole body', async () => {
    const body = await readRequestBody(request([bytes('{"a":'), bytes('1}')]));
    expect(body.toString()).toBe('{"a":1}');
  });

  it('refuses a declared length over the limit with 413 before reading', async () => {
    const req = request([], { 'content-length': String(MAX_REQUEST_BODY_BYTES + 1) });
    await expect(readRequestBody(req)).rejects.toMatchObject({
      status: {
        code: 413,
        reason: 'RequestEntityTooLarge',
        message: 'Request entity too large: limit is 3145728',
      },
    });
  });

  it('refuses a body that grows over the limit while streaming', async () => {
    const req = request([Buffer.alloc(600), Buffer.alloc(600)]);
    await expect(readRequestBody(req, 1000)).rejects.toMatchObject({ status: { code: 413 } });
  });
});

describe('decodeObjectBody', () => {
  it('decodes JSON, also without a content type', () => {
    expect(
      decodeObjectBody('application/json; charset=utf-8', bytes('{"kind":"ConfigMap"}'), configMaps),
    ).toEqual({
      kind: 'ConfigMap',
    });
    expect(decodeObjectBody(undefined, bytes('{"a":1}'), configMaps)).toEqual({ a: 1 });
  });

  it('answers malformed JSON with 400 in the API server wording (transformDecodeError)', () => {
    const status = statusOf(() => decodeObjectBody('application/json', bytes('{"a":'), configMaps));
    expect(status).toMatchObject({
      code: 400,
      reason: 'BadRequest',
      message:
        "the object provided is unrecognized (must be of type ConfigMap): couldn't get version/kind; " +
        'json parse error: unexpected end of JSON input ({"a":)',
    });
    expect(statusOf(() => decodeObjectBody('application/json', bytes(''), widgets)).message).toBe(
      "the object provided is unrecognized (must be of type Widget): couldn't get version/kind; " +
        'json parse error: unexpected end of JSON input (<empty>)',
    );
  });

  it('summarizes an undecodable body as apimachinery does: text for an object, hex otherwise, 30 bytes', () => {
    expect(summarizeBody(bytes('{"metadata":'))).toBe('{"metadata":');
    expect(summarizeBody(bytes(`{"data":"${'x'.repeat(40)}"}`))).toBe(`{"data":"${'x'.repeat(21)} ...`);
    expect(summarizeBody(bytes('apiVersion: v1'))).toBe('61706956657273696f6e3a207631');
    expect(summarizeBody(bytes('a'.repeat(31)))).toBe(`${'61'.repeat(30)} ...`);
    expect(summarizeBody(bytes(''))).toBe('<empty>');
  });

  it('decodes YAML', () => {
    expect(
      decodeObjectBody('application/yaml', bytes('kind: ConfigMap\ndata:\n  a: "1"\n'), configMaps),
    ).toEqual({
      kind: 'ConfigMap',
      data: { a: '1' },
    });
  });

  it("decodes kubectl's protobuf bodies of built-in kinds", () => {
    const body = protobufConfigMap('v1', 'ConfigMap');
    expect(decodeObjectBody('application/vnd.kubernetes.protobuf', body, configMaps)).toEqual({
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'settings' },
      data: { mode: 'fast' },
    });
  });

  it('answers protobuf for custom resources and unknown kinds with 415, garbage with 400', () => {
    const custom = statusOf(() =>
      decodeObjectBody('application/vnd.kubernetes.protobuf', protobufConfigMap('v1', 'ConfigMap'), widgets),
    );
    expect(custom).toMatchObject({
      code: 415,
      reason: 'UnsupportedMediaType',
      message:
        'the body of the request was in an unknown format - accepted media types include: application/json, application/yaml',
    });
    const unknownKind = protobufConfigMap('example.com/v1', 'Gadget');
    expect(
      statusOf(() => decodeObjectBody('application/vnd.kubernetes.protobuf', unknownKind, configMaps)).code,
    ).toBe(415);
    expect(
      statusOf(() => decodeObjectBody('application/vnd.kubernetes.protobuf', bytes('{"a":1}'), configMaps))
        .code,
    ).toBe(400);
  });

  it('answers other media types with 415 listing the accepted ones', () => {
    expect(statusOf(() => decodeObjectBody('text/plain', bytes('x'), configMaps))).toMatchObject({
      code: 415,
      message:
        'the body of the request was in an unknown format - accepted media types include: application/json, application/yaml, application/vnd.kubernetes.protobuf',
    });
  });
});

describe('decodePatchBody', () => {
  it('maps content types to patch types', () => {
    const patch = bytes('{"metadata":{"labels":{"a":"b"}}}');
    expect(decodePatchBody('application/merge-patch+json', patch, widgets).type).toBe('merge');
    expect(decodePatchBody('application/strategic-merge-patch+json', patch, configMaps).type).toBe(
      'strategic',
    );
    expect(
      decodePatchBody('application/json-patch+json', bytes('[{"op":"remove","path":"/a"}]'), widgets),
    ).toEqual({
      type: 'json',
      body: [{ op: 'remove', path: '/a' }],
    });
  });

  it('parses apply patches as YAML, which includes JSON', () => {
    expect(decodePatchBody('application/apply-patch+yaml', bytes('{"kind":"Widget"}'), widgets).body).toEqual(
      {
        kind: 'Widget',
      },
    );
    expect(
      decodePatchBody('application/apply-patch+yaml', bytes('kind: Widget\nspec:\n  size: 3\n'), widgets),
    ).toEqual({ type: 'apply', body: { kind: 'Widget', spec: { size: 3 } } });
    const bad = statusOf(() => decodePatchBody('application/apply-patch+yaml', bytes('a: [1'), widgets));
    expect(bad.code).toBe(400);
    expect(bad.message).toBe(
      'error decoding YAML: error converting YAML to JSON: yaml: line 1: flow sequence in block collection ' +
        'must be sufficiently indented and end with a ]',
    );
  });

  it('words YAML syntax errors as go-yaml does: yaml: line N: <what>', () => {
    const failure = (text: string) =>
      statusOf(() => decodeObjectBody('application/yaml', bytes(text), configMaps)).message;
    expect(failure('metadata: [unclosed\n')).toBe(
      'error converting YAML to JSON: yaml: line 2: flow sequence in block collection must be sufficiently ' +
        'indented and end with a ]',
    );
    expect(yamlErrorText(new Error('odd'))).toBe('yaml: odd');
  });

  it('refuses strategic merge on custom resources with the message kubectl prints', () => {
    const status = statusOf(() =>
      decodePatchBody('application/strategic-merge-patch+json', bytes('{}'), widgets),
    );
    expect(status).toMatchObject({
      code: 415,
      reason: 'UnsupportedMediaType',
      message:
        'the body of the request was in an unknown format - accepted media types include: application/json-patch+json, application/merge-patch+json, application/apply-patch+yaml',
    });
    expect(acceptedPatchTypes(configMaps)).toContain('application/strategic-merge-patch+json');
    expect(statusOf(() => decodePatchBody(undefined, bytes('{}'), configMaps)).code).toBe(415);
  });

  it('answers malformed patches with 400', () => {
    expect(
      statusOf(() => decodePatchBody('application/merge-patch+json', bytes('{"a":'), widgets)),
    ).toMatchObject({
      code: 400,
      reason: 'BadRequest',
      message: 'error decoding patch: unexpected end of JSON input',
    });
    expect(statusOf(() => decodePatchBody('application/merge-patch+json', bytes(''), widgets)).code).toBe(
      400,
    );
  });
});

describe('decodeDeleteOptionsBody', () => {
  it('reads an optional DeleteOptions object', () => {
    expect(decodeDeleteOptionsBody(undefined, bytes(''))).toBeUndefined();
    expect(decodeDeleteOptionsBody('application/json', bytes('{"propagationPolicy":"Background"}'))).toEqual({
      propagationPolicy: 'Background',
    });
    expect(statusOf(() => decodeDeleteOptionsBody('application/json', bytes('[1]'))).code).toBe(400);
    expect(statusOf(() => decodeDeleteOptionsBody('text/plain', bytes('x'))).code).toBe(415);
  });
});
