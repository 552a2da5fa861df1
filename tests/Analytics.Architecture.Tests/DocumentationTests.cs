using System.Text.RegularExpressions;
using Analytics.Tests.Support;

namespace Analytics.Architecture.Tests;

/// <summary>
/// The README is the front door and the manuals live in docs/: a link that points nowhere, or a front page that grows
/// back into a manual, is caught here rather than by a newcomer.
/// </summary>
public sealed partial class DocumentationTests
{
    private static IEnumerable<string> MarkdownFiles() =>
        new[] { Path.Combine(Repo.Root, "README.md") }
            .Concat(Directory.GetFiles(Path.Combine(Repo.Root, "docs"), "*.md"))
            .Concat(Directory.GetDirectories(Repo.Root).Where(d => !Path.GetFileName(d).StartsWith('.'))
                .Select(d => Path.Combine(d, "README.md")).Where(File.Exists));

    [Fact]
    public void Every_relative_link_in_the_readme_and_the_manuals_points_to_a_file_that_exists()
    {
        var broken = new List<string>();
        foreach (var file in MarkdownFiles())
        {
            foreach (Match m in Link().Matches(File.ReadAllText(file)))
            {
                var target = m.Groups["target"].Value.Split('#')[0];
                if (target.Length == 0 || target.Contains("://", StringComparison.Ordinal) || target.StartsWith("mailto:", StringComparison.Ordinal)) continue;
                var path = Path.GetFullPath(Path.Combine(Path.GetDirectoryName(file)!, Uri.UnescapeDataString(target)));
                if (!File.Exists(path) && !Directory.Exists(path)) broken.Add($"{Path.GetRelativePath(Repo.Root, file)} → {target}");
            }
        }
        Assert.True(broken.Count == 0, "Links to nothing:\n" + string.Join("\n", broken));
    }

    [Fact]
    public void The_readme_is_a_front_door_not_a_manual()
    {
        var lines = File.ReadAllLines(Path.Combine(Repo.Root, "README.md"));
        Assert.InRange(lines.Length, 50, 400);
        Assert.Contains(lines, l => l.Contains("./run.sh", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.Contains("./test.sh", StringComparison.Ordinal));
    }

    [GeneratedRegex(@"\]\((?<target>[^)\s]+)\)")]
    private static partial Regex Link();
}
