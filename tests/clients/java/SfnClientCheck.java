// The AWS SDK for Java v2 against `sfnsim serve`:
//   java -cp CLASSPATH SfnClientCheck.java ENDPOINT DATA_DIR
// The server runs with tests/data/sfn-local/MockConfigFile.json and WAIT_TIME_SCALE=0.01
// (tests/test_server_clients.py starts it). Prints one line per check; exits 1 on the first
// that fails.
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.client.config.SdkAdvancedClientOption;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sfn.model.DescribeExecutionResponse;
import software.amazon.awssdk.services.sfn.model.ExecutionDoesNotExistException;
import software.amazon.awssdk.services.sfn.model.ExecutionStatus;
import software.amazon.awssdk.services.sfn.model.GetActivityTaskResponse;
import software.amazon.awssdk.services.sfn.model.HistoryEvent;
import software.amazon.awssdk.services.sfn.model.HistoryEventType;
import software.amazon.awssdk.services.sfn.model.StartSyncExecutionResponse;
import software.amazon.awssdk.services.sfn.model.StateMachineType;
import software.amazon.awssdk.services.sfn.model.SyncExecutionStatus;
import software.amazon.awssdk.services.sfn.model.TestStateResponse;

public class SfnClientCheck {
  static final String ROLE = "arn:aws:iam::123456789012:role/r";
  static SfnClient sfn;

  interface Check {
    void run() throws Exception;
  }

  static void check(String name, Check body) throws Exception {
    body.run();
    System.out.println("ok " + name);
  }

  static void expect(boolean condition, String what) {
    if (!condition) throw new AssertionError(what);
  }

  static String machine(String name, String definition, StateMachineType type) {
    return sfn.createStateMachine(
            b -> b.name(name).definition(definition).roleArn(ROLE).type(type))
        .stateMachineArn();
  }

  static DescribeExecutionResponse untilDone(String executionArn) throws InterruptedException {
    for (int i = 0; i < 1000; i++) {
      DescribeExecutionResponse d = sfn.describeExecution(b -> b.executionArn(executionArn));
      if (d.status() != ExecutionStatus.RUNNING) return d;
      Thread.sleep(10);
    }
    throw new AssertionError(executionArn + " still RUNNING after 10 s");
  }

