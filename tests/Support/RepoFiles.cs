using Analytics.Domain;
using Analytics.Domain.Geography;
using Analytics.Formats;

namespace Analytics.Tests.Support;

/// <summary>
/// Real files the data tests read (the repository root comes from <see cref="Repo"/>); the shared data sits
/// beside the repository as &lt;repo&gt;/../shared (as in CI's fresh clone).
/// </summary>
public static class RepoFiles
{
    public static string Root => Repo.Root;

    public static string Shared => Path.GetFullPath(Path.Combine(Root, "..", "shared"));

    public static string ProvincesCsv => Path.Combine(Root, "data", "provinces.csv");

    public static string IndicatorsCsv => Path.Combine(Root, "data", "indicators.csv");

    /// <summary>The GSO tables as bundled in data/gso (what the silo loads), else as published in shared/data/gso.</summary>
    public static string GsoDirectory => Directory.Exists(Path.Combine(Root, "data", "gso"))
        ? Path.Combine(Root, "data", "gso")
        : Path.Combine(Shared, "data", "gso");

    private static readonly Lazy<Gazetteer> LazyProvinces = new(() => new BundleLayout(Path.Combine(Root, "data")).LoadGazetteer());

    /// <summary>Both bundled geographies, loaded once (immutable).</summary>
    public static Gazetteer Provinces => LazyProvinces.Value;

    /// <summary>A fresh catalog from data/indicators.csv and data/ict/indicators.csv (catalogs can be extended, so each test gets its own).</summary>
    public static IndicatorCatalog LoadIndicators() => new BundleLayout(Path.Combine(Root, "data")).LoadIndicators();
}
