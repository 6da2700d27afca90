package org.siproute.server;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import org.junit.jupiter.api.Test;

/**
 * The package rules of server/ARCHITECTURE.md: a thin gRPC edge ({@code api}) around a core
 * that speaks plain Java, wired together only by the top package.
 */
class ArchitectureTest {
  private static final String TOP = "org.siproute.server";
  private static final String EDGE = "org.siproute.server.api..";

  private static final JavaClasses MAIN =
      new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS).importPackages(TOP);

  @Test
  void onlyTheEdgeAndTheWiringSpeakTheWire() {
    ArchRule rule =
        noClasses()
            .that().resideInAPackage(TOP + "..")
            .and().resideOutsideOfPackages(TOP, EDGE)
            .should().dependOnClassesThat().resideInAnyPackage(
                "org.siproute.proto..", "io.grpc..", "com.google.rpc..", "com.google.protobuf..")
            .because("the core takes and returns domain types; api/ alone maps them to and from the wire");
    rule.check(MAIN);
  }

  @Test
  void theCoreDoesNotReachOutToTheEdge() {
    ArchRule rule =
        noClasses()
            .that().resideInAPackage(TOP + "..")
            .and().resideOutsideOfPackages(TOP, EDGE)
            .should().dependOnClassesThat().resideInAPackage(EDGE)
            .because("the edge calls the core, never the other way round");
    rule.check(MAIN);
  }

  @Test
  void nothingBelowTheTopPackageRefersToIt() {
    ArchRule rule =
        noClasses()
            .that().resideInAPackage(TOP + "..")
            .and().resideOutsideOfPackage(TOP)
            .should().dependOnClassesThat().resideInAPackage(TOP)
            .because("the top package wires everything; what it wires must not know it");
    rule.check(MAIN);
  }

  @Test
  void packagesHaveNoCycles() {
    slices().matching(TOP + ".(*)..").should().beFreeOfCycles().check(MAIN);
  }

  @Test
  void theStoreKnowsOnlyTheDomainAndTheDatabase() {
    ArchRule rule =
        classes()
            .that().resideInAPackage(TOP + ".store..")
            .should().onlyDependOnClassesThat().resideInAnyPackage(
                TOP + ".store..",
                TOP + ".domain..",
                "org.jooq..",
                "org.siproute.db..", // the jOOQ classes generated from the schema
                "com.zaxxer.hikari..", // the JDBC connection pool
                "org.flywaydb..", // the schema migrations
                "java..",
                "javax.sql..",
                "org.slf4j..")
            .because("repositories map rows to domain records and nothing else");
    rule.check(MAIN);
  }
}
