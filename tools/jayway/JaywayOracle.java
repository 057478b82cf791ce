// Dev-only oracle for sfnsim's JSONPath layer: evaluates (document, path) pairs with Jayway
// JsonPath the way AWS Step Functions does, and prints one JSON line per case.
//
// Configuration: Jayway's default options (no SUPPRESS_EXCEPTIONS, no REQUIRE_PROPERTIES, no
// DEFAULT_PATH_LEAF_TO_NULL), so a definite path with nothing behind it throws
// PathNotFoundException. Documents are parsed with the Jackson provider because AWS keeps the key
// order of the documents a path selects (json-smart's maps are HashMaps and would not); pass
// `--provider smart` to see json-smart's behaviour instead.
//
// Input (stdin or a file): JSON lines {"doc": <json>, "path": "<text>"}; other fields are kept.
// Output: the same object plus either "result" (the value) or "error" (the exception message)
// with "exception" (its simple class name) and "stage" ("compile" or "evaluate").
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.jayway.jsonpath.Configuration;
import com.jayway.jsonpath.JsonPath;
import com.jayway.jsonpath.spi.json.JacksonJsonProvider;
import com.jayway.jsonpath.spi.json.JsonProvider;
import com.jayway.jsonpath.spi.json.JsonSmartJsonProvider;
import com.jayway.jsonpath.spi.mapper.JacksonMappingProvider;
import com.jayway.jsonpath.spi.mapper.JsonSmartMappingProvider;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Paths;

public final class JaywayOracle {
  public static void main(String[] args) throws Exception {
    String provider = "jackson";
    String input = null;
    for (int i = 0; i < args.length; i++) {
      if (args[i].equals("--provider")) {
        provider = args[++i];
      } else {
        input = args[i];
      }
    }
    Configuration conf = provider.equals("smart")
        ? Configuration.builder()
              .jsonProvider(new JsonSmartJsonProvider())
              .mappingProvider(new JsonSmartMappingProvider())
              .build()
        : Configuration.builder()
              .jsonProvider(new JacksonJsonProvider())
              .mappingProvider(new JacksonMappingProvider())
              .build();
    ObjectMapper mapper = new ObjectMapper();
    BufferedReader reader = input == null
        ? new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8))
        : Files.newBufferedReader(Paths.get(input), StandardCharsets.UTF_8);
    PrintStream out = new PrintStream(System.out, true, "UTF-8");
    String line;
    while ((line = reader.readLine()) != null) {
      if (line.isBlank()) continue;
      ObjectNode c = (ObjectNode) mapper.readTree(line);
      out.println(mapper.writeValueAsString(evaluate(c, conf, mapper)));
    }
  }

  static ObjectNode evaluate(ObjectNode c, Configuration conf, ObjectMapper mapper) {
    JsonProvider provider = conf.jsonProvider();
    String pathText = c.get("path").asText();
    JsonPath compiled;
    try {
      // A fresh compile per case: Jayway's path tokens keep state between evaluations.
      compiled = JsonPath.compile(pathText);
    } catch (Exception e) {
      return fail(c, "compile", e);
    }
    c.put("definite", compiled.isDefinite());
    try {
      Object doc = provider.parse(mapper.writeValueAsString(c.get("doc")));
      Object result = compiled.read(doc, conf);
      JsonNode tree = mapper.readTree(provider.toJson(result));
      c.set("result", tree);
      return c;
    } catch (Throwable e) {
      return fail(c, "evaluate", e);
    }
  }

  static ObjectNode fail(ObjectNode c, String stage, Throwable e) {
    c.put("stage", stage);
    c.put("exception", e.getClass().getSimpleName());
    c.put("error", e.getMessage() == null ? "" : e.getMessage());
    return c;
  }
}
