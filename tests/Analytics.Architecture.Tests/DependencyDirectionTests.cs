using System.Reflection;
using System.Xml.Linq;
using Analytics.Tests.Support;

namespace Analytics.Architecture.Tests;

/// <summary>
/// Dependencies point one way (README, "How it fits together"): the domain knows no framework, file formats and
/// forecasting know no Orleans, grains know no web, and the API and the command line never reach grain classes.
/// Each rule is checked twice: on the compiled assembly's references (what the code really uses), and on the project
/// files' references followed transitively (what a project could start using without anyone noticing).
/// </summary>
public sealed class DependencyDirectionTests
{
    // What a project may not depend on: other projects by assembly name, or a framework by its assemblies' prefix.
    private const string Orleans = "Orleans";
    private const string AspNetCore = "Microsoft.AspNetCore";
    private const string GrainClasses = "Analytics.Grains";
    private const string GrainInterfaces = "Analytics.Grains.Abstractions";

    public static TheoryData<string, string, string[]> Rules => new()
    {
        { "domain/Analytics.Domain.csproj", "Analytics.Domain", [Orleans, AspNetCore, "Analytics.*"] },
        { "formats/Analytics.Formats.csproj", "Analytics.Formats", [Orleans, AspNetCore, GrainClasses, GrainInterfaces, "Analytics.Hosting", "Analytics.Api"] },
        { "ml/Analytics.Ml.csproj", "Analytics.Ml", [Orleans, AspNetCore, GrainClasses, GrainInterfaces, "Analytics.Formats"] },
        // Presentation renders the domain's own types (a geography, a status, a figure's kind) and nothing else of the product.
        { "presentation/Analytics.Presentation.csproj", "Analytics.Presentation", [Orleans, AspNetCore, GrainClasses, GrainInterfaces, "Analytics.Contracts", "Analytics.Formats", "Analytics.Ml", "Analytics.Hosting", "Analytics.Api", "Analytics.Silo"] },
        { "contracts/Analytics.Contracts.csproj", "Analytics.Contracts", [Orleans, AspNetCore, GrainClasses, GrainInterfaces, "Analytics.Ml"] },
        { "grains/Abstractions/Analytics.Grains.Abstractions.csproj", GrainInterfaces, [AspNetCore, GrainClasses, "Analytics.Hosting", "Analytics.Ml", "Analytics.Api"] },
        { "hosting/Analytics.Hosting.csproj", "Analytics.Hosting", [AspNetCore, GrainClasses, GrainInterfaces, "Analytics.Api"] },
        { "grains/Analytics.Grains.csproj", GrainClasses, [AspNetCore, "Analytics.Api", "Analytics.Silo", "Analytics.Contracts"] },
        { "api/Analytics.Api.csproj", "Analytics.Api", [GrainClasses, "Analytics.Silo", "Analytics.Ml"] },
        { "cli/Analytics.Cli.csproj", "analytics", [Orleans, GrainClasses, GrainInterfaces, "Analytics.Hosting", "Analytics.Api", "Analytics.Silo"] },
    };

    [Theory]
    [MemberData(nameof(Rules))]
    public void The_compiled_assembly_references_nothing_it_may_not(string project, string assembly, string[] forbidden)
    {
        _ = project;
        var wrong = AssemblyReferences(assembly).Where(r => Forbidden(r, assembly, forbidden)).Order().ToList();
        Assert.True(wrong.Count == 0, $"{assembly} references {string.Join(", ", wrong)}, against the dependency direction.");
    }

    [Theory]
    [MemberData(nameof(Rules))]
    public void The_project_references_nothing_it_may_not_even_transitively(string project, string assembly, string[] forbidden)
    {
        var wrong = ProjectReferences(Path.Combine(Repo.Root, project)).Where(r => Forbidden(r, assembly, forbidden)).Order().ToList();
        Assert.True(wrong.Count == 0, $"{project} depends on {string.Join(", ", wrong)}, against the dependency direction.");
    }

    private static bool Forbidden(string reference, string self, string[] forbidden) =>
        reference != self && forbidden.Any(f => f.EndsWith(".*", StringComparison.Ordinal)
            ? reference.StartsWith(f[..^1], StringComparison.Ordinal)
            : reference == f || reference.StartsWith(f + ".", StringComparison.Ordinal) && !IsProduct(reference));

    // Analytics.Grains forbids the grain classes, not Analytics.Grains.Abstractions; frameworks forbid all their assemblies.
    private static bool IsProduct(string name) => name.StartsWith("Analytics.", StringComparison.Ordinal);

    /// <summary>The assembly's references, and those of the product assemblies it references, transitively.</summary>
    private static HashSet<string> AssemblyReferences(string name)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var pending = new Stack<string>([name]);
        while (pending.TryPop(out var next))
        {
            foreach (var reference in Assembly.Load(new AssemblyName(next)).GetReferencedAssemblies().Select(a => a.Name!))
            {
                if (seen.Add(reference) && (IsProduct(reference) || reference == "analytics")) pending.Push(reference);
            }
        }
        return seen;
    }

    /// <summary>
    /// Every project a project file references, transitively, by assembly name; its packages' and SDK's frameworks as
    /// <see cref="Orleans"/> and <see cref="AspNetCore"/>.
    /// </summary>
    private static HashSet<string> ProjectReferences(string projectFile)
    {
        var found = new HashSet<string>(StringComparer.Ordinal);
        var visited = new HashSet<string>(StringComparer.Ordinal);
        var pending = new Stack<string>([Path.GetFullPath(projectFile)]);
        while (pending.TryPop(out var path))
        {
            if (!visited.Add(path)) continue;
            var xml = XDocument.Load(path);
            if (xml.Root?.Attribute("Sdk")?.Value == "Microsoft.NET.Sdk.Web") found.Add(AspNetCore);
            foreach (var element in xml.Descendants())
            {
                var include = element.Attribute("Include")?.Value;
                if (include is null) continue;
                switch (element.Name.LocalName)
                {
                    case "ProjectReference":
                        var referenced = Path.GetFullPath(Path.Combine(Path.GetDirectoryName(path)!, include));
                        found.Add(AssemblyNameOf(referenced));
                        pending.Push(referenced);
                        break;
                    case "PackageReference" when include.StartsWith("Microsoft.Orleans", StringComparison.Ordinal):
                        found.Add(Orleans);
                        break;
                    case "PackageReference" or "FrameworkReference" when include.Contains("AspNetCore", StringComparison.Ordinal):
                        found.Add(AspNetCore);
                        break;
                }
            }
        }
        return found;
    }

    private static string AssemblyNameOf(string projectFile) =>
        XDocument.Load(projectFile).Descendants("AssemblyName").FirstOrDefault()?.Value ?? Path.GetFileNameWithoutExtension(projectFile);
}
