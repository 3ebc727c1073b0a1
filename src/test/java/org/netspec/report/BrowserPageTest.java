package org.netspec.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.netspec.cli.Main;

/**
 * Opens the generated design-review page from disk in headless Chromium, driven over the Chrome
 * DevTools Protocol with the JDK's WebSocket client: no console error or exception, every chart
 * inline as SVG with a non-zero size and a caption, ids unique on the page, scatter points named on
 * hover, the verdict, the contents, the heatmaps' colour bars and the summary table present. Chromium comes from Debian's
 * package; `.ci/run` installs it and sets NETSPEC_REQUIRE_BROWSER so CI never skips this test.
 */
class BrowserPageTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private static Optional<Path> chromium() {
        for (String name : List.of("chromium", "chromium-browser", "google-chrome")) {
            for (String d : System.getenv().getOrDefault("PATH", "").split(":")) {
                Path p = Path.of(d, name);
                if (Files.isExecutable(p)) {
                    return Optional.of(p);
                }
            }
        }
        return Optional.empty();
    }

    @Test
    void theReviewPageLoadsWithoutErrorsAndShowsEveryChart() throws Exception {
        Optional<Path> browser = chromium();
        if (System.getenv("NETSPEC_REQUIRE_BROWSER") != null) {
            assertTrue(browser.isPresent(), "NETSPEC_REQUIRE_BROWSER is set but no chromium is on the PATH");
        }
        assumeTrue(browser.isPresent(), "no chromium on the PATH (apt-get install chromium)");
        Path out = dir.resolve("review");
        StringWriter err = new StringWriter();
        int code = Main.run(new PrintWriter(new StringWriter()), new PrintWriter(err), "report",
                "specs/networks/espnet.yaml", "specs/networks/espnetv2-seg.yaml", "--out", out.toString());
        assertEquals(0, code, err::toString);

        // The profile lives outside JUnit's temporary directory: a browser may still be writing to it
        // for a moment after it is killed, and that must not fail the test.
        Path profile = Files.createTempDirectory("netspec-chromium");
        Process chrome = new ProcessBuilder(browser.get().toString(), "--headless", "--no-sandbox", "--disable-gpu",
                "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--disable-breakpad", "--disable-crash-reporter", "--user-data-dir=" + profile,
                "--remote-debugging-port=0", "about:blank")
                .redirectErrorStream(true).start();
        try (DevTools devtools = DevTools.attach(chrome)) {
            devtools.call("Runtime.enable", Map.of());
            devtools.call("Log.enable", Map.of());
            devtools.call("Page.enable", Map.of());
            devtools.call("Page.navigate", Map.of("url", out.resolve("index.html").toUri().toString()));
            devtools.awaitEvent("Page.loadEventFired", Duration.ofSeconds(30));
            JsonNode result = devtools.call("Runtime.evaluate", Map.of("returnByValue", true, "expression",
                    "JSON.stringify({charts: [...document.querySelectorAll('figure > svg.chart')].map(s => {"
                            + " const box = s.getBoundingClientRect(); return [box.width, box.height,"
                            + " s.parentElement.querySelector('figcaption') !== null]; }),"
                            + " ids: [...document.querySelectorAll('[id]')].map(e => e.id),"
                            + " rooflineTitles: [...document.querySelectorAll('svg.chart')]"
                            + ".filter(s => s.textContent.includes('MACs against memory access per layer'))"
                            + ".map(s => [...s.querySelectorAll('rect > title')].map(t => t.textContent)),"
                            + " summaryRows: document.querySelectorAll("
                            + "'table.summary tbody tr').length, verdict: document.querySelector('.verdict').innerText,"
                            + " verdictAboveSummary: document.getElementById('verdict').getBoundingClientRect().top"
                            + " < document.getElementById('summary').getBoundingClientRect().top,"
                            + " contents: [...document.querySelectorAll('nav.toc a')].map(a => [a.getAttribute('href'),"
                            + " document.getElementById(a.getAttribute('href').slice(1)) !== null]),"
                            + " heatmaps: [...document.querySelectorAll('figure')]"
                            + ".filter(f => f.querySelector('figcaption').textContent.includes(\"paths from the block's input\"))"
                            + ".map(f => [f.querySelector('figcaption').textContent,"
                            + " f.querySelector('svg.chart').textContent.includes('" + GriddingChart.COLOUR_BAR + "')])})"));
            JsonNode page = JSON.readTree(result.at("/result/value").asText());
            JsonNode inline = page.get("charts");
            long charts;
            try (var files = Files.list(out.resolve("charts"))) {
                charts = files.filter(f -> f.toString().endsWith(".svg")).count();
            }
            assertTrue(charts >= 1 + 2 * 5, "a comparison and five charts per network at least");
            assertEquals(charts, inline.size(), page::toString); // every chart written is inline on the page
            for (JsonNode chart : inline) {
                assertTrue(chart.get(0).asDouble() > 0 && chart.get(1).asDouble() > 0 && chart.get(2).asBoolean(),
                        () -> "a chart has no size or no caption: " + inline);
            }
            // the drawings' clip paths and gradients keep ids of their own on one page
            List<String> ids = new ArrayList<>();
            page.get("ids").forEach(id -> ids.add(id.asText()));
            assertEquals(new HashSet<>(ids).size(), ids.size(), () -> "an id repeats: " + ids);
            // hovering a point of each network's scatter chart names its layer: each roofline holds one
            // <title> per convolution, the first of ESPNet's level3 ESP modules among them
            JsonNode rooflines = page.get("rooflineTitles");
            assertEquals(2, rooflines.size(), page::toString);
            Set<String> hovered = new HashSet<>();
            rooflines.get(0).forEach(t -> hovered.add(t.asText()));
            assertTrue(hovered.stream().anyMatch(t -> t.startsWith("level3.0.reduce (conv): ")), hovered::toString);
            assertTrue(rooflines.get(1).size() > 0, page::toString);
            assertEquals(2, page.get("summaryRows").asInt(), page::toString);
            // The verdict leads, in words with the networks' numbers: the official counts of ESPNet
            // (364,569) and of the ESPNetv2 segmentation checkpoint (789,242), 789,242 / 364,569 = 2.16.
            String verdict = page.get("verdict").asText();
            assertTrue(verdict.contains("From espnet to espnetv2-seg (both on input 1x3x512x1024)"), verdict);
            assertTrue(verdict.contains("2.16x more parameters (364,569 vs 789,242)"), verdict);
            assertTrue(page.get("verdictAboveSummary").asBoolean(), page::toString);
            // Every line of the contents leads to a section on the page, and each section is listed.
            List<String> listed = new ArrayList<>();
            for (JsonNode link : page.get("contents")) {
                assertTrue(link.get(1).asBoolean(), () -> "a contents link leads nowhere: " + link);
                listed.add(link.get(0).asText());
            }
            assertTrue(listed.containsAll(List.of("#verdict", "#summary", "#comparison", "#espnet", "#espnetv2-seg")),
                    listed::toString);
            // every gridding heatmap has its colour bar and a caption of its own
            JsonNode heatmaps = page.get("heatmaps");
            assertTrue(heatmaps.size() >= 2, page::toString);
            Set<String> captions = new HashSet<>();
            for (JsonNode heatmap : heatmaps) {
                assertTrue(heatmap.get(1).asBoolean(), () -> "no colour bar in " + heatmap.get(0));
                assertTrue(captions.add(heatmap.get(0).asText()), () -> "caption repeated: " + heatmap.get(0));
            }
            assertEquals(List.of(), devtools.errors());
        } finally {
            stop(chrome);
            deleteQuietly(profile);
        }
    }

    private static void deleteQuietly(Path dir) {
        try (var paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // a profile left in the system's temporary directory is harmless
        }
    }

    /**
     * Kills Chromium and every process it started (renderers, GPU and network services keep
     * writing to the profile otherwise), and waits until all of them have exited.
     */
    private static void stop(Process chrome) throws InterruptedException {
        List<ProcessHandle> tree = new ArrayList<>(chrome.descendants().toList());
        tree.add(chrome.toHandle());
        tree.forEach(ProcessHandle::destroyForcibly);
        for (ProcessHandle p : tree) {
            try {
                p.onExit().get(10, TimeUnit.SECONDS);
            } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
                throw new AssertionError("chromium process " + p.pid() + " did not exit", e);
            }
        }
    }

    /** A minimal Chrome DevTools Protocol client on one page target. */
    private static final class DevTools implements AutoCloseable, WebSocket.Listener {
        private final AtomicInteger ids = new AtomicInteger();
        private final Map<Integer, CompletableFuture<JsonNode>> pending = new ConcurrentHashMap<>();
        private final BlockingQueue<JsonNode> events = new LinkedBlockingQueue<>();
        private final List<String> errors = Collections.synchronizedList(new ArrayList<>());
        private final StringBuilder partial = new StringBuilder();
        private WebSocket socket;

        static DevTools attach(Process chrome) throws IOException, InterruptedException {
            BufferedReader log = new BufferedReader(new InputStreamReader(chrome.getInputStream(), StandardCharsets.UTF_8));
            Pattern listening = Pattern.compile("DevTools listening on ws://127\\.0\\.0\\.1:(\\d+)/");
            String port = null;
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (port == null && System.nanoTime() < deadline) {
                String line = log.readLine();
                if (line == null) {
                    break;
                }
                Matcher m = listening.matcher(line);
                if (m.find()) {
                    port = m.group(1);
                }
            }
            assertTrue(port != null, "chromium did not open its DevTools port");
            Thread drain = new Thread(() -> log.lines().forEach(l -> { }));
            drain.setDaemon(true);
            drain.start();
            HttpClient http = HttpClient.newHttpClient();
            String list = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/json/list")).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
            String url = null;
            for (JsonNode target : JSON.readTree(list)) {
                if (target.get("type").asText().equals("page")) {
                    url = target.get("webSocketDebuggerUrl").asText();
                }
            }
            DevTools devtools = new DevTools();
            devtools.socket = http.newWebSocketBuilder().buildAsync(URI.create(url), devtools).join();
            return devtools;
        }

        JsonNode call(String method, Map<String, Object> params) throws Exception {
            int id = ids.incrementAndGet();
            CompletableFuture<JsonNode> reply = new CompletableFuture<>();
            pending.put(id, reply);
            ObjectNode message = JSON.createObjectNode().put("id", id).put("method", method);
            message.set("params", JSON.valueToTree(params));
            socket.sendText(JSON.writeValueAsString(message), true).join();
            JsonNode response = reply.get(30, TimeUnit.SECONDS);
            assertTrue(!response.has("error"), () -> method + " failed: " + response);
            return response.get("result");
        }

        void awaitEvent(String method, Duration timeout) throws InterruptedException {
            long deadline = System.nanoTime() + timeout.toNanos();
            while (System.nanoTime() < deadline) {
                JsonNode e = events.poll(100, TimeUnit.MILLISECONDS);
                if (e != null && e.get("method").asText().equals(method)) {
                    return;
                }
            }
            throw new AssertionError("no " + method + " within " + timeout);
        }

        List<String> errors() {
            return List.copyOf(errors);
        }

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                try {
                    JsonNode message = JSON.readTree(partial.toString());
                    if (message.has("id")) {
                        pending.remove(message.get("id").asInt()).complete(message);
                    } else {
                        record(message);
                        events.add(message);
                    }
                } catch (IOException e) {
                    errors.add("unreadable DevTools message: " + e.getMessage());
                }
                partial.setLength(0);
            }
            webSocket.request(1);
            return null;
        }

        private void record(JsonNode event) {
            String method = event.get("method").asText();
            JsonNode p = event.get("params");
            if (method.equals("Runtime.exceptionThrown")) {
                errors.add("exception: " + p.at("/exceptionDetails/text").asText());
            } else if (method.equals("Runtime.consoleAPICalled") && p.get("type").asText().equals("error")) {
                errors.add("console error: " + p.get("args"));
            } else if (method.equals("Log.entryAdded") && p.at("/entry/level").asText().equals("error")) {
                errors.add("log error: " + p.at("/entry/text").asText());
            }
        }

        @Override
        public void close() {
            socket.abort();
        }
    }
}
