package org.siproute.client.examples;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;
import java.util.Optional;
import org.siproute.client.DialSession;
import org.siproute.client.SiprouteClient;
import org.siproute.proto.v1.Attempt;

/**
 * A call service's failover loop in a few lines. It stands in for a SIP stack: the SIP codes
 * each provider "answers" are given on the command line.
 *
 * <pre>
 * java -cp client-stub/target/... org.siproute.client.examples.CallServiceExample \
 *     127.0.0.1:50051 acme +4930123456 503,404,200
 * </pre>
 *
 * The API key comes from the environment variable SIPROUTE_KEY.
 */
public final class CallServiceExample {
  private CallServiceExample() {}

  public static void main(String[] args) {
    if (args.length != 4) {
      System.err.println("usage: CallServiceExample <host:port> <customer> <number> <codes, e.g. 503,404,200>");
      System.exit(2);
    }
    Deque<Integer> answers = new ArrayDeque<>();
    Arrays.stream(args[3].split(",")).map(String::trim).map(Integer::parseInt).forEach(answers::add);

    try (SiprouteClient client =
            SiprouteClient.forTarget(args[0]).apiKey(System.getenv("SIPROUTE_KEY")).defaultDeadline(Duration.ofSeconds(2)).build();
        DialSession call = client.dial(args[1], args[2], "example-" + System.nanoTime())) {
      Optional<Attempt> attempt = call.first();
      while (attempt.isPresent()) {
        int code = answers.isEmpty() ? 503 : answers.poll();
        System.out.printf("dial %s via %s -> %d%n", attempt.get().getSipUri(), attempt.get().getProviderName(), code);
        attempt = call.report(code);
      }
      System.out.println("outcome: " + call.end().getOutcome() + " after " + call.end().getAttempts() + " attempts");
      if (call.isConnected()) {
        call.hangUp(Duration.ofSeconds(42));
      }
    }
  }
}
