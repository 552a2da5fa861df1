using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Analytics.Bench;

/// <summary>Silo and API processes started from the Release build, on free loopback ports, stopped on dispose.</summary>
public sealed class ClusterProcesses : IAsyncDisposable
{
    private readonly List<Process> _processes = [];
    private readonly string _root;

    public ClusterProcesses(string root) => _root = root;

    public Uri ApiUrl { get; private set; } = null!;

    /// <summary>Each silo's own HTTP endpoint (/health, /metrics).</summary>
    public List<Uri> SiloUrls { get; } = [];

    public Process? Api => _processes.LastOrDefault(p => p.StartInfo.Arguments.Contains("Analytics.Api"));

    public IReadOnlyList<Process> Silos => _processes.Where(p => p.StartInfo.Arguments.Contains("Silo")).ToList();

    public async Task StartAsync(Dictionary<string, string> environment, int silos)
    {
        var gatewayPorts = new List<int>();
        for (var i = 0; i < silos; i++)
        {
            var http = FreePort();
            var gateway = FreePort();
            gatewayPorts.Add(gateway);
            var env = new Dictionary<string, string>(environment)
            {
                ["SILO_PORT"] = FreePort().ToString(),
                ["GATEWAY_PORT"] = gateway.ToString(),
                ["SILO_HTTP_PORT"] = http.ToString(),
            };
            var silo = Start("silo/bin/Release/net10.0/Analytics.Silo.dll", env);
            SiloUrls.Add(new Uri($"http://127.0.0.1:{http}"));
            await WaitHealthyAsync(new Uri($"http://127.0.0.1:{http}/health"), silo, TimeSpan.FromMinutes(3));
        }

        var apiPort = FreePort();
        var apiEnv = new Dictionary<string, string>(environment)
        {
            ["API_PORT"] = apiPort.ToString(),
            ["GATEWAY_PORT"] = gatewayPorts[0].ToString(),
        };
        var api = Start("api/bin/Release/net10.0/Analytics.Api.dll", apiEnv);
        ApiUrl = new Uri($"http://127.0.0.1:{apiPort}");
        await WaitHealthyAsync(new Uri(ApiUrl, "/api/indicators"), api, TimeSpan.FromMinutes(1));
    }

    private Process Start(string dll, Dictionary<string, string> env)
    {
        var info = new ProcessStartInfo("dotnet", Path.Combine(_root, dll))
        {
            WorkingDirectory = _root,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var (k, v) in env) info.Environment[k] = v;
        info.Environment["Logging__LogLevel__Default"] = "Warning";
        var process = Process.Start(info)!;
        // Drain output so a chatty process never blocks on a full pipe.
        var verbose = Environment.GetEnvironmentVariable("BENCH_VERBOSE") == "1";
        process.OutputDataReceived += (_, e) => { if (verbose && e.Data is not null) Console.Error.WriteLine($"[{Path.GetFileNameWithoutExtension(dll)}] {e.Data}"); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) Console.Error.WriteLine($"[{Path.GetFileNameWithoutExtension(dll)}] {e.Data}"); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        _processes.Add(process);
        return process;
    }

    private static async Task WaitHealthyAsync(Uri url, Process process, TimeSpan patience)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        var deadline = DateTime.UtcNow + patience;
        while (DateTime.UtcNow < deadline)
        {
            if (process.HasExited) throw new InvalidOperationException($"{process.StartInfo.Arguments} exited with {process.ExitCode}.");
            try
            {
                if ((await http.GetAsync(url)).IsSuccessStatusCode) return;
            }
            catch (HttpRequestException) { }
            catch (TaskCanceledException) { }
            await Task.Delay(200);
        }
        throw new TimeoutException($"{url} did not answer within {patience}.");
    }

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var p in Enumerable.Reverse(_processes))
        {
            if (p.HasExited) continue;
            p.Kill(entireProcessTree: true);
            await p.WaitForExitAsync();
        }
    }
}
