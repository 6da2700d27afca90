// A call service's failover loop with @siproute/client. Against a running server, e.g. one
// started with `--demo` (its log shows the key):
//   SIPROUTE_KEY=sr_... npm run example
import { createSiprouteClient, fieldViolations } from "@siproute/client";

const client = createSiprouteClient({
  baseUrl: process.env.SIPROUTE_URL ?? "http://127.0.0.1:50051",
  apiKey: process.env.SIPROUTE_KEY,
});

// Stands in for your SIP stack: sends the INVITE, resolves to the final response code.
async function invite(sipUri: string, headers: Record<string, string>): Promise<number> {
  console.log(`INVITE ${sipUri} ${JSON.stringify(headers)}`);
  return 200;
}

try {
  const plan = await client.select({ customerId: "acme", destination: "+49 30 1234567" });
  console.log(`plan: ${plan.attempts.map((a) => a.providerId).join(" > ")}`);

  await using call = client.dial({ customerId: "acme", destination: "+49 30 1234567" }, "call-0001");
  for (let attempt = await call.first(); attempt; ) {
    attempt = await call.report(await invite(attempt.sipUri, attempt.headers));
  }
  console.log(`connected: ${call.connected}`);
  if (call.connected) {
    await call.hangUp(42_000); // when the call is over: its talk time in ms
  }
} catch (e) {
  console.error(e, fieldViolations(e));
  process.exitCode = 1;
} finally {
  client.close();
}
