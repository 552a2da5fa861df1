using Analytics.Api.Queries;
using Analytics.Api.Security;
using Analytics.Contracts;

namespace Analytics.Api.Endpoints;

/// <summary>The audit trail, for admins, read-only: no endpoint writes, changes or deletes an entry.</summary>
public static class AuditEndpoints
{
    public static void MapAudit(this RouteGroupBuilder api) =>
        api.MapGet("/audit", ReadAudit).WithName("ReadAudit").WithTags("Audit")
            .RequireAuthorization(AccessPolicies.Admin)
            .WithSummary($"Audit entries, oldest first: batches accepted and rejected, definition changes with the previous definitions, keys created and revoked. " +
                         $"Filters: key (id or name), from/to (ISO 8601; default the last 7 days, at most {AuditTrail.MaxDays} days), indicator, province (GSO code). " +
                         $"Paged: limit (default {AuditTrail.DefaultLimit}, at most {AuditTrail.MaxLimit}) and after (the previous page's next).");

    public static void MapWithdrawals(this RouteGroupBuilder api) =>
        api.MapPost("/withdrawals", Withdraw).WithName("WithdrawFigures").WithTags("Audit")
            .RequireAuthorization(AccessPolicies.Admin)
            .WithSummary("Withdraws figures with a reason: those of one batch (batch: its audit entry id), of every batch a key sent in the last 93 days (key), " +
                         "or of an indicator (indicator, with optional province, year, kind). They stay in their series' history with the reason, and leave rankings, forecasts and exports.");

    public static void MapPurges(this RouteGroupBuilder api) =>
        api.MapDelete("/withdrawals/{id}", Purge).WithName("PurgeWithdrawnFigures").WithTags("Audit")
            .RequireAuthorization(AccessPolicies.Admin)
            .WithSummary("Removes from storage the figures a withdrawal (its audit entry id) withdrew, once their retention has passed (Analytics:WithdrawalRetentionDays, default 30; 409 before). The audit entries stay.");

    public static async Task<Results<Ok<WithdrawalResult>, ProblemHttpResult>> Purge(string id, WithdrawalQueries withdrawals, HttpContext http) =>
        (await withdrawals.PurgeAsync(id, Actors.Of(http))).ToHttp();

    public static async Task<Results<Ok<WithdrawalResult>, ProblemHttpResult>> Withdraw(
        WithdrawalRequest request, WithdrawalQueries withdrawals, HttpContext http) =>
        (await withdrawals.WithdrawAsync(request, Actors.Of(http))).ToHttp();

    public static async Task<Results<Ok<AuditPageDto>, ProblemHttpResult>> ReadAudit(
        string? key, DateTimeOffset? from, DateTimeOffset? to, string? indicator, string? province, int? limit, string? after, AuditTrail audit) =>
        (await audit.ReadAsync(key, from, to, indicator, province, limit, after)).ToHttp();
}
