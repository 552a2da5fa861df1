using Analytics.Data;

namespace Analytics.Tests.Data;

/// <summary>
/// Real files the tests read: the repository is the folder holding Cluster.sln above the test binaries, and the
/// shared data sits beside it as &lt;repo&gt;/../shared (as in CI's fresh clone).
/// </summary>
internal static class RepoFiles
{
    public static string Root { get; } = FindRoot();

    public static string Shared => Path.GetFullPath(Path.Combine(Root, "..", "shared"));

    public static string ProvincesCsv => Path.Combine(Root, "data", "provinces.csv");

    public static string IndicatorsCsv => Path.Combine(Root, "data", "indicators.csv");

    /// <summary>The GSO tables as bundled in data/gso (what the silo loads), else as published in shared/data/gso.</summary>
    public static string GsoDirectory => Directory.Exists(Path.Combine(Root, "data", "gso"))
        ? Path.Combine(Root, "data", "gso")
        : Path.Combine(Shared, "data", "gso");

    private static readonly Lazy<ProvinceDirectory> LazyProvinces = new(() => ProvinceDirectory.Load(ProvincesCsv));

    /// <summary>The bundled province directory, loaded once (it is immutable).</summary>
    public static ProvinceDirectory Provinces => LazyProvinces.Value;

    /// <summary>A fresh catalog from data/indicators.csv (catalogs can be extended, so each test gets its own).</summary>
    public static IndicatorCatalog LoadIndicators() => IndicatorCatalog.Load(IndicatorsCsv);

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Cluster.sln"))) return dir.FullName;
        throw new InvalidOperationException($"No Cluster.sln above {AppContext.BaseDirectory}: tests must run inside the repository.");
    }
}
