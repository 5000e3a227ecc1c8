/**
 * The protobuf decoder against bytes built by a tiny test-only encoder (shaped like kubectl's bodies: every
 * non-pointer field present, zero or not) and against bodies recorded from kubectl 1.32.4.
 */
import { describe, expect, it } from 'vitest';
import { thrownError } from '../../../test/support/thrown-error.js';
import { decodeEnvelope, decodeMessage, decodeProtobufObject, isProtobufKindSupported } from './protobuf.js';
import { ProtobufDecodeError } from './protobuf-reader.js';
import { repeatedScalar, scalar } from './protobuf-schema.js';

// --- a minimal proto2 encoder, for tests only ---------------------------------------------------------------
type Bytes = number[];

function varint(value: number | bigint): Bytes {
  let v = BigInt.asUintN(64, BigInt(value));
  const out: Bytes = [];
  do {
    const byte = Number(v & 0x7fn);
    v >>= 7n;
    out.push(v > 0n ? byte | 0x80 : byte);
  } while (v > 0n);
  return out;
}
const tag = (field: number, wireType: number): Bytes => varint((field << 3) | wireType);
const int = (field: number, value: number | bigint): Bytes => [...tag(field, 0), ...varint(value)];
const bool = (field: number, value: boolean): Bytes => int(field, value ? 1 : 0);
const raw = (field: number, payload: Bytes): Bytes => [
  ...tag(field, 2),
  ...varint(payload.length),
  ...payload,
];
const str = (field: number, value: string): Bytes => raw(field, [...Buffer.from(value, 'utf8')]);
const msg = (field: number, ...parts: Bytes[]): Bytes => raw(field, parts.flat());
const entry = (field: number, key: string, value: Bytes): Bytes => msg(field, str(1, key), value);
const fixed32 = (field: number): Bytes => [...tag(field, 5), 1, 2, 3, 4];
const fixed64 = (field: number): Bytes => [...tag(field, 1), 1, 2, 3, 4, 5, 6, 7, 8];

function body(apiVersion: string, kind: string, object: Bytes, extra: Bytes[] = []): Uint8Array {
  const envelope = [
    msg(1, str(1, apiVersion), str(2, kind)),
    raw(2, object),
    str(3, ''),
    str(4, ''),
    ...extra,
  ];
  return Uint8Array.from([0x6b, 0x38, 0x73, 0x00, ...envelope.flat()]);
}

/** ObjectMeta as Go marshals it: all non-pointer scalars present, creationTimestamp the zero Time. */
function objectMeta(name: string, namespace = '', labels: Record<string, string> = {}): Bytes {
  return msg(
    1,
    str(1, name),
    str(2, ''),
    str(3, namespace),
    str(4, ''),
    str(5, ''),
    str(6, ''),
    int(7, 0),
    msg(8, int(1, 0), int(2, 0)),
    ...Object.entries(labels).map(([k, v]) => entry(11, k, str(2, v))),
  );
}

const hex = (text: string): Uint8Array => Uint8Array.from(Buffer.from(text, 'hex'));

// --- tests -----------------------------------------------------------------------------------------------

