package org.siproute.server.lifecycle;

/**
 * A component with its own threads, started before the server accepts calls and stopped after
 * it stopped accepting them: components start in the order they are bound and stop in reverse.
 */
public interface Lifecycle {
  void start();

  void stop();
}
