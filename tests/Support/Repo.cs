namespace Analytics.Tests.Support;

/// <summary>Paths in the repository, found from the test binaries so tests run from any working directory.</summary>
public static class Repo
{
    public static string Root { get; } = FindRoot();

    public static string Data => Path.Combine(Root, "data");

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Cluster.sln"))) return dir.FullName;
        }
        throw new InvalidOperationException($"No Cluster.sln above {AppContext.BaseDirectory}.");
    }
}
