using Analytics.Domain;
using Analytics.Contracts;
using Analytics.Hosting;

namespace Analytics.Api.Endpoints;

public static class ClusterEndpoints
{
    public static void MapCluster(this RouteGroupBuilder api)
    {
        api.MapGet("/cluster", async Task<Results<Ok<ClusterDto>, ProblemHttpResult>> (ClusterSettings settings, IGrainFactory grains, ILoggerFactory logs) =>
        {
            MembershipEntry[] entries;
            try
            {
                entries = await grains.GetGrain<IManagementGrain>(0).GetDetailedHosts(onlyActive: false);
            }
            catch (Exception ex) when (ex is OrleansException or TimeoutException)
            {
                logs.CreateLogger("Cluster").LogWarning(ex, "Membership not available");
                return TypedResults.Problem(
                    title: Bilingual.T("Cụm không trả lời", "The cluster did not answer"),
                    detail: Bilingual.T("Không silo nào trả lời về bảng thành viên. Nếu một silo vừa hỏng, hãy hỏi lại khi nó đã được công bố là ngừng.", "No silo answered for the membership table. If a silo just failed, ask again once it is declared dead."),
                    statusCode: StatusCodes.Status503ServiceUnavailable);
            }

            var silos = entries
                .Where(e => e.Status != SiloStatus.None)
                .Select(e => new SiloDto(
                    e.SiloAddress.Endpoint.Address.ToString(), e.SiloAddress.Endpoint.Port, e.ProxyPort > 0 ? e.ProxyPort : null,
                    e.SiloAddress.Generation, e.SiloName, e.HostName, ToState(e.Status),
                    e.StartTime, e.IAmAliveTime, e.SuspectTimes?.Count ?? 0))
                .OrderBy(s => s.Status).ThenBy(s => s.Address, StringComparer.Ordinal).ThenBy(s => s.SiloPort).ThenByDescending(s => s.Generation)
                .ToList();
            var detection = settings.Mode == ClusterMode.Postgres ? ToDto(settings.FailureDetection) : null;
            return TypedResults.Ok(new ClusterDto(
                settings.Mode.ToString().ToLowerInvariant(), settings.ClusterId, settings.ServiceId,
                silos.Count(s => s.Status == SiloState.Active), silos, detection));
        })
        .WithTags("Operations")
        .WithSummary("The silos in the membership table with their status (active, joining, shutting down, dead) and addresses, and how fast a crashed silo is declared dead.");
    }

    private static SiloState ToState(SiloStatus status) => status switch
    {
        SiloStatus.Created => SiloState.Created,
        SiloStatus.Joining => SiloState.Joining,
        SiloStatus.Active => SiloState.Active,
        SiloStatus.ShuttingDown => SiloState.ShuttingDown,
        SiloStatus.Stopping => SiloState.Stopping,
        _ => SiloState.Dead,
    };

    private static FailureDetectionDto ToDto(FailureDetection d) => new(
        d.ProbeTimeout.TotalSeconds, d.MissedProbes, d.VotesForDeath, d.DeathVoteExpiration.TotalSeconds,
        d.TableRefresh.TotalSeconds, d.GatewayListRefresh.TotalSeconds, d.ResponseTimeout.TotalSeconds, d.DeclaredDeadWithin.TotalSeconds);
}
