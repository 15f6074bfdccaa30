package io.github.lbkit.huaweicloud.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.huaweicloud.sdk.core.exception.CallTimeoutException;
import com.huaweicloud.sdk.core.exception.ClientRequestException;
import com.huaweicloud.sdk.core.exception.ConnectionException;
import com.huaweicloud.sdk.core.exception.ConnectionTimeoutException;
import com.huaweicloud.sdk.core.exception.HostUnreachableException;
import com.huaweicloud.sdk.core.exception.RequestTimeoutException;
import com.huaweicloud.sdk.core.exception.SdkException;
import com.huaweicloud.sdk.core.exception.ServerResponseException;
import com.huaweicloud.sdk.core.exception.SslHandShakeException;
import io.github.lbkit.api.CloudApiException;
import io.github.lbkit.api.engine.Outcome;
import java.util.HashSet;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The classification table: every error code the API reference lists, plus the HTTP status fallbacks. */
class ErrorClassifierTest {

  static Stream<Arguments> documentedCodes() {
    return Stream.of(
        // status, code, expected kind
        Arguments.of(429, "APIG.0308", ErrorKind.THROTTLED),
        Arguments.of(429, "APIGW.0308", ErrorKind.THROTTLED),
        Arguments.of(400, "ELB.8902", ErrorKind.INVALID),
        Arguments.of(401, "SYS.0401", ErrorKind.AUTH),
        Arguments.of(403, "ELB.8903", ErrorKind.AUTH),
        Arguments.of(403, "SYS.0403", ErrorKind.AUTH),
        Arguments.of(404, "ELB.8904", ErrorKind.NOT_FOUND),
        Arguments.of(409, "ELB.8905", ErrorKind.QUOTA),
        Arguments.of(409, "ELB.8907", ErrorKind.CONFLICT),
        Arguments.of(500, "ELB.8906", ErrorKind.SERVER_ERROR),
        Arguments.of(400, "ELB.9807", ErrorKind.QUOTA),
        Arguments.of(400, "ELB.6200", ErrorKind.CONFLICT),
        Arguments.of(400, "ELB.1003", ErrorKind.NOT_FOUND),
        Arguments.of(400, "ELB.2011", ErrorKind.NOT_FOUND),
        Arguments.of(400, "ELB.2012", ErrorKind.NOT_FOUND),
        Arguments.of(404, "ELB.2012", ErrorKind.NOT_FOUND),
        Arguments.of(400, "ELB.7020", ErrorKind.NOT_FOUND),
        Arguments.of(404, "ELB.7020", ErrorKind.NOT_FOUND),
        Arguments.of(400, "ELB.1018", ErrorKind.IN_USE),
        Arguments.of(409, "ELB.1018", ErrorKind.IN_USE),
        Arguments.of(403, "ELB.1091", ErrorKind.QUOTA),
        Arguments.of(403, "ELB.6091", ErrorKind.QUOTA),
        Arguments.of(403, "ELB.2001", ErrorKind.QUOTA),
        Arguments.of(409, "VPC.0521", ErrorKind.QUOTA),
        Arguments.of(409, "VPC.0510", ErrorKind.CONFLICT),
        Arguments.of(409, "VPC.0511", ErrorKind.CONFLICT),
        Arguments.of(409, "VPC.0512", ErrorKind.BUSY),
        Arguments.of(404, "VPC.0504", ErrorKind.NOT_FOUND),
        Arguments.of(500, "VPC.0516", ErrorKind.IN_USE),
        Arguments.of(409, "VPC.0517", ErrorKind.IN_USE),
        // The classic body shape's example code is unknown to the table: its status decides.
        Arguments.of(400, "ELB.6101", ErrorKind.INVALID));
  }

  @ParameterizedTest(name = "{0} {1} -> {2}")
  @MethodSource("documentedCodes")
  void everyDocumentedCodeIsClassified(int status, String code, ErrorKind expected) {
    ClientRequestException sdk = new ClientRequestException(status, code, "message of " + code, "req-" + code);
    CloudApiException e = ErrorClassifier.classify("createListener", status >= 500 ? server(status, code) : sdk);

    assertThat(ErrorClassifier.kind(e)).isEqualTo(expected);
    assertThat(e.retryable()).isEqualTo(expected.retryable());
    assertThat(e.httpStatus()).isEqualTo(status);
    assertThat(e.errorCode()).isEqualTo(code);
    assertThat(e.requestId()).isEqualTo("req-" + code);
    assertThat(e.operation()).isEqualTo("createListener");
    assertThat(e.getMessage()).startsWith("createListener: ").contains(code).contains("req-" + code);
    assertThat(ErrorClassifier.isNotFound(e)).isEqualTo(expected == ErrorKind.NOT_FOUND);
  }

  /**
   * The codes the API references list (ELB v2 and v3 error codes, EIP error codes, APIG throttling, and the
   * not-found codes of v2 deletes), each of which must be in the table, not left to its HTTP status.
   */
  private static final Set<String> DOCUMENTED = Set.of(
      "APIG.0308",
      "ELB.8902", "SYS.0401", "ELB.8903", "SYS.0403", "ELB.8904", "ELB.8905", "ELB.8907", "ELB.8906",
      "ELB.9807", "ELB.6200", "ELB.1003", "ELB.2011", "ELB.2012", "ELB.7020", "ELB.1018", "ELB.1091", "ELB.6091",
      "ELB.2001",
      "VPC.0521", "VPC.0510", "VPC.0511", "VPC.0512", "VPC.0504", "VPC.0516", "VPC.0517");

