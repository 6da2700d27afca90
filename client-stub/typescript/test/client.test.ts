import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { createServer, type Server, type Socket } from "node:net";
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { after, before, describe, it } from "node:test";
import { fileURLToPath } from "node:url";
import {
  Code,
  ConnectError,
  createSiprouteClient,
  DialOutcome,
  fieldViolations,
  type ProviderStatus,
  type SiprouteClient,
} from "../src/index.js";
import { startServer, type TestServer } from "./server.js";

describe("@siproute/client against a real server", () => {
  let server: TestServer;
  let client: SiprouteClient;

  before(async () => {
    server = await startServer();
    client = createSiprouteClient({ baseUrl: server.baseUrl, apiKey: server.adminKey, timeoutMs: 5000 });
    // Default routes: Berlin numbers go to p0, then p1, then p2; "4940" to a provider that
    // carries one call at a time.
    for (const [id, prefix, priority, maxConcurrentCalls] of [
      ["p0", "4930", 0, 0],
      ["p1", "4930", 1, 0],
      ["p2", "4930", 2, 0],
      ["one-slot", "4940", 0, 1],
    ] as const) {
      await client.admin.createProvider({ provider: { id, name: id, hostname: `${id}.example`, maxConcurrentCalls } });
      await client.admin.createRoute({ route: { providerId: id, prefix, priority } });
    }
  });

  after(async () => {
    client?.close();
    await server?.stop();
  });

  const status = (providerId: string): Promise<ProviderStatus> =>
    client.admin.getProviderStatus({ providerId }, { timeoutMs: 5000 });

  async function eventually(what: string, check: () => Promise<boolean>): Promise<void> {
    const until = Date.now() + 10_000;
    while (!(await check())) {
      assert.ok(Date.now() < until, `${what} within 10 s`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }

  it("selects the ordered plan", async () => {
    const plan = await client.select({ customerId: "acme", destination: "+49 30 1234567" });
    assert.equal(plan.destination, "49301234567");
    assert.equal(plan.destinationRegion, "DE");
    assert.deepEqual(plan.attempts.map((a) => a.providerId), ["p0", "p1", "p2"]);
    assert.equal(plan.attempts[0]!.sipUri, "sip:49301234567@p0.example");
  });

  it("refuses a bad destination, naming the field in the error's violations", async () => {
    const refusal = await client.select({ customerId: "acme", destination: "not a number" }).then(
      () => assert.fail("a bad destination must be refused"),
      (e: unknown) => e,
    );
    assert.ok(refusal instanceof ConnectError);
    assert.equal(refusal.code, Code.InvalidArgument);
    const violations = fieldViolations(refusal);
    assert.deepEqual(violations.map((v) => v.field), ["destination"]);
    assert.ok(violations[0]!.description.length > 0);
  });

  it("dials through 503 and 404 to a 200, then hangs up", async () => {
    {
      await using call = client.dial({ customerId: "acme", destination: "+49 30 7654321" }, "ts-call-1");
      const first = await call.first();
      assert.equal(first?.providerId, "p0");
      assert.equal(call.plan?.destination, "49307654321");
      const second = await call.report(503);
      assert.equal(second?.providerId, "p1");
      const third = await call.report(404, 1200);
      assert.equal(third?.providerId, "p2");
      assert.equal(await call.report(200), undefined, "no next attempt after an answer");
      assert.equal(call.connected, true);
      assert.equal(call.end?.outcome, DialOutcome.CONNECTED);
      assert.equal(call.end?.connectedIndex, 2);
      assert.equal(call.end?.attempts, 3);
      assert.equal((await status("p2")).activeCalls, 1, "a connected call holds its slot");
      await call.hangUp(42_000);
      await assert.rejects(call.report(200), /no attempt is outstanding; the call ended: CONNECTED/);
    }
    const p2 = await status("p2");
    assert.equal(p2.activeCalls, 0, "hanging up freed the slot");
    assert.equal(p2.statistics?.callsEnded, 1n);
    assert.equal(p2.statistics?.averageDurationMs, 42_000n);
    assert.equal((await status("p0")).statistics?.serverFailures, 1n);
    assert.equal((await status("p1")).statistics?.clientFailures, 1n);
  });

  it("frees the call slot of a cancelled session", async () => {
    const call = client.dial({ customerId: "acme", destination: "+49 40 1234567" }, "ts-call-2");
    assert.equal((await call.first())?.providerId, "one-slot");
    assert.equal((await status("one-slot")).activeCalls, 1, "the offered attempt holds the slot");
    call.cancel();
    await eventually("the slot is freed", async () => (await status("one-slot")).activeCalls === 0);
    await assert.rejects(call.report(503), /no attempt is outstanding/);
  });

  it("frees the call slot when an unfinished session goes out of scope", async () => {
    {
      await using call = client.dial({ customerId: "acme", destination: "+49 40 7654321" }, "ts-call-3");
      assert.equal((await call.first())?.providerId, "one-slot");
      assert.equal((await status("one-slot")).activeCalls, 1);
    }
    await eventually("the slot is freed", async () => (await status("one-slot")).activeCalls === 0);
  });

  it("ends a busy call without failing over", async () => {
    await using call = client.dial({ customerId: "acme", destination: "+49 30 1112222" }, "ts-call-4");
    assert.equal((await call.first())?.providerId, "p0");
    assert.equal(await call.report(486), undefined);
    assert.equal(call.end?.outcome, DialOutcome.FAILED);
    assert.equal(call.connected, false);
    await assert.rejects(call.hangUp(1000), /no connected call/);
  });

  it("says NO_ROUTE when nothing matches", async () => {
    await using call = client.dial({ customerId: "acme", destination: "+1 212 555 0100" }, "ts-call-5");
    assert.equal(await call.first(), undefined);
    assert.equal(call.end?.outcome, DialOutcome.NO_ROUTE);
  });

  it("runs the README's example", async () => {
    const output = await new Promise<string>((resolve, reject) =>
      execFile(
        process.execPath,
        [fileURLToPath(new URL("../examples/call-service.js", import.meta.url))],
        { env: { ...process.env, SIPROUTE_URL: server.baseUrl, SIPROUTE_KEY: server.adminKey }, timeout: 30_000 },
        (error, stdout, stderr) => (error ? reject(new Error(`${error.message}\n${stdout}${stderr}`)) : resolve(stdout)),
      ),
    );
    assert.match(output, /^plan: p0 > p1 > p2$/m);
    assert.match(output, /^INVITE sip:49301234567@p0\.example \{\}$/m);
    assert.match(output, /^connected: true$/m);
  });

  it("refuses a call without a valid key", async () => {
    const anonymous = createSiprouteClient({ baseUrl: server.baseUrl });
    try {
      await assert.rejects(anonymous.select({ customerId: "acme", destination: "+49301234567" }), (e: unknown) =>
        e instanceof ConnectError && e.code === Code.Unauthenticated);
    } finally {
      anonymous.close();
    }
  });
});

describe("@siproute/client defaults", () => {
  // A peer that accepts connections and never answers: only the deadline ends a call to it.
  let silent: Server;
  const sockets: Socket[] = [];
  before(async () => {
    silent = createServer((socket) => sockets.push(socket));
    await new Promise<void>((resolve) => silent.listen(0, "127.0.0.1", resolve));
  });
  after(() => {
    sockets.forEach((s) => s.destroy());
    silent.close();
  });
  const silentUrl = () => `http://127.0.0.1:${(silent.address() as { port: number }).port}`;

  it("gives up a Select past the deadline", async () => {
    using client = createSiprouteClient({ baseUrl: silentUrl(), timeoutMs: 300 });
    const started = Date.now();
    await assert.rejects(client.select({ customerId: "acme", destination: "+49301234567" }), (e: unknown) =>
      e instanceof ConnectError && e.code === Code.DeadlineExceeded);
    assert.ok(Date.now() - started < 3000, `took ${Date.now() - started} ms`);
  });

  it("gives up a Dial step past the deadline", async () => {
    using client = createSiprouteClient({ baseUrl: silentUrl(), timeoutMs: 300 });
    await using call = client.dial({ customerId: "acme", destination: "+49301234567" }, "ts-silent");
    await assert.rejects(call.first(), (e: unknown) => e instanceof ConnectError && e.code === Code.DeadlineExceeded);
  });

  it("retries a Select on UNAVAILABLE, up to maxAttempts tries", async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, "127.0.0.1", resolve));
    const port = (closed.address() as { port: number }).port;
    await new Promise((resolve) => closed.close(resolve)); // nobody listens there now
    for (const maxAttempts of [1, 3]) {
      let tries = 0;
      using client = createSiprouteClient({
        baseUrl: `http://127.0.0.1:${port}`,
        maxAttempts,
        interceptors: [(next) => (req) => (tries++, next(req))],
      });
      await assert.rejects(client.select({ customerId: "acme", destination: "+49301234567" }), (e: unknown) =>
        e instanceof ConnectError && e.code === Code.Unavailable);
      assert.equal(tries, maxAttempts);
    }
  });
});


