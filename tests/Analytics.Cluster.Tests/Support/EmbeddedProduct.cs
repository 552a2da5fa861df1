using System.Diagnostics;
using System.Net.Http.Json;
using Analytics.Tests.Support;

namespace Analytics.Cluster.Tests.Support;

/// <summary>
/// The embedded product as run.sh starts it (one silo on a SQLite file in a data folder, and the API), from the
/// Release build, on ports of its own. The data folder outlives the processes so a test can damage, back up or
/// restore it between starts.
/// </summary>
public sealed class EmbeddedProduct : IAsyncDisposable
{
    private readonly int _siloPort = FreePorts.Next(), _gatewayPort = FreePorts.Next(), _siloHttpPort = FreePorts.Next(), _apiPort = FreePorts.Next();
    private readonly List<ProductProcess> _processes = [];
    private int _starts;

    public EmbeddedProduct(string name)
    {
        LogDirectory = Directory.CreateDirectory(Path.Combine(Path.GetTempPath(), "analytics-cluster-tests", $"{name}-{Guid.NewGuid():n}"[..(name.Length + 11)])).FullName;
        Http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{_apiPort}"), Timeout = TimeSpan.FromSeconds(60) };
    }

    public string LogDirectory { get; }

    public HttpClient Http { get; }

    public ProductProcess? Silo { get; private set; }

    public ProductProcess? Api { get; private set; }

    /// <summary>The silo's own /health.</summary>
    public Uri SiloHealth => new($"http://127.0.0.1:{_siloHttpPort}/health");

    /// <summary>The silo's own /metrics.</summary>
    public Uri SiloMetrics => new($"http://127.0.0.1:{_siloHttpPort}/metrics");

    /// <summary>A data folder of its own under the log directory.</summary>
    public string NewDataDirectory(string name) => Directory.CreateDirectory(Path.Combine(LogDirectory, name)).FullName;

    public static string DatabaseIn(string dataDirectory) => Path.Combine(dataDirectory, "analytics.db");

    private Dictionary<string, string> Environment(string dataDirectory) => new()
    {
        ["ANALYTICS_MODE"] = "embedded",
        ["ANALYTICS_BUNDLE"] = "catalog",
        ["ANALYTICS_DATA_DIR"] = dataDirectory,
        ["SILO_PORT"] = _siloPort.ToString(),
        ["GATEWAY_PORT"] = _gatewayPort.ToString(),
        ["SILO_HTTP_PORT"] = _siloHttpPort.ToString(),
        ["API_PORT"] = _apiPort.ToString(),
    };

    /// <summary>Starts the silo on <paramref name="dataDirectory"/> without waiting for it.</summary>
    public ProductProcess StartSilo(string dataDirectory, IReadOnlyDictionary<string, string>? settings = null)
    {
        var environment = Environment(dataDirectory);
        foreach (var (key, value) in settings ?? new Dictionary<string, string>()) environment[key] = value;
        Silo = ProductProcess.Start($"silo-{++_starts}", PostgresCluster.SiloDll, environment, LogDirectory);
        _processes.Add(Silo);
        return Silo;
    }

    /// <summary>Starts the silo and the API and waits until both answer.</summary>
    public async Task StartAsync(
        string dataDirectory, IReadOnlyDictionary<string, string>? siloSettings = null, IReadOnlyDictionary<string, string>? apiSettings = null)
    {
        var silo = StartSilo(dataDirectory, siloSettings);
        await WaitUntilAnswersAsync(silo, new Uri($"http://127.0.0.1:{_siloHttpPort}/health"));
        var environment = Environment(dataDirectory);
        foreach (var (key, value) in apiSettings ?? new Dictionary<string, string>()) environment[key] = value;
        Api = ProductProcess.Start($"api-{++_starts}", PostgresCluster.ApiDll, environment, LogDirectory);
        var api = Api;
        _processes.Add(api);
        await WaitUntilAnswersAsync(api, new Uri(Http.BaseAddress!, "/api/indicators"));
        Keys = await TestKeys.EnsureAsync(Http.BaseAddress!, dataDirectory);
        Http.DefaultRequestHeaders.Remove("X-Api-Key");
        Http.DefaultRequestHeaders.Add("X-Api-Key", Keys.Admin);
    }

    /// <summary>The keys of the data folder last started (<see cref="Http"/> sends the admin key).</summary>
    public TestKeys Keys { get; private set; } = null!;

    /// <summary>Defines indicators (0..100) and posts a figure for every province and year: a database of some size.</summary>
    public async Task FillAsync(string[] indicators, int years)
    {
        using (var defined = await Http.PostAsJsonAsync("/api/indicators", indicators.Select(c => new
        {
            code = c, nameVi = "Chỉ tiêu kiểm thử", nameEn = "Test rate", unit = "%",
            direction = "higher-is-better", min = 0, max = 100, aggregation = "mean", source = "cluster-tests",
        })))
            defined.EnsureSuccessStatusCode();
        // Provinces of the 63 that lasted until the 2025 merger: every one of them held figures in 2000–2024.
        var provinces = (await Http.GetFromJsonAsync<List<ProvinceView>>("/api/provinces?geography=vn-63", Json.Options))!
            .Where(p => p.ValidTo is null || p.ValidTo.Value.Year >= 2025).Select(p => p.Code).ToList();
        var rows = from i in indicators from p in provinces from y in Enumerable.Range(2000, years)
                   select new Row(p, i, y, "actual", (p.GetHashCode() & 0xff) % 100 + y % 10 / 10.0);
        foreach (var batch in rows.Chunk(1_000))
        {
            using var response = await Http.PostAsync("/api/observations", PostgresCluster.Csv(batch));
            response.EnsureSuccessStatusCode();
        }
    }

    /// <summary>SIGTERM to every process, the silo last, as an operator stops the product.</summary>
    public async Task StopAsync()
    {
        foreach (var process in Enumerable.Reverse(_processes)) await process.StopAsync(TimeSpan.FromSeconds(60));
    }

    public async Task<string> ReadLogAsync(ProductProcess process)
    {
        await using var stream = new FileStream(process.LogFile, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        return await new StreamReader(stream).ReadToEndAsync();
    }

    private static async Task WaitUntilAnswersAsync(ProductProcess process, Uri url)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        var clock = Stopwatch.StartNew();
        while (true)
        {
            if (process.HasExited) throw new InvalidOperationException($"{process.Name} exited during start-up. Log: {process.LogFile}");
            try
            {
                using var response = await http.GetAsync(url);
                if (response.IsSuccessStatusCode) return;
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException) { }
            if (clock.Elapsed > PostgresCluster.StartPatience) throw new TimeoutException($"{url} did not answer within {PostgresCluster.StartPatience}. Log: {process.LogFile}");
            await Task.Delay(200);
        }
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        foreach (var process in _processes) await process.DisposeAsync();
    }
}
