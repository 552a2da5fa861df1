using System.Security.Cryptography;
using System.Text;
using Analytics.Formats;

namespace Analytics.Silo;

/// <summary>How much of the bundled data a silo loads on first start.</summary>
public enum BundleScope
{
    /// <summary>Both geographies, indicators, seed reports, the ICT indices and all GSO tables: the product as shipped.</summary>
    All,
    /// <summary>Both geographies, indicators, seed reports and the ICT indices only: quick starts for tests.</summary>
    Seeds,
    /// <summary>Both geographies and indicators only.</summary>
    Catalog,
    None,
}

/// <summary>
/// Where the bundled data lives (the repository's data/, copied next to the silo binaries) and a stamp of its
/// content, so a silo loads it once per version of the data rather than on every start.
/// </summary>
public sealed record BundledData(string Directory, BundleScope Scope)
{
    /// <summary>The folder's files (one description, shared with the command line).</summary>
    public BundleLayout Layout { get; } = new(Directory);

    public static BundledData FromConfiguration(IConfiguration config)
    {
        var dir = config["ANALYTICS_BUNDLE_DIR"] ?? config["Analytics:BundleDir"] ?? Path.Combine(AppContext.BaseDirectory, "data");
        var scopeText = config["ANALYTICS_BUNDLE"] ?? config["Analytics:Bundle"] ?? "all";
        if (!Enum.TryParse<BundleScope>(scopeText, ignoreCase: true, out var scope))
            throw new InvalidOperationException($"ANALYTICS_BUNDLE (Analytics:Bundle) must be all, seeds, catalog or none, not '{scopeText}'.");
        return new BundledData(Path.GetFullPath(dir), scope);
    }

    /// <summary>A hash of the scope and of every file's name and bytes: changes whenever the data does.</summary>
    public string Stamp()
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        hash.AppendData(Encoding.UTF8.GetBytes(Scope.ToString()));
        foreach (var file in System.IO.Directory.EnumerateFiles(Directory, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            hash.AppendData(Encoding.UTF8.GetBytes(Path.GetRelativePath(Directory, file)));
            hash.AppendData(File.ReadAllBytes(file));
        }
        return Convert.ToHexString(hash.GetHashAndReset())[..16].ToLowerInvariant();
    }
}
