// At most `limit` tasks in flight, taken in order. A task that throws stops new ones from starting
// (those running finish) and its error is rethrown once all have settled; so does `stop()`
// returning true, without an error. Returns how many tasks were started.
export async function eachConcurrently<T>(items: readonly T[], limit: number, work: (item: T) => Promise<void>, stop: () => boolean = () => false): Promise<number> {
  let next = 0;
  let failed = false;
  let failure: unknown;
  const worker = async (): Promise<void> => {
    while (next < items.length && !failed && !stop()) {
      const item = items[next++];
      try {
        await work(item);
      } catch (error) {
        if (!failed) failure = error;
        failed = true;
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, worker));
  if (failed) throw failure;
  return next;
}
