package org.siproute.server.config;

/** A bad configuration value; startup stops with this message and a non-zero exit. */
public class ConfigException extends RuntimeException {
  public ConfigException(String message) {
    super(message);
  }
}
