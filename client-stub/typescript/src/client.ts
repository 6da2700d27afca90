import type { MessageInitShape } from "@bufbuild/protobuf";
import { Code, ConnectError, createClient, type CallOptions, type Client, type Interceptor } from "@connectrpc/connect";
import { createGrpcTransport, Http2SessionManager } from "@connectrpc/connect-node";
import type { SecureClientSessionOptions } from "node:http2";
import { RouteAdmin } from "./gen/siproute/v1/route_admin_pb.js";
import { RouteSelect, type SelectRequestSchema, type SelectResponse } from "./gen/siproute/v1/route_select_pb.js";
import { DialCall } from "./dial.js";

/** TLS settings: the CA to trust (default: the system roots) and a client certificate for mTLS. */
export interface TlsOptions {
  /** PEM of the CA certificate(s) the server's certificate must chain to. */
  readonly ca?: string | Buffer;
  /** PEM of the client certificate, for servers that require mTLS (with `key`). */
  readonly cert?: string | Buffer;
  /** PEM of the client certificate's private key. */
  readonly key?: string | Buffer;
}

export interface SiprouteClientOptions {
  /**
   * Where the server is: "http://host:port" for plaintext, "https://host:port" for TLS (or
   * a bare "host:port": plaintext unless `tls` is given).
   */
  readonly baseUrl: string;
  /** The API key, sent as `authorization: Bearer <key>` on every call. */
  readonly apiKey?: string;
  /** TLS: `true` trusts the system roots; an object sets the CA and client certificate. */
  readonly tls?: boolean | TlsOptions;
  /** How long a Select (retries included) or one step of a Dial session may take. Default 2000. */
  readonly timeoutMs?: number;
  /** Tries of a Select on UNAVAILABLE, 1 (no retry) to 5. Default 3. Nothing else is retried. */
  readonly maxAttempts?: number;
  /** Extra Connect interceptors, outside the one that adds the API key. */
  readonly interceptors?: Interceptor[];
}

/** The request of a Select, e.g. `{ customerId: "acme", destination: "+49 30 1234567" }`. */
export type SelectRequestInit = MessageInitShape<typeof SelectRequestSchema>;

/**
 * A client of siproute for call services: routing decisions ({@link select}) and the failover
 * loop of one call ({@link dial}), over gRPC (HTTP/2). Make one per process and share it.
 */
export interface SiprouteClient extends Disposable {
  /**
   * The ordered plan for a call, all at once. Retried on UNAVAILABLE (it changes nothing).
   * Rejects with a ConnectError: INVALID_ARGUMENT for a bad number or customer id (see
   * `fieldViolations`), UNAUTHENTICATED / PERMISSION_DENIED for a bad key, DEADLINE_EXCEEDED
   * past the deadline.
   */
  select(request: SelectRequestInit, options?: CallOptions): Promise<SelectResponse>;
  /**
   * Opens the failover loop of one call; it asks for the first provider at once. Use it with
   * `await using` (or close it), which releases the provider's call slot on the server.
   */
  dial(request: SelectRequestInit, callId: string): DialCall;
  /** The generated RouteSelect client (e.g. ReportOutcome), with the key and no retries. */
  readonly routeSelect: Client<typeof RouteSelect>;
  /** The generated RouteAdmin client, with the key and no deadline: set `timeoutMs` per call. */
  readonly admin: Client<typeof RouteAdmin>;
  /** Closes the connection; calls still open fail. */
  close(): void;
}

const DEFAULT_TIMEOUT_MS = 2000;
const DEFAULT_MAX_ATTEMPTS = 3;
const INITIAL_BACKOFF_MS = 50;
const MAX_BACKOFF_MS = 500;

export function createSiprouteClient(options: SiprouteClientOptions): SiprouteClient {
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const maxAttempts = options.maxAttempts ?? DEFAULT_MAX_ATTEMPTS;
  if (!(timeoutMs > 0)) {
    throw new RangeError("timeoutMs must be positive");
  }
  if (!Number.isInteger(maxAttempts) || maxAttempts < 1 || maxAttempts > 5) {
    throw new RangeError("maxAttempts must be 1 to 5");
  }
  const baseUrl = resolveBaseUrl(options.baseUrl, options.tls);
  const nodeOptions: SecureClientSessionOptions = {};
  if (typeof options.tls === "object") {
    Object.assign(nodeOptions, { ca: options.tls.ca, cert: options.tls.cert, key: options.tls.key });
  }
  // Our own session manager, so that close() can end the connection.
  const session = new Http2SessionManager(baseUrl, {}, nodeOptions);
  const interceptors: Interceptor[] = [...(options.interceptors ?? [])];
  if (options.apiKey) {
    const header = `Bearer ${options.apiKey}`;
    interceptors.push((next) => (req) => {
      req.header.set("authorization", header);
      return next(req);
    });
  }
  const transport = createGrpcTransport({ baseUrl, sessionManager: session, interceptors });
  const routeSelect = createClient(RouteSelect, transport);
  const admin = createClient(RouteAdmin, transport);

  async function select(request: SelectRequestInit, callOptions: CallOptions = {}): Promise<SelectResponse> {
    const deadline = Date.now() + (callOptions.timeoutMs ?? timeoutMs);
    for (let attempt = 1; ; attempt++) {
      const remaining = deadline - Date.now();
      try {
        return await routeSelect.select(request, { ...callOptions, timeoutMs: Math.max(remaining, 1) });
      } catch (e) {
        const error = ConnectError.from(e);
        if (error.code !== Code.Unavailable || attempt >= maxAttempts || callOptions.signal?.aborted) {
          throw error;
        }
        // Jittered exponential backoff, as gRPC's retry policy does.
        const backoff = Math.random() * Math.min(INITIAL_BACKOFF_MS * 2 ** (attempt - 1), MAX_BACKOFF_MS);
        if (Date.now() + backoff >= deadline) {
          throw error;
        }
        await new Promise((resolve) => setTimeout(resolve, backoff));
      }
    }
  }

  return {
    select,
    dial: (request, callId) => new DialCall(routeSelect, request, callId, timeoutMs),
    routeSelect,
    admin,
    close: () => session.abort(),
    [Symbol.dispose]: () => session.abort(),
  };
}

function resolveBaseUrl(baseUrl: string, tls: boolean | TlsOptions | undefined): string {
  const wantsTls = tls !== undefined && tls !== false;
  if (!/^[a-z][a-z0-9+.-]*:\/\//i.test(baseUrl)) {
    return `${wantsTls ? "https" : "http"}://${baseUrl}`;
  }
  const url = new URL(baseUrl);
  if (url.protocol !== "http:" && url.protocol !== "https:") {
    throw new TypeError(`baseUrl must be http:// or https://, not ${url.protocol}`);
  }
  if (wantsTls && url.protocol === "http:") {
    throw new TypeError("tls is set but baseUrl is http://: use https://");
  }
  return baseUrl;
}
