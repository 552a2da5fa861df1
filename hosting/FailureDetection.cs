using Orleans.Configuration;

namespace Analytics.Hosting;

/// <summary>
/// How fast a multi-silo cluster notices a silo that died without saying goodbye (kill -9, power loss, a cut
/// cable), in one place so the silos apply it, <c>GET /api/cluster</c> reports it and the cluster tests hold the
/// product to it.
///
/// Every silo probes the others every <see cref="ProbeTimeout"/> or so (Orleans adapts the period between
/// half and four times that value to the round trips it observes). After <see cref="MissedProbes"/> missed probes
/// in a row, and a failed indirect probe through another silo, it writes a suspicion into the membership table;
/// <see cref="VotesForDeath"/> fresh suspicions declare the silo dead, and the others learn it by gossip at once
/// (and from the table every <see cref="TableRefresh"/> at the latest). A probe of a crashed process on
/// a reachable machine fails at once (connection refused), so the time is the probe cycles:
/// 3 × 2 s ≈ 6 s, plus the votes and gossip: <see cref="DeclaredDeadWithin"/> = 15 s.
/// Until then, calls to grains that lived on the dead silo fail fast (the API answers 503 and a retry is safe);
/// afterwards they are activated again on the surviving silos from their stored state.
///
/// Orleans' defaults (5 s probes, 3 misses, 2 votes) take 15–30 s; these are tighter, for silos on one
/// network. Raise <see cref="ProbeTimeout"/> where long GC pauses or an overloaded network would otherwise have
/// healthy silos voted out.
/// </summary>
public sealed record FailureDetection
{
    /// <summary>Initial probe timeout (and roughly the probe period). Orleans' default is 5 s.</summary>
    public TimeSpan ProbeTimeout { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>Missed probes in a row before a silo suspects another. Orleans' default.</summary>
    public int MissedProbes { get; init; } = 3;

    /// <summary>Fresh suspicions needed to declare a silo dead. Orleans' default; with two silos left, both must agree.</summary>
    public int VotesForDeath { get; init; } = 2;

    /// <summary>How long a suspicion counts. Orleans' default is 2 minutes; old suspicions should not add up to a death.</summary>
    public TimeSpan DeathVoteExpiration { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>How often silos re-read the membership table, in case gossip was missed. Orleans' default is 60 s.</summary>
    public TimeSpan TableRefresh { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>How often a client (the API) re-reads the gateway list. Orleans' default is 60 s; a lost connection
    /// drops that gateway at once anyway, this is how soon a new or restarted silo gets client traffic.</summary>
    public TimeSpan GatewayListRefresh { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>How long the API waits for a grain call's answer (Orleans' default is 30 s). A call in flight to a silo
    /// that crashes gets no answer at all; waiting longer than the silo takes to be declared dead only keeps the API's
    /// caller waiting for a 503 it could already retry.</summary>
    public TimeSpan ResponseTimeout { get; init; } = TimeSpan.FromSeconds(15);

    /// <summary>The promise: a crashed silo is declared dead, and its grains answer again from other silos, within this time.</summary>
    public TimeSpan DeclaredDeadWithin { get; init; } = TimeSpan.FromSeconds(15);

    public static FailureDetection Default { get; } = new();

    /// <summary>Applies these settings to a silo's membership options.</summary>
    public void Apply(ClusterMembershipOptions options)
    {
        options.ProbeTimeout = ProbeTimeout;
        options.NumMissedProbesLimit = MissedProbes;
        options.NumVotesForDeathDeclaration = VotesForDeath;
        options.DeathVoteExpirationTimeout = DeathVoteExpiration;
        options.TableRefreshTimeout = TableRefresh;
    }

    /// <summary>The client's part (the API): how often it re-reads the gateways, and how long it waits for an answer.</summary>
    public void Apply(IClientBuilder client)
    {
        client.Configure<GatewayOptions>(o => o.GatewayListRefreshPeriod = GatewayListRefresh);
        client.Configure<ClientMessagingOptions>(o => o.ResponseTimeout = ResponseTimeout);
    }
}
