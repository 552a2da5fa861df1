using System.Text.Json;
using Analytics.Monitoring.Tests.Support;
using Analytics.Tests.Support;

namespace Analytics.Monitoring.Tests;

/// <summary>The files in deploy/ as Prometheus' own tool and Grafana's dashboard schema see them.</summary>
public sealed class DeployFilesTests
{
    private static readonly string[] Alerts =
    [
        "AnalyticsApiDown", "AnalyticsSiloDown", "AnalyticsApiErrorRatioHigh", "AnalyticsIngestRejectionRatioHigh",
        "AnalyticsModelStale", "AnalyticsProvincesNewlyOffTrack",
    ];

    [Fact]
    public async Task Promtool_accepts_the_scrape_config_and_its_rule_file()
    {
        var (code, output) = await PrometheusTools.PromtoolAsync("check", "config", PrometheusTools.ConfigFile);
        Assert.True(code == 0, $"promtool check config {PrometheusTools.ConfigFile}:\n{output}");
        Assert.Contains("1 rule files found", output);
    }

    [Fact]
    public async Task The_config_the_live_test_runs_is_the_projects_with_only_targets_intervals_and_rule_path_changed()
    {
        var original = await File.ReadAllTextAsync(PrometheusTools.ConfigFile);
        var rewritten = PrometheusServer.RewriteConfig(original,
            new Dictionary<string, string> { ["analytics-api"] = "127.0.0.1:40001", ["analytics-silo"] = "127.0.0.1:40002" },
            "1s", PrometheusTools.RulesFile);

        using var dir = new TempDirectory();
        var file = Path.Combine(dir.Path, "prometheus.yml");
        await File.WriteAllTextAsync(file, rewritten);
        var (code, output) = await PrometheusTools.PromtoolAsync("check", "config", file);
        Assert.True(code == 0, $"promtool check config on the rewritten config:\n{output}\n{rewritten}");

        Assert.Contains("          - \"127.0.0.1:40001\"\n", rewritten);
        Assert.Contains("          - \"127.0.0.1:40002\"\n", rewritten);
        Assert.Contains("  scrape_interval: 1s\n", rewritten);
        Assert.Contains("  - " + PrometheusTools.RulesFile + "\n", rewritten);
        var changed = original.Split('\n').Zip(rewritten.Split('\n')).Count(p => p.First != p.Second);
        Assert.Equal(5, changed);
    }

    [Fact]
    public async Task Promtool_accepts_the_alert_rules()
    {
        var (code, output) = await PrometheusTools.PromtoolAsync("check", "rules", PrometheusTools.RulesFile);
        Assert.True(code == 0, $"promtool check rules {PrometheusTools.RulesFile}:\n{output}");
        Assert.Contains($"{Alerts.Length} rules found", output);
    }

    [Fact]
    public async Task Each_alert_fires_on_its_condition_and_stays_quiet_otherwise()
    {
        // alerts_test.yml feeds each rule a failing and a healthy history and checks labels and annotations.
        var (code, output) = await PrometheusTools.PromtoolAsync("test", "rules", PrometheusTools.RuleTestsFile);
        Assert.True(code == 0, $"promtool test rules {PrometheusTools.RuleTestsFile}:\n{output}");

        var tests = await File.ReadAllTextAsync(PrometheusTools.RuleTestsFile);
        Assert.All(Alerts, alert => Assert.Contains($"alertname: {alert}", tests));
    }

    [Fact]
    public async Task Every_alert_has_a_severity_summary_description_and_runbook()
    {
        var rules = await File.ReadAllTextAsync(PrometheusTools.RulesFile);
        foreach (var alert in Alerts)
        {
            var start = rules.IndexOf($"- alert: {alert}\n", StringComparison.Ordinal);
            Assert.True(start >= 0, $"alerts.yml has no alert {alert}");
            var next = rules.IndexOf("- alert: ", start + 1, StringComparison.Ordinal);
            var rule = next < 0 ? rules[start..] : rules[start..next];
            foreach (var key in new[] { "expr:", "severity:", "summary:", "description:", "runbook:" })
                Assert.True(rule.Contains(key, StringComparison.Ordinal), $"alert {alert} has no {key}");
        }
    }

