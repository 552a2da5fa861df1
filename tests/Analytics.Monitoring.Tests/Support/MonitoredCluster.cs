using System.Net;
using System.Text;
using Analytics.Tests.Support;

namespace Analytics.Monitoring.Tests.Support;

/// <summary>
/// An embedded cluster with the seed data (real silo + real API on loopback), some traffic of every kind the
/// dashboard shows, and a real Prometheus scraping both with the project's configuration every second.
/// </summary>
public sealed class MonitoredCluster : IAsyncLifetime
{
    public const string ApiJob = "analytics-api";
    public const string SiloJob = "analytics-silo";

    /// <summary>GET requests the lead's forecasting work adds; 404 until it lands.</summary>
    public static readonly string[] ForecastPaths = ["/api/forecasts/60/internet-users-rate?year=2025", "/api/attainment?year=2025"];

    private readonly TempDirectory _dir = new();
    private int _round;

    public EmbeddedCluster Cluster { get; private set; } = null!;

    public PrometheusServer Prometheus { get; private set; } = null!;

    public string ApiTarget { get; private set; } = "";

    public string SiloTarget { get; private set; } = "";

    /// <summary>Status code of each forecast path on its last call.</summary>
    public Dictionary<string, HttpStatusCode> ForecastStatus { get; } = [];

    /// <summary>Requests that answered something other than the traffic expects (the forecast 404s aside): the first answer of each kind, and how often.</summary>
    public IEnumerable<string> TrafficProblems => _problems.Select(p => $"{p.Key} ({p.Value.Count}×): {p.Value.First}");

    private readonly Dictionary<string, (string First, int Count)> _problems = [];

    private void Problem(string what, HttpResponseMessage response, string body)
    {
        var key = $"{what} → {(int)response.StatusCode}";
        _problems[key] = _problems.TryGetValue(key, out var seen) ? (seen.First, seen.Count + 1) : (body.Length > 600 ? body[..600] : body, 1);
    }

    public async Task InitializeAsync()
    {
        try
        {
            await StartAsync();
        }
        catch
        {
            await DisposeAsync();
            throw;
        }
    }

    private async Task StartAsync()
    {
        // Fail fast, before the cluster starts, when Prometheus is missing and cannot be installed.
        await PrometheusTools.PathsAsync();

        Cluster = new EmbeddedCluster(Path.Combine(_dir.Path, "cluster"), "seeds");
        await Cluster.StartAsync();
        ApiTarget = Cluster.Http.BaseAddress!.Authority;
        SiloTarget = Cluster.SiloHttp.Authority;

        // Every ingest outcome and batch result the dashboard and alerts count, once before the first scrape.
        await SendTrafficAsync();

        var config = PrometheusServer.RewriteConfig(
            await File.ReadAllTextAsync(PrometheusTools.ConfigFile),
            new Dictionary<string, string> { [ApiJob] = ApiTarget, [SiloJob] = SiloTarget },
            "1s", PrometheusTools.RulesFile);
        Prometheus = await PrometheusServer.StartAsync(Path.Combine(_dir.Path, "prometheus"), config);
    }

    /// <summary>
    /// One round of traffic: a ranking, a series, an accepted batch (a new figure in the first round, a revision in
    /// the second, the same figure after), a batch rejected by validation, and the forecast endpoints.
    /// </summary>
    public async Task SendTrafficAsync()
    {
        var round = _round++;
        var value = round == 0 ? "71.5" : "71.6";
        await ExpectAsync(HttpStatusCode.OK, "rankings", Cluster.Http.GetAsync("/api/rankings/internet-users-rate?year=2020"));
        await ExpectAsync(HttpStatusCode.OK, "series", Cluster.Http.GetAsync("/api/series/60/internet-users-rate"));
        await ExpectAsync(HttpStatusCode.OK, "accepted batch", PostAsync(
            $$"""[{"province":"60","indicator":"internet-users-rate","year":2024,"kind":"actual","value":{{value}},"unit":"%","source":"monitoring-tests","quote":"{{value}}"}]"""));
        await ExpectAsync(HttpStatusCode.BadRequest, "rejected batch", PostAsync(
            """[{"province":"Atlantis","indicator":"internet-users-rate","year":2024,"kind":"actual","value":71.5}]"""));
        foreach (var path in ForecastPaths)
        {
            using var response = await Cluster.Http.GetAsync(path);
            ForecastStatus[path] = response.StatusCode;
            if (response.StatusCode is not (HttpStatusCode.OK or HttpStatusCode.NotFound))
                Problem($"GET {path}", response, await response.Content.ReadAsStringAsync());
        }
    }

    private Task<HttpResponseMessage> PostAsync(string json) =>
        Cluster.Http.PostAsync("/api/observations", new StringContent(json, Encoding.UTF8, "application/json"));

    private async Task ExpectAsync(HttpStatusCode expected, string what, Task<HttpResponseMessage> request)
    {
        using var response = await request;
        if (response.StatusCode != expected)
            Problem($"{what} (expected {(int)expected})", response, await response.Content.ReadAsStringAsync());
    }

    public async Task DisposeAsync()
    {
        if (Prometheus is not null) await Prometheus.DisposeAsync();
        Prometheus = null!;
        if (Cluster is not null) await Cluster.DisposeAsync();
        Cluster = null!;
        _dir.Dispose();
    }
}
