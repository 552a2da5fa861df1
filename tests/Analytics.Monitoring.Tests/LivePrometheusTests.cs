using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Analytics.Hosting;
using Analytics.Monitoring.Tests.Support;
using Xunit.Abstractions;

namespace Analytics.Monitoring.Tests;

/// <summary>
/// A real Prometheus with the project's scrape config and alert rules, scraping a real silo and API that are
/// serving traffic. A dashboard panel whose query returns nothing here would show nothing in Grafana either.
/// </summary>
public sealed partial class LivePrometheusTests(MonitoredCluster fixture, ITestOutputHelper output) : IClassFixture<MonitoredCluster>
{
    /// <summary>How long the scrapes (every second) get to bring every series in, rate() windows included.</summary>
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    /// <summary>After every query has series, how long queries that only return NaN (a quantile over no requests) may take to fill.</summary>
    private static readonly TimeSpan NaNGrace = TimeSpan.FromSeconds(10);

    /// <summary>Grafana's built-in variables, as Grafana would set them for a 5-minute range at 15 s resolution.</summary>
    private static readonly Dictionary<string, string> BuiltIns = new()
    {
        ["__rate_interval"] = "1m",
        ["__interval"] = "15s",
        ["__interval_ms"] = "15000",
        ["__range"] = "5m",
        ["__range_s"] = "300",
        ["__range_ms"] = "300000",
    };

    private PrometheusServer Prometheus => fixture.Prometheus;

    [Fact]
    public async Task Every_dashboard_query_returns_series_from_the_live_cluster()
    {
        var dashboard = GrafanaDashboard.Load(PrometheusTools.DashboardFile);
        var deadline = DateTime.UtcNow + Patience;
        DateTime? graceEnds = null;
        Evaluation evaluation;
        while (true)
        {
            await fixture.SendTrafficAsync();
            evaluation = await EvaluateAsync(dashboard);
            var now = DateTime.UtcNow;
            if (evaluation.Problems.Count == 0)
            {
                if (evaluation.NaNOnly.Count == 0) break;
                graceEnds ??= now + NaNGrace;
                if (now >= graceEnds) break;
            }
            if (now >= deadline) break;
            await Task.Delay(TimeSpan.FromSeconds(1));
        }

        output.WriteLine($"{evaluation.Queries} queries of {dashboard.Panels.Count} panels; variables: " +
                         string.Join(", ", evaluation.Variables.Select(v => $"${v.Key}={v.Value}")));
        output.WriteLine("forecast endpoints: " + string.Join(", ", fixture.ForecastStatus.Select(s => $"{s.Key} → {(int)s.Value}")));
        foreach (var nan in evaluation.NaNOnly) output.WriteLine($"only NaN (no events in the rate window): {nan}");

        var failures = new List<string>();
        if (evaluation.Problems.Count > 0)
            failures.Add($"{evaluation.Problems.Count} of {evaluation.Queries} dashboard queries returned nothing from Prometheus after " +
                         $"{Patience.TotalSeconds:0} s of scrapes every second (panels by row and title):\n  " + string.Join("\n  ", evaluation.Problems));
        if (fixture.TrafficProblems.ToList() is { Count: > 0 } traffic)
            failures.Add("Unexpected answers to the test traffic:\n  " + string.Join("\n  ", traffic));
        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }

    [Fact]
    public async Task Every_target_is_up_every_rule_evaluates_and_every_metric_an_alert_reads_is_scraped()
    {
        var rules = await File.ReadAllTextAsync(PrometheusTools.RulesFile);
        var metrics = AlertMetrics(rules);
        Assert.Contains("analytics_attainment_provinces", metrics);

        var deadline = DateTime.UtcNow + Patience;
        List<string> problems;
        while (true)
        {
            await fixture.SendTrafficAsync();
            problems = [];
            problems.AddRange(await TargetProblemsAsync());
            problems.AddRange(await RuleProblemsAsync());
            foreach (var metric in metrics)
            {
                if ((await Prometheus.QueryAsync($"count({{__name__=\"{metric}\"}})")).Count == 0)
                    problems.Add($"metric {metric} (read by an alert) is not scraped from any target");
            }
            if (problems.Count == 0 || DateTime.UtcNow >= deadline) break;
            await Task.Delay(TimeSpan.FromSeconds(1));
        }
        Assert.True(problems.Count == 0, "Live Prometheus:\n  " + string.Join("\n  ", problems));
    }

