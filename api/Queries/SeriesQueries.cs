using Analytics.Contracts;
using Analytics.Domain;
using Analytics.Domain.Geography;
using Analytics.Indicators;
using Analytics.Series;

namespace Analytics.Api.Queries;

/// <summary>
/// A unit's series with its provenance: every figure with its kind, source, quote, ingest time and revisions. For a unit
/// of the 34 formed by a merger, the years before it come first, derived from its members' figures and marked so.
/// </summary>
public sealed class SeriesQueries(
    CatalogCache catalog, AnswerCache answers, IGrainFactory grains, Analytics.Domain.Sources.SourceRegistry sources, QualityQueries quality)
{
    /// <param name="province">A code or any usual spelling of a unit's name (or a territory code such as vn34-68).</param>
    /// <param name="indicator">An indicator code (any capitalisation).</param>
    /// <param name="kind">Only figures of this kind, by its documented name (actual, estimate, plan, target, baseline); null for all.</param>
    /// <param name="withQuality">Each point carries the quality rules' flags on it (the series API, page and download, the province report).</param>
    public async Task<QueryResult<SeriesDto>> SeriesAsync(string province, string indicator, string? kind, string? geography, bool withQuality = false)
    {
        if (kind is null) return await SeriesAsync(province, indicator, (ObservationKind?)null, geography, withQuality);
        return ObservationKinds.TryParse(kind, out var k) ? await SeriesAsync(province, indicator, k, geography, withQuality) : QueryProblems.UnknownKind(kind);
    }

    /// <param name="kind">Only figures of this kind; null for all of them.</param>
    /// <param name="geography">vn-63 or vn-34, for a code or name that means a unit in each; without it such a text is read in the geography in force today.</param>
    /// <param name="withQuality">Each point carries the quality rules' flags on it.</param>
    public async Task<QueryResult<SeriesDto>> SeriesAsync(string province, string indicator, ObservationKind? kind = null, string? geography = null,
        bool withQuality = false)
    {
        var view = await catalog.GetForReadAsync();
        if (QueryProblems.CheckGeography(geography, null, out var g) is { } wrong) return wrong;
        var resolution = Resolve(view, province, g);
        if (resolution.Unit is not { } u) return QueryProblems.Unresolved(province, resolution);
        if (!view.Indicators.TryGet(indicator, out var d)) return QueryProblems.NoIndicator(indicator);

        // Kept until the indicator changes (AnswerCache): any change to one of its series moves its leaderboard too.
        var key = new AnswerCache.SeriesKey(d.Code, view.Snapshot.Version, u.Key, kind);
        var series = await answers.GetOrFetchAsync(key, () => ReadAsync(view, u, d, kind, resolution.Found));
        return withQuality ? await quality.MarkSeriesAsync(series, view, u.TerritoryCode) : series;
    }

    private async Task<SeriesDto> ReadAsync(CatalogView view, AdministrativeUnit u, IndicatorDefinition d, ObservationKind? kind, string? found)
    {
        var own = await Grain(u.TerritoryCode, d.Code).GetAsync();
        var points = own.Points.Where(x => kind is null || x.Kind == kind).Select(p => SeriesPointDto.From(p) with { Document = SourceDocumentDto.From(sources.Resolve(p.Source)) }).ToList();
        if (u.IsMerged)
            points = [.. (await DerivedAsync(view, u, d, own, kind)).Concat(points).OrderBy(p => p.Year).ThenBy(p => p.Quarter ?? 0).ThenBy(p => p.Kind)];
        return new SeriesDto(u.Code, u.NameVi, d.Code, d.NameEn, d.Unit, own.Version, points, u.Geography, found);
    }

    /// <summary>
    /// What a code or name means for a series: with a geography, in it; else the one unit it names, or for a text that
    /// names a unit in each geography (68, "Lâm Đồng"), the unit of the geography in force today.
    /// </summary>
    internal static UnitResolution Resolve(CatalogView view, string text, Geography? geography)
    {
        var resolution = view.Gazetteer.Resolve(text, null, geography);
        if (!resolution.IsResolved && geography is null && resolution.Readings.Count > 1)
            resolution = view.Gazetteer.Resolve(text, null, Geography.AtEndOf(DateTime.UtcNow.Year));
        return resolution;
    }

    /// <summary>
    /// The derived yearly points of a merged unit: for each year up to 2025 and kind the unit reported nothing for, its
    /// members' figures carried by the indicator's rule. Reads the members' series (a handful of grains) for their ingest
    /// times, and the population indicator's figures for a population-weighted rule.
    /// </summary>
    private async Task<IEnumerable<SeriesPointDto>> DerivedAsync(CatalogView view, AdministrativeUnit unit, IndicatorDefinition d,
        SeriesSnapshot own, ObservationKind? kind)
    {
        var members = await Task.WhenAll(unit.Members.Select(m => Grain(m, d.Code).GetAsync()));
        var summaries = members.Append(own).ToDictionary(s => s.Province, s => new SeriesSummary(s.Province, s.Version,
            [.. s.Points.Where(p => p.Quarter is null && p.Current).Select(p => new YearValue(p.Year, p.Kind, p.Value, p.Qualifier))]), StringComparer.Ordinal);
        IReadOnlyList<SeriesSummary>? population = d.Aggregation == Aggregation.PopulationWeighted && view.Indicators.TryGet(CarriedFigures.PopulationIndicator, out _)
            ? await grains.GetGrain<IIndicatorGrain>(CarriedFigures.PopulationIndicator).GetSummariesAsync()
            : null;
        var figures = new CarriedFigures(view.Gazetteer, d.Aggregation, summaries, population is null ? null : CarriedFigureSource.ByTerritory(population), d.Decimals);
        var reported = own.Points.Where(p => p.Quarter is null && p.Current).Select(p => (p.Year, p.Kind)).ToHashSet();
        var derived = new List<SeriesPointDto>();
        foreach (var k in Enum.GetValues<ObservationKind>().Where(k => kind is null || k == kind))
            foreach (var year in figures.YearsOf(unit, k).Where(y => y <= CarriedFigures.LastDerivableYear && !reported.Contains((y, k))))
            {
                var f = figures.For(unit, year, k);
                if (!f.HasValue) continue;
                var ingested = members.SelectMany(m => m.Points).Where(p => p.Year == year && p.Quarter is null && p.Kind == k).Max(p => p.IngestedAt);
                derived.Add(new SeriesPointDto(year, null, k, f.Value!.Value, d.Unit.Length > 0 ? d.Unit : null, null, null, ingested, [], null,
                    FigureOrigin.Derived, f.Method.ToCode(), CarriedDtos.Members(f), f.Notes.Count == 0 ? null : f.Notes, Qualifier: f.Qualifier?.ToSymbol()));
            }
        return derived;
    }

    private ISeriesGrain Grain(string territory, string indicator) => grains.GetGrain<ISeriesGrain>(SeriesKeys.Of(territory, indicator));
}
