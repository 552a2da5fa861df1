using Analytics.Audit;
using Analytics.Contracts;
using Analytics.Domain;
using Analytics.Indicators;
using Analytics.Series;

namespace Analytics.Api.Queries;

/// <summary>
/// An admin withdraws figures: those of one batch, of every batch a key sent, or of an indicator (optionally one
/// province, year or kind), with a reason. The withdrawal is recorded in the audit trail first, and every figure it
/// withdraws names that entry; the figures stay in their series' history and leave rankings, forecasts and exports.
/// </summary>
public sealed class WithdrawalQueries(IGrainFactory grains, AuditTrail audit, AnswerCache rankings, CatalogCache catalog, IConfiguration configuration)
{
    /// <summary>How long withdrawn figures stay in storage before a purge may remove them (<c>Analytics:WithdrawalRetentionDays</c>, default 30).</summary>
    private TimeSpan Retention => TimeSpan.FromDays(configuration.GetValue<double?>("Analytics:WithdrawalRetentionDays") ?? 30);

    /// <summary>
    /// Removes from storage the figures a withdrawal withdrew, once its retention has passed (409 before). The
    /// withdrawal's audit entry, and the entries of the batches that sent them, stay.
    /// </summary>
    public async Task<QueryResult<WithdrawalResult>> PurgeAsync(string withdrawal, AuditActor actor)
    {
        if (!AuditIds.TryParse(withdrawal, out var day, out var chunk, out var sequence)) return new QueryProblem(ProblemKind.NotFound, Bilingual.T($"Không có lần rút số liệu '{InputLimits.Echo(withdrawal)}'.", $"No withdrawal '{InputLimits.Echo(withdrawal)}'."));
        var page = await grains.GetGrain<IAuditLogGrain>(AuditIds.Chunk(day, chunk)).ReadAsync(new AuditFilter(null, null, null, null, null), sequence - 1, 1);
        if (page.Entries.FirstOrDefault(e => e.Id == withdrawal && e.Action == AuditAction.FiguresWithdrawn) is not { } entry)
            return new QueryProblem(ProblemKind.NotFound, Bilingual.T($"Không có lần rút số liệu '{InputLimits.Echo(withdrawal)}' (mã của một mục nhật ký figures-withdrawn).", $"No withdrawal '{InputLimits.Echo(withdrawal)}' (the id of a figures-withdrawn audit entry)."));
        var until = entry.At + Retention;
        if (audit.Now < until)
            return new QueryProblem(ProblemKind.Conflict, Bilingual.T($"Số liệu của lần rút {withdrawal} được giữ đến {until:u} (thời hạn lưu {Retention.TotalDays:0} ngày); hãy xóa hẳn sau thời điểm đó.", $"The figures of withdrawal {withdrawal} are kept until {until:u} (retention {Retention.TotalDays:0} days); purge them after that."));
        var counts = await Task.WhenAll(SeriesOf(entry.Provinces, entry.Indicators).Select(s => grains.GetGrain<ISeriesGrain>(s).PurgeAsync(withdrawal, audit.Now)));
        var id = await audit.RecordAsync(AuditTrail.Entry(AuditAction.FiguresPurged, actor, audit.Now) with
        {
            Indicators = entry.Indicators, Provinces = entry.Provinces,
            Detail = $"{counts.Sum():N0} figures withdrawn by {withdrawal} removed from storage",
        });
        return new WithdrawalResult(counts.Sum(), counts.Count(c => c > 0), id);
    }