    [Fact]
    public void The_dashboard_has_a_row_for_each_concern_and_every_panel_queries_prometheus()
    {
        var dashboard = GrafanaDashboard.Load(PrometheusTools.DashboardFile);

        Assert.Equal(["Cluster health", "API", "Ingest", "Forecasting", "Attainment (target year 2025)"], dashboard.RowTitles);
        Assert.Equal(dashboard.Panels.Count, dashboard.Panels.Select(p => p.Id).Distinct().Count());
        Assert.Equal(dashboard.Panels.Count, dashboard.Panels.Select(p => p.Title).Distinct().Count());
        foreach (var panel in dashboard.Panels)
        {
            Assert.True(panel.Queries.Count > 0, $"panel '{panel.Title}' has no Prometheus query");
            var datasource = panel.Json.GetProperty("datasource");
            Assert.Equal(("prometheus", "${datasource}"), (datasource.GetProperty("type").GetString(), datasource.GetProperty("uid").GetString()));
            Assert.True(panel.Json.TryGetProperty("gridPos", out _), $"panel '{panel.Title}' has no gridPos");
        }
        foreach (var row in new[] { "Cluster health", "API", "Ingest", "Forecasting", "Attainment (target year 2025)" })
            Assert.Contains(dashboard.Panels, p => p.Row == row);

        // The province × indicator heat map: an instant table query pivoted into a matrix, cells coloured by ratio.
        var heatMap = Assert.Single(dashboard.Panels, p => p.Queries.Any(q => q.Expr.Contains("analytics_attainment_ratio")));
        Assert.Equal(("table", "Attainment (target year 2025)"), (heatMap.Type, heatMap.Row));
        Assert.True(heatMap.Queries.Single().Instant);
        var pivot = heatMap.Json.GetProperty("transformations").EnumerateArray().Single(t => t.GetProperty("id").GetString() == "groupingToMatrix");
        Assert.Equal(("province", "indicator"), (pivot.GetProperty("options").GetProperty("rowField").GetString(), pivot.GetProperty("options").GetProperty("columnField").GetString()));

        // Variables the live test can resolve: a data source, and label_values(...) queries.
        var variables = dashboard.Variables.ToDictionary(v => v.Name);
        Assert.Equal("datasource", variables["datasource"].Type);
        foreach (var v in dashboard.Variables.Where(v => v.Type == "query"))
            Assert.True(GrafanaDashboard.ParseLabelValues(v.Query) is not null, $"variable {v.Name}: {v.Query} is not label_values(...)");
    }

    [Fact]
    public void Grafana_provisioning_points_at_the_dashboard_and_the_data_source_it_names()
    {
        var datasource = File.ReadAllText(Path.Combine(PrometheusTools.DeployDir, "grafana", "provisioning", "datasources", "prometheus.yml"));
        var dashboards = File.ReadAllText(Path.Combine(PrometheusTools.DeployDir, "grafana", "provisioning", "dashboards", "analytics.yml"));
        var dashboard = JsonDocument.Parse(File.ReadAllText(PrometheusTools.DashboardFile)).RootElement;

        Assert.Contains("type: prometheus", datasource);
        Assert.Contains("uid: analytics-prometheus", datasource);
        Assert.Contains("type: file", dashboards);
        var current = dashboard.GetProperty("templating").GetProperty("list").EnumerateArray()
            .Single(v => v.GetProperty("name").GetString() == "datasource").GetProperty("current").GetProperty("value").GetString();
        Assert.Equal("analytics-prometheus", current);
        Assert.Equal("analytics-cluster", dashboard.GetProperty("uid").GetString());
        Assert.True(File.Exists(Path.Combine(Repo.Root, "scripts", "prometheus.sh")));
    }
}
