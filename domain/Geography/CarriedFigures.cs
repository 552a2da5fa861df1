namespace Analytics.Domain.Geography;

/// <summary>
/// One indicator's figures in the 34-unit geography, from its leaderboard's summaries (territory code → yearly figures):
/// a unit's own reported figure when there is one, else, for a year the 63 provinces reported (up to 2025), the figure
/// derived from its members by the indicator's aggregation rule (<see cref="Carry"/>). Plain code over data already
/// fetched: one indicator-grain call for the figures, one for the population, no call per series.
/// </summary>
public sealed class CarriedFigures
{
    /// <summary>The indicator whose figures weight population-weighted means, as GSO's table "Average population" defines it.</summary>
    public const string PopulationIndicator = "gso-average-population-total";

    private readonly Gazetteer _gazetteer;
    private readonly Carry _carry;
    private readonly IReadOnlyDictionary<string, SeriesSummary> _figures;
    private readonly Aggregation _aggregation;
    private readonly string _format;
    private readonly Dictionary<string, IReadOnlyDictionary<int, double>> _population = new(StringComparer.Ordinal);

    /// <param name="figures">The indicator's yearly figures by territory code (both geographies).</param>
    /// <param name="population">The population indicator's yearly figures by territory code; needed for population-weighted rules.</param>
    /// <param name="decimals">The indicator's display precision, for the figures its notes quote.</param>
    public CarriedFigures(Gazetteer gazetteer, Aggregation aggregation, IReadOnlyDictionary<string, SeriesSummary> figures,
        IReadOnlyDictionary<string, SeriesSummary>? population = null, int? decimals = null)
    {
        _format = decimals is { } k ? "F" + k : "0.####";
        _gazetteer = gazetteer;
        _carry = new Carry(gazetteer);
        _aggregation = aggregation;
        _figures = figures;
        foreach (var (code, summary) in population ?? new Dictionary<string, SeriesSummary>())
        {
            // Actuals, else estimates: the population of a year as best known.
            var byYear = new Dictionary<int, double>();
            foreach (var v in summary.Values.Where(v => v.Kind == ObservationKind.Estimate)) byYear[v.Year] = v.Value;
            foreach (var v in summary.Values.Where(v => v.Kind == ObservationKind.Actual)) byYear[v.Year] = v.Value;
            _population[code] = byYear;
        }
    }

    /// <summary>The last year the 63 provinces report figures for; a 34-unit figure of a later year can only be reported.</summary>
    public static int LastDerivableYear => Geography.Vn63.ValidTo!.Value.Year;

    public CarryMethod Method => _aggregation.ToCarryMethod();

    /// <summary>The unit's figure of a kind for a year: reported (it always wins), else derived from its members, else none with the reason.</summary>
    public CarriedFigure For(AdministrativeUnit unit, int year, ObservationKind kind)
    {
        if (unit.Geography != Geography.Vn34) throw new ArgumentException($"{unit} is not a unit of the 34.", nameof(unit));
        var reported = Value(unit.TerritoryCode, year, kind);
        // An unmerged province is one territory in both geographies: its own series is reported, before 2025 as after.
        if (reported is not null || !unit.IsMerged)
            return reported is { } r
                ? new CarriedFigure(unit, year, r, FigureOrigin.Reported, Method, [], [], BesideDerived(unit, year, kind, r), null, StoredQualifier(unit.TerritoryCode, year, kind))
                : new CarriedFigure(unit, year, null, FigureOrigin.Reported, Method, [], [], [], Bilingual.T($"không có số liệu {kind.Words()} của {unit.Label} năm {year}", $"no {kind.ToCode()} figure for {unit.Label} in {year}"));
        if (year > LastDerivableYear)
            return new CarriedFigure(unit, year, null, FigureOrigin.Reported, Method, [], [], [],
                Bilingual.T($"{unit.Label} không báo cáo số liệu {kind.Words()} năm {year} (số liệu chỉ được suy ra từ 63 tỉnh đến năm {LastDerivableYear})",
                    $"no {kind.ToCode()} figure reported for {unit.Label} in {year} (figures are derived from the 63 provinces up to {LastDerivableYear} only)"));
        return Derive(unit, year, kind);
    }

    /// <summary>The unit's figure derived from its members' figures of the kind for the year, by the indicator's rule.</summary>
    private CarriedFigure Derive(AdministrativeUnit unit, int year, ObservationKind kind)
    {
        var members = new Dictionary<string, double>(StringComparer.Ordinal);
        var qualifiers = new Dictionary<string, Qualifier>(StringComparer.Ordinal);
        foreach (var m in unit.Members)
        {
            if (Value(m, year, kind) is { } v) members[m] = v;
            if (StoredQualifier(m, year, kind) is { } q) qualifiers[m] = q;
        }
        return _carry.Derive(unit, year, Method, members, Method == CarryMethod.PopulationWeighted ? PopulationOf(unit) : null, qualifiers);
    }

    /// <summary>
    /// A merged unit's own figure for a year its members also reported (one its publisher restated for the new unit):
    /// what the product's rule derives from the members, beside it, so a reader sees whether the two agree.
    /// </summary>
    private IReadOnlyList<string> BesideDerived(AdministrativeUnit unit, int year, ObservationKind kind, double reported)
    {
        if (!unit.IsMerged || year > LastDerivableYear || Method == CarryMethod.NotCarried) return [];
        if (Derive(unit, year, kind).Value is not { } d) return [];
        var (vi, en) = (Bilingual.VietnameseNumbers, Bilingual.EnglishNumbers);
        return [Bilingual.T(
            $"số liệu công bố cho đơn vị mới; {Method.Describe()} là {d.ToString(_format, vi)} (công bố {reported.ToString(_format, vi)})",
            $"published for the new unit; the {Method.Describe()} is {d.ToString(_format, en)} (published {reported.ToString(_format, en)})")];
    }

