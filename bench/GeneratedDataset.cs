using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Analytics.Bench;

/// <summary>
/// Ten times the shipped data, made up but shaped like it: indicators over the 63 provinces or the 34
/// units of the 2025 geography, 10–16 years each up to 2024, values with a level per province (a development and a
/// size factor every indicator shares, so rankings correlate as real ones do), a trend, and noise; rates bounded
/// 0–100 and rounded to one decimal (so ties occur), counts, amounts and 0–1 index scores.
/// Deterministic from the seed, and each indicator depends only on the seed and its number, so the 10k dataset is
/// the first part of the 30k one, which is the first part of the 100k one: growth can be measured by adding the rest.
/// </summary>
public sealed class GeneratedDataset
{
    public sealed record Unit(string Code, string Region, double Development, double Size);

    public enum Shape { Rate, Count, Amount, Score }

    public sealed record Indicator(
        string Code, string NameVi, string NameEn, string UnitName, bool HigherIsBetter, double? Min, double? Max, string Aggregation,
        Shape Shape, IReadOnlyList<Unit> Units, int FirstYear, int LastYear, int Seed)
    {
        public int Years => LastYear - FirstYear + 1;

        /// <summary>The definition as POST /api/indicators takes it (the product's and the baseline's).</summary>
        public object Definition => new
        {
            code = Code, nameVi = NameVi, nameEn = NameEn, unit = UnitName,
            direction = HigherIsBetter ? "higher-is-better" : "lower-is-better", min = Min, max = Max, aggregation = Aggregation, source = "generated",
        };
    }

    public readonly record struct Row(string Province, string Indicator, int Year, double Value);

    public const int LastYear = 2024;

    public IReadOnlyList<Indicator> Indicators { get; }

    public int SeriesCount => Indicators.Sum(i => i.Units.Count);

    public int ObservationCount => Indicators.Sum(i => i.Units.Count * i.Years);

    private GeneratedDataset(IReadOnlyList<Indicator> indicators) => Indicators = indicators;

    /// <summary>At least <paramref name="series"/> series (whole indicators), from data/provinces.csv under <paramref name="dataDirectory"/>.</summary>
    public static GeneratedDataset Create(int series, int seed, string dataDirectory)
    {
        var (provinces, units) = Geographies(dataDirectory, seed);
        var indicators = new List<Indicator>();
        for (var n = 0; indicators.Sum(i => i.Units.Count) < series; n++) indicators.Add(MakeIndicator(n, seed, provinces, units));
        return new GeneratedDataset(indicators);
    }

    /// <summary>The 63 provinces before the 2025 merger (Hà Tây, gone in 2008, excluded) and the 34 units after it.</summary>
    private static (List<Unit> Provinces, List<Unit> Units) Geographies(string dataDirectory, int seed)
    {
        var lines = File.ReadAllLines(Path.Combine(dataDirectory, "provinces.csv")).Skip(1).Where(l => l.Length > 0)
            .Select(l => l.Split(',')).OrderBy(f => f[0], StringComparer.Ordinal).ToList();
        var random = new Random(seed);
        var all = new List<(Unit Unit, string ValidTo)>();
        foreach (var f in lines)
        {
            // Development shifts rates and scores; size (log-normal, like population) scales counts.
            var development = Gaussian(random);
            var size = Math.Exp(0.8 * Gaussian(random));
            all.Add((new Unit(f[0], f[3], development, size), f[5]));
        }
        var provinces = all.Where(u => u.ValidTo.Length == 0 || string.CompareOrdinal(u.ValidTo, "2025") >= 0).Select(u => u.Unit).ToList();
        // The 34 units' codes (provinces_2025.csv): each the code of the province that hosts the seat, so a made-up
        // figure up to 2024 lands in that province's series.
        var codes2025 = File.ReadAllLines(Path.Combine(dataDirectory, "provinces_2025.csv")).Skip(1).Where(l => l.Length > 0)
            .Select(l => l.Split(',')[0]).ToHashSet(StringComparer.Ordinal);
        var units = all.Where(u => codes2025.Contains(u.Unit.Code)).Select(u => u.Unit).ToList();
        return (provinces, units);
    }

