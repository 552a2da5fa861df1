using Analytics.Audit;
using Analytics.Catalog;
using Analytics.Indicators;
using Analytics.Series;
using Analytics.Contracts;
using Analytics.Domain;
using Analytics.Domain.Geography;
using Analytics.Provinces;

namespace Analytics.Api.Queries;

/// <summary>Provinces and indicators: listing, finding by code or name, and defining indicators (all or none).</summary>
public sealed class CatalogQueries(CatalogCache catalog, AnswerCache rankings, IGrainFactory grains, AuditTrail audit)
{
    /// <summary>
    /// The units of one geography (vn-63: the 63 provinces and Hà Tây; vn-34: the 34 units), or of both (vn-63 first)
    /// without one; optionally of one region (for the 34, the region of the seat: an approximation).
    /// </summary>
    public async Task<QueryResult<IReadOnlyList<ProvinceDto>>> ProvincesAsync(string? region = null, string? geography = null)
    {
        var view = await catalog.GetForReadAsync();
        if (!view.TryResolveRegion(region, out var resolved)) return QueryProblems.UnknownRegion(region!, view.Regions);
        if (QueryProblems.CheckGeography(geography, null, out var g) is { } wrong) return wrong;
        var geographies = g is { } one ? [one] : Geography.All;
        return new QueryResult<IReadOnlyList<ProvinceDto>>(
            [.. geographies.SelectMany(x => view.UnitsIn(x, resolved)).Select(u => ProvinceDto.From(u, view.Gazetteer))], null);
    }

    /// <summary>
    /// One unit by code or any usual spelling of its name, read in the year or geography given, with the indicators it
    /// has series for (for a unit of the 34 formed by a merger, also its members': its derived series) and which unit was
    /// found. A province asked for after it ended is shown with the reason, which names its successor.
    /// </summary>
    public async Task<QueryResult<ProvinceDetailDto>> ProvinceAsync(string province, int? year = null, string? geography = null)
    {
        var view = await catalog.GetForReadAsync();
        if (QueryProblems.CheckYear(year) is { } problem) return problem;
        if (QueryProblems.CheckGeography(geography, null, out var g) is { } wrong) return wrong;
        var resolution = view.Gazetteer.Resolve(province, year, g);
        var unit = resolution.Unit;
        var found = resolution.Found;
        if (unit is null && resolution.Readings is [var only])
            (unit, found) = (only, $"{UnitResolution.Describe(only)}; {resolution.Refusal}");
        if (unit is null) return QueryProblems.Unresolved(province, resolution);

        var coverage = grains.GetGrain<ICoverageGrain>(ICoverageGrain.Key);
        var territories = unit.IsMerged ? unit.Members.Append(unit.TerritoryCode) : [unit.TerritoryCode];
        var indicators = (await Task.WhenAll(territories.Select(coverage.IndicatorsOfAsync))).SelectMany(i => i).Distinct().Order(StringComparer.Ordinal);
        return new ProvinceDetailDto(ProvinceDto.From(unit, view.Gazetteer), [.. indicators], found);
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
        if (definitions.Count > InputLimits.IndicatorsPerRequest)
            return new QueryProblem(ProblemKind.TooLarge,
                $"{definitions.Count:N0} definitions in one request; the limit is {InputLimits.IndicatorsPerRequest:N0}. Send them in several requests.");
        // [null] is a body of the right shape with no definition in it: a row error, not a crash.
        if (definitions.Select((d, i) => (d, Row: i + 1)).Where(x => x.d is null).Select(x => new RowError(x.Row, "definition", "null is not a definition")).ToList()
            is { Count: > 0 } nulls)
            return Rejected(nulls, definitions.Count);
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
        try
        {
            await grains.GetGrain<ICatalogGrain>(ICatalogGrain.Key).UpsertIndicatorsAsync(changed, auditId);
        }
        catch (StateLimitException ex)
        {
            return new QueryProblem(ProblemKind.TooLarge, ex.Message);
        }
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
        new(ProblemKind.Rejected, Bilingual.T(
            $"{errors.Count:N0} lỗi trong {rows:N0} dòng. Hãy sửa và gửi lại toàn bộ lô.",
            $"{errors.Count:N0} problem(s) in {rows:N0} row(s). Fix them and send the whole batch again."), errors, rows);
}
