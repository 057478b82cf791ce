// A model of the States.* intrinsic functions written with the JDK and Jackson calls that
// docs/intrinsics.md says AWS's behaviour follows (AWS runs Step Functions on the JVM and reads
// JSON with Jackson). Dev only: the oracle of tools/intrinsics-oracle/ (see README.md).
//
// Input: JSON lines {"id": n, "fn": "MathAdd", "args": [already evaluated JSON arguments]}.
// Output: each line as it came (so the arguments keep their exact text, "-0" and "1e7" included)
// with one of
//   "result": <value>                               the call's value, as Jackson writes it
//   "error": "States.IntrinsicFailure", "cause": "Invalid arguments in States.X"
//   "shape": "uuid" | "random", "low", "high"       results that are random by design
//   "skip": "<why>"                                  what the model cannot say (see README.md)
// Arguments are the Java objects Jackson makes of JSON (LinkedHashMap, ArrayList, String,
// Integer/Long/BigInteger, Double, Boolean, null), as States.Format's `{k=v}` rendering shows.
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.MathContext;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.*;

public class IntrinsicsOracle {
  static final ObjectMapper MAPPER = new ObjectMapper();

  // A refusal: AWS fails the state with States.IntrinsicFailure.
  static final class Refused extends RuntimeException {
    Refused() { super(null, null, false, false); }
  }

  // A case the model cannot answer (e.g. a Java exception no rule decides on).
  static final class Unmodelled extends RuntimeException {
    Unmodelled(String why) { super(why, null, false, false); }
  }

  static Refused refuse() { return new Refused(); }

  static final int MAX_STRING_CHARS = 10000;  // Base64Encode/Decode and Hash, String.length()
  static final int MAX_RANGE_ITEMS = 1000;
  static final int MAX_PARTITION_INPUT_BYTES = 256 * 1024;
  static final Set<String> HASHES = Set.of("MD5", "SHA-1", "SHA-256", "SHA-384", "SHA-512");

  // Integers as they are, decimals by Math.round (AWS: "round it off to the nearest integer");
  // null for non-numbers and integers beyond the long range.
  static Long rounded(Object v) {
    if (v instanceof Integer || v instanceof Long) return ((Number) v).longValue();
    if (v instanceof BigInteger) {
      BigInteger b = (BigInteger) v;
      return b.bitLength() < 64 ? b.longValue() : null;
    }
    if (v instanceof Double) return Math.round((Double) v);
    return null;
  }

  // An integral number (1 or 1.0) as a long; null for anything else (1.5 included).
  static Long exact(Object v) {
    if (v instanceof Double) {
      double d = (Double) v;
      if (d >= -9.2e18 && d <= 9.2e18 && (double) (long) d == d) return (long) d;
      return null;
    }
    return rounded(v);
  }

  static boolean fitsInt(long v) { return v >= Integer.MIN_VALUE && v <= Integer.MAX_VALUE; }

  static String string(Object v) {
    if (!(v instanceof String)) throw refuse();
    return (String) v;
  }

  static String limitedString(Object v) {
    String s = string(v);
    if (s.length() > MAX_STRING_CHARS) throw refuse();
    return s;
  }

  @SuppressWarnings("unchecked")
  static List<Object> list(Object v) {
    if (!(v instanceof List)) throw refuse();
    return (List<Object>) v;
  }

  @SuppressWarnings("unchecked")
  static Map<String, Object> map(Object v) {
    if (!(v instanceof Map)) throw refuse();
    return (Map<String, Object>) v;
  }

