package org.siproute.server.auth;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Singleton;
import com.google.inject.multibindings.Multibinder;
import org.siproute.server.SiprouteServer;
import org.siproute.server.config.SecurityConfig;
import org.siproute.server.config.ServerConfig;

/** API keys, roles, the audit trail and TLS. Every binding of the feature is listed here. */
public final class AuthModule extends AbstractModule {
  @Override
  protected void configure() {
    bind(ApiKeyCache.class).in(Singleton.class);
    Multibinder.newSetBinder(binder(), SiprouteServer.Lifecycle.class).addBinding().to(ApiKeyCache.class);
    bind(Authenticator.class).in(Singleton.class);
    bind(AuthInterceptor.class).in(Singleton.class);
    bind(AuditRecorder.class).in(Singleton.class);
    bind(AuditLog.class).in(Singleton.class);
    bind(ApiKeyService.class).in(Singleton.class);
  }

  @Provides
  @Singleton
  SecurityConfig security(ServerConfig config) {
    return config.security();
  }

  @Provides
  @Singleton
  BootstrapKey bootstrapKey(ServerConfig config) {
    return BootstrapKey.fromConfig(config);
  }

  @Provides
  @Singleton
  TransportSecurity transportSecurity(ServerConfig config) {
    return TransportSecurity.fromConfig(config);
  }
}
