/** One caller's outcome in a batch: its result, or the error it alone is answered with. */
export type BatchOutcome<R> = { result: R } | { error: unknown };

/**
 * Requests for the same key (an activity a crowd signs up for) that arrive while one batch of
 * that key is being written wait and go together in the next: one transaction, one lock on the
 * hot row, one commit for all of them, in arrival order. Different keys never wait for each
 * other. `write` answers one outcome per input, in order; if it throws, every input of the batch
 * gets that error (the transaction kept nothing).
 */
export class KeyedBatches<K, I, R> {
  private readonly waiting = new Map<K, Array<{ input: I; resolve: (r: R) => void; reject: (e: unknown) => void }>>();

  constructor(
    private readonly write: (key: K, inputs: I[]) => Promise<Array<BatchOutcome<R>>>,
    private readonly maxBatch = 250,
  ) {}

  submit(key: K, input: I): Promise<R> {
    return new Promise<R>((resolve, reject) => {
      const queue = this.waiting.get(key);
      if (queue) {
        queue.push({ input, resolve, reject });
        return;
      }
      this.waiting.set(key, [{ input, resolve, reject }]);
      void this.drain(key);
    });
  }

  /** Runs batches of `key` until none wait; the queue's presence in `waiting` means a drain is on. */
  private async drain(key: K): Promise<void> {
    // Let the rest of a crowd that arrived in the same turn of the event loop join the first batch.
    await new Promise((r) => setImmediate(r));
    for (;;) {
      const queue = this.waiting.get(key)!;
      const batch = queue.splice(0, this.maxBatch);
      if (!batch.length) {
        this.waiting.delete(key);
        return;
      }
      try {
        const outcomes = await this.write(key, batch.map((b) => b.input));
        batch.forEach((b, i) => {
          const o = outcomes[i];
          if ('result' in o) b.resolve(o.result);
          else b.reject(o.error);
        });
      } catch (err) {
        batch.forEach((b) => b.reject(err));
      }
    }
  }
}
