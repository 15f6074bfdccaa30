package io.github.lbkit.controller;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.VersionInfo;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderCallbacks;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderElectionConfigBuilder;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderElector;
import io.fabric8.kubernetes.client.extended.leaderelection.resourcelock.LeaseLock;
import io.github.lbkit.api.LoadBalancerProvider;
import io.github.lbkit.k8s.ServiceTranslator;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import java.net.InetAddress;
import java.time.Duration;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An embeddable Kubernetes service controller for LoadBalancer Services: it watches Services, Nodes and
 * EndpointSlices, and keeps one cloud load balancer per served Service converged through a
 * {@link LoadBalancerProvider}, with the upstream controller's semantics (finalizer, status, Events, per-key
 * backoff, node sync) plus drift repair, leader election and metrics.
 *
 * <pre>{@code
 * ServiceController controller = ServiceController.builder()
 *     .client(kubernetesClient)
 *     .provider(provider)
 *     .translator(translator)
 *     .clusterName("prod-eu")
 *     .leaderElection("lbkit-system", "lbkit-service-controller", podName)
 *     .meterRegistry(registry)
 *     .build();
 * controller.start();   // returns at once
 * ...
 * controller.close();   // stops, waiting a bounded time for in-flight work
 * }</pre>
 *
 * <p>{@link #start()} never blocks the caller: informers, workers and timers run on the controller's own daemon
 * threads (named {@code lbkit-*}) and on the client's informer threads. With leader election on, they run only
 * while this instance holds the Lease. The client and the provider belong to the caller and are not closed.
 */
public final class ServiceController implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(ServiceController.class);

  private final Settings settings;
  private final ControllerMetrics metrics;
  private final AtomicReference<@Nullable Session> session = new AtomicReference<>();
  private final Object lifecycle = new Object();
  private final AtomicReference<ServerVersion> serverVersion = new AtomicReference<>();
  private @Nullable ScheduledExecutorService supervisor;
  private volatile boolean leading;
  private @Nullable CompletableFuture<?> election;
  private boolean started;
  private volatile boolean closed;
  private volatile int startFailures;
  private @Nullable KubernetesClient electionClient;

  private ServiceController(Settings settings) {
    this.settings = settings;
    this.metrics = new ControllerMetrics(settings.meterRegistry, settings.clusterName);
    metrics.cloudCalls(settings.provider);
  }

  /**
   * Starts a builder.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Starts the controller and returns at once. Without leader election, informers and workers start now; with
   * it, they start whenever this instance becomes the leader and stop when it loses the Lease.
   *
   * @throws IllegalStateException when already started or closed, or when the fabric8 kubernetes-client (or the
   *     Jackson under it) on the classpath is a version the controller cannot run on; the message names the
   *     supported versions: fabric8 6.13.x (with Jackson 2.18 or older), 7.x and 8.0.x
   */
  public void start() {
    RuntimeSupport.check();
    synchronized (lifecycle) {
      if (closed || started) {
        throw new IllegalStateException(
            "start service controller: it was already " + (closed ? "closed" : "started") + "; build a new one");
      }
      started = true;
      supervisor = Executors.newSingleThreadScheduledExecutor(DaemonThreads.named("lbkit-supervisor"));
      if (settings.leaderElection == null) {
        startSession();
      } else {
        elect();
      }
    }
  }

  private void elect() {
    Settings.Election e = Objects.requireNonNull(settings.leaderElection);
    ScheduledExecutorService executor = Objects.requireNonNull(supervisor);
    LeaderElector elector =
        new LeaderElector(
            electionClient(e),
            new LeaderElectionConfigBuilder()
                .withName(e.name())
                .withLock(new UsableClientLock(new LeaseLock(e.namespace(), e.name(), e.identity()),
                    this::clientProblem))
                .withLeaseDuration(e.leaseDuration())
                .withRenewDeadline(e.renewDeadline())
                .withRetryPeriod(e.retryPeriod())
                .withReleaseOnCancel(true)
                .withLeaderCallbacks(
                    new LeaderCallbacks(
                        () -> {
                          LOG.info("became the leader on Lease {}/{} as {}", e.namespace(), e.name(), e.identity());
                          leading = true;
                          startSession();
                        },
                        () -> {
                          LOG.info("stopped leading on Lease {}/{} as {}", e.namespace(), e.name(), e.identity());
                          leading = false;
                          // No new work from now on, at once (the queue stops handing out keys); then, off the
                          // elector's thread, wait for or abandon the work in flight.
                          Session s = session.get();
                          if (s != null) {
                            s.halt();
                          }
                          Thread stopper = new Thread(this::stopSession, "lbkit-step-down");
                          stopper.setDaemon(true);
                          stopper.start();
                        },
                        leader -> LOG.info("leader on Lease {}/{} is now {}", e.namespace(), e.name(), leader)))
                .build(),
            executor);
    CompletableFuture<?> f = elector.start();
    election = f;
    f.whenComplete(
        (v, t) -> {
          // The elector finishes when leadership is lost; stand again unless we are closing.
          synchronized (lifecycle) {
            if (!closed && !f.isCancelled()) {
              try {
                executor.execute(this::elect);
              } catch (java.util.concurrent.RejectedExecutionException ignored) {
                // closing
              }
            }
          }
        });
  }

  /**
   * The client the elector renews the Lease with: the caller's settings, but with every request bounded by
   * the renew deadline and no retries of its own, so that a renewal that cannot reach the API server fails
   * within the renew deadline and the replica steps down (stopping all work) before another may take over.
   */
  private KubernetesClient electionClient(Settings.Election e) {
    synchronized (lifecycle) {
      if (electionClient == null) {
        int ms = (int) Math.max(1, e.renewDeadline().toMillis() / 2);
        electionClient =
            new io.fabric8.kubernetes.client.KubernetesClientBuilder()
                .withConfig(
                    new io.fabric8.kubernetes.client.ConfigBuilder(settings.client.getConfiguration())
                        .withRequestRetryBackoffLimit(0)
                        .withRequestTimeout(ms)
                        .withConnectionTimeout(ms)
                        .build())
                .build();
      }
      return electionClient;
    }
  }

  /**
   * Why this replica cannot do its work now, or null when it can: the caller's client is closed, or the
   * running session's informers stopped. While there is a reason the replica neither takes nor renews the
   * Lease, so it steps down within the renew deadline and lets a healthy replica lead.
   */
  private @Nullable String clientProblem() {
    try {
      if (settings.client.getHttpClient().isClosed()) {
        return "the Kubernetes client given to the controller is closed";
      }
    } catch (RuntimeException | LinkageError e) {
      // a client that cannot say whether it is closed: judged by the session alone
    }
    Session s = session.get();
    return s == null ? null : s.unusable();
  }

  private void startSession() {
    synchronized (lifecycle) {
      if (closed || session.get() != null) {
        return;
      }
      Session s = new Session(settings, metrics, this::statusFormat, this::sessionFailed, () -> startFailures = 0);
      session.set(s);
      s.start();
    }
  }

  /** The informers of a session could not start (API unreachable, RBAC): replace the session later. */
  private void sessionFailed(Session failed) {
    ScheduledExecutorService sup = supervisor;
    if (sup == null || closed) {
      return;
    }
    int n = Math.min(startFailures++, 16);
    Duration delay = settings.baseBackoff().multipliedBy(1L << n);
    if (delay.compareTo(settings.maxBackoff()) > 0) {
      delay = settings.maxBackoff();
    }
    LOG.error("start informers failed; retrying in {}", delay);
    try {
      sup.schedule(
          () -> {
            if (session.compareAndSet(failed, null)) {
              failed.close(settings.closeTimeout());
              if (settings.leaderElection() == null || leading) {
                startSession();
              }
            }
          },
          delay.toMillis(),
          TimeUnit.MILLISECONDS);
    } catch (java.util.concurrent.RejectedExecutionException e) {
      // closing
    }
  }

  private void stopSession() {
    Session s = session.getAndSet(null);
    if (s != null) {
      s.close(settings.closeTimeout);
      metrics.queue(() -> 0);
    }
  }

  private ServiceWriter.StatusFormat statusFormat() {
    ServerVersion v = serverVersion.get();
    if (v == null) {
      v = readServerVersion();
      // Only an answer is remembered: a failed read is tried again at the next status write, so that a
      // transient error at start does not decide ipMode (and the hostname fallback) for the controller's life.
      if (v.known()) {
        serverVersion.compareAndSet(null, v);
      }
    }
    return new ServiceWriter.StatusFormat(v.ipModeSupported(), settings.hostnameFallbackSuffix);
  }

  /**
   * The API server's version, read until known: ipMode (KEP-1860) is kept from 1.30 on.
   *
   * @param ipModeSupported whether the server keeps ipMode
   * @param known false when the version could not be read and ipMode support is assumed
   */
  private record ServerVersion(boolean ipModeSupported, boolean known) {}

  private ServerVersion readServerVersion() {
    try {
      VersionInfo info = settings.client.getKubernetesVersion();
      int major = leadingInt(info.getMajor());
      int minor = leadingInt(info.getMinor());
      if (major < 1) {
        LOG.warn("read API server version: it reports {}.{}; assuming a server that keeps ipMode",
            info.getMajor(), info.getMinor());
        return new ServerVersion(true, true);
      }
      boolean supported = major > 1 || (major == 1 && minor >= 30);
      LOG.info("API server version {}.{}: ipMode {}", info.getMajor(), info.getMinor(),
          supported ? "supported" : "not supported, " + (settings.hostnameFallbackSuffix == null
              ? "written without it" : "Proxy addresses reported as hostnames"));
      return new ServerVersion(supported, true);
    } catch (RuntimeException e) {
      LOG.warn("read API server version: {}; assuming a server that keeps ipMode until it answers", e.toString());
      return new ServerVersion(true, false);
    }
  }

  private static int leadingInt(@Nullable String s) {
    if (s == null) {
      return -1;
    }
    int end = 0;
    while (end < s.length() && Character.isDigit(s.charAt(end))) {
      end++;
    }
    return end == 0 ? -1 : Integer.parseInt(s.substring(0, end));
  }

  /**
   * Stops the controller: steps down as leader (releasing the Lease), stops the informers and timers, and
   * waits up to the configured close timeout for in-flight reconciles to finish, then up to the close timeout
   * again for leader election to step down; work still running after that is interrupted and abandoned (it is
   * idempotent and is redone by the next leader). Idempotent.
   */
  @Override
  public void close() {
    CompletableFuture<?> e;
    synchronized (lifecycle) {
      if (closed) {
        return;
      }
      closed = true;
      e = election;
    }
    // Stop all work (waiting for or abandoning what is in flight) before the Lease is released: another
    // replica may act as soon as it is, and two replicas must never reconcile at once.
    stopSession();
    if (e != null) {
      e.cancel(true);
    }
    KubernetesClient ec;
    synchronized (lifecycle) {
      ec = electionClient;
    }
    if (ec != null) {
      ec.close();
    }
    ExecutorService le = supervisor;
    if (le != null) {
      le.shutdown();
      try {
        if (!le.awaitTermination(settings.closeTimeout.toMillis(), TimeUnit.MILLISECONDS)) {
          le.shutdownNow();
        }
      } catch (InterruptedException ex) {
        le.shutdownNow();
        Thread.currentThread().interrupt();
      }
    }
  }

  /**
   * Whether this instance is running its informers and workers (always, without leader election, between
   * {@link #start()} and {@link #close()}; with it, only while leading).
   *
   * @return true when active
   */
  public boolean isActive() {
    return session.get() != null;
  }

  /** Test hook: whether the active session has nothing waiting, running or delayed. */
  boolean idle() {
    Session s = session.get();
    return s != null && s.idle();
  }

  /** Settings collected by the builder. */
  record Settings(
      KubernetesClient client,
      LoadBalancerProvider provider,
      ServiceTranslator translator,
      String clusterName,
      @Nullable String loadBalancerClass,
      int workers,
      Duration baseBackoff,
      Duration maxBackoff,
      Duration driftPeriod,
      Duration nodeSyncDelay,
      MeterRegistry meterRegistry,
      @Nullable Election leaderElection,
      @Nullable String hostnameFallbackSuffix,
      String eventComponent,
      String instance,
      AttachPolicy attachPolicy,
      boolean watchEndpointSlices,
      Duration closeTimeout,
      boolean driftSnapshots,
      boolean adoption) {

    /** Leader election settings. */
    record Election(
        String namespace,
        String name,
        String identity,
        Duration leaseDuration,
        Duration renewDeadline,
        Duration retryPeriod) {}
  }

  /** Builds a {@link ServiceController}; client, provider, translator and cluster name are required. */
  public static final class Builder {

    /** The default number of workers, as upstream's {@code --concurrent-service-syncs}. */
    public static final int DEFAULT_WORKERS = 1;

    /** The default first retry delay after a failure, as upstream. */
    public static final Duration DEFAULT_BASE_BACKOFF = Duration.ofSeconds(5);

    /** The default longest retry delay, as upstream. */
    public static final Duration DEFAULT_MAX_BACKOFF = Duration.ofSeconds(300);

    /** The default drift repair period. */
    public static final Duration DEFAULT_DRIFT_PERIOD = Duration.ofMinutes(10);

    /** The default delay that batches node events into one backend sync pass. */
    public static final Duration DEFAULT_NODE_SYNC_DELAY = Duration.ofSeconds(1);

    /** The default reporting controller name of Events. */
    public static final String DEFAULT_EVENT_COMPONENT = "lbkit-service-controller";

    private @Nullable KubernetesClient client;
    private @Nullable LoadBalancerProvider provider;
    private @Nullable ServiceTranslator translator;
    private @Nullable String clusterName;
    private @Nullable String loadBalancerClass;
    private int workers = DEFAULT_WORKERS;
    private Duration baseBackoff = DEFAULT_BASE_BACKOFF;
    private Duration maxBackoff = DEFAULT_MAX_BACKOFF;
    private Duration driftPeriod = DEFAULT_DRIFT_PERIOD;
    private boolean driftSnapshots = true;
    private Duration nodeSyncDelay = DEFAULT_NODE_SYNC_DELAY;
    private @Nullable MeterRegistry meterRegistry;
    private boolean leaderElection;
    private @Nullable String leaseNamespace;
    private @Nullable String leaseName;
    private @Nullable String identity;
    private Duration leaseDuration = Duration.ofSeconds(15);
    private Duration renewDeadline = Duration.ofSeconds(10);
    private Duration retryPeriod = Duration.ofSeconds(2);
    private @Nullable String hostnameFallbackSuffix;
    private String eventComponent = DEFAULT_EVENT_COMPONENT;
    private AttachPolicy attachPolicy = AttachPolicy.sameNamespace();
    private boolean watchEndpointSlices = true;
    private Duration closeTimeout = Duration.ofSeconds(10);
    private boolean adoption;

    private Builder() {}

    /**
     * Sets whether load balancers CCE's own controller created are taken over. A Service CCE served carries
     * {@code kubernetes.io/elb.autocreate} with the {@code kubernetes.io/elb.id} and
     * {@code kubernetes.io/elb.eip-id} CCE wrote back: with adoption on, its load balancer is marked as the
     * Service's and converged in place, keeping its addresses, when it matches (class, VPC, listeners, EIP, no
     * other Service's marker); a mismatch is refused with an {@code AdoptionRefused} Warning and nothing written.
     * Each adoption is reported with an {@code Adopted} Normal event and counted in {@code lbkit.adoptions}. A new
     * auto-created Service first looks for an unmarked load balancer of its name (two are a refusal).
     *
     * <p>With a {@code CceServiceTranslator}, this also turns on the translator's adoption
     * ({@code TranslatorOptions.withAdoption}). The provider must support adoption
     * ({@code Feature.ADOPTION}; the fake provider does).
     *
     * @param v true to adopt; default false (such a Service is refused, saying how to turn adoption on)
     * @return this builder
     */
    public Builder adoption(boolean v) {
      this.adoption = v;
      return this;
    }

    /**
     * Sets the Kubernetes client; the controller uses it but does not close it.
     *
     * @param v the client
     * @return this builder
     */
    public Builder client(KubernetesClient v) {
      this.client = Objects.requireNonNull(v, "client");
      return this;
    }

    /**
     * Sets the cloud provider; the controller uses it but does not close it.
     *
     * @param v the provider
     * @return this builder
     */
    public Builder provider(LoadBalancerProvider v) {
      this.provider = Objects.requireNonNull(v, "provider");
      return this;
    }

    /**
     * Sets the translator that turns Services into specs (the annotation dialect).
     *
     * @param v the translator
     * @return this builder
     */
    public Builder translator(ServiceTranslator v) {
      this.translator = Objects.requireNonNull(v, "translator");
      return this;
    }

    /**
     * Sets the cluster name, used in logs and as the {@code cluster} tag of every meter. It should be the
     * name the translator puts into each {@link io.github.lbkit.api.ServiceKey}.
     *
     * @param v the cluster name
     * @return this builder
     */
    public Builder clusterName(String v) {
      this.clusterName = requireText(v, "clusterName");
      return this;
    }

    /**
     * Sets which {@code spec.loadBalancerClass} this controller serves. Null (the default) serves only
     * Services without a class, as the upstream controller does; Services of any other class are left to
     * their own controller, except that our finalizer, if present, is still honoured for cleanup.
     *
     * @param v the class, or null
     * @return this builder
     */
    public Builder loadBalancerClass(@Nullable String v) {
      this.loadBalancerClass = v;
      return this;
    }

    /**
     * Sets the number of worker threads; different Services are reconciled in parallel, one Service never.
     *
     * @param v at least 1; default {@value #DEFAULT_WORKERS}
     * @return this builder
     */
    public Builder workers(int v) {
      if (v < 1) {
        throw new IllegalArgumentException("workers must be at least 1: " + v);
      }
      this.workers = v;
      return this;
    }

    /**
     * Sets the per-key exponential backoff after failures: {@code base}, 2×, 4×, … up to {@code max}.
     *
     * @param base the first delay; default 5 s
     * @param max the longest delay; default 300 s
     * @return this builder
     */
    public Builder backoff(Duration base, Duration max) {
      requirePositive(base, "base");
      requirePositive(max, "max");
      if (max.compareTo(base) < 0) {
        throw new IllegalArgumentException("backoff max " + max + " is shorter than base " + base);
      }
      this.baseBackoff = base;
      this.maxBackoff = max;
      return this;
    }

    /**
     * Sets the drift repair period: every served Service is re-ensured this often, the Services of a pass
     * spread evenly over the period, so that changes made in the cloud behind the controller's back are undone.
     * Drift runs after every user change and node or endpoint change waiting in the queue, so a new Service never
     * waits behind a pass. A converged load balancer costs the provider reads only, and a fraction of a read when
     * the provider observes in bulk (see {@link #driftSnapshots}). {@link Duration#ZERO} turns it off.
     *
     * @param v the period; default 10 minutes
     * @return this builder
     */
    public Builder driftPeriod(Duration v) {
      Objects.requireNonNull(v, "driftPeriod");
      if (v.isNegative()) {
        throw new IllegalArgumentException("driftPeriod must not be negative: " + v);
      }
      this.driftPeriod = v;
      return this;
    }

    /**
     * Sets whether drift repair may use the provider's bulk observation ({@code LoadBalancerProvider.snapshot()}):
     * one snapshot of the cloud, taken with a few paged lists and renewed every quarter of the drift period, answers
     * for every Service of a pass whether an ensure would change anything, and only those it does not show
     * converged are ensured. A provider without bulk observation is ensured one Service at a time either way.
     *
     * @param v whether to use snapshots; default true
     * @return this builder
     */
    public Builder driftSnapshots(boolean v) {
      this.driftSnapshots = v;
      return this;
    }

    /**
     * Sets how long node events are collected before one backend sync pass over all Services.
     *
     * @param v the delay; default 1 s
     * @return this builder
     */
    public Builder nodeSyncDelay(Duration v) {
      Objects.requireNonNull(v, "nodeSyncDelay");
      if (v.isNegative()) {
        throw new IllegalArgumentException("nodeSyncDelay must not be negative: " + v);
      }
      this.nodeSyncDelay = v;
      return this;
    }

    /**
     * Sets the registry for the controller's meters; without one, nothing is recorded.
     *
     * @param v the registry
     * @return this builder
     */
    public Builder meterRegistry(MeterRegistry v) {
      this.meterRegistry = Objects.requireNonNull(v, "meterRegistry");
      return this;
    }

    /**
     * Turns on leader election on a {@code coordination.k8s.io/v1} Lease: only the instance holding it runs
     * informers and workers.
     *
     * @param namespace the Lease's namespace
     * @param name the Lease's name
     * @param identity this instance's identity, unique among the candidates (for example the pod name)
     * @return this builder
     */
    public Builder leaderElection(String namespace, String name, String identity) {
      this.leaderElection = true;
      this.leaseNamespace = requireText(namespace, "namespace");
      this.leaseName = requireText(name, "name");
      this.identity = requireText(identity, "identity");
      return this;
    }

    /**
     * Sets the leader election timings.
     *
     * @param leaseDuration how long a Lease holds without renewal; default 15 s
     * @param renewDeadline how long the leader keeps trying to renew before giving up; default 10 s
     * @param retryPeriod how often candidates try and the leader renews; default 2 s
     * @return this builder
     */
    public Builder leaderElectionTimings(Duration leaseDuration, Duration renewDeadline, Duration retryPeriod) {
      requirePositive(leaseDuration, "leaseDuration");
      requirePositive(renewDeadline, "renewDeadline");
      requirePositive(retryPeriod, "retryPeriod");
      if (renewDeadline.compareTo(leaseDuration) >= 0 || retryPeriod.compareTo(renewDeadline) >= 0) {
        throw new IllegalArgumentException("leader election needs retryPeriod < renewDeadline < leaseDuration, got "
            + retryPeriod + " / " + renewDeadline + " / " + leaseDuration);
      }
      this.leaseDuration = leaseDuration;
      this.renewDeadline = renewDeadline;
      this.retryPeriod = retryPeriod;
      return this;
    }

    /**
     * Sets the hostname fallback for API servers older than 1.30, which drop {@code ipMode}: an address the
     * provider reports with ipMode {@code Proxy} is then written as the hostname {@code <ip>.<suffix>}
     * (which kube-proxy never short-circuits) instead of as an IP. The suffix must resolve such names to the
     * IP (for example a wildcard DNS service). Without it, old servers get the IP without ipMode.
     *
     * @param suffix the DNS suffix, or null for none (the default)
     * @return this builder
     */
    public Builder hostnameFallback(@Nullable String suffix) {
      this.hostnameFallbackSuffix = suffix == null ? null : requireText(suffix, "suffix");
      return this;
    }

    /**
     * Sets the reporting controller name of Events.
     *
     * @param v the name; default {@value #DEFAULT_EVENT_COMPONENT}
     * @return this builder
     */
    public Builder eventComponent(String v) {
      this.eventComponent = requireText(v, "eventComponent");
      return this;
    }

    /**
     * Sets which Services may attach to an existing load balancer by id.
     *
     * @param v the policy; default {@link AttachPolicy#sameNamespace()}: only load balancers a Service of the
     *     same namespace created
     * @return this builder
     */
    public Builder attachPolicy(AttachPolicy v) {
      this.attachPolicy = Objects.requireNonNull(v, "attachPolicy");
      return this;
    }

    /**
     * Sets whether EndpointSlices are watched, which pod backends need. Turn it off when the translator never
     * produces pod backends, to save the memory of caching every slice.
     *
     * @param v true (the default) to watch
     * @return this builder
     */
    public Builder watchEndpointSlices(boolean v) {
      this.watchEndpointSlices = v;
      return this;
    }

    /**
     * Sets how long {@link ServiceController#close()} (and losing leadership) waits for in-flight reconciles.
     *
     * @param v the bound; default 10 s
     * @return this builder
     */
    public Builder closeTimeout(Duration v) {
      requirePositive(v, "closeTimeout");
      this.closeTimeout = v;
      return this;
    }

    /**
     * Builds the controller; it does nothing until {@link ServiceController#start()}.
     *
     * @return the controller
     * @throws IllegalStateException when a required setting is missing
     */
    public ServiceController build() {
      KubernetesClient c = require(client, "client(KubernetesClient)");
      LoadBalancerProvider p = require(provider, "provider(LoadBalancerProvider)");
      ServiceTranslator t = require(translator, "translator(ServiceTranslator)");
      if (adoption && t instanceof io.github.lbkit.cce.CceServiceTranslator cce && !cce.options().adoption()) {
        t = new io.github.lbkit.cce.CceServiceTranslator(cce.options().withAdoption(true));
      }
      String cluster = require(clusterName, "clusterName(String)");
      String instance = identity != null ? identity : defaultInstance();
      Settings.Election election =
          leaderElection
              ? new Settings.Election(
                  Objects.requireNonNull(leaseNamespace),
                  Objects.requireNonNull(leaseName),
                  Objects.requireNonNull(identity),
                  leaseDuration,
                  renewDeadline,
                  retryPeriod)
              : null;
      return new ServiceController(
          new Settings(
              c,
              p,
              t,
              cluster,
              loadBalancerClass,
              workers,
              baseBackoff,
              maxBackoff,
              driftPeriod,
              nodeSyncDelay,
              meterRegistry != null ? meterRegistry : new CompositeMeterRegistry(),
              election,
              hostnameFallbackSuffix,
              eventComponent,
              instance,
              attachPolicy,
              watchEndpointSlices,
              closeTimeout,
              driftSnapshots,
              adoption));
    }

    private static <T> T require(@Nullable T v, String setter) {
      if (v == null) {
        throw new IllegalStateException("build service controller: " + setter + " is required; set it on the builder");
      }
      return v;
    }

    private static String requireText(String v, String what) {
      Objects.requireNonNull(v, what);
      if (v.isBlank()) {
        throw new IllegalArgumentException(what + " must not be blank");
      }
      return v;
    }

    private static void requirePositive(Duration v, String what) {
      Objects.requireNonNull(v, what);
      if (v.isNegative() || v.isZero()) {
        throw new IllegalArgumentException(what + " must be positive: " + v);
      }
    }

    private static String defaultInstance() {
      String host;
      try {
        host = InetAddress.getLocalHost().getHostName();
      } catch (java.io.IOException | RuntimeException e) {
        host = "unknown";
      }
      return host + "_" + UUID.randomUUID().toString().substring(0, 8);
    }
  }
}
