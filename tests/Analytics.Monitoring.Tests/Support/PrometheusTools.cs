using System.Diagnostics;
using Analytics.Tests.Support;

namespace Analytics.Monitoring.Tests.Support;

/// <summary>
/// The prometheus and promtool binaries. When either is missing, scripts/prometheus.sh ensure installs Debian's
/// prometheus package (./test.sh has normally done so already); when that fails too the tests fail with its
/// output, never skip.
/// </summary>
public static class PrometheusTools
{
    private static readonly SemaphoreSlim Gate = new(1, 1);
    private static (string Prometheus, string Promtool)? _paths;

    public static string DeployDir => Path.Combine(Repo.Root, "deploy");
    public static string ConfigFile => Path.Combine(DeployDir, "prometheus", "prometheus.yml");
    public static string RulesFile => Path.Combine(DeployDir, "prometheus", "alerts.yml");
    public static string RuleTestsFile => Path.Combine(DeployDir, "prometheus", "alerts_test.yml");
    public static string DashboardFile => Path.Combine(DeployDir, "grafana", "dashboards", "analytics-cluster.json");

    public static async Task<(string Prometheus, string Promtool)> PathsAsync()
    {
        await Gate.WaitAsync();
        try
        {
            if (_paths is { } known) return known;
            if (Find("prometheus") is null || Find("promtool") is null)
            {
                var script = Path.Combine(Repo.Root, "scripts", "prometheus.sh");
                var (code, output) = await RunAsync("bash", [script, "ensure"], TimeSpan.FromMinutes(10));
                Assert.True(code == 0,
                    $"Prometheus is not installed and `scripts/prometheus.sh ensure` could not install it (exit {code}). " +
                    $"Install Debian's prometheus package (apt-get install prometheus) or put prometheus and promtool on PATH.\n{output}");
            }
            var prometheus = Find("prometheus") ?? throw new InvalidOperationException("no prometheus on PATH after scripts/prometheus.sh ensure");
            var promtool = Find("promtool") ?? throw new InvalidOperationException("no promtool on PATH after scripts/prometheus.sh ensure");
            _paths = (prometheus, promtool);
            return _paths.Value;
        }
        finally
        {
            Gate.Release();
        }
    }

    /// <summary>Runs promtool with the arguments; returns its exit code and combined output.</summary>
    public static async Task<(int Code, string Output)> PromtoolAsync(params string[] args)
    {
        var (_, promtool) = await PathsAsync();
        return await RunAsync(promtool, args, TimeSpan.FromMinutes(2));
    }

    private static string? Find(string name)
    {
        var dirs = (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries)
            .Concat(["/usr/bin", "/usr/local/bin", "/usr/sbin"]);
        return dirs.Select(d => Path.Combine(d, name)).FirstOrDefault(File.Exists);
    }

    public static async Task<(int Code, string Output)> RunAsync(string file, IEnumerable<string> args, TimeSpan timeout, string? workingDirectory = null)
    {
        var info = new ProcessStartInfo(file)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = workingDirectory ?? Repo.Root,
        };
        foreach (var a in args) info.ArgumentList.Add(a);
        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var cts = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{file} {string.Join(' ', args)} did not finish within {timeout}");
        }
        return (process.ExitCode, (await stdout) + (await stderr));
    }
}
