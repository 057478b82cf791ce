// Prints the Java behaviours the core reproduces (AWS runs Step Functions on the JVM), as the
// expected values of cpp/tests/test_intrinsics_java.cpp, test_common_java.cpp and
// test_common_utf.cpp. Run: java JavaIntrinsicsReference.java
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.*;

public class JavaIntrinsicsReference {
  static String hex(byte[] b) {
    StringBuilder s = new StringBuilder();
    for (byte x : b) s.append(String.format("%02x", x));
    return s.toString();
  }

  static String q(String s) {
    StringBuilder out = new StringBuilder("\"");
    for (char c : s.toCharArray()) {
      if (c == '"' || c == '\\') out.append('\\').append(c);
      else if (c < 0x20 || c > 0x7e) out.append(String.format("\\u%04x", (int) c));
      else out.append(c);
    }
    return out.append('"').toString();
  }

  public static void main(String[] args) throws Exception {
    System.out.println("== Random(seed).nextInt(bound)");
    long[] seeds = {0, 1, 42, -7, 123456789012345L, 3};
    int[] bounds = {1, 10, 16, 999, 1000, 2147483647, 1 << 30};
    for (long seed : seeds)
      for (int bound : bounds) System.out.println(seed + " " + bound + " " + new Random(seed).nextInt(bound));
    System.out.println("== Random(seed).nextLong()");
    for (long seed : seeds) System.out.println(seed + " " + new Random(seed).nextLong());

    System.out.println("== Double.toString");
    double[] ds = {1.0, 1.1, 0.1, -0.0, 0.0, 100.0, 1e7, 9999999.0, 1.0E-3, 9.99E-4, 1e-4, 123456.789,
        1e21, 1e22, 1.5e300, 4.9e-324, 1.7976931348623157e308, -2.5, 0.3, 2.0 / 3, 1e16, 12345678.9,
        0.001234, 100.5, Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY};
    for (double d : ds) System.out.println(Double.doubleToRawLongBits(d) + " " + Double.toString(d));

    System.out.println("== Math.round");
    double[] rs = {0.5, 1.5, 2.5, -0.5, -1.5, -2.5, -3.5, 1.49, -1.49, -1.51, 0.49999999999999994,
        -0.49999999999999994, 4503599627370497.0, 1e19, -1e19, Double.NaN, 9.2233720368547758E18};
    for (double d : rs) System.out.println(Double.doubleToRawLongBits(d) + " " + Math.round(d));

    System.out.println("== String.hashCode");
    String[] hs = {"", "a", "constant_in_literal", "\u00e9t\u00e9", "\ud83d\ude00x", "Values"};
    for (String s : hs) System.out.println(q(s) + " " + s.hashCode());

    System.out.println("== String.length, String.hashCode and compareTo of UTF-16 text");
    // A lone surrogate is one char of a Java String (Jackson reads "\ud800" into one).
    String[] us = {"\ud800", "a\udc00b", "\ud83d\ude00", "\ud800\udc00", "\u00e9t\u00e9", "\uffff"};
    for (String s : us) System.out.println(q(s) + " " + s.length() + " " + s.hashCode());
    String[][] cmp = {{"\ud83d\ude00", "\uffff"}, {"\ud800", "\ud800\udc00"}, {"\udc00", "\ud800\udc00"},
        {"\ud800a", "\ud800\udc00"}, {"abc", "abd"}, {"ab", "abc"}, {"\u00e9", "z"}};
    for (String[] c : cmp) System.out.println(q(c[0]) + " " + q(c[1]) + " " + Integer.signum(c[0].compareTo(c[1])));

    System.out.println("== Double.toString of bounds and epoch seconds");
    double[] bs = {1e9, 1.0E9 + 0.5, 1700000000.123, 1700000000.0, 1.7e9, 99999999.0, 100.0, 0.0};
    for (double d : bs) System.out.println(Double.doubleToRawLongBits(d) + " " + Double.toString(d));

    System.out.println("== HashSet order (a name added twice)");
    Set<String> set = new HashSet<>(List.of("Seconds", "SecondsPath", "Timestamp", "TimestampPath"));
    Set<String> twice = new HashSet<>();
    for (String k : new String[] {"StartAt", "States", "StartAt", "Comment"}) twice.add(k);
    System.out.println(set + " " + twice);

    System.out.println("== HashMap order");
    List<List<String>> lists = new ArrayList<>();
    lists.add(List.of("Iterations", "Values"));
    lists.add(List.of("encoded", "decoded"));
    lists.add(List.of("mergedJson", "parsedJson", "stringifiedJson"));
    lists.add(List.of("constant_in_literal", "constant_input_field"));
    List<String> many = new ArrayList<>();
    for (int i = 0; i < 40; i++) many.add("key" + i);
    lists.add(many);
    List<String> colliding = new ArrayList<>();  // same low bits: a bucket of nine forces resizes
    for (int i = 0; i < 10; i++) colliding.add(String.valueOf((char) ('A' + i * 16)) + "");
    lists.add(colliding);
    lists.add(List.of("\u00e9", "z", "\ud83d\ude00", "A", "b"));
    for (List<String> keys : lists) {
      Map<String, Integer> m = new HashMap<>();
      for (String k : keys) m.put(k, 0);
      StringBuilder sb = new StringBuilder();
      for (String k : keys) sb.append(q(k)).append(' ');
      sb.append("-> ");
      for (String k : m.keySet()) sb.append(keys.indexOf(k)).append(' ');
      System.out.println(sb.toString().trim());
    }

    System.out.println("== StringTokenizer");
    String[][] toks = {{"a,b,,c,", ","}, {"This.is+a,test=string", ".+,="}, {"", ","}, {"abc", ""},
        {",,,,", ","}, {"x\ud83d\ude00y", "\ud83d\ude00"}};
    for (String[] t : toks) {
      StringTokenizer st = new StringTokenizer(t[0], t[1]);
      List<String> parts = new ArrayList<>();
      while (st.hasMoreTokens()) parts.add(q(st.nextToken()));
      System.out.println(q(t[0]) + " " + q(t[1]) + " -> " + parts);
    }

    System.out.println("== MIME Base64 decode");
    String[] b64 = {"RGF0YSB0byBlbmNvZGU=", "YQ", "YQ=", "YQ==", "Y", "YWJj\r\nZGVm", "Y Q = =", "YQ==YQ==",
        "!!!", "YQ==x", "/w==", "YWI="};
    for (String s : b64) {
      String r;
      try {
        r = hex(Base64.getMimeDecoder().decode(s));
      } catch (IllegalArgumentException e) {
        r = "ERROR";
      }
      System.out.println(q(s) + " " + r);
    }

    System.out.println("== digests");
    String[] algs = {"MD5", "SHA-1", "SHA-256", "SHA-384", "SHA-512"};
    int[] lens = {0, 3, 55, 56, 63, 64, 111, 112, 127, 128, 1000};
    for (String alg : algs)
      for (int len : lens) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < len; i++) sb.append((char) ('a' + i % 26));
        MessageDigest md = MessageDigest.getInstance(alg);
        System.out.println(alg + " " + len + " " + hex(md.digest(sb.toString().getBytes(StandardCharsets.UTF_8))));
      }
  }
}
