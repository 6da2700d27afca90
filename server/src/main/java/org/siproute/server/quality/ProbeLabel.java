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
    if (!value.equals(OPTIONS) && !value.equals(OFF)) {
      return "label 'probe' must be 'options' (SIP OPTIONS probing) or 'off'";
    }
    if (value.equals(OPTIONS) && transport == Transport.TLS) {
      return "SIP OPTIONS probing works over UDP and TCP, not TLS";
    }
    return null;
  }

  /** True when the provider is to be probed. */
  static boolean enabled(Provider provider) {
    return OPTIONS.equals(provider.labels().get(KEY))
        && !provider.disabled()
        && provider.transport() != Transport.TLS;
  }
}
