package org.siproute.server;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Singleton;
import java.time.Clock;
import org.jooq.DSLContext;
import org.siproute.server.config.ServerConfig;
import org.siproute.server.health.ServiceHealth;
import org.siproute.server.store.Database;
import org.siproute.server.store.Store;

/**
 * Configuration, clock, health and database. Every binding of the server's core is listed here.
 */
public final class ServerModule extends AbstractModule {
  private final ServerConfig config;
  private final Clock clock;

  public ServerModule(ServerConfig config, Clock clock) {
    this.config = config;
    this.clock = clock;
  }

  @Override
  protected void configure() {
    bind(ServerConfig.class).toInstance(config);
    bind(Clock.class).toInstance(clock);
    bind(ServiceHealth.class).in(Singleton.class);
  }

  @Provides
  @Singleton
  Database database(ServerConfig config) {
    return Database.open(config);
  }

  @Provides
  @Singleton
  DSLContext dsl(Database database) {
    return database.dsl();
  }

  @Provides
  @Singleton
  Store store(DSLContext dsl, Clock clock) {
    return new Store(dsl, clock);
  }
}
