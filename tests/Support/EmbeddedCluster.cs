using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text.Json;
using Analytics.Api;
using Analytics.Silo;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;

namespace Analytics.Tests.Support;

/// <summary>
/// The product as run.sh starts it: a real silo (SQLite through the ADO.NET provider, localhost clustering) and
/// the real API as its Orleans client, serving HTTP on a loopback port. Both in this process, on free ports.
/// </summary>
public sealed class EmbeddedCluster : IAsyncDisposable
{
    private readonly Dictionary<string, string?> _settings;
    private readonly bool _makeKeys;
    private readonly Action<WebApplicationBuilder>? _configureSilo;
    private WebApplication? _silo;
    private WebApplication? _api;
    private readonly List<(WebApplication App, HttpClient Http)> _moreApis = [];

    /// <param name="makeKeys">Whether the fixture turns the silo's bootstrap token into keys (false: the cluster starts with none, as on a fresh machine).</param>
    /// <param name="configureSilo">Changes to the silo's services before the product's own (which are added only where none is registered).</param>
    public EmbeddedCluster(string dataDir, string bundle = "seeds", long? maxBodyBytes = null, IReadOnlyDictionary<string, string?>? settings = null, bool makeKeys = true,
        Action<WebApplicationBuilder>? configureSilo = null)
    {
        DataDir = dataDir;
        _makeKeys = makeKeys;
        _configureSilo = configureSilo;
        _settings = new()
        {
            ["ANALYTICS_DATA_DIR"] = dataDir,
            ["ANALYTICS_MODE"] = "embedded",
            ["ANALYTICS_BUNDLE"] = bundle,
            ["SILO_PORT"] = FreePorts.Next().ToString(),
            ["GATEWAY_PORT"] = FreePorts.Next().ToString(),
            ["SILO_HTTP_PORT"] = FreePorts.Next().ToString(),
            ["urls"] = "http://127.0.0.1:0",
            ["Analytics:MaxRequestBodyBytes"] = maxBodyBytes?.ToString(),
            ["Logging:LogLevel:Default"] = "Warning",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>()) _settings[key] = value;
    }

    public string DataDir { get; }

    /// <summary>A client with the admin key (an admin may also write and read).</summary>
    public HttpClient Http { get; private set; } = null!;

    /// <summary>The keys the fixture made through the bootstrap token (admin, writer, reader).</summary>
    public TestKeys Keys { get; private set; } = null!;

    /// <summary>A client of the API with <paramref name="key"/> in X-Api-Key, or none.</summary>
    public HttpClient Client(string? key)
    {
        var http = new HttpClient { BaseAddress = Http.BaseAddress };
        if (key is not null) http.DefaultRequestHeaders.Add("X-Api-Key", key);
        return http;
    }

    public Uri SiloHttp => new($"http://127.0.0.1:{_settings["SILO_HTTP_PORT"]}");

    public static JsonSerializerOptions Json { get; } = CreateJson();

    private static JsonSerializerOptions CreateJson()
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web);
        AnalyticsApi.ConfigureJson(options);
        return options;
    }

    public async Task StartAsync()
    {
        _silo = await SiloHost.BuildAsync([], b =>
        {
            b.Configuration.AddInMemoryCollection(_settings);
            _configureSilo?.Invoke(b);
        });
        await _silo.StartAsync();
        _api = AnalyticsApi.Build([], b => b.Configuration.AddInMemoryCollection(_settings));
        await _api.StartAsync();
        var url = new Uri(_api.Urls.First());
        Http = new HttpClient { BaseAddress = url };
        if (!_makeKeys) return;
        Keys = await TestKeys.EnsureAsync(url, DataDir);
        Http.DefaultRequestHeaders.Add("X-Api-Key", Keys.Admin);
    }

    /// <summary>Another API process's worth (its own caches) on the same silo, as a second API instance would be; <paramref name="overrides"/> changes its settings.</summary>
    public async Task<HttpClient> StartAnotherApiAsync(IReadOnlyDictionary<string, string?>? overrides = null)
    {
        var settings = new Dictionary<string, string?>(_settings);
        foreach (var (key, value) in overrides ?? new Dictionary<string, string?>()) settings[key] = value;
        var api = AnalyticsApi.Build([], b => b.Configuration.AddInMemoryCollection(settings));
        await api.StartAsync();
        var http = new HttpClient { BaseAddress = new Uri(api.Urls.First()) };
        if (_makeKeys) http.DefaultRequestHeaders.Add("X-Api-Key", Keys.Admin);
        _moreApis.Add((api, http));
        return http;
    }

    public async Task StopAsync()
    {
        foreach (var (app, http) in _moreApis) { http.Dispose(); await app.StopAsync(); await app.DisposeAsync(); }
        _moreApis.Clear();
        Http?.Dispose();
        if (_api is not null) { await _api.StopAsync(); await _api.DisposeAsync(); _api = null; }
        if (_silo is not null) { await _silo.StopAsync(); await _silo.DisposeAsync(); _silo = null; }
    }

    public async ValueTask DisposeAsync() => await StopAsync();

    public async Task<T> GetAsync<T>(string path)
    {
        var response = await Http.GetAsync(path);
        Assert.True(response.IsSuccessStatusCode, $"GET {path}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        return (await response.Content.ReadFromJsonAsync<T>(Json))!;
    }

    public async Task<string> GetTextAsync(string path)
    {
        var response = await Http.GetAsync(path);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"GET {path}: {(int)response.StatusCode} {body}");
        return body;
    }

}

/// <summary>One embedded cluster with the seed data, shared by the API tests of a class.</summary>
public sealed class SeededClusterFixture : IAsyncLifetime
{
    private readonly TempDirectory _dir = new();

    public EmbeddedCluster Cluster { get; private set; } = null!;

    public const long MaxBodyBytes = 1024 * 1024;

    public async Task InitializeAsync()
    {
        // A port found free can be taken by another process before the silo binds it (test suites of other projects
        // run beside these on one machine): start again on new ports rather than fail every test of the class.
        for (var attempt = 1; ; attempt++)
        {
            Cluster = new EmbeddedCluster(_dir.Path, "seeds", MaxBodyBytes);
            try
            {
                await Cluster.StartAsync();
                return;
            }
            catch (Exception e) when (attempt < 3 && IsAddressInUse(e))
            {
                try { await Cluster.DisposeAsync(); }
                catch (Exception) { /* a host that never started may not stop cleanly either; its ports are what matters */ }
            }
        }
    }

    private static bool IsAddressInUse(Exception? e)
    {
        for (; e is not null; e = e.InnerException)
            if (e is Microsoft.AspNetCore.Connections.AddressInUseException
                || e is System.Net.Sockets.SocketException { SocketErrorCode: System.Net.Sockets.SocketError.AddressAlreadyInUse })
                return true;
        return false;
    }

    public async Task DisposeAsync()
    {
        await Cluster.DisposeAsync();
        _dir.Dispose();
    }
}
