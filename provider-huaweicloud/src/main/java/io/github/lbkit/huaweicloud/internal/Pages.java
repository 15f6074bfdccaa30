package io.github.lbkit.huaweicloud.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.function.BiFunction;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * Reads a project-wide list page by page, as the ELB API reference describes paging ("Querying Data in Pages",
 * elb_qs_0014): ask with {@code limit}; when a page holds fewer records than {@code limit} it is the last one,
 * otherwise ask again with {@code marker} set to the id of the last record of the page. One read a page.
 */
final class Pages {

  /**
   * The page size for project-wide lists: the largest {@code limit} the v3 list calls take ("limit: 0-2000,
   * default 2000", ELB v3 API reference, ListLoadBalancers and the other list calls); v2 documents no maximum and
   * takes the same.
   */
  static final int SIZE = 2000;

  private Pages() {}

  /**
   * Reads every page.
   *
   * @param page reads one page: the marker (null for the first page) and the limit
   * @param id the id of a record, the marker of the next page
   * @param <T> the record type
   * @return every record, in the cloud's order
   */
  static <T> List<T> all(BiFunction<@Nullable String, Integer, List<T>> page, Function<T, String> id) {
    return all(page, id, SIZE);
  }

  /** Reads every page of the given size. */
  static <T> List<T> all(BiFunction<@Nullable String, Integer, List<T>> page, Function<T, String> id, int size) {
    List<T> out = new ArrayList<>();
    String marker = null;
    while (true) {
      List<T> p = page.apply(marker, size);
      out.addAll(p);
      if (p.size() < size) {
        return out;
      }
      marker = id.apply(p.get(p.size() - 1));
    }
  }
}
