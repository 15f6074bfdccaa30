package io.github.lbkit.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.stream.Stream;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The creation record survives its round trip through the annotation and refuses what it did not write. */
class CreationRecordTest {

  static Stream<Named<CreationRecord>> records() {
    return Stream.of(
        Named.of("auto-created shared",
            new CreationRecord(LoadBalancerClass.SHARED, "lb-1", true, Attachment.AutoCreate.inner("n").digest())),
        Named.of("attached dedicated", new CreationRecord(LoadBalancerClass.DEDICATED, "lb-2", false, null)));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("records")
  void roundTrips(CreationRecord r) {
    assertThat(CreationRecord.parse(r.toAnnotation())).isEqualTo(r);
    assertThat(CreationRecord.parseLenient(r.toAnnotation())).isEqualTo(r);
  }

  @Test
  void writesTheDocumentedForm() {
    assertThat(new CreationRecord(LoadBalancerClass.SHARED, "lb-1", true, "abc").toAnnotation())
        .isEqualTo("class=union,id=lb-1,origin=autocreate,autocreate=abc");
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"class=union", "class=shared,id=a,origin=existing", "class=union,id=a,origin=mine",
      "garbage", "class=union,,id=a,origin=existing"})
  void refusesWhatItDidNotWrite(String value) {
    assertThatThrownBy(() -> CreationRecord.parse(value)).isInstanceOf(IllegalArgumentException.class);
    assertThat(CreationRecord.parseLenient(value)).isNull();
  }

  @Test
  void lenientParseOfNothingIsNull() {
    assertThat(CreationRecord.parseLenient(null)).isNull();
    assertThat(CreationRecord.parseLenient(" ")).isNull();
  }

  @Test
  void idMayNotBreakTheFormat() {
    assertThatThrownBy(() -> new CreationRecord(LoadBalancerClass.SHARED, "a,b", false, null))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
