using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text;
using Analytics.Tests.Support;

namespace Analytics.Cluster.Tests.Support;

/// <summary>
/// A production-shaped cluster on this machine: silo processes in postgres mode (ADO.NET clustering and grain
/// storage) on distinct loopback ports, and the API process as their Orleans client, all from the Release build.
/// Each cluster has a fresh database and its own cluster id, so nothing is shared with other tests.
/// </summary>
public sealed class PostgresCluster : IAsyncDisposable
{
    public const string SiloDll = "silo/bin/Release/net10.0/Analytics.Silo.dll";
    public const string ApiDll = "api/bin/Release/net10.0/Analytics.Api.dll";

    /// <summary>How long a silo or the API may take to answer after starting, on a busy two-core machine.</summary>
    public static readonly TimeSpan StartPatience = TimeSpan.FromSeconds(90);

    private readonly TestDatabase _database;
    private readonly SiloPorts[] _ports;
    private readonly ProductProcess?[] _silos;
    private readonly Dictionary<string, string> _environment;
    private readonly int _apiPort = FreePorts.Next();
    private ProductProcess? _api;
    private int _starts;

    // Settings of each silo of its own (by index), beside the cluster's shared ones; kept for its restarts.
    private readonly Func<int, IReadOnlyDictionary<string, string>?> _siloSettings;