  static Object format(List<Object> a) {
    String template = string(a.get(0));
    // A template from a path has no escapes: every "{}" is a placeholder, and there must be as
    // many as values.
    List<String> pieces = new ArrayList<>();
    int from = 0;
    for (int at = template.indexOf("{}"); at >= 0; at = template.indexOf("{}", from)) {
      pieces.add(template.substring(from, at));
      from = at + 2;
    }
    pieces.add(template.substring(from));
    if (pieces.size() != a.size()) throw refuse();
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < pieces.size(); i++) {
      out.append(pieces.get(i));
      if (i + 1 < a.size()) out.append(String.valueOf(a.get(i + 1)));
    }
    return out.toString();
  }

  static Object stringToJson(List<Object> a) throws Exception {
    String s = string(a.get(0));
    // readTree: blank text is MissingNode (AWS: null), trailing text after the first document is
    // ignored (FAIL_ON_TRAILING_TOKENS is off by default).
    JsonNode node;
    try {
      node = MAPPER.readTree(s);
    } catch (Exception e) {
      throw refuse();
    }
    if (node == null || node.isMissingNode()) return null;
    return MAPPER.treeToValue(node, Object.class);
  }

  static Object jsonToString(List<Object> a) throws Exception {
    return MAPPER.writeValueAsString(a.get(0));
  }

  static Object arrayPartition(List<Object> a) throws Exception {
    List<Object> items = list(a.get(0));
    Long size = rounded(a.get(1));
    if (size == null || size <= 0) throw refuse();
    if (MAPPER.writeValueAsBytes(items).length > MAX_PARTITION_INPUT_BYTES) throw refuse();
    List<Object> out = new ArrayList<>();
    for (int start = 0; start < items.size(); start += (int) Math.min(size, items.size())) {
      int end = (int) Math.min((long) start + size, items.size());
      out.add(new ArrayList<>(items.subList(start, end)));
    }
    return out;
  }

  static Object arrayRange(List<Object> a) {
    Long first = rounded(a.get(0)), last = rounded(a.get(1)), step = rounded(a.get(2));
    if (first == null || last == null || step == null || step == 0) throw refuse();
    if (!fitsInt(first) || !fitsInt(last) || !fitsInt(step)) throw refuse();
    List<Object> out = new ArrayList<>();
    for (long v = first; step > 0 ? v <= last : v >= last; v += step) {
      if (out.size() == MAX_RANGE_ITEMS) throw refuse();
      out.add(v);
    }
    return out;
  }

  static Object arrayGetItem(List<Object> a) {
    List<Object> items = list(a.get(0));
    Long index = exact(a.get(1));
    if (index == null || index < 0 || index >= items.size()) throw refuse();
    return items.get((int) (long) index);
  }

  static Object mathRandom(List<Object> a) {
    Long start = rounded(a.get(0)), end = rounded(a.get(1));
    if (start == null || end == null || !fitsInt(start) || !fitsInt(end) || start > end) {
      throw refuse();
    }
    if (a.size() < 3) return null;  // random: the caller reports the range
    Long seed = rounded(a.get(2));
    if (seed == null) throw refuse();
    long span = end - start + 1;
    // start + nextInt(end - start + 1) overflows int beyond this span: Java's nextInt would throw.
    if (span > Integer.MAX_VALUE) throw new Unmodelled("MathRandom span beyond int");
    return start + new Random(seed).nextInt((int) span);
  }

  static Object mathAdd(List<Object> a) {
    Long x = rounded(a.get(0)), y = rounded(a.get(1));
    if (x == null || y == null || !fitsInt(x) || !fitsInt(y)) throw refuse();
    return x + y;
  }

  static Object stringSplit(List<Object> a) {
    StringTokenizer t = new StringTokenizer(string(a.get(0)), string(a.get(1)));
    List<Object> out = new ArrayList<>();
    while (t.hasMoreTokens()) out.add(t.nextToken());
    return out;
  }

  static Object jsonMerge(List<Object> a) {
    Map<String, Object> first = map(a.get(0)), second = map(a.get(1));
    if (!Boolean.FALSE.equals(a.get(2))) throw refuse();
    // Puts one by one into a default HashMap (not new HashMap<>(first), which presizes the table
    // and so orders some key sets differently): the reading docs/intrinsics.md records as a guess.
    Map<String, Object> out = new HashMap<>();
    for (Map.Entry<String, Object> e : first.entrySet()) out.put(e.getKey(), e.getValue());
    for (Map.Entry<String, Object> e : second.entrySet()) out.put(e.getKey(), e.getValue());
    return out;
  }

  static String hex(byte[] b) {
    StringBuilder s = new StringBuilder();
    for (byte x : b) s.append(String.format("%02x", x));
    return s.toString();
  }

  static Object hash(List<Object> a) throws Exception {
    String data = limitedString(a.get(0));
    String algorithm = string(a.get(1));
    if (!HASHES.contains(algorithm)) throw refuse();
    return hex(MessageDigest.getInstance(algorithm).digest(data.getBytes(StandardCharsets.UTF_8)));
  }

  static final Map<String, Integer> MIN_ARGS = new HashMap<>();
  static final Map<String, Integer> MAX_ARGS = new HashMap<>();

  static void arity(String fn, int min, int max) {
    MIN_ARGS.put(fn, min);
    MAX_ARGS.put(fn, max);
  }

  static {
    arity("Format", 1, Integer.MAX_VALUE);
    arity("StringToJson", 1, 1);
    arity("JsonToString", 1, 1);
    arity("Array", 0, Integer.MAX_VALUE);
    arity("ArrayPartition", 2, 2);
    arity("ArrayContains", 2, 2);
    arity("ArrayRange", 3, 3);
    arity("ArrayGetItem", 2, 2);
    arity("ArrayLength", 1, 1);
    arity("ArrayUnique", 1, 1);
    arity("Base64Encode", 1, 1);
    arity("Base64Decode", 1, 1);
    arity("Hash", 2, 2);
    arity("JsonMerge", 3, 3);
    arity("MathRandom", 2, 3);
    arity("MathAdd", 2, 2);
    arity("StringSplit", 2, 2);
    arity("UUID", 0, 0);
  }

  static Object apply(String fn, List<Object> a) throws Exception {
    switch (fn) {
      case "Format": return format(a);
      case "StringToJson": return stringToJson(a);
      case "JsonToString": return jsonToString(a);
      case "Array": return new ArrayList<>(a);
      case "ArrayPartition": return arrayPartition(a);
      case "ArrayContains": return list(a.get(0)).contains(a.get(1));
      case "ArrayRange": return arrayRange(a);
      case "ArrayGetItem": return arrayGetItem(a);
      case "ArrayLength": return list(a.get(0)).size();
      case "ArrayUnique": return new ArrayList<>(new LinkedHashSet<>(list(a.get(0))));
      case "Base64Encode":
        return Base64.getEncoder().encodeToString(limitedString(a.get(0)).getBytes(StandardCharsets.UTF_8));
      case "Base64Decode":
        try {
          return new String(Base64.getMimeDecoder().decode(limitedString(a.get(0))), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
          throw refuse();
        }
      case "Hash": return hash(a);
      case "JsonMerge": return jsonMerge(a);
      case "MathRandom": return mathRandom(a);
      case "MathAdd": return mathAdd(a);
      case "StringSplit": return stringSplit(a);
      default: throw new Unmodelled("unknown function " + fn);
    }
  }

  // Whether OpenJDK 17's Double.toString prints more digits than the shortest decimal that reads
  // back as `d` (JDK-4511638: 2.4999999999999998E22 for 2.5E22; fixed in JDK 19, whose output
  // sfnsim follows). One-digit shortest forms are left alone: both print two digits there.
  static boolean longerThanShortest(double d) {
    if (Double.isNaN(d) || Double.isInfinite(d) || d == 0) return false;
    double m = Math.abs(d);
    String s = Double.toString(m);
    String mantissa = s.contains("E") ? s.substring(0, s.indexOf('E')) : s;
    String digits = mantissa.replace(".", "").replaceFirst("^0+", "").replaceFirst("0+$", "");
    for (int p = 2; p < digits.length(); p++) {
      if (new BigDecimal(m).round(new MathContext(p, RoundingMode.HALF_EVEN)).doubleValue() == m) return true;
    }
    return false;
  }

  // Whether a value holds a double for which the JDK version decides the text (see above).
  static boolean jdkDependentText(Object v) {
    if (v instanceof Double) return longerThanShortest((Double) v);
    if (v instanceof Map) {
      for (Object x : ((Map<?, ?>) v).values()) if (jdkDependentText(x)) return true;
    }
    if (v instanceof List) {
      for (Object x : (List<?>) v) if (jdkDependentText(x)) return true;
    }
    return false;
  }

  // Whether a value holds an infinite double (StringToJson of "1e400"): sfnsim's JSON layer
  // refuses numbers beyond the double range in every document, Jackson reads them as Infinity.
  static boolean nonFinite(Object v) {
    if (v instanceof Double) return Double.isInfinite((Double) v);
    if (v instanceof Map) {
      for (Object x : ((Map<?, ?>) v).values()) if (nonFinite(x)) return true;
    }
    if (v instanceof List) {
      for (Object x : (List<?>) v) if (nonFinite(x)) return true;
    }
    return false;
  }

  // Whether a value holds a string (or key) with a lone surrogate: Jackson reads "\ud83d" alone
  // from StringToJson text, sfnsim's JSON layer keeps strings valid Unicode and refuses it.
  static boolean loneSurrogate(Object v) {
    if (v instanceof String) {
      String s = (String) v;
      for (int i = 0; i < s.length(); i++) {
        char c = s.charAt(i);
        if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
          i++;
        } else if (Character.isSurrogate(c)) {
          return true;
        }
      }
      return false;
    }
    if (v instanceof Map) {
      for (Map.Entry<?, ?> e : ((Map<?, ?>) v).entrySet()) {
        if (loneSurrogate(e.getKey()) || loneSurrogate(e.getValue())) return true;
      }
    }
    if (v instanceof List) {
      for (Object x : (List<?>) v) if (loneSurrogate(x)) return true;
    }
    return false;
  }

  // The answer for one case, as the fields appended to its line.
  static String answer(Map<String, Object> c) throws Exception {
    String fn = (String) c.get("fn");
    @SuppressWarnings("unchecked")
    List<Object> args = (List<Object>) c.get("args");
    if (!MIN_ARGS.containsKey(fn)) return "\"skip\":" + MAPPER.writeValueAsString("unknown function " + fn);
    if (args.size() < MIN_ARGS.get(fn) || args.size() > MAX_ARGS.get(fn)) {
      return "\"skip\":\"argument count (a definition-time error)\"";
    }
    if (fn.equals("UUID")) return "\"shape\":\"uuid\"";
    if ((fn.equals("Format") || fn.equals("JsonToString")) && jdkDependentText(args)) {
      return "\"skip\":\"Double.toString differs between JDK 17 and 19+ (JDK-4511638)\"";
    }
    try {
      Object result = apply(fn, args);
      if (loneSurrogate(result)) return "\"skip\":\"a lone surrogate\"";
      if (nonFinite(result)) return "\"skip\":\"a number beyond the double range\"";
      if (fn.equals("MathRandom") && args.size() == 2) {
        return "\"shape\":\"random\",\"low\":" + rounded(args.get(0)) + ",\"high\":" + rounded(args.get(1));
      }
      return "\"result\":" + MAPPER.writeValueAsString(result);
    } catch (Refused r) {
      return "\"error\":\"States.IntrinsicFailure\",\"cause\":\"Invalid arguments in States." + fn + "\"";
    } catch (Unmodelled u) {
      return "\"skip\":" + MAPPER.writeValueAsString(u.getMessage());
    } catch (RuntimeException e) {
      // Any other Java exception inside a function (ClassCastException, ...) fails the call.
      return "\"error\":\"States.IntrinsicFailure\",\"cause\":\"Invalid arguments in States." + fn + "\"";
    }
  }

  public static void main(String[] argv) throws Exception {
    MAPPER.getFactory().setStreamReadConstraints(StreamReadConstraints.defaults());
    BufferedReader in = argv.length > 0
        ? Files.newBufferedReader(Path.of(argv[0]), StandardCharsets.UTF_8)
        : new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
    PrintStream out = new PrintStream(System.out, false, StandardCharsets.UTF_8);
    for (String line = in.readLine(); line != null; line = in.readLine()) {
      String trimmed = line.trim();
      if (trimmed.isEmpty()) continue;
      @SuppressWarnings("unchecked")
      Map<String, Object> c = MAPPER.readValue(trimmed, Map.class);
      String fields = answer(c);
      out.print(trimmed.substring(0, trimmed.length() - 1));
      out.print(',');
      out.print(fields);
      out.println('}');
    }
    out.flush();
  }
}
