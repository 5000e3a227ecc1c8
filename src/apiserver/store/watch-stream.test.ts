import { describe, expect, it } from 'vitest';
import { WatchStream } from './watch-stream.js';

describe('WatchStream', () => {
  it('delivers initial events before live ones, as copies', async () => {
    const closed: WatchStream[] = [];
    const stream = new WatchStream(10, (s) => closed.push(s));
    const live = { metadata: { name: 'live' } };
    stream.offer('ADDED', live);
    stream.enqueueInitial('ADDED', { metadata: { name: 'initial' } });
    const first = await stream.next();
    const second = await stream.next();
    expect(first.value?.object.metadata.name).toBe('initial');
    expect(second.value?.object).toEqual(live);
    expect(second.value?.object).not.toBe(live);
    stream.close();
    expect(closed).toEqual([stream]);
  });

  it('resolves a waiting next() as soon as an event is offered', async () => {
    const stream = new WatchStream(10, () => {});
    const waiting = stream.next();
    stream.offer('MODIFIED', { metadata: { name: 'a' } });
    expect((await waiting).value?.type).toBe('MODIFIED');
  });

  it('closes with overflow once more live events than the bound are unread, dropping them', async () => {
    const stream = new WatchStream(2, () => {});
    for (const name of ['a', 'b', 'c']) stream.offer('ADDED', { metadata: { name } });
    expect(stream.closeReason).toBe('overflow');
    expect(stream.pending).toBe(0);
    expect(await stream.next()).toEqual({ done: true, value: undefined });
    expect(await stream.closed).toBe('overflow');
  });

  it('coalesces consecutive unread bookmarks', () => {
    const stream = new WatchStream(10, () => {});
    stream.offer('BOOKMARK', { metadata: { resourceVersion: '1' } });
    stream.offer('BOOKMARK', { metadata: { resourceVersion: '2' } });
    expect(stream.pending).toBe(1);
    expect(stream.tryNext()?.object.metadata.resourceVersion).toBe('2');
  });

  it('break in for-await closes the stream with reason client', async () => {
    const stream = new WatchStream(10, () => {});
    stream.offer('ADDED', { metadata: { name: 'a' } });
    for await (const event of stream) {
      expect(event.type).toBe('ADDED');
      break;
    }
    expect(stream.closeReason).toBe('client');
  });
});
