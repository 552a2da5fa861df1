using Analytics.Domain;
using Analytics.Domain.Sources;
using Analytics.Formats;
using Analytics.Tests.Support;

namespace Analytics.Formats.Tests;

/// <summary>
/// The source registry (data/sources.csv): every figure the cluster stores from the bundle (the seed reports, the ICT
/// indices, the figures of the 34 units, the GSO tables, read by the silo's own loader path) names a registered document, and every registered
/// document is cited by some figure.
/// </summary>
public class SourceRegistryTests
{
    private static readonly BundleLayout Bundle = new(Repo.Data);

    private static readonly SourceRegistry Registry = Bundle.LoadSources();

    /// <summary>Every bundled figure's source, as the silo's loader reads the bundle.</summary>
    private static IEnumerable<(string File, string? Source)> BundledSources()
    {
        var provinces = Bundle.LoadGazetteer();
        var files = Bundle.SeedFiles.Concat(Bundle.IctObservationFiles).Concat(Bundle.Units34ObservationFiles).Select(f => ObservationSources.CsvFile(f))
            .Concat(ObservationSources.Gso(Bundle.GsoDirectory, provinces));
        foreach (var source in files)
            foreach (var row in source.Read().Rows)
                yield return (source.Name, row.Source);
    }

    [Fact]
    public void Every_bundled_figure_names_a_registered_document()
    {
        var figures = BundledSources().ToList();
        var unregistered = figures.Where(f => Registry.Resolve(f.Source) is null)
            .GroupBy(f => f.Source ?? "(no source)").Select(g => $"{g.Key} ({g.Count()} figures, e.g. in {g.First().File})").ToList();
        Assert.True(unregistered.Count == 0, "Sources not in data/sources.csv:\n" + string.Join("\n", unregistered));
        Assert.True(figures.Count > 60_000, $"only {figures.Count} bundled figures read");
    }

    [Fact]
    public void Every_registered_document_is_cited_and_described()
    {
        var cited = BundledSources().Select(f => f.Source).ToHashSet(StringComparer.Ordinal);
        Assert.All(Registry.Documents, d =>
        {
            Assert.Contains(d.Cites, cited);
            Assert.False(string.IsNullOrWhiteSpace(d.TitleVi), d.Id);
            Assert.False(string.IsNullOrWhiteSpace(d.Issuer), d.Id);
        });
        // The five seed reports, the 45 GSO tables, and the DTI and ICT Index publications and the articles quoting them.
        Assert.Equal(5, Registry.Documents.Count(d => d.Kind is SourceKind.Plan or SourceKind.Report));
        Assert.Equal(45, Registry.Documents.Count(d => d.Kind == SourceKind.StatisticsTable));
        Assert.Contains(Registry.Documents, d => d is { Kind: SourceKind.Plan, Number: "36/KH-STTTT", Date: "2020-07-10" });
    }

    [Fact]
    public void A_source_is_found_by_what_figures_cite_or_by_its_id_and_an_unknown_one_is_not()
    {
        var plan = Registry.Resolve("000_280cfce90132468c.txt");
        Assert.NotNull(plan);
        Assert.Equal("Kế hoạch phát triển ngành Thông tin và Truyền thông 5 năm 2021 - 2025", plan.TitleVi);
        Assert.Same(plan, Registry.Resolve(plan.Id));
        Assert.Null(Registry.Resolve("plan-2025.pdf"));
        Assert.Null(Registry.Resolve(null));
    }

    [Fact]
    public void Every_GSO_indicator_has_a_Vietnamese_name_of_its_own()
    {
        using var english = Bilingual.Reading(english: true);
        var provinces = Bundle.LoadGazetteer();
        var tables = new GsoTableReader(provinces).ReadDirectory(Bundle.GsoDirectory);
        var indicators = tables.SelectMany(t => t.Indicators).ToList();
        Assert.Equal(77, indicators.Count);
        var untranslated = indicators.Where(d => d.NameVi == d.NameEn).Select(d => d.Code).ToList();
        Assert.True(untranslated.Count == 0, "GSO indicators without a Vietnamese name: " + string.Join(", ", untranslated));
        Assert.DoesNotContain(tables, t => t.Warnings.Any(w => w.StartsWith("no Vietnamese name", StringComparison.Ordinal)));
        Assert.Equal("Dân số trung bình: Tổng số", indicators.Single(d => d.Code == "gso-average-population-total").NameVi);
    }

    [Fact]
    public void A_GSO_table_without_a_Vietnamese_title_keeps_its_English_name_and_says_so()
    {
        using var english = Bilingual.Reading(english: true);
        var csv = "\"Number of internet cafes by province by Cities, provincies and Year\"\n\n\"Cities, provincies\";\"2015\"\n\"Ha Noi\";12\n";
        var table = new GsoTableReader(Bundle.LoadGazetteer()).Read(new MemoryStream(System.Text.Encoding.UTF8.GetBytes(csv)), "Test/cafes.csv");
        var d = Assert.Single(table.Indicators);
        Assert.Equal("Number of internet cafes", d.NameVi);
        Assert.Contains(table.Warnings, w => w.StartsWith("no Vietnamese name for 'Number of internet cafes'", StringComparison.Ordinal));
    }
}
