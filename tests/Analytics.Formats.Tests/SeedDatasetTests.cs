using System.Globalization;
using System.Text.RegularExpressions;
using Analytics.Domain;
using Analytics.Formats;
using Analytics.Tests.Support;

namespace Analytics.Formats.Tests;

/// <summary>
/// The curated seed dataset (data/seeds/*.csv) against the report texts it cites (data/seeds/sources/*.txt):
/// every figure must be traceable to a verbatim quote that shows it.
/// </summary>
public partial class SeedDatasetTests
{
    private static readonly string SeedsDir = Path.Combine(Repo.Data, "seeds");

    public static TheoryData<string> SeedFiles() =>
        [.. Directory.EnumerateFiles(SeedsDir, "*.csv").Select(f => Path.GetFileName(f)).Order()];

    private static readonly Dictionary<string, string> Sources = Directory
        .EnumerateFiles(Path.Combine(SeedsDir, "sources"), "*.txt")
        .ToDictionary(f => Path.GetFileName(f), f => Collapse(File.ReadAllText(f)));

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();

    private static string Collapse(string text) => Whitespace().Replace(text, " ").Trim();

    [Theory]
    [MemberData(nameof(SeedFiles))]
    public void Every_quote_occurs_in_its_source_and_shows_the_value(string file)
    {
        var rows = ObservationCsv.ReadFile(Path.Combine(SeedsDir, file));
        Assert.NotEmpty(rows);
        var problems = new List<string>();
        foreach (var row in rows)
        {
            if (row.Source is null || !Sources.TryGetValue(row.Source, out var text))
            {
                problems.Add($"line {row.Row}: source '{row.Source}' is not one of the seed texts");
                continue;
            }
            var quote = Collapse(row.Quote ?? "");
            if (quote.Length is 0 or > 120) problems.Add($"line {row.Row}: quote is {quote.Length} characters (1..120 allowed)");
            if (!text.Contains(quote, StringComparison.Ordinal)) problems.Add($"line {row.Row}: quote not found in {row.Source}: \"{quote}\"");
            var value = double.Parse(row.Value!, CultureInfo.InvariantCulture);
            if (!VietnameseNumbers.Renderings(value).Any(r => VietnameseNumbers.ContainsNumber(quote, r)))
                problems.Add($"line {row.Row}: value {row.Value} is not written in the quote \"{quote}\"");
        }
        Assert.True(problems.Count == 0, string.Join(Environment.NewLine, problems));
    }

    [Theory]
    [MemberData(nameof(SeedFiles))]
    public void Every_row_passes_the_ingest_validation(string file)
    {
        var provinces = RepoFiles.Provinces;
        var indicators = IndicatorCsv.Load(Path.Combine(Repo.Data, "indicators.csv"));

        var batch = ObservationValidator.Validate(ObservationCsv.ReadFile(Path.Combine(SeedsDir, file)), provinces, indicators);

        Assert.True(batch.IsValid, string.Join(Environment.NewLine, batch.Errors));
    }

    /// <summary>
    /// The words that state a bound or an approximation, by the qualifier they give a figure. A seed row carries a
    /// qualifier only where its quote says so: "hơn 40 máy chủ" is &gt; 40, "Top 30" a rank of at most 30.
    /// </summary>
    private static readonly Dictionary<Qualifier, string[]> BoundWords = new()
    {
        [Qualifier.Above] = ["hơn", "trên"],
        [Qualifier.AtLeast] = ["tối thiểu", "ít nhất"],
        [Qualifier.Below] = ["dưới"],
        [Qualifier.AtMost] = ["không quá", "tối đa", "top"],
        [Qualifier.About] = ["khoảng", "xấp xỉ", "gần"],
    };

    /// <summary>How many seed figures carried a qualifier when the column came: a floor, so one dropped by mistake fails here.</summary>
    private const int QualifiedSeedFigures = 52;

    [Fact]
    public void Seed_figures_given_as_bounds_carry_the_qualifier_their_quotes_state()
    {
        var qualified = Directory.EnumerateFiles(SeedsDir, "*.csv").Select(Path.GetFileName).SelectMany(f => Observations(f!)).Where(o => o.Qualifier is not null).ToList();

        var unsupported = qualified
            .Where(o => !BoundWords[o.Qualifier!.Value].Any(w => o.Quote!.Contains(w, StringComparison.OrdinalIgnoreCase)))
            .Select(o => $"{o.Province}/{o.Indicator} {o.Year} {o.Kind.ToCode()}: {o.Qualifier!.Value.ToSymbol()} {o.Value} is not what \"{o.Quote}\" says")
            .ToList();
        Assert.True(unsupported.Count == 0, string.Join(Environment.NewLine, unsupported));
        Assert.True(qualified.Count >= QualifiedSeedFigures, $"{qualified.Count} qualified seed figures; {QualifiedSeedFigures} when the column came");
    }

