package io.github.lbkit.huaweicloud.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.lbkit.api.CloudApiException;
import io.github.lbkit.huaweicloud.HuaweiCloudConfig;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Runs successful and failing calls with logging at debug, then scans everything a user could see — log
 * lines, exception messages and stack traces, toString() — for the access key, the secret key and the security
 * token.
 */
class SecretLeakTest {

  private static final String TOKEN = "SecurityTokenDoNotLeak42";

  private static boolean leaks(String text) {
    return text.contains(Emulated.AK) || text.contains(Emulated.SK) || text.contains(TOKEN);
  }

  @Test
  void theScannerFindsASecretWhenOneIsThere() {
    assertThat(leaks("prefix " + Emulated.SK + " suffix")).isTrue();
    assertThat(leaks(TOKEN)).isTrue();
    assertThat(leaks("Access=" + Emulated.AK)).isTrue();
    assertThat(leaks("nothing here")).isFalse();
  }

  @Test
  void noSecretInLogsMessagesStackTracesOrToString() throws IOException {
    List<String> seen = new ArrayList<>();
    PrintStream originalErr = System.err;
    PrintStream originalOut = System.out;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    PrintStream capture = new PrintStream(captured, true, StandardCharsets.UTF_8);
    System.setErr(capture);
    System.setOut(capture);
    try (Emulated env = new Emulated(HuaweiCloudConfig.builder().rateLimitPerSecond(1000).securityToken(TOKEN))) {
      seen.add(env.config.toString());
      SharedElbApi.LoadBalancer lb =
          env.elb.createLoadBalancer(new SharedElbApi.NewLoadBalancer("lb", "d", Emulated.NEUTRON_SUBNET, null, null));
      seen.add(lb.toString());
      env.emulator.failNext("GET", ".*/loadbalancers/.*", 503, null);
      env.elb.showLoadBalancer(lb.id());
      seen.add(env.elb.showPool("missing").toString());
      seen.add(env.calls.counts().toString());
      collect(seen, () -> env.elb.createListener(new SharedElbApi.NewListener("lb-none", "l", "d", "TCP", 80, null, List.of(), null)));
      env.emulator.failNext("POST", ".*/publicips", 401, "SYS.0401");
      collect(seen, () -> env.eip.createPublicIp(new EipApi.NewPublicIp("5_bgp", "bw", 1, "traffic", null, null)));
      collect(seen, () -> env.vpc.showSubnet("net-missing"));
      collect(seen, () -> deadEndpoint().showLoadBalancer("lb-1"));
      collect(seen, () -> HuaweiCloudConfig.builder().region("r-1").projectId("p").environment(Map.of("HUAWEICLOUD_SDK_SK", Emulated.SK)).build());
      collect(seen, () -> HuaweiCloudConfig.builder().secretKey(" " + Emulated.SK));
      collect(seen, () -> HuaweiCloudConfig.builder().accessKey(Emulated.AK + " "));
      collect(seen, () -> HuaweiCloudConfig.builder().region("r-1").projectId("p").environment(Map.of())
          .accessKey(Emulated.AK).build());
      collect(seen, () -> HuaweiCloudConfig.builder().region("r-1").projectId("p")
          .environment(Map.of("HUAWEICLOUD_SDK_AK", Emulated.AK)).build());
      seen.add(new HuaweiCloudProvider(env.config, env.clients, env.calls).toString());
      seen.add(HuaweiCloudClients.credentials(env.config).getClass().getName());
    } finally {
      System.setErr(originalErr);
      System.setOut(originalOut);
    }
    String log = captured.toString(StandardCharsets.UTF_8);

    // The capture works: the SDK's access log and our retry log are in it.
    assertThat(log).contains("HuaweiCloud-SDK-Access").contains("retrying");
    assertThat(seen).hasSizeGreaterThan(8);
    assertThat(leaks(log)).as("secret in the log:%n%s", log).isFalse();
    assertThat(seen).noneMatch(SecretLeakTest::leaks);
  }

  private static SharedElbApi deadEndpoint() throws IOException {
    int port;
    try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      port = s.getLocalPort();
    }
    HuaweiCloudConfig config =
        HuaweiCloudConfig.builder()
            .region("xx-test-1")
            .projectId(Emulated.PROJECT)
            .environment(Map.of())
            .accessKey(Emulated.AK)
            .secretKey(Emulated.SK)
            .securityToken(TOKEN)
            .elbEndpoint(URI.create("http://127.0.0.1:" + port))
            .vpcEndpoint(URI.create("http://127.0.0.1:" + port))
            .connectTimeout(Duration.ofSeconds(1))
            .retryMaxAttempts(2)
            .build();
    return new SharedElbApi(
        HuaweiCloudClients.create(config).elbV2(), new CloudCalls(config, new FakeSleeper()));
  }

  private interface Call {
    Object run() throws Exception;
  }

  /** Runs a call that must fail, and keeps its message, toString and full stack trace with causes. */
  private static void collect(List<String> seen, Call call) {
    try {
      call.run();
      throw new AssertionError("expected a failure");
    } catch (CloudApiException | IllegalArgumentException e) {
      StringWriter trace = new StringWriter();
      e.printStackTrace(new PrintWriter(trace));
      seen.add(String.valueOf(e.getMessage()));
      seen.add(e.toString());
      seen.add(trace.toString());
    } catch (Exception e) {
      throw new AssertionError("unexpected failure", e);
    }
  }
}