    /// <summary>Every year with a figure of the kind for the unit, reported or derivable (members' years up to 2025).</summary>
    public IReadOnlyList<int> YearsOf(AdministrativeUnit unit, ObservationKind kind)
    {
        var years = new SortedSet<int>(YearsIn(unit.TerritoryCode, kind));
        foreach (var m in unit.Members) years.UnionWith(YearsIn(m, kind).Where(y => y <= LastDerivableYear));
        return [.. years];
    }

    /// <summary>The latest year any of the 34 units has a figure of the kind for, reported or derivable; null when none.</summary>
    public int? LatestYear(ObservationKind kind) =>
        _gazetteer.UnitsOf(Geography.Vn34).SelectMany(u => YearsOf(u, kind)).Select(y => (int?)y).DefaultIfEmpty(null).Max();

    /// <summary>
    /// The yearly history a forecast of the unit reads: per year its actual, else its estimate, each reported or derived.
    /// </summary>
    public IReadOnlyList<(int Year, CarriedFigure Figure)> Observed(AdministrativeUnit unit)
    {
        var history = new List<(int, CarriedFigure)>();
        var years = new SortedSet<int>(YearsOf(unit, ObservationKind.Actual).Concat(YearsOf(unit, ObservationKind.Estimate)));
        foreach (var year in years)
        {
            var figure = For(unit, year, ObservationKind.Actual);
            if (!figure.HasValue) figure = For(unit, year, ObservationKind.Estimate);
            if (figure.HasValue) history.Add((year, figure));
        }
        return history;
    }

    /// <summary>A territory's own figure of a kind for a year as stored (no carrying); null when it has none.</summary>
    public double? Stored(string territory, int year, ObservationKind kind) => Value(territory, year, kind);

    /// <summary>The bound or approximation a territory's own stored figure is (<see cref="Qualifier"/>); null when exact or absent.</summary>
    public Qualifier? StoredQualifier(string territory, int year, ObservationKind kind) =>
        _figures.TryGetValue(territory, out var summary) ? summary.Values.FirstOrDefault(v => v.Year == year && v.Kind == kind).Qualifier : null;

    /// <summary>A territory's own yearly figures as a profile reads them: per year its actual, else its estimate, oldest first.</summary>
    public IReadOnlyList<(int Year, ObservationKind Kind, double Value)> OwnObserved(string territory)
    {
        if (!_figures.TryGetValue(territory, out var summary)) return [];
        var byYear = new SortedDictionary<int, (ObservationKind Kind, double Value)>();
        foreach (var v in summary.Values.Where(v => v.Kind == ObservationKind.Estimate)) byYear[v.Year] = (v.Kind, v.Value);
        foreach (var v in summary.Values.Where(v => v.Kind == ObservationKind.Actual)) byYear[v.Year] = (v.Kind, v.Value);
        return [.. byYear.Select(kv => (kv.Key, kv.Value.Kind, kv.Value.Value))];
    }

    /// <summary>
    /// The unit's latest figure (<see cref="UnitLatest"/>): for a unit of the 34 its reported or carried value, each member's
    /// own latest figure and, where the members have a later figure that cannot be carried, that figure with its reason;
    /// for a province of the 63 its own latest figure.
    /// </summary>
    public UnitLatest Latest(AdministrativeUnit unit)
    {
        if (unit.Geography != Geography.Vn34)
        {
            var own = OwnObserved(unit.TerritoryCode);
            CarriedFigure? Reported(int i) => i < 0 ? null : new CarriedFigure(unit, own[i].Year, own[i].Value, FigureOrigin.Reported, Method, [], [], [], null);
            return new UnitLatest(Reported(own.Count - 1), own.Count > 0 ? own[^1].Kind : ObservationKind.Actual, Reported(own.Count - 2), [], null);
        }
        var history = Observed(unit);
        var current = history.Count > 0 ? history[^1].Figure : null;
        var previous = history.Count > 1 ? history[^2].Figure : null;
        var kind = current is not null && !For(unit, current.Year, ObservationKind.Actual).HasValue ? ObservationKind.Estimate : ObservationKind.Actual;
        var members = new List<MemberFigure>();
        foreach (var m in _gazetteer.MembersOf(unit))
            if (OwnObserved(m.TerritoryCode) is [.., var last]) members.Add(new MemberFigure(m, last.Year, last.Kind, last.Value));
        CarriedFigure? notCarried = null;
        if (unit.IsMerged && members.Count > 0)
        {
            var latest = members.MaxBy(x => x.Year)!;
            if (latest.Year > (current?.Year ?? int.MinValue) && latest.Year <= LastDerivableYear)
                notCarried = For(unit, latest.Year, latest.Kind) is { HasValue: false } none ? none : null;
        }
        return new UnitLatest(current, kind, previous, members, notCarried);
    }

    private IReadOnlyDictionary<string, IReadOnlyDictionary<int, double>> PopulationOf(AdministrativeUnit unit) =>
        unit.Members.Where(_population.ContainsKey).ToDictionary(m => m, m => _population[m], StringComparer.Ordinal);

    private double? Value(string territory, int year, ObservationKind kind)
    {
        if (!_figures.TryGetValue(territory, out var summary)) return null;
        foreach (var v in summary.Values)
            if (v.Year == year && v.Kind == kind) return v.Value;
        return null;
    }

    private IEnumerable<int> YearsIn(string territory, ObservationKind kind) =>
        _figures.TryGetValue(territory, out var s) ? s.Values.Where(v => v.Kind == kind).Select(v => v.Year) : [];
}