    private static Indicator MakeIndicator(int n, int seed, List<Unit> provinces, List<Unit> units)
    {
        var indicatorSeed = Mix(seed, n); // not HashCode.Combine: that is seeded afresh in every process
        var random = new Random(indicatorSeed);
        var geography = random.NextDouble() < 0.7 ? provinces : units;
        var years = random.Next(10, 17);
        var pick = random.NextDouble();
        var shape = pick < 0.4 ? Shape.Rate : pick < 0.75 ? Shape.Count : pick < 0.9 ? Shape.Amount : Shape.Score;
        var higher = shape == Shape.Rate ? random.NextDouble() < 0.85 : shape != Shape.Amount || random.NextDouble() < 0.9;
        var code = $"gen-{n:00000}";
        var (unit, min, max, aggregation, en) = shape switch
        {
            Shape.Rate => ("%", (double?)0, (double?)100, "population-weighted", higher ? "Generated rate" : "Generated rate (lower is better)"),
            Shape.Count => ("units", 0, null, "sum", "Generated count"),
            Shape.Amount => ("million VND", 0, null, "mean", "Generated amount per person"),
            _ => ("points", 0, 1, "mean", "Generated index score"),
        };
        return new Indicator(code, $"Chỉ tiêu sinh tự động {n:00000}", $"{en} {n:00000}", unit, higher, min, max, aggregation,
            shape, geography, LastYear - years + 1, LastYear, indicatorSeed);
    }

    /// <summary>Rows in the order a GSO table arrives: by indicator, then province, then year.</summary>
    public IEnumerable<Row> Rows() => Indicators.SelectMany(RowsOf);

    /// <summary>
    /// "table": as <see cref="Rows()"/>, a batch of 1,000 touches ~70 series. "year": one year of every indicator and
    /// province after another, so every row of a batch is a different series (the product's worst case).
    /// </summary>
    public IEnumerable<Row> Rows(string shape) => Rows(Indicators, shape);

    /// <summary>The figures of some indicators in the order of <paramref name="shape"/> (see above).</summary>
    public static IEnumerable<Row> Rows(IEnumerable<Indicator> indicators, string shape) => shape switch
    {
        "table" => indicators.SelectMany(RowsOf),
        "year" => indicators.SelectMany(RowsOf).OrderBy(r => r.Year).ThenBy(r => r.Indicator, StringComparer.Ordinal).ThenBy(r => r.Province, StringComparer.Ordinal),
        _ => throw new ArgumentException($"Shape '{shape}' is not 'table' or 'year'.", nameof(shape)),
    };

    /// <summary>
    /// Indicators after this dataset's (the next part of a larger one), whole, until they hold at least
    /// <paramref name="observations"/> figures: data to ingest as new series on top of this dataset.
    /// </summary>
    public static List<Indicator> Beyond(GeneratedDataset dataset, int observations, int seed, string dataDirectory, int skipObservations = 0)
    {
        var larger = Create(dataset.SeriesCount + (skipObservations + observations) / 8 + 100, seed, dataDirectory);
        var taken = new List<Indicator>();
        int skipped = 0, count = 0;
        foreach (var i in larger.Indicators.Skip(dataset.Indicators.Count))
        {
            if (skipped < skipObservations) { skipped += i.Units.Count * i.Years; continue; }
            if (count >= observations) break;
            taken.Add(i);
            count += i.Units.Count * i.Years;
        }
        return taken;
    }

