package org.siproute.server;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Singleton;
import com.google.inject.multibindings.Multibinder;
import org.siproute.server.auth.ApiKeyCache;
import org.siproute.server.auth.ApiKeyService;
import org.siproute.server.auth.AuditLog;
import org.siproute.server.auth.AuditRetention;
import org.siproute.server.auth.AuditRecorder;
import org.siproute.server.auth.Authenticator;
import org.siproute.server.auth.BootstrapKey;
import org.siproute.server.auth.FailedLogins;
import org.siproute.server.auth.RequestIds;
import org.siproute.server.auth.WarmupKey;
import org.siproute.server.config.SecurityConfig;
import org.siproute.server.config.ServerConfig;
import org.siproute.server.lifecycle.Lifecycle;

/** API keys, roles and the audit trail. */
public final class AuthModule extends AbstractModule {
  @Override
  protected void configure() {
    bind(ApiKeyCache.class).in(Singleton.class);
    Multibinder.newSetBinder(binder(), Lifecycle.class).addBinding().to(ApiKeyCache.class);
    bind(Authenticator.class).in(Singleton.class);
    bind(WarmupKey.class).in(Singleton.class);
    bind(FailedLogins.class).in(Singleton.class);
    Multibinder.newSetBinder(binder(), Lifecycle.class).addBinding().to(FailedLogins.class);
    bind(AuditRecorder.class).in(Singleton.class);
    bind(AuditLog.class).in(Singleton.class);
    bind(AuditRetention.class).in(Singleton.class);
    Multibinder.newSetBinder(binder(), Lifecycle.class).addBinding().to(AuditRetention.class);
    bind(ApiKeyService.class).in(Singleton.class);
    bind(RequestIds.class).in(Singleton.class);
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
}
