package io.github.lbkit.controller;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class RuntimeSupportTest {

  @ParameterizedTest(name = "fabric8 {0} on jackson-databind {1}")
  @CsvSource({
    "6.13.5, 2.17.3",
    "6.13.0, 2.18.4",
    "6.13.5, ",
    "7.0.0, 2.17.3",
    "7.9.0, 2.22.3",
    "8.0.0, 2.22.3",
    "8.1.0, 2.22.3",
  })
  void supportedCombinationsPass(String fabric8, String databind) {
    assertThat(RuntimeSupport.problem(fabric8, databind, true)).isNull();
  }

  @Test
  void fabric8BeforeSixThirteenIsRefusedNamingTheSupportedLines() {
    assertThat(RuntimeSupport.problem("6.12.1", "2.17.3", false))
        .contains("fabric8 kubernetes-client 6.12.1 is on the classpath")
        .contains("6.13.x (with Jackson 2.18 or older), 7.x or 8.0.x")
        .contains("kubernetes-client-bom");
    assertThat(RuntimeSupport.problem("5.12.4", null, false)).contains("5.12.4");
  }

  @Test
  void fabric8SixOnJacksonTwoNineteenOrLaterIsRefusedSayingWhichJacksonToUse() {
    assertThat(RuntimeSupport.problem("6.13.5", "2.19.0", true))
        .contains("jackson-databind 2.19.0")
        .contains("jackson-bom 2.18.x")
        .contains("7.x or 8.0.x");
    assertThat(RuntimeSupport.problem("6.13.5", "2.22.3", true)).contains("jackson-databind 2.22.3");
  }

  @Test
  void fabric8EightWithoutTheAnnotationsJacksonThreeNeedsIsRefused() {
    assertThat(RuntimeSupport.problem("8.0.0", "2.17.3", false))
        .contains("jackson-annotations older than 2.20")
        .contains("fabric8 7.x");
    assertThat(RuntimeSupport.problem("7.9.0", "2.17.3", false)).isNull();
  }

  @Test
  void unknownVersionsAreNotRefused() {
    assertThat(RuntimeSupport.problem(null, "2.22.3", false)).isNull();
    assertThat(RuntimeSupport.problem("unknown", "2.22.3", false)).isNull();
    assertThat(RuntimeSupport.majorMinor("2.22.3-SNAPSHOT")).containsExactly(2, 22);
  }

  @Test
  void theClasspathLbkitIsBuiltOnPasses() {
    assertThatCode(RuntimeSupport::check).doesNotThrowAnyException();
  }
}
