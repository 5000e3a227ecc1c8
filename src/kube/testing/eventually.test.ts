import { describe, expect, it } from 'vitest';
import { EventuallyTimeoutError, eventually } from './eventually.js';

describe('eventually', () => {
  it('returns the first value that is neither undefined nor false', async () => {
    const answers = [undefined, false, 'ready', 'later'];
    let calls = 0;
    const value = await eventually(() => answers[calls++], { intervalMs: 1 });
    expect(value).toBe('ready');
    expect(calls).toBe(3);
  });

  it('takes falsy values other than undefined and false as values', async () => {
    expect(await eventually(() => 0)).toBe(0);
    expect(await eventually(async () => '')).toBe('');
    expect(await eventually(() => null)).toBeNull();
  });

  it('retries after the probe throws', async () => {
    let calls = 0;
    const value = await eventually(
      async () => {
        calls += 1;
        if (calls < 3) throw new Error(`not yet ${calls}`);
        return calls;
      },
      { intervalMs: 1 },
    );
    expect(value).toBe(3);
  });

  it('times out saying what it waited for, with the last probe error as cause', async () => {
    let calls = 0;
    const started = Date.now();
    const failure = await eventually(
      () => {
        calls += 1;
        throw new Error(`boom ${calls}`);
      },
      { what: 'the widget', timeoutMs: 100, intervalMs: 10 },
    ).catch((error: unknown) => error);
    expect(Date.now() - started).toBeGreaterThanOrEqual(100);
    expect(failure).toBeInstanceOf(EventuallyTimeoutError);
    const timeout = failure as EventuallyTimeoutError;
    expect(timeout.name).toBe('EventuallyTimeoutError');
    expect(timeout.message).toBe(`timed out after 100 ms waiting for the widget: Error: boom ${calls}`);
    expect(timeout.cause).toBeInstanceOf(Error);
    expect((timeout.cause as Error).message).toBe(`boom ${calls}`);
    expect(calls).toBeGreaterThan(1);
  });

  it('times out without a cause when the probe never threw', async () => {
    const failure = await eventually(() => false, { timeoutMs: 30, intervalMs: 5 }).catch(
      (error: unknown) => error,
    );
    expect(failure).toBeInstanceOf(EventuallyTimeoutError);
    expect((failure as Error).message).toBe('timed out after 30 ms waiting for the probe to yield a value');
    expect('cause' in (failure as Error)).toBe(false);
  });
});
