namespace Analytics.Contracts;

/// <summary>A silo's place in the membership table (Orleans' SiloStatus, without None).</summary>
public enum SiloState { Created, Joining, Active, ShuttingDown, Stopping, Dead }

/// <summary>One silo process as the membership table records it. A restarted process is a new row (a new generation).</summary>
public sealed record SiloDto(
    string Address, int SiloPort, int? GatewayPort, int Generation, string Name, string HostName, SiloState Status,
    DateTime StartedAt, DateTime LastHeartbeat, int Suspicions);

/// <summary>The membership's failure detection in force (postgres mode); see Analytics.Hosting.FailureDetection.</summary>
public sealed record FailureDetectionDto(
    double ProbeTimeoutSeconds, int MissedProbes, int VotesForDeath, double DeathVoteExpirationSeconds,
    double TableRefreshSeconds, double GatewayListRefreshSeconds, double ResponseTimeoutSeconds, double DeclaredDeadWithinSeconds);

public sealed record ClusterDto(
    string Mode, string ClusterId, string ServiceId, int Active, IReadOnlyList<SiloDto> Silos, FailureDetectionDto? FailureDetection);