    public async Task<QueryResult<WithdrawalResult>> WithdrawAsync(WithdrawalRequest request, AuditActor actor)
    {
        if (string.IsNullOrWhiteSpace(request.Reason))
            return new QueryProblem(ProblemKind.Invalid, Bilingual.T("cần reason: cho biết vì sao rút số liệu.", "reason is required: say why the figures are withdrawn."));
        if ((InputLimits.TooLong("reason", request.Reason, InputLimits.QuoteLength) ?? InputLimits.ControlCharacter("reason", request.Reason)) is { } bad)
            return new QueryProblem(ProblemKind.Invalid, bad + ".");
        if (new[] { request.Batch, request.Key, request.Indicator }.Count(x => x is not null) != 1)
            return new QueryProblem(ProblemKind.Invalid, Bilingual.T("Ghi đúng một trong batch (mã mục nhật ký), key (mã khóa) hoặc indicator (có thể kèm province, year, kind).", "Name exactly one of batch (an audit entry id), key (a key id) or indicator (with optional province, year, kind)."));
        ObservationKind? kind = null;
        if (request.Kind is { } k)
        {
            if (!ObservationKinds.TryParse(k, out var parsed)) return QueryProblems.UnknownKind(k);
            kind = parsed;
        }

        // (series, batch) pairs: a batch's figures are withdrawn only where that batch stored them.
        var targets = new List<(string Series, string? Batch)>();
        if (request.Batch is { } batch)
        {
            if (await EntryAsync(batch) is not { } entry) return new QueryProblem(ProblemKind.NotFound, Bilingual.T($"Không có mục nhật ký '{InputLimits.Echo(batch)}' của một lô.", $"No audit entry '{InputLimits.Echo(batch)}' of a batch."));
            targets.AddRange(SeriesOf(entry.Provinces, entry.Indicators).Select(s => (s, (string?)batch)));
        }
        else if (request.Key is { } key)
        {
            string? after = null;
            do
            {
                var page = await audit.ReadAsync(key, audit.Now.AddDays(-AuditTrail.MaxDays + 1), audit.Now.AddMinutes(1), null, null, AuditTrail.MaxLimit, after);
                if (page.Problem is { } problem) return problem;
                foreach (var e in page.Value!.Entries.Where(e => e.Action.StartsWith("batch-", StringComparison.Ordinal) && e.Action != "batch-rejected"))
                    targets.AddRange(SeriesOf(e.Provinces, e.Indicators).Select(s => (s, (string?)e.Id)));
                after = page.Value.Next;
            } while (after is not null);
        }
        else
        {
            var indicator = request.Indicator!;
            if (!(await catalog.GetAsync()).Indicators.TryGet(indicator, out _)) return QueryProblems.NoIndicator(indicator);
            var provinces = request.Province is { } p ? [p] : await grains.GetGrain<IIndicatorGrain>(indicator).GetProvincesAsync();
            targets.AddRange(provinces.Select(province => (SeriesKeys.Of(province, indicator), (string?)null)));
        }

        var auditId = await audit.RecordAsync(AuditTrail.Entry(AuditAction.FiguresWithdrawn, actor, audit.Now) with
        {
            Indicators = [.. targets.Select(t => SeriesKeys.Split(t.Series).Indicator).Distinct().Order(StringComparer.Ordinal)],
            Provinces = [.. targets.Select(t => SeriesKeys.Split(t.Series).Province).Distinct().Order(StringComparer.Ordinal)],
            Detail = $"{(request.Batch is not null ? $"batch {request.Batch}" : request.Key is not null ? $"every batch of key {request.Key}" : $"indicator {request.Indicator}")}" +
                     $"{(request.Province is { } pr ? $", province {pr}" : "")}{(request.Year is { } y ? $", year {y}" : "")}{(kind is { } kk ? $", {kk.ToCode()}" : "")}: {request.Reason.Trim()}",
        });
        var counts = await Task.WhenAll(targets.Select(t =>
            grains.GetGrain<ISeriesGrain>(t.Series).WithdrawAsync(t.Batch, request.Year, kind, request.Reason.Trim(), auditId)));
        rankings.Invalidate(targets.Select(t => SeriesKeys.Split(t.Series).Indicator).Distinct(), (await catalog.GetAsync()).Indicators);
        return new WithdrawalResult(counts.Sum(), counts.Count(c => c > 0), auditId);
    }

    private static IEnumerable<string> SeriesOf(IEnumerable<string> provinces, IEnumerable<string> indicators) =>
        from p in provinces from i in indicators select SeriesKeys.Of(p, i);

    private async Task<AuditEntry?> EntryAsync(string id)
    {
        if (!AuditIds.TryParse(id, out var day, out var chunk, out var sequence)) return null;
        var page = await grains.GetGrain<IAuditLogGrain>(AuditIds.Chunk(day, chunk)).ReadAsync(new AuditFilter(null, null, null, null, null), sequence - 1, 1);
        return page.Entries.FirstOrDefault(e => e.Id == id && e.Action is AuditAction.BatchAccepted or AuditAction.BatchUnconfirmed or AuditAction.BatchApplying);
    }
}