    [Fact]
    public void Phu_luc_02_gives_the_internet_users_rate_of_Binh_Thuan_from_baseline_to_target()
    {
        var series = Observations("000_280cfce90132468c.csv")
            .Where(o => o is { Province: "60", Indicator: "internet-users-rate" })
            .ToDictionary(o => (o.Year, o.Kind), o => o.Value);

        Assert.Equal(38.5, series[(2015, ObservationKind.Baseline)]);
        Assert.Equal([42.5, 45, 51, 59], new[] { 2016, 2017, 2018, 2019 }.Select(y => series[(y, ObservationKind.Actual)]));
        Assert.Equal(62, series[(2020, ObservationKind.Estimate)]);
        Assert.Equal(85, series[(2025, ObservationKind.Target)]);
        Assert.Equal([66, 70, 75, 80, 85], Enumerable.Range(2021, 5).Select(y => series[(y, ObservationKind.Plan)]));
    }

    [Fact]
    public void Phu_luc_02_covers_all_five_indicators_with_every_column()
    {
        var observations = Observations("000_280cfce90132468c.csv").Where(o => o.Province == "60").ToList();
        string[] indicators = ["post-telecom-business-points", "post-telecom-service-radius", "telephone-density", "internet-subscribers", "internet-users-rate"];

        foreach (var indicator in indicators)
        {
            var keys = observations.Where(o => o.Indicator == indicator).Select(o => (o.Year, o.Kind)).ToHashSet();
            var expected = new[] { (2015, ObservationKind.Baseline), (2020, ObservationKind.Estimate), (2025, ObservationKind.Target) }
                .Concat(Enumerable.Range(2016, 4).Select(y => (y, ObservationKind.Actual)))
                .Concat(Enumerable.Range(2021, 5).Select(y => (y, ObservationKind.Plan)));
            Assert.All(expected, key => Assert.True(keys.Contains(key), $"{indicator} lacks {key}"));
        }
    }

    [Fact]
    public void Phu_luc_1_of_003_gives_2022_actuals_2023_plans_Q1_estimates_and_the_QD_715_targets()
    {
        // 17 rows: items 1–13, with the two "Trong đó" sub-rows of 7 (radio) and 8 (television).
        var rows = Observations("003_4afd1012f0936fc0.csv")
            .Where(o => o.Province == "58" && o.Quote is { } q && PhuLuc1Of003.Contains(Collapse(q), StringComparison.Ordinal))
            .ToList();
        int Count(int year, int? quarter, ObservationKind kind) =>
            rows.Count(o => o.Year == year && o.Quarter == quarter && o.Kind == kind);

        Assert.Equal(17, Count(2023, null, ObservationKind.Plan));
        Assert.Equal(17, Count(2023, 1, ObservationKind.Estimate));
        Assert.Equal(17, Count(2023, null, ObservationKind.Target));
        Assert.Equal(14, Count(2022, null, ObservationKind.Actual)); // items 11–13 print no 2022 figure
        Assert.Equal(0, Count(2023, 1, ObservationKind.Actual));     // the column is "Ước thực hiện Quý I/2023"
        Assert.Equal(20659, rows.Single(o => o is { Indicator: "radio-broadcast-hours", Kind: ObservationKind.Target }).Value);
    }

    private static readonly string PhuLuc1Of003 = Sources["003_4afd1012f0936fc0.txt"] is var text
        ? text[text.IndexOf("PHỤ LỤC 1", StringComparison.Ordinal)..text.IndexOf("PHỤ LỤC 2", StringComparison.Ordinal)]
        : "";