    private PostgresCluster(TestDatabase database, int silos, Func<int, IReadOnlyDictionary<string, string>?>? siloSettings)
    {
        _siloSettings = siloSettings ?? (_ => null);
        _database = database;
        ClusterId = "test-" + Guid.NewGuid().ToString("n")[..10];
        LogDirectory = Directory.CreateDirectory(Path.Combine(Path.GetTempPath(), "analytics-cluster-tests", ClusterId)).FullName;
        _ports = [.. Enumerable.Range(0, silos).Select(_ => new SiloPorts(FreePorts.Next(), FreePorts.Next(), FreePorts.Next()))];
        _silos = new ProductProcess?[silos];
        _environment = new()
        {
            ["ANALYTICS_MODE"] = "postgres",
            ["ANALYTICS_PG"] = database.ConnectionString,
            ["ANALYTICS_CLUSTER_ID"] = ClusterId,
            ["ANALYTICS_BUNDLE"] = "catalog",
            ["ANALYTICS_DATA_DIR"] = LogDirectory,
        };
        Http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 64, PooledConnectionLifetime = TimeSpan.FromMinutes(1) })
        {
            BaseAddress = new Uri($"http://127.0.0.1:{_apiPort}"),
            Timeout = TimeSpan.FromSeconds(60),
        };
    }

    public sealed record SiloPorts(int Silo, int Gateway, int Http);

    public string ClusterId { get; }

    /// <summary>Where every process of this cluster writes its log; named in failure messages.</summary>
    public string LogDirectory { get; }

    /// <summary>A client of the API. Tests that need independent connections make their own with <see cref="NewClient"/>.</summary>
    public HttpClient Http { get; }

    public Uri ApiUrl => Http.BaseAddress!;

    public IReadOnlyList<SiloPorts> Ports => _ports;

    /// <summary>A fresh database, <paramref name="silos"/> silo processes started together, then the API.</summary>
    /// <param name="siloSettings">Environment settings of one silo (by index) beside the cluster's, or null.</param>
    public static async Task<PostgresCluster> StartAsync(int silos = 3, Func<int, IReadOnlyDictionary<string, string>?>? siloSettings = null)
    {
        var database = await PostgresServer.CreateDatabaseAsync("cluster_test");
        var cluster = new PostgresCluster(database, silos, siloSettings);
        try
        {
            // All at once, as an orchestrator would: the API keeps trying gateways until a silo is up.
            await Task.WhenAll(cluster.StartSilosAsync([.. Enumerable.Range(0, silos)]), cluster.StartApiAsync());
            await PollAsync(cluster.GetClusterAsync, v => v.Active == silos, StartPatience, $"{silos} active silos");
            cluster.Keys = await TestKeys.EnsureAsync(cluster.ApiUrl, cluster.LogDirectory);
            cluster.Http.DefaultRequestHeaders.Add("X-Api-Key", cluster.Keys.Admin);
            return cluster;
        }
        catch
        {
            await cluster.DisposeAsync();
            throw;
        }
    }

    /// <summary>The keys made through the silos' bootstrap token; <see cref="Http"/> and <see cref="NewClient"/> send the admin key.</summary>
    public TestKeys Keys { get; private set; } = null!;

    public HttpClient NewClient()
    {
        var http = new HttpClient(new SocketsHttpHandler()) { BaseAddress = ApiUrl, Timeout = TimeSpan.FromSeconds(60) };
        http.DefaultRequestHeaders.Add("X-Api-Key", Keys.Admin);
        return http;
    }

    /// <summary>Starts the given silos at once (on their own ports, as before if they ran already) and waits until each answers /health.</summary>
    public async Task StartSilosAsync(params int[] indexes)
    {
        foreach (var i in indexes)
        {
            if (_silos[i] is { HasExited: false }) throw new InvalidOperationException($"Silo {i} is running.");
            if (_silos[i] is { } old) await old.DisposeAsync();
            var env = new Dictionary<string, string>(_environment)
            {
                ["SILO_PORT"] = _ports[i].Silo.ToString(),
                ["GATEWAY_PORT"] = _ports[i].Gateway.ToString(),
                ["SILO_HTTP_PORT"] = _ports[i].Http.ToString(),
            };
            foreach (var (key, value) in _siloSettings(i) ?? new Dictionary<string, string>()) env[key] = value;
            _silos[i] = ProductProcess.Start($"silo-{i}-{++_starts}", SiloDll, env, LogDirectory);
        }
        await Task.WhenAll(indexes.Select(i => WaitUntilAnswersAsync(_silos[i]!, new Uri($"http://127.0.0.1:{_ports[i].Http}/health"))));
    }

    public async Task StartApiAsync()
    {
        // These clusters are driven by tests that read every series at once: the per-key read limit (a guard for a
        // shared API) is lifted so that a crash test measures the crash, not the limit.
        var env = new Dictionary<string, string>(_environment)
        {
            ["API_PORT"] = _apiPort.ToString(),
            ["Analytics__RateLimit__ReadBurst"] = "1000000",
            ["Analytics__RateLimit__ReadsPerSecond"] = "1000000",
        };
        _api = ProductProcess.Start($"api-{++_starts}", ApiDll, env, LogDirectory);
        await WaitUntilAnswersAsync(_api, new Uri(ApiUrl, "/api/indicators"));
    }

    /// <summary>
    /// Runs the documented schema command (<c>dotnet Analytics.Silo.dll --apply-schema</c>) against this cluster's
    /// database, as an operator would against a live one; returns its exit code and output.
    /// </summary>
    public async Task<(int ExitCode, string Output)> ApplySchemaAsync()
    {
        var info = new ProcessStartInfo("dotnet") { WorkingDirectory = Repo.Root, RedirectStandardOutput = true, RedirectStandardError = true };
        info.ArgumentList.Add(Path.Combine(Repo.Root, SiloDll));
        info.ArgumentList.Add("--apply-schema");
        foreach (var (key, value) in _environment) info.Environment[key] = value;
        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(60));
        return (process.ExitCode, await stdout + await stderr);
    }

    /// <summary>kill -9 of one silo process.</summary>
    public Task KillSiloAsync(int index) => _silos[index]!.KillAsync();

    /// <summary>The index of the running silo whose process has this id.</summary>
    public int SiloWithProcess(int processId) => Array.FindIndex(_silos, s => s is { HasExited: false } && s.Id == processId);

    /// <summary>SIGTERM to every running silo at once; each leaves the cluster and exits.</summary>
    public Task StopSilosAsync() =>
        Task.WhenAll(_silos.Where(s => s is { HasExited: false }).Select(s => s!.StopAsync(TimeSpan.FromSeconds(60))));

    public async Task<ClusterView> GetClusterAsync()
    {
        using var response = await Http.GetAsync("/api/cluster");
        await EnsureSuccessAsync(response, "GET /api/cluster");
        return (await response.Content.ReadFromJsonAsync<ClusterView>(Json.Options))!;
    }

    public async Task<T> GetAsync<T>(string path, HttpClient? client = null)
    {
        using var response = await (client ?? Http).GetAsync(path);
        await EnsureSuccessAsync(response, $"GET {path}");
        return (await response.Content.ReadFromJsonAsync<T>(Json.Options))!;
    }

    public async Task<string> GetTextAsync(string path)
    {
        using var response = await Http.GetAsync(path);
        await EnsureSuccessAsync(response, $"GET {path}");
        return await response.Content.ReadAsStringAsync();
    }

    /// <summary>Defines indicators through the API (0..100, higher is better), as an analyst would before an import.</summary>
    public async Task DefineIndicatorsAsync(IEnumerable<string> codes)
    {
        using var response = await Http.PostAsJsonAsync("/api/indicators", codes.Select(c => new
        {
            code = c, nameVi = "Chỉ tiêu kiểm thử", nameEn = "Test rate", unit = "%",
            direction = "higher-is-better", min = 0, max = 100, aggregation = "mean", source = "cluster-tests",
        }));
        await EnsureSuccessAsync(response, "POST /api/indicators");
    }

    /// <summary>The 63 provinces that report figures from 2008 to 2025 (not Hà Tây), in catalog order.</summary>
    public async Task<List<string>> CurrentProvincesAsync() =>
        [.. (await GetAsync<List<ProvinceView>>("/api/provinces?geography=vn-63")).Where(p => p.ValidTo is null || p.ValidTo.Value.Year >= 2025).Select(p => p.Code)];

    /// <summary>
    /// A series by the code its figures were sent under: a province of the 63 named with its geography (68 alone is the
    /// new Lâm Đồng today), a territory code of the 34 ("vn34-68") as it is.
    /// </summary>
    public static string SeriesPath(string province, string indicator) =>
        province.StartsWith("vn34-", StringComparison.Ordinal) ? $"/api/series/{province}/{indicator}" : $"/api/series/{province}/{indicator}?geography=vn-63";

    /// <summary>The 34 units of 2025 (code, and the territory code their figures are stored and sent under: "vn34-68").</summary>
    public async Task<List<ProvinceView>> UnitsOf2025Async() => await GetAsync<List<ProvinceView>>("/api/provinces?geography=vn-34");

    public static StringContent Csv(IEnumerable<Row> rows)
    {
        var csv = new StringBuilder("province,indicator,year,quarter,kind,value,unit,source,quote\n");
        foreach (var r in rows)
            csv.Append(r.Province).Append(',').Append(r.Indicator).Append(',').Append(r.Year).Append(",,").Append(r.Kind).Append(',')
               .Append(r.Value.ToString("R", System.Globalization.CultureInfo.InvariantCulture)).Append(",%,").Append(r.Source).Append(",\n");
        return new StringContent(csv.ToString(), Encoding.UTF8, "text/csv");
    }

    /// <summary>Polls <paramref name="probe"/> until it returns a value that satisfies <paramref name="done"/> or the deadline passes.</summary>
    public static async Task<(T Value, TimeSpan Elapsed)> PollAsync<T>(
        Func<Task<T>> probe, Func<T, bool> done, TimeSpan deadline, string what, TimeSpan? interval = null)
    {
        var clock = Stopwatch.StartNew();
        Exception? lastError = null;
        T? last = default;
        while (true)
        {
            try
            {
                last = await probe();
                if (done(last)) return (last, clock.Elapsed);
                lastError = null;
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
            {
                lastError = ex;
            }
            if (clock.Elapsed > deadline)
                throw new TimeoutException($"{what}: not within {deadline.TotalSeconds:F0} s. Last: {(object?)lastError?.Message ?? last}");
            await Task.Delay(interval ?? TimeSpan.FromMilliseconds(250));
        }
    }

    private async Task WaitUntilAnswersAsync(ProductProcess process, Uri url)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        var clock = Stopwatch.StartNew();
        while (true)
        {
            if (process.HasExited) throw new InvalidOperationException($"{process.Name} exited during start-up. Log: {process.LogFile}");
            try
            {
                using var response = await http.GetAsync(url);
                if (response.IsSuccessStatusCode)
                {
                    process.Note($"answered {url.PathAndQuery} {clock.Elapsed.TotalSeconds:F1} s after start");
                    return;
                }
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException) { }
            if (clock.Elapsed > StartPatience) throw new TimeoutException($"{url} did not answer within {StartPatience}. Log: {process.LogFile}");
            await Task.Delay(200);
        }
    }

    private async Task EnsureSuccessAsync(HttpResponseMessage response, string what)
    {
        if (response.IsSuccessStatusCode) return;
        var body = await response.Content.ReadAsStringAsync();
        throw new HttpRequestException($"{what}: {(int)response.StatusCode} {body} (logs: {LogDirectory})", null, response.StatusCode);
    }


    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        if (_api is not null) await _api.DisposeAsync();
        foreach (var silo in _silos) if (silo is not null) await silo.DisposeAsync();
        await _database.DisposeAsync();
    }
}

/// <summary>One row of an observations upload.</summary>
public sealed record Row(string Province, string Indicator, int Year, string Kind, double Value, string Source = "cluster-tests");
