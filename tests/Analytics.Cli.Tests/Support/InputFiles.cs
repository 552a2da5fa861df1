using System.Text;
using Analytics.Tests.Support;

namespace Analytics.Cli.Tests.Support;

/// <summary>Observation CSVs and GSO exports written into a temp folder for one test.</summary>
public sealed class InputFiles : IDisposable
{
    private readonly TempDirectory _dir = new();

    public string Root => _dir.Path;

    public const string Header = "province,indicator,year,quarter,kind,value,unit,source,quote";

    /// <summary>Writes an observation file: the header, then <paramref name="rows"/> (line 2 onwards).</summary>
    public string Csv(string name, params string[] rows) => Write(name, string.Join('\n', [Header, .. rows]) + "\n");

    public string Write(string relativePath, string text)
    {
        var path = Path.Combine(Root, relativePath);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, text, new UTF8Encoding(false));
        return path;
    }

    public void Dispose() => _dir.Dispose();
}
