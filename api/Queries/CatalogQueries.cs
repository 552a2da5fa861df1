using Analytics.Audit;
using Analytics.Catalog;
using Analytics.Indicators;
using Analytics.Series;
using Analytics.Contracts;
using Analytics.Domain;
using Analytics.Provinces;

namespace Analytics.Api.Queries;

/// <summary>Provinces and indicators: listing, finding by code or name, and defining indicators (all or none).</summary>
public sealed class CatalogQueries(CatalogCache catalog, RankingCache rankings, IGrainFactory grains, AuditTrail audit)
{
    public async Task<QueryResult<IReadOnlyList<ProvinceDto>>> ProvincesAsync(string? region = null)
    {
        var view = await catalog.GetForReadAsync();
        if (!view.TryResolveRegion(region, out var resolved)) return QueryProblems.UnknownRegion(region!, view.Regions);
        return new QueryResult<IReadOnlyList<ProvinceDto>>([.. view.ProvincesIn(resolved).Select(ProvinceDto.From)], null);
    }

    /// <summary>One province by GSO code or any usual spelling of its name, with the indicators it has series for.</summary>
    public async Task<QueryResult<ProvinceDetailDto>> ProvinceAsync(string province)
    {
        var view = await catalog.GetForReadAsync();
        if (!view.Provinces.TryResolve(province, out var p)) return QueryProblems.NoProvince(province);
        var profile = await grains.GetGrain<IProvinceGrain>(p.Code).GetAsync();
        return new ProvinceDetailDto(ProvinceDto.From(p), profile.Indicators);
    }

    /// <summary>The indicator catalog, checked against the cluster now (a definition just added shows at once).</summary>
    public async Task<IReadOnlyList<IndicatorDto>> IndicatorsAsync() =>
        [.. (await catalog.GetAsync()).Snapshot.Indicators.Select(IndicatorDto.From)];

    public async Task<QueryResult<IndicatorDto>> IndicatorAsync(string code) =>
        (await catalog.GetAsync()).Indicators.TryGet(code, out var d) ? IndicatorDto.From(d) : QueryProblems.NoIndicator(code);

    /// <summary>
    /// Adds or updates definitions: all of them when every one is acceptable, none otherwise. A change of direction or
    /// aggregation, or bounds that stored figures break, is refused (409) unless <paramref name="force"/>; the change
    /// is recorded in the audit trail with each previous definition, and each indicator keeps its history.
    /// </summary>
    public async Task<QueryResult<DefineResult>> DefineAsync(IReadOnlyList<IndicatorDto> definitions, bool force, AuditActor actor)
    {
        var proposed = definitions.Select(d => d.ToDefinition()).ToList();
        var errors = IndicatorRules.Check(proposed);
        if (errors.Count > 0) return Rejected(errors, proposed.Count);
        var before = (await catalog.GetAsync()).Snapshot.Indicators.ToDictionary(d => d.Code);
        var changed = proposed.Where(d => !before.TryGetValue(d.Code, out var known) || known != d).ToList();
        if (changed.Count == 0) return new DefineResult(proposed.Count, 0);

        var changes = new List<DefinitionChangeRecord>();
        foreach (var next in changed)
        {
            var previous = before.GetValueOrDefault(next.Code);
            var guarded = previous is null ? [] : DefinitionChange.Guarded(previous, next,
                DefinitionChange.Narrows(previous, next) ? await StoredOutsideAsync(next) : []);
            changes.Add(new DefinitionChangeRecord(next.Code, previous, next, guarded));
        }
        var entry = AuditTrail.Entry(AuditAction.IndicatorsDefined, actor, audit.Now) with
        {
            Indicators = [.. changed.Select(d => d.Code)],
            Definitions = changes,
        };
        var guardedChanges = changes.Where(c => c.Guarded.Count > 0).ToList();
        if (guardedChanges.Count > 0 && !force)
        {
            var detail = string.Join(" ", guardedChanges.Select(c => $"{c.Code}: {string.Join("; ", c.Guarded)}."));
            await audit.RecordAsync(entry with { Action = AuditAction.IndicatorsRefused, Detail = detail });
            return new QueryProblem(ProblemKind.Conflict,
                $"Nothing was changed. {detail} To make these changes anyway, send the same request with ?force=true (admin); they are recorded in the audit trail with the previous definitions.");
        }

        var auditId = await audit.RecordAsync(entry with { Forced = guardedChanges.Count > 0 });
        await grains.GetGrain<ICatalogGrain>(ICatalogGrain.Key).UpsertIndicatorsAsync(changed, auditId);
        catalog.Invalidate();
        rankings.Invalidate(changed.Select(d => d.Code)); // a new direction reorders the leaderboard
        return new DefineResult(proposed.Count, changed.Count);
    }

    /// <summary>The definitions an indicator had before, newest first.</summary>
    public async Task<QueryResult<IReadOnlyList<DefinitionVersionDto>>> HistoryAsync(string code)
    {
        if (!(await catalog.GetForReadAsync()).Indicators.TryGet(code, out _)) return QueryProblems.NoIndicator(code);
        var history = await grains.GetGrain<IIndicatorGrain>(code).GetHistoryAsync();
        return new QueryResult<IReadOnlyList<DefinitionVersionDto>>([.. history.Select(h => new DefinitionVersionDto(IndicatorDto.From(h.Definition), h.ReplacedAt, h.ReplacedByAuditId))], null);
    }

    /// <summary>Every stored figure of the indicator (yearly and quarterly, every province) that <paramref name="next"/>'s bounds refuse.</summary>
    private async Task<IReadOnlyList<StoredFigure>> StoredOutsideAsync(IndicatorDefinition next)
    {
        var provinces = await grains.GetGrain<IIndicatorGrain>(next.Code).GetProvincesAsync();
        var series = await Task.WhenAll(provinces.Select(p => grains.GetGrain<ISeriesGrain>(SeriesKeys.Of(p, next.Code)).GetAsync()));
        return [.. series.SelectMany(s => s.Points.Where(p => !next.Accepts(p.Value)).Select(p => new StoredFigure(s.Province, p.Year, p.Quarter, p.Kind, p.Value)))
            .OrderBy(f => f.Province, StringComparer.Ordinal).ThenBy(f => f.Year)];
    }

    /// <summary>A batch with bad rows: every problem listed, nothing applied.</summary>
    internal static QueryProblem Rejected(IReadOnlyList<RowError> errors, int rows) =>
        new(ProblemKind.Rejected, $"{errors.Count} problem(s) in {rows} row(s). Fix them and send the whole batch again.", errors, rows);
}