describe("@siproute/client over TLS", () => {
  let server: TestServer;
  let dir: string;
  let ca: Buffer;

  before(async () => {
    // A self-signed certificate for 127.0.0.1, which the client trusts as its CA.
    dir = mkdtempSync(path.join(tmpdir(), "siproute-ts-tls-"));
    execFileSync("openssl", [
      "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-days", "1",
      "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1",
      "-keyout", path.join(dir, "key.pem"), "-out", path.join(dir, "cert.pem"),
    ], { stdio: "ignore" });
    ca = readFileSync(path.join(dir, "cert.pem"));
    server = await startServer(["--tls-cert", path.join(dir, "cert.pem"), "--tls-key", path.join(dir, "key.pem")]);
  });

  after(async () => {
    await server?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it("selects and dials over TLS with a private CA", async () => {
    using client = createSiprouteClient({ baseUrl: server.baseUrl, apiKey: server.adminKey, tls: { ca }, timeoutMs: 5000 });
    const plan = await client.select({ customerId: "acme", destination: "+49 30 1234567" });
    assert.equal(plan.destination, "49301234567");
    await using call = client.dial({ customerId: "acme", destination: "+49 30 1234567" }, "ts-tls-1");
    assert.equal(await call.first(), undefined, "no routes on this server");
    assert.equal(call.end?.outcome, DialOutcome.NO_ROUTE);
  });

  it("refuses a server its CA did not sign", async () => {
    using client = createSiprouteClient({ baseUrl: server.baseUrl, apiKey: server.adminKey, tls: true, maxAttempts: 1 });
    await assert.rejects(client.select({ customerId: "acme", destination: "+49301234567" }), (e: unknown) =>
      e instanceof ConnectError && /self-signed certificate/.test(e.message));
  });

  it("refuses an http:// baseUrl with tls set", () => {
    assert.throws(() => createSiprouteClient({ baseUrl: "http://127.0.0.1:1", tls: true }), /use https/);
  });
});
