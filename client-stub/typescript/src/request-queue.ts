/**
 * The request side of a stream: messages pushed now are sent when the transport asks for them;
 * end() half-closes once they are sent.
 */
export class RequestQueue<T> implements AsyncIterable<T> {
  private readonly pending: T[] = [];
  private waiting: ((result: IteratorResult<T>) => void) | undefined;
  private ended = false;

  push(message: T): void {
    if (this.ended) {
      throw new Error("the request stream is already closed");
    }
    if (this.waiting) {
      const resolve = this.waiting;
      this.waiting = undefined;
      resolve({ done: false, value: message });
    } else {
      this.pending.push(message);
    }
  }

  end(): void {
    this.ended = true;
    if (this.waiting && this.pending.length === 0) {
      const resolve = this.waiting;
      this.waiting = undefined;
      resolve({ done: true, value: undefined });
    }
  }

  get isEnded(): boolean {
    return this.ended;
  }

  private stop(): Promise<IteratorResult<T>> {
    this.ended = true;
    this.pending.length = 0;
    return Promise.resolve({ done: true, value: undefined });
  }

  [Symbol.asyncIterator](): AsyncIterator<T> {
    return {
      next: () => {
        const message = this.pending.shift();
        if (message !== undefined) {
          return Promise.resolve({ done: false, value: message });
        }
        if (this.ended) {
          return Promise.resolve({ done: true, value: undefined });
        }
        return new Promise((resolve) => (this.waiting = resolve));
      },
      // The transport stopped reading (the call ended, or failed): nothing more will be sent.
      return: () => this.stop(),
      throw: () => this.stop(),
    };
  }
}
