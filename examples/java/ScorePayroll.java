// Scores a payroll file with a running `payguard serve` and prints each
// payout's decision: Java 17's own HTTP client, no other dependency.
//
//   java examples/java/ScorePayroll.java http://127.0.0.1:8080 tokens.txt examples/payroll.csv [AS_OF]
//
// The answer is NDJSON, one record per row, streamed: each line is handled
// as it arrives, so a payroll of any size needs no more memory than a line.
// A real client reads the records with its JSON library (Jackson, Gson);
// this example picks the few top-level fields it prints with patterns, to
// stay a single file.

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

public class ScorePayroll {
    private static final Pattern PAYOUT = Pattern.compile("\"payout_id\":\"((?:[^\"\\\\]|\\\\.)*)\"");
    private static final Pattern DECISION = Pattern.compile("\"decision\":\"([a-z]+)\"");
    private static final Pattern SCORE = Pattern.compile("\"score\":(\\d+)");
    private static final Pattern RULE = Pattern.compile("\"rule\":\"([a-z0-9-]+)\"");
    private static final Pattern MESSAGE = Pattern.compile("\"message\":\"((?:[^\"\\\\]|\\\\.)*)\"");

    public static void main(String[] args) throws Exception {
        if (args.length < 3) {
            System.err.println("usage: java ScorePayroll.java URL TOKEN_FILE PAYROLL.csv [AS_OF]");
            System.exit(2);
        }
        String base = args[0].replaceAll("/+$", "");
        String token = readToken(Path.of(args[1]));
        Path payroll = Path.of(args[2]);
        String query = args.length > 3 ? "?as_of=" + args[3] : "";

        HttpClient client = HttpClient.newBuilder()
                .connectTimeout(Duration.ofSeconds(10))
                .build();
        HttpRequest request = HttpRequest.newBuilder(URI.create(base + "/v1/score" + query))
                .header("Authorization", "Bearer " + token)
                .header("Content-Type", "text/csv")
                .timeout(Duration.ofMinutes(5))
                .POST(HttpRequest.BodyPublishers.ofFile(payroll))
                .build();
        HttpResponse<Stream<String>> response = client.send(request, HttpResponse.BodyHandlers.ofLines());
        if (response.statusCode() != 200) {
            // Every refusal is a JSON error naming the fault.
            String body = String.join("\n", (Iterable<String>) response.body()::iterator);
            System.err.println("payguard answered " + response.statusCode() + ": " + body);
            System.exit(2);
        }
        int[] counts = new int[4];
        try (Stream<String> lines = response.body()) {
            lines.forEach(line -> {
                String id = first(PAYOUT, line);
                String decision = first(DECISION, line);
                switch (decision) {
                    case "allow" -> counts[0]++;
                    case "review" -> counts[1]++;
                    case "block" -> counts[2]++;
                    default -> counts[3]++;
                }
                if (decision.equals("rejected")) {
                    System.out.println(id + " rejected: " + first(MESSAGE, line));
                } else {
                    System.out.println(id + " " + decision + " " + first(SCORE, line) + " " + String.join(",", all(RULE, line)));
                }
            });
        }
        System.out.printf("%d allow, %d review, %d block, %d rejected%n", counts[0], counts[1], counts[2], counts[3]);
    }

    /** The first token of the file that is neither blank nor a comment. */
    private static String readToken(Path file) throws Exception {
        for (String line : Files.readAllLines(file)) {
            String token = line.trim();
            if (!token.isEmpty() && !token.startsWith("#")) {
                return token;
            }
        }
        throw new IllegalArgumentException(file + " holds no token");
    }

    private static String first(Pattern pattern, String line) {
        Matcher m = pattern.matcher(line);
        return m.find() ? m.group(1) : "";
    }

    private static List<String> all(Pattern pattern, String line) {
        List<String> found = new ArrayList<>();
        Matcher m = pattern.matcher(line);
        while (m.find()) {
            found.add(m.group(1));
        }
        return found;
    }
}
