package org.beamlinestudio.core.exec.slurm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * slurmrestd's REST API ({@code /slurm/<apiVersion>/ping, job/submit, job/{id}}) with a JWT in
 * {@code X-SLURM-USER-NAME} / {@code X-SLURM-USER-TOKEN}.
 */
public final class RestTransport implements SlurmTransport {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final ClusterProfile profile;
    private final Supplier<String> token;
    private final HttpClient http;

    /**
     * @param token supplies the JWT (resolved by the caller from the profile's {@link SecretSource})
     */
    public RestTransport(ClusterProfile profile, Supplier<String> token) {
        this.profile = profile;
        this.token = token;
        // HTTP/1.1 only: slurmrestd cannot parse the HTTP/2 upgrade headers HttpClient sends by default.
        this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(10)).build();
    }

    @Override
    public void ping() throws SlurmException {
        call("GET", "ping", null);
    }

    @Override
    public String submit(SubmitRequest r) throws SlurmException {
        ObjectNode body = JSON.createObjectNode();
        body.put("script", r.script());
        ObjectNode job = body.putObject("job");
        job.put("name", r.name());
        job.put("current_working_directory", r.workDir());
        job.put("standard_output", r.outputPath());
        job.put("standard_error", r.outputPath());
        ClusterProfile p = r.profile();
        if (notBlank(p.partition())) {
            job.put("partition", p.partition());
        }
        if (notBlank(p.account())) {
            job.put("account", p.account());
        }
        if (notBlank(p.timeLimit())) {
            job.put("time_limit", minutes(p.timeLimit()));
        }
        if (notBlank(p.memory())) {
            job.put("memory_per_node", megabytes(p.memory()));
        }
        job.put("cpus_per_task", p.cpus());
        if (p.gpus() > 0) {
            job.put("tres_per_job", "gres:gpu:" + p.gpus());
        }
        if (notBlank(r.arraySpec())) {
            job.put("array", r.arraySpec());
        }
        ObjectNode env = job.putObject("environment");
        r.environment().forEach(env::put);
        JsonNode answer = call("POST", "job/submit", body.toString());
        JsonNode id = answer.get("job_id");
        if (id == null || id.isNull()) {
            throw new SlurmException(profile.name() + ": slurmrestd accepted the submission but gave no job id: "
                    + answer);
        }
        return id.asText();
    }

    @Override
    public List<SlurmTaskStatus> status(String jobId) throws SlurmException {
        JsonNode answer;
        try {
            answer = call("GET", "job/" + jobId, null);
        } catch (SlurmException e) {
            if (e.getMessage().contains("Invalid job id")) {
                return List.of(); // Slurm forgot it (MinJobAge passed)
            }
            throw e;
        }
        List<SlurmTaskStatus> out = new ArrayList<>();
        for (JsonNode j : answer.path("jobs")) {
            String id = j.path("job_id").asText();
            if (j.hasNonNull("array_task_id") && j.path("array_task_id").isInt()) {
                id = j.path("array_job_id").asText() + "_" + j.path("array_task_id").asText();
            }
            // v0.0.38 reports the raw wait status (exit code << 8 | signal), as waitpid returns it.
            int raw = j.path("exit_code").asInt(-1);
            int exit = raw < 0 ? -1 : (raw >> 8) & 0xff;
            out.add(new SlurmTaskStatus(id, j.path("job_state").asText(), j.path("state_reason").asText(""), exit,
                    j.path("nodes").asText("")));
        }
        return out;
    }

    @Override
    public void cancel(String jobId) throws SlurmException {
        call("DELETE", "job/" + jobId, null);
    }

    private JsonNode call(String method, String path, String body) throws SlurmException {
        String base = profile.restUrl() == null ? "" : profile.restUrl().replaceAll("/+$", "");
        URI uri = URI.create(base + "/slurm/" + profile.apiVersion() + "/" + path);
        HttpRequest.Builder b = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30))
                .header("X-SLURM-USER-NAME", profile.user())
                .header("X-SLURM-USER-TOKEN", token.get())
                .header("Accept", "application/json");
        if (body != null) {
            b.header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofString(body));
        } else {
            b.method(method, HttpRequest.BodyPublishers.noBody());
        }
        HttpResponse<String> response;
        try {
            response = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        } catch (ConnectException | HttpConnectTimeoutException e) {
            throw new SlurmException("cannot reach the cluster " + profile.name() + " at " + uri.getHost() + ":"
                    + port(uri) + " (" + e.getClass().getSimpleName() + "): is slurmrestd running there and the"
                    + " address in the profile right?", e);
        } catch (IOException e) {
            throw new SlurmException("cannot talk to the cluster " + profile.name() + " at " + uri.getHost() + ":"
                    + port(uri) + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SlurmException(profile.name() + ": interrupted", e);
        }
        JsonNode json;
        try {
            json = JSON.readTree(response.body().isBlank() ? "{}" : response.body());
        } catch (IOException e) {
            json = JSON.createObjectNode();
        }
        String errors = errors(json);
        int code = response.statusCode();
        if (code == 401 || code == 403 || (code == 500 && looksLikeAuth(errors, response.body()))) {
            // slurmrestd 22.05 answers 500, not 401, when the token is bad or expired.
            throw new SlurmException("the cluster " + profile.name() + " rejected the token for user "
                    + profile.user() + ": get a new one with `scontrol token` (HTTP " + code + ")");
        }
        if (code == 404) {
            throw new SlurmException(profile.name() + ": slurmrestd at " + base + " has no " + uri.getPath()
                    + " (HTTP 404): does it serve OpenAPI " + profile.apiVersion() + "? Set 'apiVersion' in the profile");
        }
        if (code >= 300 || !errors.isEmpty()) {
            throw new SlurmException(profile.name() + ": Slurm refused " + method + " " + path + " (HTTP " + code
                    + "): " + (errors.isEmpty() ? response.body() : errors));
        }
        return json;
    }

    private static boolean looksLikeAuth(String errors, String body) {
        String t = (errors + " " + body).toLowerCase(java.util.Locale.ROOT);
        // A bad token fails the very first call slurmrestd makes for us (loading the config).
        return t.contains("auth") || t.contains("token") || t.contains("slurm_load_ctl_conf")
                || t.contains("protocol authentication");
    }

    private static String errors(JsonNode json) {
        List<String> out = new ArrayList<>();
        for (JsonNode e : json.path("errors")) {
            String d = e.path("description").asText(e.path("error").asText(""));
            if (!d.isBlank()) {
                out.add(d);
            }
        }
        return String.join("; ", out);
    }

    private static int port(URI uri) {
        return uri.getPort() > 0 ? uri.getPort() : ("https".equals(uri.getScheme()) ? 443 : 80);
    }

    private static boolean notBlank(String s) {
        return s != null && !s.isBlank();
    }

    /** "1-02:03:00", "02:03:00", "30" (minutes) → minutes. */
    static int minutes(String t) {
        String s = t.trim();
        int days = 0;
        int dash = s.indexOf('-');
        if (dash > 0) {
            days = Integer.parseInt(s.substring(0, dash));
            s = s.substring(dash + 1);
        }
        String[] f = s.split(":");
        int h = 0;
        int m;
        int sec = 0;
        if (f.length == 3) {
            h = Integer.parseInt(f[0]);
            m = Integer.parseInt(f[1]);
            sec = Integer.parseInt(f[2]);
        } else if (f.length == 2) {
            m = Integer.parseInt(f[0]);
            sec = Integer.parseInt(f[1]);
        } else {
            m = Integer.parseInt(f[0]);
        }
        return days * 1440 + h * 60 + m + (sec > 0 ? 1 : 0);
    }

    /** "8G", "500M", "1T", "2048" (MB) → MB. */
    static long megabytes(String mem) {
        String s = mem.trim().toUpperCase(java.util.Locale.ROOT).replaceAll("B$", "");
        char unit = s.charAt(s.length() - 1);
        long n = Character.isDigit(unit) ? Long.parseLong(s) : Long.parseLong(s.substring(0, s.length() - 1));
        switch (unit) {
            case 'K': return Math.max(1, n / 1024);
            case 'G': return n * 1024;
            case 'T': return n * 1024 * 1024;
            default: return n;
        }
    }
}
