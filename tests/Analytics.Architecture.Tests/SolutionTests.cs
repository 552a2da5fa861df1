using Analytics.Tests.Support;

namespace Analytics.Architecture.Tests;

/// <summary>
/// test.sh builds Cluster.sln once and runs every test project with --no-build: a project missing from the solution
/// would run a stale build on a developer's machine and none at all on a fresh clone.
/// </summary>
public sealed class SolutionTests
{
    [Fact]
    public void Every_project_in_the_repository_is_in_Cluster_sln()
    {
        var solution = File.ReadAllText(Path.Combine(Repo.Root, "Cluster.sln")).Replace('\\', '/');
        var projects = Directory.EnumerateFiles(Repo.Root, "*.csproj", SearchOption.AllDirectories)
            .Select(p => Path.GetRelativePath(Repo.Root, p).Replace('\\', '/'))
            .Where(p => !p.Split('/').Any(part => part is "bin" or "obj"))
            .ToList();

        Assert.NotEmpty(projects);
        Assert.All(projects, p => Assert.True(solution.Contains($"\"{p}\"", StringComparison.Ordinal), $"{p} is not in Cluster.sln"));
    }
}