    public static IEnumerable<Row> RowsOf(Indicator indicator)
    {
        var random = new Random(indicator.Seed ^ 0x5eed);
        var scale = Math.Exp(random.NextDouble() * 6);         // counts from thousands to millions
        var growth = 0.02 + random.NextDouble() * 0.12;        // 2–14% a year
        var spread = 0.5 + random.NextDouble() * 1.5;          // how much provinces differ
        var start = -1.5 + random.NextDouble() * 2.5;          // where rates start on the logistic curve
        var noise = 0.01 + random.NextDouble() * 0.05;
        foreach (var unit in indicator.Units)
        {
            var own = Gaussian(random) * 0.3;                  // this province's own deviation for this indicator
            var ownGrowth = growth * (0.7 + random.NextDouble() * 0.6);
            for (var year = indicator.FirstYear; year <= indicator.LastYear; year++)
            {
                var t = year - indicator.FirstYear;
                var jitter = Gaussian(random) * noise;
                var value = indicator.Shape switch
                {
                    Shape.Rate => Math.Round(100 / (1 + Math.Exp(-(start + spread * (unit.Development + own) + ownGrowth * 3 * t + jitter * 3))), 1),
                    Shape.Count => Math.Round(scale * 1000 * unit.Size * Math.Exp(own) * Math.Pow(1 + ownGrowth, t) * (1 + jitter)),
                    Shape.Amount => Math.Round(scale * Math.Exp(0.4 * (unit.Development + own)) * Math.Pow(1 + ownGrowth / 2, t) * (1 + jitter), 2),
                    _ => Math.Round(Math.Clamp(0.5 + 0.15 * (unit.Development + own) + 0.01 * t + jitter, 0, 1), 4),
                };
                if (!indicator.HigherIsBetter && indicator.Shape == Shape.Rate) value = Math.Round(100 - value, 1); // falling, like a poverty rate
                yield return new Row(unit.Code, indicator.Code, year, value);
            }
        }
    }

    public static string Csv(IEnumerable<Row> rows)
    {
        var csv = new StringBuilder("province,indicator,year,quarter,kind,value,unit,source,quote\n");
        foreach (var r in rows)
            csv.Append(r.Province).Append(',').Append(r.Indicator).Append(',').Append(r.Year).Append(",,actual,")
               .Append(r.Value.ToString("R", CultureInfo.InvariantCulture)).Append(",,generated,\n");
        return csv.ToString();
    }

    public static string Json(IEnumerable<Row> rows) => JsonSerializer.Serialize(rows.Select(r => new
    {
        province = r.Province, indicator = r.Indicator, year = r.Year, kind = "actual", value = r.Value, source = "generated",
    }));

    /// <summary>A fixed integer hash (SplitMix64's finaliser) of the seed and the indicator's number.</summary>
    private static int Mix(int seed, int n)
    {
        var z = unchecked((ulong)(uint)seed << 32 | (uint)n) + 0x9E3779B97F4A7C15UL;
        z = unchecked((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL);
        z = unchecked((z ^ (z >> 27)) * 0x94D049BB133111EBUL);
        return (int)(z ^ (z >> 31));
    }

    private static double Gaussian(Random random) =>
        Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());

    /// <summary>
    /// <c>generate --series N [--seed S] [--batch B] [--format csv|json] [--shape table|year] --out DIR</c>: writes DIR/indicators.json (for
    /// POST /api/indicators) and DIR/observations-NNNNN.csv|json, batches of B rows for POST /api/observations.
    /// </summary>
    public static int Write(string[] args)
    {
        string? Get(string name) { var i = Array.IndexOf(args, name); return i >= 0 && i + 1 < args.Length ? args[i + 1] : null; }
        var series = int.Parse(Get("--series") ?? "10000", CultureInfo.InvariantCulture);
        var seed = int.Parse(Get("--seed") ?? "16", CultureInfo.InvariantCulture);
        var batch = int.Parse(Get("--batch") ?? "1000", CultureInfo.InvariantCulture);
        var format = Get("--format") ?? "csv";
        if (format is not ("csv" or "json")) { Console.Error.WriteLine($"--format must be csv or json, not '{format}'."); return 2; }
        var output = Get("--out") ?? $"generated-{series}";
        Directory.CreateDirectory(output);
        var dataset = Create(series, seed, Path.Combine(SideBySideRun.FindRoot(), "data"));
        File.WriteAllText(Path.Combine(output, "indicators.json"), JsonSerializer.Serialize(dataset.Indicators.Select(i => i.Definition)));
        var files = 0;
        foreach (var chunk in dataset.Rows(Get("--shape") ?? "table").Chunk(batch))
            File.WriteAllText(Path.Combine(output, $"observations-{files++:00000}.{format}"), format == "csv" ? Csv(chunk) : Json(chunk));
        Console.WriteLine($"{dataset.Indicators.Count:N0} indicators, {dataset.SeriesCount:N0} series, {dataset.ObservationCount:N0} observations in {files:N0} batches of {batch:N0} under {Path.GetFullPath(output)} (seed {seed})");
        return 0;
    }
}
