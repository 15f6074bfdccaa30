package io.github.lbkit.huaweicloud.internal;

import io.github.lbkit.huaweicloud.HuaweiCloudConfig;
import java.net.URI;
import java.time.Duration;
import java.util.Map;

/** The pieces of a provider wired to an {@link ElbEmulator}, with a {@link FakeSleeper}. */
final class Emulated implements AutoCloseable {

  static final String PROJECT = "proj0123456789";
  static final String AK = "AKTESTLBKIT0000000001";
  static final String SK = "SkSecretDoNotLeak0123456789abcdefXYZ";
  static final String VPC_SUBNET = "net-1111";
  static final String NEUTRON_SUBNET = "sub-aaaa";
  static final String NODE_POOL_SUBNET = "net-2000";
  static final String NODE_POOL_NEUTRON_SUBNET = "sub-2000";
  static final String AZ = "xx-test-1a";
  static final String L4_FLAVOR = "L4_flavor.elb.s1.small";
  static final String L7_FLAVOR = "L7_flavor.elb.s1.small";

  final ElbEmulator emulator;
  final HuaweiCloudConfig config;
  final FakeSleeper sleeper = new FakeSleeper();
  final CloudCalls calls;
  final HuaweiCloudClients clients;
  final SharedElbApi elb;
  final EipApi eip;
  final VpcApi vpc;

  Emulated() {
    this(HuaweiCloudConfig.builder().rateLimitPerSecond(1000));
  }

  Emulated(HuaweiCloudConfig.Builder builder) {
    emulator = ElbEmulator.start(PROJECT, AK, SK);
    emulator.addSubnet(VPC_SUBNET, NEUTRON_SUBNET, "vpc-1", "192.168.0.0/24");
    // A second subnet of the VPC, as a node pool of its own: the conformance kit's nodes (10.0.0.x) sit there.
    emulator.addSubnet(NODE_POOL_SUBNET, NODE_POOL_NEUTRON_SUBNET, "vpc-1", "10.0.0.0/24");
    emulator.addFlavor("flavor-l4-small", L4_FLAVOR, "L4");
    emulator.addFlavor("flavor-l7-small", L7_FLAVOR, "L7");
    config = wired(builder).build();
    calls = new CloudCalls(config, sleeper);
    clients = HuaweiCloudClients.create(config);
    elb = new SharedElbApi(clients.elbV2(), calls);
    eip = new EipApi(clients.eipV2(), clients.eipV3(), calls);
    vpc = new VpcApi(clients.vpcV2(), calls);
  }

  /**
   * Points a configuration at this emulator, with its credentials and test timeouts: for a second provider with
   * other settings on the same emulated cloud.
   */
  HuaweiCloudConfig.Builder wired(HuaweiCloudConfig.Builder builder) {
    return builder
        .region("xx-test-1")
        .projectId(PROJECT)
        .environment(Map.of())
        .accessKey(AK)
        .secretKey(SK)
        .elbEndpoint(URI.create(emulator.baseUrl()))
        .vpcEndpoint(URI.create(emulator.baseUrl()))
        .connectTimeout(Duration.ofSeconds(2))
        .readTimeout(Duration.ofSeconds(5))
        .retryBaseBackoff(Duration.ofMillis(100))
        .retryMaxBackoff(Duration.ofSeconds(2));
  }

  @Override
  public void close() {
    emulator.close();
  }
}
