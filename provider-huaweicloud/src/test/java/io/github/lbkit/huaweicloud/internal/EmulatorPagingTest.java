package io.github.lbkit.huaweicloud.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.huaweicloud.sdk.core.exception.ClientRequestException;
import com.huaweicloud.sdk.elb.v2.model.ListLoadbalancersRequest;
import com.huaweicloud.sdk.elb.v2.model.LoadbalancerResp;
import com.huaweicloud.sdk.elb.v3.model.ListLoadBalancersRequest;
import com.huaweicloud.sdk.elb.v3.model.ListLoadBalancersResponse;
import io.github.lbkit.huaweicloud.HuaweiCloudConfig;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The emulator pages list answers as the API references describe, and {@link Pages} reads every page. */
class EmulatorPagingTest {

  private Emulated env;

  @BeforeEach
  void setUp() {
    env = new Emulated(HuaweiCloudConfig.builder().rateLimitPerSecond(1000).subnetId(Emulated.VPC_SUBNET));
    for (int i = 0; i < 5; i++) {
      env.elb.createLoadBalancer(new SharedElbApi.NewLoadBalancer("lb-" + i, "d-" + i, Emulated.NEUTRON_SUBNET, null,
          null));
    }
  }

  @AfterEach
  void tearDown() {
    env.close();
  }

  private List<LoadbalancerResp> v2Page(String marker, int limit) {
    return env.clients.elbV2().listLoadbalancers(new ListLoadbalancersRequest().withLimit(limit).withMarker(marker))
        .getLoadbalancers();
  }

  @Test
  void pagesFollowTheMarkerAndEndWithAShortPage() {
    env.emulator.clearRequests();
    List<LoadbalancerResp> all = Pages.all(this::v2Page, LoadbalancerResp::getId, 2);
    assertThat(all).as("the load balancers read page by page").hasSize(5)
        .extracting(LoadbalancerResp::getName).containsExactly("lb-0", "lb-1", "lb-2", "lb-3", "lb-4");
    assertThat(env.emulator.requests()).as("reads: pages of 2, 2 and 1").hasSize(3);
    assertThat(v2Page(null, 0)).as("a page of limit 0").isEmpty();
    assertThat(env.clients.elbV2().listLoadbalancers(new ListLoadbalancersRequest()).getLoadbalancers())
        .as("v2 without limit: not paged").hasSize(5);
  }

  @Test
  void v3TakesAtMost2000ARecordsPageAndAnswersWithPageInfo() {
    ListLoadBalancersResponse r = env.clients.elbV3().listLoadBalancers(new ListLoadBalancersRequest().withLimit(2000));
    assertThat(r.getPageInfo().getCurrentCount()).as("current_count of a v3 page").isZero();
    assertThatThrownBy(() -> env.clients.elbV3().listLoadBalancers(new ListLoadBalancersRequest().withLimit(2001)))
        .as("a v3 page of 2001").isInstanceOf(ClientRequestException.class)
        .satisfies(e -> assertThat(((ClientRequestException) e).getHttpStatusCode()).isEqualTo(400));
    assertThatThrownBy(() -> v2Page("no-such-id", 2)).as("an unknown marker")
        .isInstanceOf(ClientRequestException.class);
  }
}
