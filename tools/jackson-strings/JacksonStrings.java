// Dev-only: how Jackson (AWS's JSON library) reads and writes strings holding lone surrogates.
// Reads lines {"id": ..., "text": [UTF-16 units of a JSON document]} and answers each with
// {"id", "ok"} and, when read, "strings": the UTF-16 units of every key and string value in
// document order, and "written": the document as ObjectMapper.writeValueAsBytes writes it
// (UTF8JsonGenerator), decoded as UTF-8. Units travel as numbers, so the answers are plain JSON
// any reader takes, whatever the texts hold.
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.Map;

public class JacksonStrings {
  static final ObjectMapper MAPPER = new ObjectMapper();

  static ArrayNode units(String s) {
    ArrayNode a = MAPPER.createArrayNode();
    for (int i = 0; i < s.length(); ++i) a.add((int) s.charAt(i));
    return a;
  }

  // Keys and string values, depth first in document order.
  static void collect(JsonNode n, ArrayNode out) {
    if (n.isTextual()) {
      out.add(units(n.textValue()));
    } else if (n.isObject()) {
      for (Iterator<Map.Entry<String, JsonNode>> it = n.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> e = it.next();
        out.add(units(e.getKey()));
        collect(e.getValue(), out);
      }
    } else if (n.isArray()) {
      for (JsonNode c : n) collect(c, out);
    }
  }

  public static void main(String[] args) throws Exception {
    BufferedReader in =
        new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
    for (String line; (line = in.readLine()) != null; ) {
      if (line.isBlank()) continue;
      JsonNode c = MAPPER.readTree(line);
      StringBuilder text = new StringBuilder();
      for (JsonNode u : c.get("text")) text.append((char) u.intValue());
      ObjectNode answer = MAPPER.createObjectNode();
      answer.set("id", c.get("id"));
      answer.set("text", c.get("text"));
      try {
        JsonNode doc = MAPPER.readTree(text.toString());
        ArrayNode strings = MAPPER.createArrayNode();
        collect(doc, strings);
        answer.put("ok", true);
        answer.set("strings", strings);
        answer.put("written", new String(MAPPER.writeValueAsBytes(doc), StandardCharsets.UTF_8));
      } catch (Exception e) {
        answer.put("ok", false);
      }
      System.out.println(new String(MAPPER.writeValueAsBytes(answer), StandardCharsets.UTF_8));
    }
  }
}
