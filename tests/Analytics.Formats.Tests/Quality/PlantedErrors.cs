using System.Globalization;
using System.Text;
using Analytics.Domain.Quality;

namespace Analytics.Formats.Tests.Quality;

/// <summary>The kinds of error planted into real figures, as they happen when a table is typed or converted.</summary>
public enum PlantKind { Times10, Times1000, DividedBy10, DecimalSlip, Break, CopiedRow }

/// <summary>One planted error: which figures it changed (a break and a copy change several).</summary>
public sealed record Plant(PlantKind Kind, string Province, string Indicator, IReadOnlyList<int> Years, string Description);

/// <summary>
/// Plants errors at random positions (seeded, so a run is reproducible) into a set of real figures, each in a series of
/// its own, then measures the rules: which planted errors were flagged (recall, per kind and per rule) and how many
/// untouched figures were flagged (false alarms).
/// </summary>
public sealed class PlantedErrors(IReadOnlyList<QualityFigure> figures, int seed, int perKind)
{
    public IReadOnlyList<Plant> Plants { get; private set; } = [];

    /// <summary>The figures with the errors planted, and for a copy the province it was copied from (whose figures the copy rule flags as the twin).</summary>
    public (IReadOnlyList<QualityFigure> Figures, HashSet<FigureRef> CopySources) Plant()
    {
        var random = new Random(seed);
        var series = figures.GroupBy(f => (f.Province, f.Indicator))
            .ToDictionary(g => g.Key, g => g.OrderBy(f => f.Year).ToList());
        var candidates = series.Keys.Where(k => series[k].Count >= 8).OrderBy(k => k.Province, StringComparer.Ordinal)
            .ThenBy(k => k.Indicator, StringComparer.Ordinal).ToList();
        var used = new HashSet<(string, string)>();
        var plants = new List<Plant>();
        var copySources = new HashSet<FigureRef>();

        (string Province, string Indicator) Pick()
        {
            while (true)
            {
                var k = candidates[random.Next(candidates.Count)];
                if (used.Add(k)) return k;
            }
        }

        foreach (var kind in Enum.GetValues<PlantKind>())
            for (var n = 0; n < perKind; n++)
            {
                var key = Pick();
                var s = series[key];
                switch (kind)
                {
                    case PlantKind.Times10 or PlantKind.Times1000 or PlantKind.DividedBy10:
                    {
                        var i = random.Next(s.Count);
                        var factor = kind switch { PlantKind.Times10 => 10, PlantKind.Times1000 => 1000, _ => 0.1 };
                        plants.Add(new Plant(kind, key.Province, key.Indicator, [s[i].Year], $"{s[i].Value} → {s[i].Value * factor}"));
                        s[i] = s[i] with { Value = s[i].Value * factor };
                        break;
                    }
                    case PlantKind.DecimalSlip:
                    {
                        // The decimal mark dropped (86.2 → 862), or for a whole number GSO's thousands '.' read as a
                        // decimal mark (1.846 → 1.846 instead of 1846).
                        var i = random.Next(s.Count);
                        var v = s[i].Value;
                        var text = v.ToString("R", CultureInfo.InvariantCulture);
                        var dot = text.IndexOf('.');
                        var slipped = dot >= 0 ? v * Math.Pow(10, Math.Min(3, text.Length - dot - 1))
                            : Math.Abs(v) >= 1000 ? v / 1000 : v * 10;
                        plants.Add(new Plant(kind, key.Province, key.Indicator, [s[i].Year], $"{v} → {slipped}"));
                        s[i] = s[i] with { Value = slipped };
                        break;
                    }
                    case PlantKind.Break:
                    {
                        // A unit or definition change from one year on: at least two years on each side.
                        var from = 2 + random.Next(s.Count - 3);
                        var factor = new[] { 10.0, 1000.0, 0.001 }[random.Next(3)];
                        plants.Add(new Plant(kind, key.Province, key.Indicator, [.. s.Skip(from).Select(f => f.Year)], $"×{factor} from {s[from].Year}"));
                        for (var i = from; i < s.Count; i++) s[i] = s[i] with { Value = s[i].Value * factor };
                        break;
                    }
                    case PlantKind.CopiedRow:
                    {
                        // The neighbouring row of the table pasted over this province's.
                        var donors = series.Keys.Where(k => k.Indicator == key.Indicator && k.Province != key.Province && !used.Contains(k)).ToList();
                        if (donors.Count == 0) { n--; continue; }
                        var donor = donors[random.Next(donors.Count)];
                        var values = series[donor].ToDictionary(f => f.Year, f => f.Value);
                        var years = new List<int>();
                        for (var i = 0; i < s.Count; i++)
                            if (values.TryGetValue(s[i].Year, out var v)) { s[i] = s[i] with { Value = v }; years.Add(s[i].Year); }
                        foreach (var y in years) copySources.Add(new FigureRef(donor.Province, key.Indicator, y));
                        used.Add(donor);
                        plants.Add(new Plant(kind, key.Province, key.Indicator, years, $"row of {donor.Province} copied"));
                        break;
                    }
                }
            }
        Plants = plants;
        return ([.. series.Values.SelectMany(s => s)], copySources);
    }
}

