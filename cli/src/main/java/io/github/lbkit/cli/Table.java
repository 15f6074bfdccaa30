package io.github.lbkit.cli;

import java.util.ArrayList;
import java.util.List;

/**
 * A plain-text table: a header row, then rows; columns with a width limit wrap their cells at spaces onto
 * continuation lines.
 */
final class Table {

  private final List<String> headers;
  private final int[] maxWidths;
  private final List<List<String>> rows = new ArrayList<>();

  /**
   * Creates a table.
   *
   * @param headers the column titles
   * @param maxWidths per column, the widest a cell may be before it wraps, or 0 for no limit
   */
  Table(List<String> headers, int... maxWidths) {
    if (maxWidths.length != headers.size()) {
      throw new IllegalArgumentException("table: one width per column, got " + maxWidths.length + " widths for "
          + headers.size() + " columns");
    }
    this.headers = List.copyOf(headers);
    this.maxWidths = maxWidths.clone();
  }

  /**
   * Adds a row.
   *
   * @param cells one cell per column
   */
  void add(List<String> cells) {
    if (cells.size() != headers.size()) {
      throw new IllegalArgumentException("table: a row needs " + headers.size() + " cells, got " + cells.size());
    }
    rows.add(List.copyOf(cells));
  }

  /**
   * Renders the table.
   *
   * @return the lines, without trailing spaces
   */
  List<String> render() {
    int n = headers.size();
    List<List<List<String>>> wrapped = new ArrayList<>();
    wrapped.add(headers.stream().map(List::of).toList());
    for (List<String> row : rows) {
      List<List<String>> cells = new ArrayList<>();
      for (int c = 0; c < n; c++) {
        cells.add(wrap(row.get(c), maxWidths[c]));
      }
      wrapped.add(cells);
    }
    int[] widths = new int[n];
    for (List<List<String>> row : wrapped) {
      for (int c = 0; c < n; c++) {
        for (String line : row.get(c)) {
          widths[c] = Math.max(widths[c], line.length());
        }
      }
    }
    List<String> out = new ArrayList<>();
    for (List<List<String>> row : wrapped) {
      int height = row.stream().mapToInt(List::size).max().orElse(1);
      for (int l = 0; l < height; l++) {
        StringBuilder sb = new StringBuilder();
        for (int c = 0; c < n; c++) {
          String text = l < row.get(c).size() ? row.get(c).get(l) : "";
          sb.append(text);
          if (c < n - 1) {
            sb.append(" ".repeat(widths[c] - text.length() + 2));
          }
        }
        out.add(sb.toString().stripTrailing());
      }
    }
    return out;
  }

  private static List<String> wrap(String text, int max) {
    if (max <= 0 || text.length() <= max) {
      return List.of(text);
    }
    List<String> lines = new ArrayList<>();
    StringBuilder line = new StringBuilder();
    List<String> words = new ArrayList<>();
    for (String word : text.split(" ")) {
      while (word.length() > max) {
        words.add(word.substring(0, max));
        word = word.substring(max);
      }
      words.add(word);
    }
    for (String word : words) {
      if (line.length() > 0 && line.length() + 1 + word.length() > max) {
        lines.add(line.toString());
        line.setLength(0);
      }
      if (line.length() > 0) {
        line.append(' ');
      }
      line.append(word);
    }
    if (line.length() > 0) {
      lines.add(line.toString());
    }
    return lines;
  }
}
