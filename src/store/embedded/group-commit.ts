// Group commit for an append-only file: whatever is queued while a write is in flight goes into the
// next single write, and each item's promise settles with the write that carried it. Fifty raters
// voting at once cost a few writes (and fsyncs), not fifty, and no item waits for more than two.
interface Queued<T> {
  item: T;
  resolve: () => void;
  reject: (error: unknown) => void;
}

export class GroupCommit<T> {
  private queue: Array<Queued<T>> = [];
  private writing: Promise<void> | undefined;
  private holds = 0;

  /** `write` gets the items in the order queued; throwing fails every one of them. */
  constructor(private readonly write: (items: T[]) => Promise<void>) {}

  /** Resolves once the item is written. */
  push(item: T): Promise<void> {
    const written = new Promise<void>((resolve, reject) => this.queue.push({ item, resolve, reject }));
    this.kick();
    return written;
  }

  /** Resolves once everything queued so far (and since) is written, or failed. */
  async drain(): Promise<void> {
    while (this.writing || (this.queue.length > 0 && this.holds === 0)) await (this.writing ?? Promise.resolve());
  }

  /** Stops writes until the returned function is called; resolves once the write in flight is done. */
  async hold(): Promise<() => void> {
    this.holds++;
    while (this.writing) await this.writing;
    return () => {
      this.holds--;
      this.kick();
    };
  }

  private kick(): void {
    if (this.writing || this.holds > 0 || this.queue.length === 0) return;
    const batch = this.queue;
    this.queue = [];
    this.writing = this.write(batch.map((q) => q.item))
      .then(
        () => batch.forEach((q) => q.resolve()),
        (error: unknown) => batch.forEach((q) => q.reject(error)),
      )
      .finally(() => {
        this.writing = undefined;
        this.kick();
      });
  }
}
