using Analytics.Contracts;
using Analytics.Domain;
using Analytics.Domain.Geography;
using Analytics.Indicators;
using Analytics.Series;

namespace Analytics.Api.Queries;

/// <summary>
/// A unit's profile: for every indicator it (or a member of a merged unit of the 34) has figures for, its latest figure
/// (<see cref="CarriedFigures.Latest"/>: reported, or carried from the members up to 2025 by the indicator's rule), its rank
/// among the units of its geography that year (the ranking query's own answer), and its target of a year with the status.
/// Where no unit value can be carried, the members' own latest figures and the reason. One indicator-grain call per
/// indicator for the figures; rankings come from the ranking query (kept in its cache).
/// </summary>
public sealed class ProfileQueries(CatalogCache catalog, CatalogQueries catalogQueries, CarriedFigureSource carried, RankingQueries rankings,
    ForecastQueries forecasts, IGrainFactory grains)
{
    public async Task<QueryResult<ProfileDto>> ProfileAsync(string province, string? geography = null, int? targetYear = null)
    {
        if (QueryProblems.CheckYear(targetYear) is { } wrongYear) return wrongYear;
        var view = await catalog.GetForReadAsync();
        var found = await catalogQueries.ProvinceAsync(province, geography: geography);
        if (found.Problem is { } problem) return problem;
        var detail = found.Value!;
        var unit = view.Gazetteer.Find(detail.Province.Geography, detail.Province.Code)!;
        var target = targetYear ?? Years.DefaultTarget;

        var codes = detail.Indicators.Where(c => view.Indicators.TryGet(c, out _)).ToList();
        var rows = new ProfileRowDto[codes.Count];
        await Parallel.ForEachAsync(Enumerable.Range(0, codes.Count), new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (i, _) =>
        {
            view.Indicators.TryGet(codes[i], out var d);
            rows[i] = await RowAsync(view, unit, d!, target);
        });
        var ordered = rows.OrderBy(r => r.Value is null ? 1 : 0).ThenBy(r => r.NameEn, StringComparer.Ordinal).ToList();
        return new ProfileDto(ProvinceDto.From(unit, view.Gazetteer), target, ordered.Count(r => r.IsFilled), ordered.Count(r => r.Value is not null),
            ordered, MethodNotes(view, ordered), detail.Found);
    }

    private async Task<ProfileRowDto> RowAsync(CatalogView view, AdministrativeUnit unit, IndicatorDefinition d, int targetYear)
    {
        var figures = await carried.ForAsync(view, d);
        var latest = figures.Latest(unit);
        var current = latest.Current;

        int? rank = null, ranked = null, rankChange = null;
        RankingRowDto? placed = null;
        if (current is not null && (unit.Geography == Geography.Vn34 || current.Year <= CarriedFigures.LastDerivableYear))
        {
            // Asked as readers ask it, so the unit's row carries the quality flag the ranking shows on its figure.
            var ranking = await rankings.ByValueAsync(d.Code, current.Year, latest.CurrentKind.ToCode(), geography: unit.Geography.Code, qualityFilter: "include");
            if (ranking.Value is { } r && r.Rows.FirstOrDefault(x => x.Province == unit.Code) is { } place)
                (rank, ranked, rankChange, placed) = (place.Rank, r.Ranked, place.RankChange, place);
        }
        var qualifier = current is { Origin: FigureOrigin.Reported } ? figures.StoredQualifier(unit.TerritoryCode, current.Year, latest.CurrentKind) : current?.Qualifier;

        // The unit's own target (carried from every member where the rule allows), and its status from the forecast query.
        double? target;
        FigureOrigin? targetOrigin = null;
        if (unit.Geography == Geography.Vn34)
        {
            var t = figures.For(unit, targetYear, ObservationKind.Target);
            target = t.Value;
            if (t.HasValue) targetOrigin = t.Origin;
        }
        else
        {
            target = figures.Stored(unit.TerritoryCode, targetYear, ObservationKind.Target);
            if (target is not null) targetOrigin = FigureOrigin.Reported;
        }
        AttainmentStatus? status = null;
        double? probability = null;
        if (target is not null && await forecasts.ForecastAsync(unit.Code, d.Code, targetYear, unit.Geography.Code) is { Value.Attainment: { } a })
            (status, probability) = (a.Status, a.Probability);

        var covered = current is null ? ((int, int)?)null : latest.Coverage(unit);
        var showMembers = current is null || latest.NotCarried is not null;
        // Only a unit of the 34 has figures carried into it; a province of the 63 has its own figures or none.
        var why = latest.NotCarried ?? (current is null && unit.Geography == Geography.Vn34 ? figures.For(unit, latest.Members.Select(m => m.Year).DefaultIfEmpty(targetYear).Max(), ObservationKind.Actual) : null);
        var isMerged = unit.IsMerged;
        string? noValue = null;
        if (isMerged && why is { HasValue: false })
            noValue = why.Method == CarryMethod.NotCarried ? "not-carried" : why.Missing.Count > 0 ? "members-missing" : "no-figure";

        var memberFigures = isMerged && showMembers && latest.Members.Count > 0
            ? latest.Members.Select(m => new MemberFigureDto(m.Member.Code, m.Member.NameVi, m.Year, m.Kind, m.Value)).ToList()
            : null;
        if (current is null && memberFigures is null)
        {
            // No yearly actual or estimate anywhere: the latest figure of any kind (a plan, a target, a quarter) of each
            // member, or of the unit itself, so the row still says what is known and when.
            memberFigures = await LatestOfAnyKindAsync(isMerged ? view.Gazetteer.MembersOf(unit) : [unit], d.Code);
            if (memberFigures.Count == 0) memberFigures = null;
            else noValue ??= "no-yearly-actual";
        }

        // A unit of the 34's own figure (a National Assembly resolution's area and population, its own reports) says where it is from.
        SeriesPoint? own = null;
        if (unit.Geography == Geography.Vn34 && current is { Origin: FigureOrigin.Reported })
            own = (await grains.GetGrain<ISeriesGrain>(SeriesKeys.Of(unit.TerritoryCode, d.Code)).GetAsync()).Points
                .LastOrDefault(p => p.Current && p.Year == current.Year && p.Quarter is null && p.Kind == latest.CurrentKind);

        return new ProfileRowDto(
            d.Code, d.NameVi, d.NameEn, d.Unit, d.Aggregation.ToCode(),
            current?.Year, current is null ? null : latest.CurrentKind, current?.Value, current?.Origin,
            covered?.Item1, covered?.Item2,
            current is { Origin: FigureOrigin.Derived } && current.Members.Where(m => m.Value is null).Select(m => m.Member.NameVi).ToList() is { Count: > 0 } missing ? missing : null,
            latest.Previous?.Year, latest.Previous?.Value, rank, ranked, rankChange,
            memberFigures,
            noValue, why is null || noValue is null ? null : why.Year, why is null || noValue is null || why.Missing.Count == 0 ? null : [.. why.Missing.Select(m => m.NameVi)],
            noValue is null ? null : why?.Reason ?? "no yearly actual or estimate: only plans, targets or quarterly figures",
            target, targetOrigin, status, probability, own?.Source, own?.Quote,
            qualifier?.ToSymbol(), placed?.RankUncertain ?? false, placed?.RankNote, placed?.Quality);
    }

    /// <summary>Each territory's latest figure of any kind (yearly or quarterly), an actual before an estimate before a plan in the same period.</summary>
    private async Task<List<MemberFigureDto>> LatestOfAnyKindAsync(IEnumerable<AdministrativeUnit> units, string indicator)
    {
        var found = new List<MemberFigureDto>();
        foreach (var u in units)
        {
            var snapshot = await grains.GetGrain<ISeriesGrain>(SeriesKeys.Of(u.TerritoryCode, indicator)).GetAsync();
            var point = snapshot.Points.OrderBy(p => p.Year).ThenBy(p => p.Quarter ?? 5).ThenByDescending(p => p.Kind).LastOrDefault();
            if (point is not null) found.Add(new MemberFigureDto(u.Code, u.NameVi, point.Year, point.Kind, point.Value, point.Quarter));
        }
        return found;
    }

    /// <summary>One note per aggregation rule used by a derived figure of the profile, with the indicators' names.</summary>
    public static IReadOnlyList<MethodNoteDto> MethodNotes(CatalogView view, IEnumerable<ProfileRowDto> rows) =>
        [.. rows.Where(r => r.Origin == FigureOrigin.Derived || r.NoUnitValue == "not-carried")
            .GroupBy(r => r.Aggregation).OrderBy(x => x.Key, StringComparer.Ordinal)
            .Select(x => new MethodNoteDto(x.Key,
                CarryMethods.TryParse(x.Key, out var m) ? m.Describe() : x.Key,
                [.. x.Select(r => r.NameVi.Length > 0 ? r.NameVi : r.NameEn)], [.. x.Select(r => r.NameEn)]))];
}
