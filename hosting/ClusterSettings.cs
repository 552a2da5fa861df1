using System.Net;
using Microsoft.Extensions.Configuration;

namespace Analytics.Hosting;

/// <summary>Where the cluster keeps its state and how its processes find each other.</summary>
public enum ClusterMode
{
    /// <summary>One silo, localhost clustering, grain state in a SQLite file: the default for a laptop.</summary>
    Embedded,
    /// <summary>Several silos; membership and grain state in PostgreSQL.</summary>
    Postgres,
}

/// <summary>
/// Settings shared by the silo and the API, read from configuration (appsettings, `Analytics__*` variables)
/// with the short environment variables documented in the README taking precedence.
/// </summary>
public sealed record ClusterSettings
{
    public ClusterMode Mode { get; init; } = ClusterMode.Embedded;
    public string ClusterId { get; init; } = "analytics";
    public string ServiceId { get; init; } = "province-analytics";

    /// <summary>Directory for the embedded SQLite database.</summary>
    public string DataDir { get; init; } = ".data";
    public string? PostgresConnection { get; init; }

    public int SiloPort { get; init; } = 11111;
    public int GatewayPort { get; init; } = 30000;

    /// <summary>The silo's own HTTP port for /health and /metrics.</summary>
    public int SiloHttpPort { get; init; } = 9464;

    /// <summary>
    /// The IP address a silo listens on and advertises in the membership table, for other silos and clients to
    /// reach it (SILO_ADDRESS). Loopback suits one machine; on several, each silo's own address on the cluster network.
    /// Its /health and /metrics endpoint listens there too.
    /// </summary>
    public IPAddress SiloAddress { get; init; } = IPAddress.Loopback;

    /// <summary>The host part of the silo's HTTP URL: <see cref="SiloAddress"/>, bracketed when it is IPv6.</summary>
    public string SiloHttpHost => SiloAddress.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6 ? $"[{SiloAddress}]" : SiloAddress.ToString();

    /// <summary>How fast a crashed silo is declared dead (postgres mode); see <see cref="Hosting.FailureDetection"/>.</summary>
    public FailureDetection FailureDetection { get; init; } = FailureDetection.Default;

    public string SqliteFile => Path.Combine(DataDir, "analytics.db");

    public string SqliteConnection =>
        // Pooling keeps one connection open per writer; a busy timeout lets concurrent writers queue instead of failing.
        $"Data Source={SqliteFile};Pooling=True;Default Timeout=30";

    public static ClusterSettings From(IConfiguration config)
    {
        var section = config.GetSection("Analytics");
        var defaults = new ClusterSettings();
        string? Read(string env, string key) => config[env] is { Length: > 0 } v ? v : section[key];
        int ReadInt(string env, string key, int fallback)
        {
            var text = Read(env, key);
            if (text is null) return fallback;
            return int.TryParse(text, out var value) && value is > 0 and < 65536
                ? value
                : throw new InvalidOperationException($"{env} (Analytics:{key}) must be a port number, not '{text}'.");
        }

        var modeText = Read("ANALYTICS_MODE", "Mode") ?? "embedded";
        var mode = modeText.ToLowerInvariant() switch
        {
            "embedded" => ClusterMode.Embedded,
            "postgres" => ClusterMode.Postgres,
            _ => throw new InvalidOperationException($"ANALYTICS_MODE (Analytics:Mode) must be 'embedded' or 'postgres', not '{modeText}'."),
        };
        var settings = new ClusterSettings
        {
            Mode = mode,
            ClusterId = Read("ANALYTICS_CLUSTER_ID", "ClusterId") ?? defaults.ClusterId,
            DataDir = Path.GetFullPath(Read("ANALYTICS_DATA_DIR", "DataDir") ?? defaults.DataDir),
            PostgresConnection = Read("ANALYTICS_PG", "PostgresConnection"),
            SiloPort = ReadInt("SILO_PORT", "SiloPort", defaults.SiloPort),
            GatewayPort = ReadInt("GATEWAY_PORT", "GatewayPort", defaults.GatewayPort),
            SiloHttpPort = ReadInt("SILO_HTTP_PORT", "SiloHttpPort", defaults.SiloHttpPort),
            SiloAddress = Read("SILO_ADDRESS", "SiloAddress") is { } address
                ? IPAddress.TryParse(address, out var ip) && !ip.Equals(IPAddress.Any) && !ip.Equals(IPAddress.IPv6Any)
                    ? ip
                    : throw new InvalidOperationException($"SILO_ADDRESS (Analytics:SiloAddress) must be this machine's IP address as other silos and clients reach it, not '{address}'.")
                : defaults.SiloAddress,
        };
        if (mode == ClusterMode.Postgres && string.IsNullOrWhiteSpace(settings.PostgresConnection))
            throw new InvalidOperationException("Postgres mode needs a connection string in ANALYTICS_PG (Analytics:PostgresConnection).");
        return settings;
    }
}
