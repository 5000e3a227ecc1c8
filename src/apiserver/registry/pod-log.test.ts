import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../store/index.js';
import type { LogOptions, PodLogSource } from './contract.js';
import { logContainer, readPodLog } from './pod-log.js';

const pod = (containers: string[]) =>
  ({
    metadata: { name: 'p', namespace: 'n' },
    spec: { containers: containers.map((name) => ({ name })) },
  }) as KubeObject;

describe('pods/log', () => {
  it('picks the only container, requires a name when there are several, and refuses unknown ones', () => {
    expect(logContainer(pod(['app']), undefined)).toBe('app');
    expect(() => logContainer(pod(['a', 'b']), undefined)).toThrow(
      'a container name must be specified for pod p, choose one of: [a b]',
    );
    expect(() => logContainer(pod(['a']), 'zzz')).toThrow('container zzz is not valid for pod p');
  });

  it('reads from the source with the chosen container, and is empty without a source', async () => {
    const seen: Array<[string, string, LogOptions]> = [];
    const source: PodLogSource = {
      async read(namespace, name, options) {
        seen.push([namespace, name, options]);
        return 'line 1\n';
      },
    };
    expect(await readPodLog(pod(['app']), { tailLines: 5 }, source)).toBe('line 1\n');
    expect(seen).toEqual([['n', 'p', { tailLines: 5, container: 'app' }]]);
    expect(await readPodLog(pod(['app']), {}, undefined)).toBe('');
  });
});