    [Fact]
    public async Task The_products_duration_histograms_are_exported_with_second_scale_buckets()
    {
        // Percentile panels are only as good as the buckets: OpenTelemetry's default bounds (0, 5, 10, ... 10000)
        // suit milliseconds, and put every sub-5-second request in one bucket.
        await fixture.SendTrafficAsync();
        var text = await fixture.Cluster.Http.GetStringAsync("/metrics");
        var bounds = BucketBounds(text);
        Assert.Contains("analytics_ranking_request_duration_seconds", bounds.Keys);
        foreach (var (histogram, les) in bounds)
        {
            Assert.True(les.SequenceEqual(AnalyticsMetrics.DurationBuckets),
                $"{histogram} is exported with buckets [{string.Join(", ", les)}], not AnalyticsMetrics.DurationBuckets " +
                $"[{string.Join(", ", AnalyticsMetrics.DurationBuckets)}] (is the view in MetricsSetup reading DurationBuckets before it is initialised?)");
        }
    }

    private sealed record Evaluation(int Queries, List<string> Problems, List<string> NaNOnly, Dictionary<string, string> Variables);

    /// <summary>Resolves the dashboard's variables through Prometheus' label API, then runs every panel query.</summary>
    private async Task<Evaluation> EvaluateAsync(GrafanaDashboard dashboard)
    {
        var problems = new List<string>();
        var nanOnly = new List<string>();
        var values = new Dictionary<string, string>(BuiltIns);
        foreach (var variable in dashboard.Variables)
        {
            switch (variable.Type)
            {
                case "datasource":
                    values[variable.Name] = "prometheus";
                    break;
                case "query":
                    var (selector, label) = GrafanaDashboard.ParseLabelValues(variable.Query)
                        ?? throw new InvalidOperationException($"variable {variable.Name}: cannot resolve '{variable.Query}'");
                    var options = await Prometheus.LabelValuesAsync(label, selector);
                    if (options.Count == 0) problems.Add($"variable ${variable.Name}: {variable.Query} returns no values");
                    values[variable.Name] = GrafanaDashboard.ValueFor(variable, options);
                    break;
                case "custom" or "constant" or "textbox" or "interval":
                    var first = variable.Current.FirstOrDefault() ?? variable.Query?.Split(',')[0].Trim() ?? "";
                    values[variable.Name] = first;
                    break;
                default:
                    problems.Add($"variable ${variable.Name}: type {variable.Type} not supported by this test");
                    break;
            }
        }

        var queries = 0;
        foreach (var panel in dashboard.Panels)
        {
            foreach (var query in panel.Queries)
            {
                queries++;
                var name = $"[{panel.Row}] {panel.Title} ({query.RefId})";
                var expr = GrafanaDashboard.Substitute(query.Expr, values);
                if (GrafanaDashboard.Unresolved(expr).ToList() is { Count: > 0 } unresolved)
                {
                    problems.Add($"{name}: unresolved {string.Join(", ", unresolved)} in {query.Expr}");
                    continue;
                }
                try
                {
                    var samples = await Prometheus.QueryAsync(expr);
                    if (samples.Count == 0) problems.Add($"{name}: {expr}");
                    else if (samples.All(s => s.IsNaN)) nanOnly.Add($"{name}: {expr}");
                }
                catch (PrometheusQueryException ex)
                {
                    problems.Add($"{name}: Prometheus rejected the query: {ex.Message}\n      {expr}");
                }
            }
        }
        return new Evaluation(queries, problems, nanOnly, values.Where(v => !BuiltIns.ContainsKey(v.Key)).ToDictionary());
    }

