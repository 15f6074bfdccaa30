package io.github.lbkit.huaweicloud;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Reads the {@code [basic]} section of the SDK's profile file: an INI file of {@code key = value} lines under
 * {@code [section]} headers, {@code #} and {@code ;} starting comments. Errors name the file and line, never a
 * value.
 */
final class ProfileFile {

  private ProfileFile() {}

  static Map<String, String> basicSection(Path path) {
    List<String> lines;
    try {
      lines = Files.readAllLines(path, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new IllegalArgumentException(
          "huaweicloud configuration: cannot read the profile file " + path + " (" + e.getClass().getSimpleName()
              + "); make it readable or set another file",
          e);
    }
    Map<String, String> basic = new HashMap<>();
    String section = null;
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i).strip();
      if (line.isEmpty() || line.startsWith("#") || line.startsWith(";")) {
        continue;
      }
      if (line.startsWith("[") && line.endsWith("]")) {
        section = line.substring(1, line.length() - 1).strip().toLowerCase(Locale.ROOT);
        continue;
      }
      int eq = line.indexOf('=');
      if (eq <= 0) {
        throw new IllegalArgumentException(
            "huaweicloud configuration: line " + (i + 1) + " of the profile file " + path
                + " is neither a [section] nor key = value; fix it");
      }
      if ("basic".equals(section)) {
        basic.put(line.substring(0, eq).strip().toLowerCase(Locale.ROOT), line.substring(eq + 1).strip());
      }
    }
    return basic;
  }
}
