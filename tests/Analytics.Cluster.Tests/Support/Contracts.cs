using System.Text.Json;

namespace Analytics.Cluster.Tests.Support;

// The API's JSON as a client sees it; only the fields these tests read.

public sealed record ClusterView(string Mode, string ClusterId, int Active, List<SiloView> Silos, FailureDetectionView? FailureDetection)
{
    public SiloView? Current(PostgresCluster.SiloPorts ports) =>
        Silos.Where(s => s.SiloPort == ports.Silo).MaxBy(s => s.Generation);
}

public sealed record SiloView(string Address, int SiloPort, int? GatewayPort, int Generation, string Status);

public sealed record FailureDetectionView(
    double ProbeTimeoutSeconds, int MissedProbes, int VotesForDeath, double DeathVoteExpirationSeconds,
    double TableRefreshSeconds, double GatewayListRefreshSeconds, double ResponseTimeoutSeconds, double DeclaredDeadWithinSeconds);

public sealed record ProvinceView(string Code, DateOnly? ValidTo, string? TerritoryCode = null);

public sealed record SeriesView(string Province, string Indicator, long Version, List<PointView> Observations);


public sealed record PointView(int Year, int? Quarter, string Kind, double Value, string? Source, List<RevisionView> Revisions, string Origin = "reported");

public sealed record RevisionView(double Value, string? Source);

public sealed record RankingView(string Indicator, int Year, string Kind, List<RankingRowView> Rows, string Geography = "vn-63");

public sealed record RankingRowView(int? Rank, string Province, double? Value);

public static class Json
{
    public static JsonSerializerOptions Options { get; } = new(JsonSerializerDefaults.Web);
}