describe('decodeProtobufObject', () => {
  it('decodes a Namespace and drops the zero values Go always writes', () => {
    const namespace = [...objectMeta('x'), ...msg(2), ...msg(3, str(1, ''))];
    expect(decodeProtobufObject(body('v1', 'Namespace', namespace))).toEqual({
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: { name: 'x' },
    });
  });

  it('keeps map entries whose value is empty (ConfigMap data)', () => {
    const configMap = [
      ...objectMeta('c', 'default'),
      ...entry(2, 'a', str(2, '1')),
      ...entry(2, 'b', str(2, '')),
    ];
    expect(decodeProtobufObject(body('v1', 'ConfigMap', configMap))).toEqual({
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'c', namespace: 'default' },
      data: { a: '1', b: '' },
    });
  });

  it('renders Secret bytes as base64 and keeps pointer booleans even when false', () => {
    const secret = [
      ...objectMeta('s', 'default'),
      ...entry(2, 'k', raw(2, [...Buffer.from('v')])),
      ...entry(2, 'bin', raw(2, [0, 255])),
      ...str(3, 'kubernetes.io/basic-auth'),
      ...bool(5, false),
    ];
    expect(decodeProtobufObject(body('v1', 'Secret', secret))).toEqual({
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: { name: 's', namespace: 'default' },
      data: { k: 'dg==', bin: 'AP8=' },
      type: 'kubernetes.io/basic-auth',
      immutable: false,
    });
  });

  it('decodes a Deployment down to its containers; replicas 0 and maxUnavailable 0 survive', () => {
    const container = msg(
      2,
      str(1, 'web'),
      str(2, 'nginx:1.27'),
      str(3, 'sleep'),
      str(3, '10'),
      str(4, '--verbose'),
      str(4, ''),
      str(5, ''),
      msg(6, str(1, ''), int(2, 0), int(3, 80), str(4, 'TCP'), str(5, '')),
      msg(7, str(1, 'MODE'), str(2, 'dr')),
      msg(8, entry(1, 'cpu', msg(2, str(1, '500m'))), entry(2, 'memory', msg(2, str(1, '64Mi')))),
      str(13, ''),
      str(14, ''),
      bool(16, false),
      bool(17, false),
      bool(18, false),
      str(20, ''),
    );
    const podSpec = msg(2, container, str(3, ''), str(6, ''), str(8, ''), bool(11, false), str(19, ''));
    const spec = msg(
      2,
      int(1, 0),
      msg(2, entry(1, 'app', str(2, 'web'))),
      msg(3, objectMeta('', '', { app: 'web' }), podSpec),
      msg(
        4,
        str(1, 'RollingUpdate'),
        msg(2, msg(1, int(1, 0), int(2, 0), str(3, '')), msg(2, int(1, 1), int(2, 0), str(3, '25%'))),
      ),
      int(5, 0),
      bool(7, false),
    );
    const status = msg(3, int(1, 0), int(2, 0), int(3, 0), int(4, 0), int(5, 0), int(7, 0));
    const deployment = [...objectMeta('web', 'default', { app: 'web' }), ...spec, ...status];
    expect(decodeProtobufObject(body('apps/v1', 'Deployment', deployment))).toEqual({
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'web', namespace: 'default', labels: { app: 'web' } },
      spec: {
        replicas: 0,
        selector: { matchLabels: { app: 'web' } },
        template: {
          metadata: { labels: { app: 'web' } },
          spec: {
            containers: [
              {
                name: 'web',
                image: 'nginx:1.27',
                command: ['sleep', '10'],
                args: ['--verbose', ''],
                ports: [{ containerPort: 80, protocol: 'TCP' }],
                env: [{ name: 'MODE', value: 'dr' }],
                resources: { limits: { cpu: '500m' }, requests: { memory: '64Mi' } },
              },
            ],
          },
        },
        strategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: 0, maxSurge: '25%' } },
      },
    });
  });

  it('decodes a SelfSubjectAccessReview (kubectl auth can-i)', () => {
    const review = [
      ...objectMeta(''),
      ...msg(
        2,
        msg(
          1,
          str(1, 'default'),
          str(2, 'get'),
          str(3, ''),
          str(4, ''),
          str(5, 'pods'),
          str(6, ''),
          str(7, ''),
        ),
      ),
      ...msg(3, bool(1, false), str(2, ''), str(3, ''), bool(4, false)),
    ];
    expect(decodeProtobufObject(body('authorization.k8s.io/v1', 'SelfSubjectAccessReview', review))).toEqual({
      apiVersion: 'authorization.k8s.io/v1',
      kind: 'SelfSubjectAccessReview',
      spec: { resourceAttributes: { namespace: 'default', verb: 'get', resource: 'pods' } },
    });
  });

  it('renders a set Time as RFC3339 seconds and decodes negative int32 / large int64 varints', () => {
    const meta = msg(
      1,
      str(1, 'x'),
      int(7, 9_007_199_254_740_991n),
      msg(8, int(1, 1_764_150_786), int(2, 5e8)),
    );
    const spec = msg(2, int(1, -1), int(6, 2));
    expect(decodeProtobufObject(body('apps/v1', 'Deployment', [...meta, ...spec]))).toEqual({
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'x', generation: 9_007_199_254_740_991, creationTimestamp: '2025-11-26T09:53:06Z' },
      spec: { replicas: -1, revisionHistoryLimit: 2 },
    });
  });

  it('skips unknown fields of every wire type and fields absent from the tables', () => {
    const namespace = [
      ...fixed32(90),
      ...objectMeta('x'),
      ...fixed64(91),
      ...int(92, 7),
      ...str(93, 'zz'),
      ...str(4, 'y'),
    ];
    expect(decodeProtobufObject(body('v1', 'Namespace', namespace))).toEqual({
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: { name: 'x' },
    });
  });

  it('keeps a __proto__ map key as data', () => {
    const configMap = [...objectMeta('c'), ...entry(2, '__proto__', str(2, 'x'))];
    const decoded = decodeProtobufObject(body('v1', 'ConfigMap', configMap));
    const data = decoded.data as Record<string, unknown>;
    expect(Object.getPrototypeOf(data)).toBe(Object.prototype);
    expect(Object.keys(data)).toEqual(['__proto__']);
    expect(JSON.stringify(data)).toBe('{"__proto__":"x"}');
  });

  it('merges a singular message that appears twice, and the last map entry for a key wins', () => {
    const configMap = [
      ...msg(1, str(1, 'c')),
      ...msg(1, str(3, 'ns')),
      ...entry(2, 'k', str(2, 'old')),
      ...entry(2, 'k', str(2, 'new')),
    ];
    expect(decodeProtobufObject(body('v1', 'ConfigMap', configMap))).toEqual({
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'c', namespace: 'ns' },
      data: { k: 'new' },
    });
  });

  it('decodes bodies recorded from kubectl 1.32.4', () => {
    const namespace = hex(
      '6b3873000a0f0a02763112094e616d65737061636512190a110a017812001a0022002a0032003800420012001a020a001a002200',
    );
    expect(decodeProtobufObject(namespace)).toEqual({
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: { name: 'x' },
    });
    const configMap = hex(
      '6b3873000a0f0a0276311209436f6e6669674d617012290a180a016312001a0764656661756c7422002a0032003800420012060a016112013112050a016212001a002200',
    );
    expect(decodeProtobufObject(configMap)).toEqual({
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'c', namespace: 'default' },
      data: { a: '1', b: '' },
    });
    const deployment = hex(
      '6b3873000a150a07617070732f7631120a4465706c6f796d656e7412c2010a220a016412001a0764656661756c7422002a003200380042005a080a03617070120164128d010800120a0a080a036170701201641a750a1a0a0012001a0022002a003200380042005a080a03617070120164125712390a056e67696e7812056e67696e781a05736c6565701a0231302a00320a0a001000185022002a0042006a007200800100880100900100a201001a00320042004a0052005800600068008201008a01009a0100c2010022020a00280038001a0c0800100018002000280038001a002200',
    );
    expect(decodeProtobufObject(deployment)).toEqual({
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'd', namespace: 'default', labels: { app: 'd' } },
      spec: {
        replicas: 0,
        selector: { matchLabels: { app: 'd' } },
        template: {
          metadata: { labels: { app: 'd' } },
          spec: {
            containers: [
              { name: 'nginx', image: 'nginx', command: ['sleep', '10'], ports: [{ containerPort: 80 }] },
            ],
          },
        },
      },
    });
  });
});

