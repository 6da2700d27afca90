package org.siproute.server;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.jul.LevelChangePropagator;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.OutputStreamAppender;
import ch.qos.logback.core.encoder.LayoutWrappingEncoder;
import java.io.OutputStream;
import java.io.PrintStream;
import org.siproute.server.config.LogFormat;
import org.slf4j.LoggerFactory;
import org.slf4j.bridge.SLF4JBridgeHandler;

/**
 * The process's logging, set up once by {@link Main}: every line to standard error in the
 * configured {@link LogFormat}, java.util.logging (grpc-java, Netty) bridged into the same
 * loggers, and the log's volume bounded by {@link LogVolumeGuard}. Until then (and in tests that
 * do not call it) logback.xml gives the same plain lines.
 */
public final class Logging {
  private Logging() {}

  /** Writes every log line to standard error in {@code format}. */
  public static void configure(LogFormat format) {
    // Standard error as it is now: not System.err's later replacements.
    configure(format, new PrintStream(new java.io.FileOutputStream(java.io.FileDescriptor.err), true));
  }

  /** Writes every log line to {@code out} in {@code format}; tests read what was written. */
  public static void configure(LogFormat format, OutputStream out) {
    LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
    context.reset();
    // JUL checks its own levels before a record reaches the bridge; keep them those of logback,
    // so that disabled levels cost nothing there either.
    LevelChangePropagator propagator = new LevelChangePropagator();
    propagator.setContext(context);
    propagator.setResetJUL(true);
    propagator.start();
    context.addListener(propagator);

    LogVolumeGuard guard = new LogVolumeGuard();
    guard.setContext(context);
    guard.start();
    context.addTurboFilter(guard);

    LogLayout layout = new LogLayout();
    layout.setFormat(format);
    layout.setContext(context);
    layout.start();
    LayoutWrappingEncoder<ILoggingEvent> encoder = new LayoutWrappingEncoder<>();
    encoder.setLayout(layout);
    encoder.setContext(context);
    encoder.start();
    OutputStreamAppender<ILoggingEvent> appender = new OutputStreamAppender<>();
    appender.setName("stderr");
    appender.setContext(context);
    appender.setEncoder(encoder);
    appender.setOutputStream(out);
    appender.start();

    ch.qos.logback.classic.Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    root.setLevel(Level.INFO);
    root.addAppender(appender);
    // Hikari's warning of a connection broken by a database outage carries a stack trace; the
    // outage is told by siproute's own lines and counted in siproute_db_failures_total.
    context.getLogger("com.zaxxer.hikari.pool.ProxyConnection").setLevel(Level.ERROR);
    bridgeJavaUtilLogging();
  }

  /** Sends java.util.logging records to SLF4J, replacing JUL's own console handler. */
  public static void bridgeJavaUtilLogging() {
    if (!SLF4JBridgeHandler.isInstalled()) {
      SLF4JBridgeHandler.removeHandlersForRootLogger();
      SLF4JBridgeHandler.install();
    }
  }
}
