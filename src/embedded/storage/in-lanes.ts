/**
 * Bounded parallelism for file work: a few lanes take the next item from a shared list until it is empty, so a
 * transfer keeps both the kernel's copying and the event loop busy without opening every file at once. Each lane
 * gets its own worker (and so its own buffers). The first failure stops the lanes from taking more items; it is
 * thrown once every lane has finished its current item, so nothing is still writing when the caller sees it.
 */

/**
 * Runs one worker per lane (`makeWorker` is called once per lane) over `items`, at most `lanes` items at a time;
 * see the module comment.
 */
export async function runInLanes<T>(
  items: readonly T[],
  lanes: number,
  makeWorker: () => (item: T) => Promise<void>,
): Promise<void> {
  let next = 0;
  let failed = false;
  const lane = async (work: (item: T) => Promise<void>) => {
    while (!failed && next < items.length) {
      const item = items[next++] as T;
      try {
        await work(item);
      } catch (error) {
        failed = true;
        throw error;
      }
    }
  };
  const lanesRun = Array.from({ length: Math.max(1, lanes) }, () => lane(makeWorker()));
  const outcomes = await Promise.allSettled(lanesRun);
  const failure = outcomes.find((outcome): outcome is PromiseRejectedResult => outcome.status === 'rejected');
  if (failure !== undefined) throw failure.reason;
}