  public static void main(String[] args) throws Exception {
    String endpoint = args[0];
    Path data = Path.of(args[1]);
    sfn =
        SfnClient.builder()
            .endpointOverride(URI.create(endpoint))
            .region(Region.US_EAST_1)
            .credentialsProvider(
                StaticCredentialsProvider.create(AwsBasicCredentials.create("any", "any")))
            .httpClientBuilder(UrlConnectionHttpClient.builder())
            // StartSyncExecution would go to sync-127.0.0.1 otherwise.
            .overrideConfiguration(
                c ->
                    c.putAdvancedOption(SdkAdvancedClientOption.DISABLE_HOST_PREFIX_INJECTION, true)
                        .retryStrategy(r -> r.maxAttempts(1))
                        .apiCallTimeout(Duration.ofSeconds(70)))
            .build();

    check(
        "create, start, describe",
        () -> {
          String arn =
              machine(
                  "hello",
                  "{\"StartAt\":\"Wait\",\"States\":{\"Wait\":{\"Type\":\"Wait\",\"Seconds\":10,"
                      + "\"Next\":\"Done\"},\"Done\":{\"Type\":\"Pass\",\"Result\":{\"ok\":true},"
                      + "\"End\":true}}}",
                  StateMachineType.STANDARD);
          expect(arn.equals("arn:aws:states:us-east-1:123456789012:stateMachine:hello"), arn);
          String execution =
              sfn.startExecution(b -> b.stateMachineArn(arn).name("e1").input("{\"n\":1}"))
                  .executionArn();
          DescribeExecutionResponse d = untilDone(execution);
          expect(d.status() == ExecutionStatus.SUCCEEDED, d.toString());
          expect(d.output().equals("{\"ok\":true}"), d.output());
          // WAIT_TIME_SCALE=0.01: 0.1 s of real time, 10 s in the dates.
          Duration took = Duration.between(d.startDate(), d.stopDate());
          expect(took.toMillis() >= 10_000, took.toString());
        });

    check(
        "errors as modeled exceptions",
        () -> {
          try {
            sfn.describeExecution(
                b -> b.executionArn("arn:aws:states:us-east-1:123456789012:execution:hello:nope"));
            throw new AssertionError("no ExecutionDoesNotExist");
          } catch (ExecutionDoesNotExistException e) {
            expect(e.statusCode() == 400, "status " + e.statusCode());
          }
        });

    check(
        "a MockConfigFile test case, its history in pages",
        () -> {
          String definition = Files.readString(data.resolve("LambdaSQSIntegration.asl.json"));
          String arn = machine("LambdaSQSIntegration", definition, StateMachineType.STANDARD);
          String execution =
              sfn.startExecution(b -> b.stateMachineArn(arn + "#RetryPath").name("retry"))
                  .executionArn();
          expect(execution.endsWith(":LambdaSQSIntegration:retry"), execution);
          expect(untilDone(execution).status() == ExecutionStatus.SUCCEEDED, "not SUCCEEDED");
          List<HistoryEvent> events = new ArrayList<>();
          int[] pages = {0};
          sfn.getExecutionHistoryPaginator(b -> b.executionArn(execution).maxResults(3))
              .forEach(
                  page -> {
                    pages[0]++;
                    events.addAll(page.events());
                  });
          expect(pages[0] > 3, pages[0] + " pages");
          for (int i = 0; i < events.size(); i++) {
            expect(events.get(i).id() == i + 1, "event ids in order");
          }
          // The mocked Lambda fails three times, then answers: retried after 2, 4 and 8 s.
          long failed =
              events.stream().filter(e -> e.type() == HistoryEventType.TASK_FAILED).count();
          expect(failed == 3, failed + " TaskFailed");
          expect(
              events.get(events.size() - 1).type() == HistoryEventType.EXECUTION_SUCCEEDED,
              "ends in ExecutionSucceeded");
        });

    check(
        "an activity worker answers a callback",
        () -> {
          String activity = sfn.createActivity(b -> b.name("approve")).activityArn();
          String arn =
              machine(
                  "approval",
                  "{\"StartAt\":\"Approve\",\"States\":{\"Approve\":{\"Type\":\"Task\","
                      + "\"Resource\":\""
                      + activity
                      + "\",\"End\":true}}}",
                  StateMachineType.STANDARD);
          String execution =
              sfn.startExecution(b -> b.stateMachineArn(arn).input("{\"order\":7}"))
                  .executionArn();
          GetActivityTaskResponse task =
              sfn.getActivityTask(b -> b.activityArn(activity).workerName("w1"));
          expect(task.input().equals("{\"order\":7}"), task.input());
          sfn.sendTaskSuccess(b -> b.taskToken(task.taskToken()).output("{\"approved\":true}"));
          DescribeExecutionResponse d = untilDone(execution);
          expect(d.status() == ExecutionStatus.SUCCEEDED, d.toString());
          expect(d.output().equals("{\"approved\":true}"), d.output());
        });

    check(
        "StartSyncExecution",
        () -> {
          String arn =
              machine(
                  "sync",
                  "{\"StartAt\":\"P\",\"States\":{\"P\":{\"Type\":\"Pass\",\"Parameters\":"
                      + "{\"sum.$\":\"States.MathAdd($.a, 1)\"},\"End\":true}}}",
                  StateMachineType.EXPRESS);
          StartSyncExecutionResponse out =
              sfn.startSyncExecution(b -> b.stateMachineArn(arn).input("{\"a\":41}"));
          expect(out.status() == SyncExecutionStatus.SUCCEEDED, out.toString());
          expect(out.output().equals("{\"sum\":42}"), out.output());
        });

    check(
        "TestState",
        () -> {
          TestStateResponse out =
              sfn.testState(
                  b ->
                      b.definition("{\"Type\":\"Pass\",\"Result\":{\"x\":1},\"End\":true}")
                          .roleArn(ROLE)
                          .input("{}"));
          expect(out.statusAsString().equals("SUCCEEDED"), out.toString());
          expect(out.output().equals("{\"x\":1}"), out.output());
        });
  }
}
