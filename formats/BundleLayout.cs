using Analytics.Domain;
using Analytics.Domain.Geography;

namespace Analytics.Formats;

/// <summary>
/// The one description of the bundled data folder (data/, see data/README.md), read by the silo's loader and by the
/// command line alike: the two geography reference files, the indicator catalogs (the product's and the ICT indices'),
/// the seed reports, the ICT index observations and the GSO tables.
/// </summary>
public sealed record BundleLayout(string Directory)
{
    public const string IndicatorsFileName = "indicators.csv";

    public string ProvincesFile => Path.Combine(Directory, GazetteerCsv.ProvincesFile);
    public string Units2025File => Path.Combine(Directory, GazetteerCsv.Units2025File);
    public string IndicatorsFile => Path.Combine(Directory, IndicatorsFileName);
    public string IctDirectory => Path.Combine(Directory, "ict");
    public string IctIndicatorsFile => Path.Combine(IctDirectory, IndicatorsFileName);
    public string SeedsDirectory => Path.Combine(Directory, "seeds");
    public string GsoDirectory => Path.Combine(Directory, "gso");
    public string SourcesFile => Path.Combine(Directory, SourcesFileName);

    public const string SourcesFileName = "sources.csv";

    /// <summary>Which indicator is part of which and which accumulate, for the quality rules (none when absent).</summary>
    public string RelationsFile => Path.Combine(Directory, "indicator-relations.csv");

    public Analytics.Domain.Quality.IndicatorRelations LoadRelations() => IndicatorRelationsCsv.Load(RelationsFile);

    /// <summary>The registered source documents (data/sources.csv); none when the bundle has no registry.</summary>
    public Analytics.Domain.Sources.SourceRegistry LoadSources() =>
        File.Exists(SourcesFile) ? SourceRegistryCsv.Load(SourcesFile) : Analytics.Domain.Sources.SourceRegistry.Empty;

    /// <summary>National targets that apply to every province (decisions' clauses with their quotes); read by the API.</summary>
    public string NationalTargetsFile => Path.Combine(Directory, "targets", "national.csv");

    /// <summary>Figures published for the 34 units themselves (area and population in resolution 202/2025/QH15).</summary>
    public string Units34Directory => Path.Combine(Directory, "units34");

    public IEnumerable<string> Units34ObservationFiles =>
        System.IO.Directory.Exists(Units34Directory)
            ? System.IO.Directory.EnumerateFiles(Units34Directory, "*.csv").Order(StringComparer.Ordinal)
            : [];

    /// <summary>Whether a folder holds what the catalog needs: both geography files and the indicator catalog.</summary>
    public static bool IsBundle(string directory) =>
        File.Exists(Path.Combine(directory, GazetteerCsv.ProvincesFile)) && File.Exists(Path.Combine(directory, GazetteerCsv.Units2025File))
        && File.Exists(Path.Combine(directory, IndicatorsFileName));

    /// <summary>Every indicator catalog file present: data/indicators.csv, then data/ict/indicators.csv.</summary>
    public IEnumerable<string> IndicatorFiles => new[] { IndicatorsFile, IctIndicatorsFile }.Where(File.Exists);

    /// <summary>Seed files in load order: the disagreeing figures first, so each report's main figure ends up current
    /// and the other is kept in the series' revision history with its own quote.</summary>
    public IEnumerable<string> SeedFiles =>
        System.IO.Directory.Exists(SeedsDirectory)
            ? System.IO.Directory.EnumerateFiles(SeedsDirectory, "*.csv")
                .OrderBy(f => Path.GetFileName(f) == "conflicts.csv" ? 0 : 1)
                .ThenBy(f => f, StringComparer.Ordinal)
            : [];

    /// <summary>The ICT index observations (DTI, ICT Index; data/ict/SOURCES.md), in name order.</summary>
    public IEnumerable<string> IctObservationFiles =>
        System.IO.Directory.Exists(Path.Combine(IctDirectory, "observations"))
            ? System.IO.Directory.EnumerateFiles(Path.Combine(IctDirectory, "observations"), "*.csv").Order(StringComparer.Ordinal)
            : [];

    /// <summary>Both geographies from the two reference files; a malformed file throws <see cref="DataFormatException"/>.</summary>
    public Gazetteer LoadGazetteer()
    {
        using var provinces = new StreamReader(ProvincesFile, detectEncodingFromByteOrderMarks: true);
        using var units = new StreamReader(Units2025File, detectEncodingFromByteOrderMarks: true);
        return GazetteerCsv.Read(provinces, units);
    }

    /// <summary>The indicators of every catalog file, in one catalog; a code defined in two files is an error.</summary>
    public IndicatorCatalog LoadIndicators()
    {
        var catalog = new IndicatorCatalog();
        foreach (var file in IndicatorFiles)
            foreach (var d in IndicatorCsv.Load(file).All)
            {
                if (catalog.TryGet(d.Code, out _))
                    throw new DataFormatException(Path.GetFileName(file), 0, "code", Bilingual.T(
                        $"chỉ tiêu '{d.Code}' được định nghĩa ở hai tệp danh mục", $"indicator '{d.Code}' is defined in two catalog files"));
                catalog.Add(d);
            }
        return catalog;
    }
}