    [Fact]
    public void One_code_means_one_concept_across_reports()
    {
        var all = Directory.EnumerateFiles(SeedsDir, "*.csv").SelectMany(ObservationCsv.ReadFile).ToList();
        bool Quoted(string indicator, string fragment) =>
            all.Any(r => r.Indicator == indicator && (r.Quote ?? "").Contains(fragment, StringComparison.Ordinal));

        // "cơ sở kinh doanh các dịch vụ BCVT" counts post and telecom businesses: not postal service points.
        Assert.False(Quoted("postal-service-points", "BCVT") || Quoted("postal-service-points", "cơ sở kinh doanh"));
        Assert.True(Quoted("post-telecom-business-points", "cơ sở kinh doanh"));
        // Broadband-only totals are not "all Internet subscriptions".
        Assert.False(Quoted("internet-subscribers", "băng rộng"));
        // The 001 targets for popular services and for all level-3/4 services are two indicators, not a conflict.
        var conflicts = ObservationCsv.ReadFile(Path.Combine(SeedsDir, "conflicts.csv"));
        Assert.DoesNotContain(conflicts, r => r.Indicator == "online-public-services-national-portal-integration-rate");
        Assert.True(Quoted("popular-online-services-national-portal-integration-rate", "phổ biến"));
    }

    [Theory]
    [InlineData("population")]
    [InlineData("administrative-procedures")]
    [InlineData("cyber-threats-detected")]
    [InlineData("it-ranking-fair-rate-provincial-agencies")]
    [InlineData("it-ranking-fair-rate-districts")]
    public void Context_indicators_are_not_ranked_as_better_or_worse(string code)
    {
        var indicators = IndicatorCsv.Load(Path.Combine(Repo.Data, "indicators.csv"));

        Assert.Equal(Direction.Context, indicators.Find(code)!.Direction);
    }

    [Fact]
    public void Every_seed_report_is_represented()
    {
        var cited = Directory.EnumerateFiles(SeedsDir, "*.csv").SelectMany(ObservationCsv.ReadFile).Select(r => r.Source).ToHashSet();

        Assert.Equal(Sources.Keys.Order(), cited.Order()!);
    }

    private static IEnumerable<Observation> Observations(string file)
    {
        var provinces = RepoFiles.Provinces;
        var indicators = IndicatorCsv.Load(Path.Combine(Repo.Data, "indicators.csv"));
        return ObservationValidator.Validate(ObservationCsv.ReadFile(Path.Combine(SeedsDir, file)), provinces, indicators).Observations;
    }
}

/// <summary>How a number can be written in the reports: Vietnamese grouping (1.846.000; 86,2), as printed without
/// grouping (1757), zero-padded (07), with a decimal point (90.57), or with a scale word (1,2 triệu).</summary>
public static class VietnameseNumbers
{
    // Spelled out rather than taken from the vi-VN culture, so the test does not depend on ICU data.
    private static readonly NumberFormatInfo Vietnamese = new() { NumberGroupSeparator = ".", NumberDecimalSeparator = "," };

    public static IEnumerable<string> Renderings(double value)
    {
        foreach (var (scale, word) in new[] { (1d, ""), (1e3, " nghìn"), (1e3, " ngàn"), (1e6, " triệu"), (1e9, " tỷ") })
        {
            var scaled = value / scale;
            if (scale > 1 && Math.Abs(scaled) < 1e-9) continue;
            yield return Grouped(scaled) + word;
            if (scaled == Math.Floor(scaled))
            {
                // Reports pad small counts ("07 doanh nghiệp") and print whole rates with a decimal ("12,0").
                yield return scaled.ToString("00", Vietnamese) + word;
                yield return scaled.ToString("#,##0.0", Vietnamese) + word;
            }
            yield return scaled.ToString("0.##########", Vietnamese) + word;
            yield return scaled.ToString("0.##########", CultureInfo.InvariantCulture) + word;
        }
    }

    private static string Grouped(double value) => value.ToString("#,##0.##########", Vietnamese);

    /// <summary>True when <paramref name="number"/> stands in the text as a whole number, not inside a longer one.</summary>
    public static bool ContainsNumber(string text, string number)
    {
        for (var i = text.IndexOf(number, StringComparison.Ordinal); i >= 0; i = text.IndexOf(number, i + 1, StringComparison.Ordinal))
        {
            var end = i + number.Length;
            var before = i > 0 && (char.IsDigit(text[i - 1]) || (text[i - 1] is '.' or ',' && i > 1 && char.IsDigit(text[i - 2])));
            var after = end < text.Length && (char.IsDigit(text[end]) || (text[end] is '.' or ',' && end + 1 < text.Length && char.IsDigit(text[end + 1])));
            if (!before && !after) return true;
        }
        return false;
    }
}
