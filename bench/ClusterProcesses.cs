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

    /// <summary>How long a silo may take to answer: its first start loads the bundle before it serves anything.</summary>
    public TimeSpan SiloPatience { get; init; } = TimeSpan.FromMinutes(3);

    /// <summary>From the first silo's process start until its /health answered.</summary>
    public TimeSpan? SiloHealthyAfter { get; private set; }

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
            var clock = Stopwatch.StartNew();
            var silo = Start("silo/bin/Release/net10.0/Analytics.Silo.dll", env);
            SiloUrls.Add(new Uri($"http://127.0.0.1:{http}"));
            await WaitHealthyAsync(new Uri($"http://127.0.0.1:{http}/health"), silo, SiloPatience);
            SiloHealthyAfter ??= clock.Elapsed;
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
        AdminKey = await BootstrapAdminKeyAsync(environment["ANALYTICS_DATA_DIR"]);
    }

    /// <summary>The admin key the benchmark writes and defines with, made as an operator makes the first one.</summary>
    public string AdminKey { get; private set; } = null!;

    /// <summary>A client of the product's API that sends <see cref="AdminKey"/>.</summary>
    public void Authorize(HttpClient http) => http.DefaultRequestHeaders.Add("X-Api-Key", AdminKey);

    /// <summary>Turns the one-time token the silo wrote to its data folder into an admin key (README, "Security and operations").</summary>
    private async Task<string> BootstrapAdminKeyAsync(string dataDir)
    {
        var tokenFile = Path.Combine(dataDir, "bootstrap-token");
        var clock = Stopwatch.StartNew();
        while (!File.Exists(tokenFile))
        {
            if (clock.Elapsed > TimeSpan.FromMinutes(1)) throw new TimeoutException($"The silo wrote no {tokenFile}: is an admin key defined already?");
            await Task.Delay(100);
        }
        using var http = new HttpClient { BaseAddress = ApiUrl, Timeout = TimeSpan.FromSeconds(30) };
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/keys/bootstrap")
        {
            Content = System.Net.Http.Json.JsonContent.Create(new { name = "benchmark" }),
        };
        request.Headers.Add("X-Bootstrap-Token", (await File.ReadAllTextAsync(tokenFile)).Trim());
        using var response = await http.SendAsync(request);
        var body = await response.Content.ReadAsStringAsync();
        if (!response.IsSuccessStatusCode) throw new InvalidOperationException($"Bootstrapping the admin key: {(int)response.StatusCode} {body}");
        return System.Text.Json.JsonDocument.Parse(body).RootElement.GetProperty("key").GetString()!;
    }

    private Process Start(string dll, Dictionary<string, string> env)
    {
        var info = new ProcessStartInfo("dotnet", Path.Combine(_root, dll))
        {
            WorkingDirectory = _root,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        // The benchmark measures the product's capacity, not the per-key read limit that guards a shared API.
        info.Environment["Analytics__RateLimit__ReadBurst"] = "100000000";
        info.Environment["Analytics__RateLimit__ReadsPerSecond"] = "100000000";
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
