import type { MessageInitShape } from "@bufbuild/protobuf";
import { Code, ConnectError, type Client } from "@connectrpc/connect";
import {
  type Attempt,
  AttemptFailure,
  type DialEnd,
  DialOutcome,
  type DialRequestSchema,
  type DialResponse,
  type RouteSelect,
  type SelectRequestSchema,
  type SelectResponse,
} from "./gen/siproute/v1/route_select_pb.js";
import { RequestQueue } from "./request-queue.js";

type DialRequestInit = MessageInitShape<typeof DialRequestSchema>;
type AttemptResultInit = Extract<DialRequestInit["message"], { case: "result" }>["value"];

/**
 * The failover loop of one call, over a RouteSelect.Dial stream: dial {@link first}, report
 * each attempt's final SIP code with {@link report}, dial what comes back until it is
 * `undefined`. Then {@link end} says how the call ended. When a connected call hangs up, call
 * {@link hangUp}. Leaving an `await using` block (or {@link close}) always ends the stream, so
 * the server frees the provider's call slot; {@link cancel} drops it at once.
 *
 * Each step waits at most the client's `timeoutMs` for the server; past it the stream is
 * cancelled and the step fails with DEADLINE_EXCEEDED. One call, one step at a time.
 */
export class DialCall implements AsyncDisposable {
  private readonly requests = new RequestQueue<DialRequestInit>();
  private readonly abort = new AbortController();
  private readonly responses: AsyncIterator<DialResponse>;
  private readonly opened: Promise<void>;
  private firstAttempt: Attempt | undefined;
  private current: Attempt | undefined;
  private planHeader: SelectResponse | undefined;
  private ending: DialEnd | undefined;
  private busy = false;
  // True once nothing more may be sent: the server ended the stream, we half-closed or cancelled.
  private closed = false;

  /** @internal use {@link SiprouteClient.dial} */
  constructor(
    stub: Client<typeof RouteSelect>,
    request: MessageInitShape<typeof SelectRequestSchema>,
    callId: string,
    private readonly timeoutMs: number,
  ) {
    this.responses = stub.dial(this.requests, { signal: this.abort.signal })[Symbol.asyncIterator]();
    this.requests.push({ message: { case: "start", value: { request, callId } } });
    this.opened = this.receive().then(() => {
      this.firstAttempt = this.current;
    });
    // first() or report() rethrows it; until then it must not count as unhandled.
    this.opened.catch(() => undefined);
  }

  /** The first provider to dial; `undefined` when no route matched (see {@link end}). */
  async first(): Promise<Attempt | undefined> {
    await this.opened;
    return this.firstAttempt;
  }

  /** The plan's header: normalised destination, region, strategy, revision (explain: why). */
  get plan(): SelectResponse | undefined {
    return this.planHeader;
  }

  /** How the call ended; `undefined` while attempts are still being made. */
  get end(): DialEnd | undefined {
    return this.ending;
  }

  /** True when an attempt was answered. */
  get connected(): boolean {
    return this.ending?.outcome === DialOutcome.CONNECTED;
  }

  /**
   * Reports the final SIP response of the current attempt. Resolves to the next provider to
   * dial, or `undefined` when the call ended (connected, failed, exhausted: see {@link end}).
   */
  report(sipCode: number, postDialDelayMs?: number): Promise<Attempt | undefined> {
    return this.send({ sipCode, postDialDelayMs: BigInt(postDialDelayMs ?? 0) });
  }

  /** The current attempt got no final response in time. Fails over. */
  reportTimeout(): Promise<Attempt | undefined> {
    return this.send({ failure: AttemptFailure.TIMEOUT });
  }

  /** The current attempt's provider could not be reached. Fails over. */
  reportTransportError(): Promise<Attempt | undefined> {
    return this.send({ failure: AttemptFailure.TRANSPORT_ERROR });
  }

  /**
   * The connected call hung up after `durationMs` of talk time: tells the server (which counts
   * it and frees the call slot) and waits for it to close the stream.
   */
  async hangUp(durationMs: number): Promise<void> {
    await this.opened;
    if (!this.connected) {
      throw new Error("no connected call to hang up");
    }
    if (this.closed) {
      return;
    }
    this.requests.push({ message: { case: "ended", value: { durationMs: BigInt(durationMs) } } });
    await this.finish();
  }

  /**
   * Ends the stream: a half-close, after which the server frees what the call held, then waits
   * (at most `timeoutMs`) for the server to close its side. Safe to call more than once.
   */
  async close(): Promise<void> {
    if (!this.closed) {
      await this.finish().catch(() => undefined);
    }
    this.abort.abort(); // frees the HTTP/2 stream whatever state the server left it in
  }

  /** Cancels the stream at once (RST_STREAM): the server frees what the call held. */
  cancel(reason = "cancelled by the caller"): void {
    this.closed = true;
    this.current = undefined;
    this.requests.end();
    this.abort.abort(new ConnectError(reason, Code.Canceled));
  }

  async [Symbol.asyncDispose](): Promise<void> {
    await this.close();
  }

  private async send(result: AttemptResultInit): Promise<Attempt | undefined> {
    await this.opened;
    const attempt = this.current;
    if (attempt === undefined) {
      const ended = this.ending ? `; the call ended: ${DialOutcome[this.ending.outcome]}` : "";
      throw new Error(`no attempt is outstanding${ended}`);
    }
    this.requests.push({ message: { case: "result", value: { ...result, index: attempt.index } } });
    this.current = undefined;
    await this.receive();
    return this.current;
  }

  private async receive(): Promise<void> {
    if (this.busy) {
      throw new Error("a step of this call is still in progress: await it before the next");
    }
    this.busy = true;
    let next: IteratorResult<DialResponse>;
    try {
      next = await this.withinDeadline(this.responses.next());
    } catch (e) {
      this.closed = true;
      this.requests.end();
      throw ConnectError.from(e);
    } finally {
      this.busy = false;
    }
    if (next.done) {
      this.closed = true;
      throw new ConnectError("the Dial stream ended unexpectedly", Code.Unavailable);
    }
    const response = next.value;
    if (response.plan) {
      this.planHeader = response.plan;
    }
    if (response.message.case === "attempt") {
      this.current = response.message.value;
    } else if (response.message.case === "end") {
      this.ending = response.message.value;
      if (!this.connected) {
        // The server completes the stream after any other outcome; complete ours too.
        await this.finish().catch(() => undefined);
      }
    }
  }

  /** Half-closes and reads the stream to its end, so the server's status (or error) is seen. */
  private async finish(): Promise<void> {
    this.closed = true;
    this.requests.end();
    for (;;) {
      const next = await this.withinDeadline(this.responses.next());
      if (next.done) {
        return;
      }
    }
  }

  private withinDeadline<T>(step: Promise<T>): Promise<T> {
    let timer: NodeJS.Timeout | undefined;
    const expired = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        const error = new ConnectError(`siproute did not answer within ${this.timeoutMs} ms`, Code.DeadlineExceeded);
        this.abort.abort(error);
        reject(error);
      }, this.timeoutMs);
    });
    step.catch(() => undefined); // after a timeout its rejection (CANCELED) is of no interest
    return Promise.race([step, expired]).finally(() => clearTimeout(timer));
  }
}