/// <summary>The measurement of one run: recall per planted kind and rule, false alarms per rule.</summary>
public sealed class PlantedMeasurement
{
    public required IReadOnlyList<Plant> Plants { get; init; }
    public required IReadOnlyList<QualityFlag> Flags { get; init; }
    public required HashSet<FigureRef> CopySources { get; init; }
    public required int FigureCount { get; init; }

    private HashSet<FigureRef> Touched => [.. Plants.SelectMany(p => p.Years.Select(y => new FigureRef(p.Province, p.Indicator, y)))];

    private static bool Alarm(QualityFlag f) => f.Severity != QualitySeverity.Explained;

    public bool Detected(Plant p, QualityRule? rule = null) =>
        Flags.Any(f => Alarm(f) && (rule is null || f.Rule == rule) && f.Province == p.Province && f.Indicator == p.Indicator && p.Years.Contains(f.Year));

    public int DetectedCount => Plants.Count(p => Detected(p));

    public int UntouchedCount => FigureCount - Touched.Count;

    /// <summary>Distinct untouched figures flagged (not a copy's source, not a merger the gazetteer explains).</summary>
    public int FalseAlarms => Flags.Where(f => Alarm(f) && !Touched.Contains(f.Figure) && !CopySources.Contains(f.Figure)).Select(f => f.Figure).Distinct().Count();

    public string Table()
    {
        var touched = Touched;
        var b = new StringBuilder();
        var kinds = Enum.GetValues<PlantKind>();
        b.AppendLine($"| planted error | planted | flagged (any rule) | {string.Join(" | ", QualityRules.All.Select(r => r.ToCode()))} |");
        b.AppendLine($"|---|---:|---:|{string.Concat(QualityRules.All.Select(_ => "---:|"))}");
        foreach (var kind in kinds)
        {
            var ps = Plants.Where(p => p.Kind == kind).ToList();
            b.AppendLine($"| {kind} | {ps.Count} | {ps.Count(p => Detected(p))} | {string.Join(" | ", QualityRules.All.Select(r => ps.Count(p => Detected(p, r))))} |");
        }
        b.AppendLine($"| all | {Plants.Count} | {DetectedCount} ({Percent(DetectedCount, Plants.Count)}) | {string.Join(" | ", QualityRules.All.Select(r => Plants.Count(p => Detected(p, r))))} |");
        b.AppendLine();
        b.AppendLine("| rule | flags | on planted figures | on a copy's source row | on untouched figures | explained by a merger | precision | untouched figures flagged per 100 |");
        b.AppendLine("|---|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var rule in QualityRules.All)
        {
            var fs = Flags.Where(f => f.Rule == rule).ToList();
            var alarms = fs.Where(Alarm).ToList();
            var onPlanted = alarms.Count(f => touched.Contains(f.Figure));
            var onSource = alarms.Count(f => !touched.Contains(f.Figure) && CopySources.Contains(f.Figure));
            var onUntouched = alarms.Count(f => !touched.Contains(f.Figure) && !CopySources.Contains(f.Figure));
            b.AppendLine($"| {rule.ToCode()} | {fs.Count} | {onPlanted} | {onSource} | {onUntouched} | {fs.Count - alarms.Count} | " +
                         $"{(alarms.Count == 0 ? "–" : Percent(onPlanted + onSource, alarms.Count))} | {Per100(onUntouched, UntouchedCount)} |");
        }
        b.AppendLine();
        b.AppendLine($"{FigureCount} figures, {Plants.Count} errors planted touching {touched.Count} figures; " +
                     $"{DetectedCount} of {Plants.Count} planted errors flagged ({Percent(DetectedCount, Plants.Count)}); " +
                     $"{FalseAlarms} of {UntouchedCount} untouched figures flagged ({Per100(FalseAlarms, UntouchedCount)} per 100).");
        return b.ToString();
    }

    private static string Percent(int a, int b) => b == 0 ? "–" : (100.0 * a / b).ToString("0.#", CultureInfo.InvariantCulture) + " %";

    private static string Per100(int a, int b) => b == 0 ? "–" : (100.0 * a / b).ToString("0.00", CultureInfo.InvariantCulture);
}
