package org.siproute.server;

import com.google.inject.AbstractModule;
import com.google.inject.Singleton;
import org.siproute.server.admin.AdminService;
import org.siproute.server.admin.ExchangeRateAdmin;
import org.siproute.server.demo.DemoData;

/** The admin use cases, and the demo data that goes through them. */
public final class AdminModule extends AbstractModule {
  @Override
  protected void configure() {
    bind(AdminService.class).in(Singleton.class);
    bind(ExchangeRateAdmin.class);
    bind(DemoData.class).in(Singleton.class);
  }
}
