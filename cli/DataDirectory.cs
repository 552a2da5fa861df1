using Analytics.Domain;
using Analytics.Formats;

namespace Analytics.Cli;

/// <summary>
/// The bundled data folder (<see cref="BundleLayout"/>: provinces.csv, provinces_2025.csv, indicators.csv, ict/) for offline checks: <c>--data DIR</c> if given, else the
/// data/ of the repository the binary was built in (found by walking up to Cluster.sln), else a data/ beside the binary.
/// </summary>
public static class DataDirectory
{
    private static string What => Bilingual.T("provinces.csv, provinces_2025.csv và indicators.csv", "provinces.csv, provinces_2025.csv and indicators.csv");

    public static string Locate(string? explicitDirectory, string baseDirectory)
    {
        if (explicitDirectory is not null)
        {
            return HasCatalog(explicitDirectory)
                ? Path.GetFullPath(explicitDirectory)
                : throw new UsageException(Bilingual.T($"--data {explicitDirectory}: ở đó không có {What}", $"--data {explicitDirectory}: no {What} there"));
        }
        for (var dir = new DirectoryInfo(baseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Cluster.sln")) && HasCatalog(Path.Combine(dir.FullName, "data")))
                return Path.Combine(dir.FullName, "data");
        }
        var beside = Path.Combine(baseDirectory, "data");
        return HasCatalog(beside)
            ? beside
            : throw new UsageException(Bilingual.T(
                $"không tìm thấy thư mục dữ liệu ({What}) phía trên {baseDirectory}; hãy cho --data DIR",
                $"cannot find the data folder ({What}) above {baseDirectory}; pass --data DIR"));
    }

    private static bool HasCatalog(string dir) => BundleLayout.IsBundle(dir);
}