describe('decodeEnvelope', () => {
  it('returns the TypeMeta and the still-encoded object', () => {
    const envelope = decodeEnvelope(body('v1', 'Widget', [1, 2, 3]));
    expect(envelope.apiVersion).toBe('v1');
    expect(envelope.kind).toBe('Widget');
    expect([...envelope.raw]).toEqual([1, 2, 3]);
    expect(envelope.contentEncoding).toBe('');
  });
});

describe('isProtobufKindSupported', () => {
  it('knows the generator kinds and nothing else', () => {
    expect(isProtobufKindSupported('v1', 'Secret')).toBe(true);
    expect(isProtobufKindSupported('apps/v1', 'Deployment')).toBe(true);
    expect(isProtobufKindSupported('v1', 'Deployment')).toBe(false);
    expect(isProtobufKindSupported('ramendr.openshift.io/v1alpha1', 'DRPolicy')).toBe(false);
  });
});

describe('decodeMessage', () => {
  it('reads packed and unpacked repeated varints', () => {
    const schema = { 1: repeatedScalar('numbers', 'int32'), 2: scalar('flag', 'bool') };
    const bytes = Uint8Array.from([
      ...raw(1, [...varint(1), ...varint(300)]),
      ...int(1, -2),
      ...bool(2, true),
    ]);
    expect(decodeMessage(bytes, schema)).toEqual({ numbers: [1, 300, -2], flag: true });
  });
});

describe('malformed bodies', () => {
  const failure = (bytes: Uint8Array) => thrownError(ProtobufDecodeError, () => decodeProtobufObject(bytes));

  it('rejects a body without the k8s magic', () => {
    const error = failure(Uint8Array.from(Buffer.from('{"kind":"Namespace"}')));
    expect(error.message).toBe(
      'provided data does not appear to be a protobuf message, expected prefix [107 56 115 0]',
    );
    expect(error.reason).toBe('malformed');
    expect(error.name).toBe('ProtobufDecodeError');
  });

  it('rejects truncated varints, lengths past the end and over-long varints', () => {
    expect(failure(body('v1', 'Namespace', [0x0a, 0x05, 0x0a])).message).toBe(
      'length 5 runs past the end of the data',
    );
    expect(failure(body('v1', 'Namespace', [0x38, 0x80])).message).toBe('unexpected end of data in a varint');
    expect(failure(body('v1', 'Namespace', [0x38, ...Array(10).fill(0xff), 0x01])).message).toBe(
      'varint longer than 10 bytes',
    );
  });

  it('rejects a field whose wire type contradicts the table, and group wire types', () => {
    expect(failure(body('v1', 'Namespace', int(1, 5))).message).toBe(
      'field metadata (1) has wire type varint, expected bytes',
    );
    expect(failure(body('v1', 'Namespace', [...tag(1, 3)])).message).toBe(
      'unsupported wire type 3 for field 1',
    );
    expect(failure(body('v1', 'Namespace', [0x00])).message).toBe('invalid field number 0');
  });

  it('rejects an envelope without kind, or with a content encoding', () => {
    expect(failure(body('v1', '', [])).message).toBe('the protobuf envelope does not name a kind');
    const gzip = Uint8Array.from([...body('v1', 'Namespace', []), ...str(3, 'gzip')]);
    expect(failure(gzip).message).toBe('unsupported content encoding "gzip"');
  });

  it('reports a kind without a field table as unsupported-kind', () => {
    const error = failure(body('example.com/v1', 'Widget', []));
    expect(error.reason).toBe('unsupported-kind');
    expect(error.message).toBe(
      'protobuf bodies of Widget in version "example.com/v1" are not supported; send JSON',
    );
  });
});
