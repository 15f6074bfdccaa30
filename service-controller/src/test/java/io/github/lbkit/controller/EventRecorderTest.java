package io.github.lbkit.controller;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class EventRecorderTest {

  @Test
  void notesAreCutByUtf8BytesOnCodePointBoundaries() {
    String note = "é".repeat(600) + "😀".repeat(10);

    String cut = EventRecorder.truncateUtf8(note, EventRecorder.MAX_NOTE_BYTES);

    assertThat(cut.getBytes(StandardCharsets.UTF_8).length).isLessThanOrEqualTo(EventRecorder.MAX_NOTE_BYTES);
    assertThat(cut).endsWith("…").startsWith("é".repeat(500));
    assertThat(EventRecorder.truncateUtf8("short", 1024)).isEqualTo("short");
    assertThat(EventRecorder.truncateUtf8("😀😀", 7)).isEqualTo("😀…");
  }
}
