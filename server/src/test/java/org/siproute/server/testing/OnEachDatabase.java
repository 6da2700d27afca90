package org.siproute.server.testing;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.Tag;

/**
 * A test class that runs once per database: the build runs the classes tagged {@value #TAG} in
 * two surefire executions of their own (server/pom.xml), one with {@code
 * -Dsiproute.test.database=h2} and one with {@code mariadb}, which report as {@code
 * TEST-<class>-H2.xml} and {@code TEST-<class>-MariaDB.xml}. The class takes its databases from
 * {@link TestDatabase#underTest()}; without {@code -Dsiproute.mysql.url} each test of the MariaDB
 * run is reported as skipped, and with a URL that does not work it fails.
 *
 * <p>Separate executions rather than a JUnit class template (@ParameterizedClass): surefire
 * 3.5 reports the runs of a class template under one class name, counts a test that ran on both
 * databases once, and loses the skipped ones from its totals.
 */
@Documented
@Inherited
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
@Tag(OnEachDatabase.TAG)
public @interface OnEachDatabase {
  String TAG = "each-database";
}