    private async Task<IEnumerable<string>> TargetProblemsAsync()
    {
        var problems = new List<string>();
        var data = await Prometheus.ApiAsync("targets?state=active");
        var targets = data.GetProperty("activeTargets").EnumerateArray().Select(t => (
            Job: t.GetProperty("labels").GetProperty("job").GetString(),
            Instance: t.GetProperty("labels").GetProperty("instance").GetString(),
            Health: t.GetProperty("health").GetString(),
            Error: t.GetProperty("lastError").GetString())).ToList();
        foreach (var (job, instance) in new[] { (MonitoredCluster.ApiJob, fixture.ApiTarget), (MonitoredCluster.SiloJob, fixture.SiloTarget) })
        {
            if (!targets.Any(t => t.Job == job && t.Instance == instance)) problems.Add($"no target {job} {instance} in Prometheus");
        }
        problems.AddRange(targets.Where(t => t.Health != "up").Select(t => $"target {t.Job} {t.Instance} is {t.Health}: {t.Error}"));
        return problems;
    }

    private async Task<IEnumerable<string>> RuleProblemsAsync()
    {
        var data = await Prometheus.ApiAsync("rules");
        var rules = data.GetProperty("groups").EnumerateArray().SelectMany(g => g.GetProperty("rules").EnumerateArray()).ToList();
        var problems = rules
            .Where(r => r.GetProperty("health").GetString() != "ok")
            .Select(r => $"rule {r.GetProperty("name").GetString()} is {r.GetProperty("health").GetString()}: " +
                         (r.TryGetProperty("lastError", out var e) ? e.GetString() : ""))
            .ToList();
        if (rules.Count == 0) problems.Add("Prometheus loaded no alert rules");
        return problems;
    }

    /// <summary>Metric names in the alert expressions (label values and annotations left out).</summary>
    private static SortedSet<string> AlertMetrics(string rules)
    {
        var names = new SortedSet<string>();
        foreach (Match expr in AlertExpr().Matches(rules))
        {
            var text = QuotedString().Replace(expr.Groups["expr"].Value, "\"\"");
            foreach (Match m in MetricName().Matches(text)) names.Add(m.Value);
        }
        return names;
    }

    [GeneratedRegex(@"expr:\s*(?:\|\s*\n)?(?<expr>(?:.+\n?)+?)\s*(?:for:|labels:)")]
    private static partial Regex AlertExpr();

    [GeneratedRegex("\"[^\"]*\"")]
    private static partial Regex QuotedString();

    [GeneratedRegex(@"\b(?:up|(?:analytics|http_server|kestrel|orleans|dotnet)_[a-z0-9_]+)\b")]
    private static partial Regex MetricName();

    /// <summary>The `le` bounds (without +Inf) of each analytics_*_seconds histogram in Prometheus text.</summary>
    private static Dictionary<string, double[]> BucketBounds(string text)
    {
        var bounds = new Dictionary<string, SortedSet<double>>();
        foreach (var line in text.Split('\n'))
        {
            var m = BucketLine().Match(line);
            if (!m.Success || m.Groups["le"].Value == "+Inf") continue;
            var name = m.Groups["name"].Value;
            if (!bounds.TryGetValue(name, out var set)) bounds[name] = set = [];
            set.Add(double.Parse(m.Groups["le"].Value, CultureInfo.InvariantCulture));
        }
        return bounds.ToDictionary(b => b.Key, b => b.Value.ToArray());
    }

    [GeneratedRegex("""^(?<name>analytics_\w+_seconds)_bucket\{.*le="(?<le>[^"]+)"\}""")]
    private static partial Regex BucketLine();
}
