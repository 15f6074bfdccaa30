package io.github.lbkit.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Discovery through ServiceLoader: by name, by priority, surviving a broken provider, and failing clearly. */
class LoadBalancerProvidersTest {

  private static final String SERVICE_FILE = "META-INF/services/" + LoadBalancerProviderFactory.class.getName();

  @AfterEach
  void clearProperty() {
    System.clearProperty(ProviderConfig.PROVIDER);
  }

  private static LoadBalancerProviders discovered() {
    return LoadBalancerProviders.discover(LoadBalancerProvidersTest.class.getClassLoader());
  }

  @Test
  void brokenProviderIsSkippedAndReportedWithoutHidingTheOthers() {
    LoadBalancerProviders p = discovered();

    assertThat(p.factories()).extracting(LoadBalancerProviderFactory::name).containsExactly("alpha", "beta", "gamma");
    assertThat(p.problems()).singleElement().asString().contains("failed to load").contains("Broken");
  }

  record Choice(ProviderConfig config, String systemProperty, String expected) {}

  static Stream<Named<Choice>> choices() {
    return Stream.of(
        Named.of("by name in the config", new Choice(ProviderConfig.of(ProviderConfig.PROVIDER, "alpha"), "", "alpha")),
        Named.of("by system property", new Choice(ProviderConfig.empty(), "gamma", "gamma")),
        Named.of("config wins over the system property",
            new Choice(ProviderConfig.of(ProviderConfig.PROVIDER, "alpha"), "gamma", "alpha")),
        Named.of("highest priority, tie broken by name", new Choice(ProviderConfig.empty(), "", "beta")));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("choices")
  void chooses(Choice c) {
    if (!c.systemProperty().isEmpty()) {
      System.setProperty(ProviderConfig.PROVIDER, c.systemProperty());
    }
    assertThat(discovered().choose(c.config()).name()).isEqualTo(c.expected());
    assertThat(discovered().create(c.config()).name()).isEqualTo(c.expected());
  }

  @Test
  void equalPrioritiesPickTheFirstName() throws IOException {
    ClassLoader loader = only(List.of(TestFactories.Gamma.class, TestFactories.Beta.class));

    LoadBalancerProviders p = LoadBalancerProviders.discover(loader);

    assertThat(p.factories()).extracting(LoadBalancerProviderFactory::name).containsExactly("beta", "gamma");
    assertThat(p.choose(ProviderConfig.empty()).name()).isEqualTo("beta");
  }

  @Test
  void higherPriorityWinsOverName() throws IOException {
    ClassLoader loader = only(List.of(TestFactories.Alpha.class, TestFactories.Gamma.class));

    assertThat(LoadBalancerProviders.discover(loader).choose(ProviderConfig.empty()).name()).isEqualTo("gamma");
  }

  @Test
  void unknownNameListsWhatWasFound() {
    assertThatThrownBy(() -> discovered().choose(ProviderConfig.of(ProviderConfig.PROVIDER, "nope")))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageStartingWith("choose provider: no provider named 'nope'")
        .hasMessageContaining("alpha, beta, gamma")
        .hasMessageContaining("Broken");
  }

  @Test
  void noneFoundNamesTheArtifactsToAdd(@TempDir Path empty) throws IOException {
    try (URLClassLoader loader = new URLClassLoader(new URL[] {empty.toUri().toURL()}, null)) {
      LoadBalancerProviders p = LoadBalancerProviders.discover(loader);

      assertThat(p.factories()).isEmpty();
      assertThatThrownBy(() -> p.choose(ProviderConfig.empty()))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageStartingWith("choose provider: no LoadBalancerProvider found on the classpath")
          .hasMessageContaining("io.github.lbkit:lbkit-provider-huaweicloud")
          .hasMessageContaining("io.github.lbkit:lbkit-provider-fake")
          .hasMessageContaining(SERVICE_FILE);
      assertThatThrownBy(() -> p.choose(ProviderConfig.of(ProviderConfig.PROVIDER, "fake")))
          .hasMessageContaining("Add the dependency io.github.lbkit:lbkit-provider-fake to the classpath");
    }
  }

  /** A loader that sees the test classes but a service file listing only the given factories. */
  private static ClassLoader only(List<Class<?>> factories) throws IOException {
    Path dir = Files.createTempDirectory("lbkit-services");
    Path file = dir.resolve(SERVICE_FILE);
    Files.createDirectories(file.getParent());
    Files.writeString(file, String.join("\n", factories.stream().map(Class::getName).toList()) + "\n");
    URL url = file.toUri().toURL();
    return new ClassLoader(LoadBalancerProvidersTest.class.getClassLoader()) {
      @Override
      public Enumeration<URL> getResources(String name) throws IOException {
        return name.equals(SERVICE_FILE) ? Collections.enumeration(List.of(url)) : super.getResources(name);
      }
    };
  }
}
