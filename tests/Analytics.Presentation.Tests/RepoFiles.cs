namespace Analytics.Presentation.Tests;

/// <summary>Files of the repository (and the shared reference beside it), found from the test binaries.</summary>
internal static class RepoFiles
{
    public static string Root { get; } = FindRoot();

    public static string Maps => Path.Combine(Root, "data", "maps");

    /// <summary>A reference CSV: the repository's data/ copy when there is one, else shared/reference beside the repository.</summary>
    public static string Reference(string fileName)
    {
        var candidates = new[]
        {
            Path.Combine(Root, "data", fileName),
            Path.Combine(Root, "data", "reference", fileName),
            Path.Combine(Root, "..", "shared", "reference", fileName),
            Path.Combine(Root, "..", "..", "shared", "reference", fileName),
            Path.Combine("/work/shared/reference", fileName),
        };
        return candidates.FirstOrDefault(File.Exists)
            ?? throw new FileNotFoundException($"No {fileName} in data/ nor in a shared/reference folder near {Root}.");
    }

    /// <summary>The values of one column of a simple CSV (no quoted commas in the columns read here).</summary>
    public static IReadOnlyList<string> Column(string path, string column)
    {
        var lines = File.ReadAllLines(path).Where(l => l.Length > 0).ToList();
        var index = Array.IndexOf(lines[0].TrimStart('\uFEFF').Split(','), column);
        Assert.True(index >= 0, $"{path} has no column {column}");
        return lines.Skip(1).Select(l => l.Split(',')[index].Trim()).ToList();
    }

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Cluster.sln"))) return dir.FullName;
        throw new InvalidOperationException($"No Cluster.sln above {AppContext.BaseDirectory}.");
    }
}
