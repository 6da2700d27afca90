package org.siproute.server;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Singleton;
import java.time.Clock;
import org.jooq.DSLContext;
import org.siproute.server.config.ConfigException;
import org.siproute.server.config.ServerConfig;
import org.siproute.server.store.Database;
import org.siproute.server.store.DatabaseState;
import org.siproute.server.store.Store;

/**
 * Configuration, clock, database and the server itself. Every binding of the injector is
 * listed in one of the modules {@link Main#create} installs: nothing is bound just in time.
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
    binder().requireExplicitBindings();
    bind(ServerConfig.class).toInstance(config);
    bind(Clock.class).toInstance(clock);
    bind(DatabaseState.class).in(Singleton.class);
    // Unscoped, so not made eagerly with the singletons: a component that fails to build (a
    // bad TLS file) is then reported once, as itself, rather than again for the server.
    bind(SiprouteServer.class);
  }

  /** Where the database is and how long its work may take, from the configuration. */
  public static Database.Options databaseOptions(ServerConfig config) {
    return new Database.Options(
        config.effectiveDbUrl(),
        config.embeddedDatabase() && config.dbUser().isEmpty() ? "sa" : config.dbUser(),
        config.dbPassword(),
        config.dbPoolSize(),
        config.dbConnectTimeout(),
        config.limits().dbQueryTimeout(),
        config.limits().dbBulkTimeout());
  }

  @Provides
  @Singleton
  Database database(ServerConfig config) {
    try {
      return Database.open(databaseOptions(config));
    } catch (Database.UnusableException e) {
      throw new ConfigException(e.getMessage());
    }
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
