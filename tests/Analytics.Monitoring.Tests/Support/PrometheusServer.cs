using Analytics.Tests.Support;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Analytics.Monitoring.Tests.Support;

/// <summary>
/// A real Prometheus on a free loopback port with a throwaway storage directory, running the project's
/// deploy/prometheus/prometheus.yml with only the targets, the intervals and the rule file's path rewritten.
/// </summary>
public sealed partial class PrometheusServer : IAsyncDisposable
{
    private readonly Process _process;
    private readonly string _dir;
    private readonly StringBuilder _log = new();

    private PrometheusServer(Process process, string dir, int port)
    {
        _process = process;
        _dir = dir;
        Port = port;
        Http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromSeconds(20) };
        _process.OutputDataReceived += (_, e) => Append(e.Data);
        _process.ErrorDataReceived += (_, e) => Append(e.Data);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    public int Port { get; }

    public HttpClient Http { get; }

    /// <summary>The last lines Prometheus logged, for failure messages.</summary>
    public string LogTail
    {
        get
        {
            lock (_log)
            {
                var lines = _log.ToString().Split('\n');
                return string.Join('\n', lines.TakeLast(30));
            }
        }
    }

    private void Append(string? line)
    {
        if (line is null) return;
        lock (_log) _log.AppendLine(line);
    }

    /// <summary>
    /// The project's prometheus.yml with each job's targets pointed at <paramref name="targets"/> (job name → host:port),
    /// <paramref name="interval"/> as scrape and evaluation interval and the rule file by absolute path. Fails when the
    /// file no longer has the shape this relies on, so the test never runs some other configuration.
    /// </summary>
    public static string RewriteConfig(string config, IReadOnlyDictionary<string, string> targets, string interval, string rulesFile)
    {
        var output = new StringBuilder();
        string? job = null;
        var rewritten = new HashSet<string>();
        var intervals = 0;
        var rules = 0;
        foreach (var line in config.Split('\n'))
        {
            var text = line.Trim();
            var replaced = line;
            if (JobLine().Match(text) is { Success: true } jobMatch) job = jobMatch.Groups[1].Value;
            if (!text.StartsWith('#'))
            {
                if (TargetLine().IsMatch(text))
                {
                    Assert.True(job is not null && targets.ContainsKey(job), $"prometheus.yml has a target outside the jobs {string.Join(", ", targets.Keys)}: {text}");
                    Assert.True(rewritten.Add(job!), $"prometheus.yml lists several targets for job {job}; the embedded cluster has one process of each kind.");
                    replaced = line[..line.IndexOf('-')] + $"- \"{targets[job!]}\"";
                }
                else if (IntervalLine().IsMatch(line))
                {
                    replaced = IntervalLine().Replace(line, "${1}" + interval);
                    intervals++;
                }
                else if (text == "- alerts.yml")
                {
                    replaced = line.Replace("alerts.yml", rulesFile);
                    rules++;
                }
            }
            output.Append(replaced).Append('\n');
        }
        var missing = targets.Keys.Except(rewritten).ToList();
        Assert.True(missing.Count == 0, $"prometheus.yml has no target line (- \"host:port\") for job(s) {string.Join(", ", missing)}");
        Assert.True(intervals == 2, $"prometheus.yml should set scrape_interval and evaluation_interval under global: found {intervals}");
        Assert.True(rules == 1, "prometheus.yml should load alerts.yml under rule_files");
        return output.ToString().TrimEnd('\n') + "\n";
    }

    [GeneratedRegex(@"^- job_name:\s*([\w-]+)\s*$")]
    private static partial Regex JobLine();

    [GeneratedRegex("""^\s*- "[^"]+:\d+"\s*$""")]
    private static partial Regex TargetLine();

    [GeneratedRegex(@"^(\s*(?:scrape_interval|evaluation_interval):\s*)\S+\s*$")]
    private static partial Regex IntervalLine();

    public static async Task<PrometheusServer> StartAsync(string dir, string config)
    {
        var (prometheus, _) = await PrometheusTools.PathsAsync();
        Directory.CreateDirectory(dir);
        var configFile = Path.Combine(dir, "prometheus.yml");
        await File.WriteAllTextAsync(configFile, config);
        var port = FreePorts.Next();
        var info = new ProcessStartInfo(prometheus)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = dir,
        };
        foreach (var arg in new[]
        {
            $"--config.file={configFile}",
            $"--storage.tsdb.path={Path.Combine(dir, "data")}",
            $"--web.listen-address=127.0.0.1:{port}",
            "--storage.tsdb.retention.time=1h",
            "--log.level=warn",
        })
        {
            info.ArgumentList.Add(arg);
        }
        var server = new PrometheusServer(Process.Start(info)!, dir, port);
        await server.WaitUntilReadyAsync(TimeSpan.FromSeconds(60));
        return server;
    }

    private async Task WaitUntilReadyAsync(TimeSpan patience)
    {
        var deadline = DateTime.UtcNow + patience;
        while (true)
        {
            if (_process.HasExited) Assert.Fail($"prometheus exited ({_process.ExitCode}) while starting:\n{LogTail}");
            try
            {
                using var response = await Http.GetAsync("/-/ready");
                if (response.IsSuccessStatusCode) return;
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }
            if (DateTime.UtcNow >= deadline) Assert.Fail($"prometheus did not become ready on 127.0.0.1:{Port} within {patience}:\n{LogTail}");
            await Task.Delay(200);
        }
    }

    /// <summary>GET /api/v1/{path}: the "data" element of a successful answer.</summary>
    public async Task<JsonElement> ApiAsync(string pathAndQuery)
    {
        using var response = await Http.GetAsync("/api/v1/" + pathAndQuery);
        var body = await response.Content.ReadAsStringAsync();
        using var json = JsonDocument.Parse(body);
        var root = json.RootElement;
        if (root.GetProperty("status").GetString() != "success")
            throw new PrometheusQueryException(root.TryGetProperty("error", out var e) ? e.GetString() ?? body : body);
        return root.GetProperty("data").Clone();
    }

    /// <summary>An instant query: the series it returns (an empty list when it returns nothing).</summary>
    public async Task<IReadOnlyList<Sample>> QueryAsync(string expr)
    {
        var data = await ApiAsync("query?query=" + Uri.EscapeDataString(expr));
        var result = data.GetProperty("result");
        return data.GetProperty("resultType").GetString() switch
        {
            "vector" => result.EnumerateArray().Select(s => new Sample(
                s.GetProperty("metric").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetString() ?? ""),
                s.GetProperty("value")[1].GetString() ?? "")).ToList(),
            "scalar" or "string" => [new Sample(new Dictionary<string, string>(), result[1].GetString() ?? "")],
            var other => throw new PrometheusQueryException($"unexpected result type {other} for an instant query"),
        };
    }

    /// <summary>The values of a label, optionally over the series a selector matches (label_values(selector, label)).</summary>
    public async Task<IReadOnlyList<string>> LabelValuesAsync(string label, string? selector)
    {
        var query = selector is null ? "" : "?match[]=" + Uri.EscapeDataString(selector);
        var data = await ApiAsync($"label/{Uri.EscapeDataString(label)}/values{query}");
        return data.EnumerateArray().Select(v => v.GetString() ?? "").ToList();
    }

    public sealed record Sample(IReadOnlyDictionary<string, string> Labels, string Value)
    {
        public bool IsNaN => Value is "NaN";
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
        _process.Dispose();
        try { Directory.Delete(_dir, recursive: true); } catch (IOException) { /* temp is cleaned anyway */ }
    }

}

public sealed class PrometheusQueryException(string message) : Exception(message);