  @Test
  void everyDocumentedCodeIsInTheTableAndHasARow() {
    Set<String> tested = new HashSet<>();
    documentedCodes().forEach(a -> tested.add((String) a.get()[1]));
    assertThat(ErrorClassifier.CODES.keySet()).containsAll(DOCUMENTED);
    assertThat(tested).containsAll(DOCUMENTED);
  }

  @Test
  void theTableCoversExactlyTheDocumentedCodes() {
    Set<String> tested = new HashSet<>();
    documentedCodes().forEach(a -> tested.add((String) a.get()[1]));
    assertThat(tested).containsAll(ErrorClassifier.CODES.keySet());
  }

  static Stream<Arguments> outcomes() {
    return Stream.of(
        Arguments.of(409, "ELB.8907", false, Outcome.CONFLICT),
        Arguments.of(400, "ELB.6200", true, Outcome.CONFLICT),
        Arguments.of(409, "VPC.0517", false, Outcome.CONFLICT),
        Arguments.of(400, "ELB.2012", false, Outcome.VANISHED),
        Arguments.of(404, null, true, Outcome.VANISHED),
        Arguments.of(503, null, true, Outcome.OUTCOME_UNKNOWN),
        Arguments.of(503, null, false, Outcome.FAIL),
        Arguments.of(429, "APIG.0308", true, Outcome.FAIL),
        Arguments.of(400, "ELB.8902", true, Outcome.FAIL));
  }

  @ParameterizedTest(name = "{0} {1}, create {2} -> {3}")
  @MethodSource("outcomes")
  void whatAFailureMeansForThePlan(int status, String code, boolean create, Outcome expected) {
    CloudApiException e = ErrorClassifier.classify("op",
        status >= 500 ? server(status, code) : new ClientRequestException(status, code, "m", "r"));
    assertThat(ErrorClassifier.outcome(e, create)).isEqualTo(expected);
  }

  @Test
  void aCodeDecidesWhateverTheStatus() {
    // The message text never matters: only status and code.
    assertThat(ErrorClassifier.kind(404, "ELB.8907")).isEqualTo(ErrorKind.CONFLICT);
    assertThat(ErrorClassifier.kind(400, "VPC.0504")).isEqualTo(ErrorKind.NOT_FOUND);
  }

  static Stream<Arguments> statusFallbacks() {
    return Stream.of(
        Arguments.of(400, null, ErrorKind.INVALID),
        Arguments.of(401, null, ErrorKind.AUTH),
        Arguments.of(403, "IAM.0001", ErrorKind.AUTH),
        Arguments.of(404, null, ErrorKind.NOT_FOUND),
        Arguments.of(409, "ELB.0000", ErrorKind.CONFLICT),
        Arguments.of(412, null, ErrorKind.OTHER),
        Arguments.of(429, null, ErrorKind.THROTTLED),
        Arguments.of(500, null, ErrorKind.SERVER_ERROR),
        Arguments.of(502, null, ErrorKind.SERVER_ERROR),
        Arguments.of(503, "APIGW.0201", ErrorKind.SERVER_ERROR),
        Arguments.of(504, null, ErrorKind.SERVER_ERROR));
  }

  @ParameterizedTest(name = "{0} {1} -> {2}")
  @MethodSource("statusFallbacks")
  void otherCodesFallBackToTheStatus(int status, String code, ErrorKind expected) {
    assertThat(ErrorClassifier.kind(status, code)).isEqualTo(expected);
  }

  static Stream<Arguments> noAnswer() {
    return Stream.of(
        Arguments.of(new ConnectionException("DefaultHttpClient ConnectionException")),
        Arguments.of(new ConnectionTimeoutException("connect timed out")),
        Arguments.of(new HostUnreachableException("no route")),
        Arguments.of(new SslHandShakeException("handshake")),
        Arguments.of(new RequestTimeoutException("timeout")),
        Arguments.of(new CallTimeoutException("DefaultHttpClient RequestTimeout")));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("noAnswer")
  void connectionFailuresAndTimeoutsAreRetryableWithoutStatus(SdkException failure) {
    CloudApiException e = ErrorClassifier.classify("showLoadbalancer", failure);

    assertThat(e.retryable()).isTrue();
    assertThat(e.httpStatus()).isEqualTo(CloudApiException.NO_RESPONSE);
    assertThat(ErrorClassifier.kind(e)).isEqualTo(ErrorKind.NO_RESPONSE);
    assertThat(e.getCause()).isSameAs(failure);
    assertThat(e.getMessage()).startsWith("showLoadbalancer: ");
  }

  @Test
  void anEmptyBodyKeepsStatusAndHasNoCode() {
    CloudApiException e = ErrorClassifier.classify("showPool", new ClientRequestException(404, null, null, null));

    assertThat(e.errorCode()).isNull();
    assertThat(e.requestId()).isNull();
    assertThat(ErrorClassifier.isNotFound(e)).isTrue();
  }

  @Test
  void unexpectedClientFailuresAreNotRetried() {
    CloudApiException e = ErrorClassifier.classify("createPool", new IllegalStateException("boom"));

    assertThat(e.retryable()).isFalse();
    assertThat(ErrorClassifier.kind(e)).isEqualTo(ErrorKind.OTHER);
    assertThat(e.getMessage()).startsWith("createPool: ").contains("IllegalStateException");
  }

  @Test
  void aClassifiedErrorIsReturnedUnchanged() {
    CloudApiException e = ErrorClassifier.classify("a", new ClientRequestException(409, "VPC.0512", "m", "r"));

    assertThat(ErrorClassifier.classify("b", e)).isSameAs(e);
  }

  private static ServerResponseException server(int status, String code) {
    return new ServerResponseException(status, code, "message of " + code, "req-" + code);
  }
}
