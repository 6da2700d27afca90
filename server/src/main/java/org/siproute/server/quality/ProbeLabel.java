package org.siproute.server.quality;

import org.siproute.server.domain.Provider;
import org.siproute.server.domain.Transport;

/**
 * The provider label that turns SIP OPTIONS probing on: {@code probe=options}. A label rather
 * than a field of its own, so that turning probing on is an ordinary provider update.
 */
public final class ProbeLabel {
  public static final String KEY = "probe";
  public static final String OPTIONS = "options";
  public static final String OFF = "off";

  private ProbeLabel() {}

  /** Why {@code value} cannot be the label's value for a provider on {@code transport}, or null. */
  public static String problem(String value, Transport transport) {
    String problem = valueProblem(value);
    return problem != null ? problem : transportProblem(value, transport);
  }

  /** Why {@code value} cannot be the label's value on any provider, or null. */
  public static String valueProblem(String value) {
    return value.equals(OPTIONS) || value.equals(OFF)
        ? null
        : "label 'probe' must be 'options' (SIP OPTIONS probing) or 'off'";
  }

  /** Why a valid {@code value} does not go with {@code transport}, or null. */
  public static String transportProblem(String value, Transport transport) {
    return value.equals(OPTIONS) && transport == Transport.TLS
        ? "SIP OPTIONS probing works over UDP and TCP, not TLS"
        : null;
  }

  /** True when the provider is to be probed (at those of its gateways that are not TLS). */
  static boolean enabled(Provider provider) {
    return OPTIONS.equals(provider.labels().get(KEY)) && !provider.disabled();
  }
}
