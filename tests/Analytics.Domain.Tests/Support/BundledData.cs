using System.Globalization;
using System.Text;
using Analytics.Domain.Geography;
using Analytics.Formats;

namespace Analytics.Domain.Tests.Support;

/// <summary>The bundled files of data/, read the way the product reads them (through formats).</summary>
public static class BundledData
{
    public static string Root { get; } = FindRoot();

    public static string Data => Path.Combine(Root, "data");

    private static readonly Lazy<Gazetteer> LazyGazetteer = new(() =>
    {
        using var provinces = File.OpenText(Path.Combine(Data, GazetteerCsv.ProvincesFile));
        using var units = File.OpenText(Path.Combine(Data, GazetteerCsv.Units2025File));
        return GazetteerCsv.Read(provinces, units);
    });

    public static Gazetteer Gazetteer => LazyGazetteer.Value;

    /// <summary>Values of one indicator, year and kind from a seed-shaped observation file, by province code.</summary>
    public static IReadOnlyDictionary<string, double> Values(string relativePath, string indicator, int year, string kind = "actual")
    {
        var rows = Csv(File.ReadAllText(Path.Combine(Data, relativePath)));
        var header = rows[0];
        int Col(string name) => header.IndexOf(name);
        return rows.Skip(1)
            .Where(r => r[Col("indicator")] == indicator && r[Col("year")] == year.ToString(CultureInfo.InvariantCulture) && r[Col("kind")] == kind)
            .ToDictionary(r => r[Col("province")], r => double.Parse(r[Col("value")], CultureInfo.InvariantCulture));
    }

    /// <summary>RFC 4180 records (quoted fields hold commas and doubled quotes).</summary>
    public static List<List<string>> Csv(string text)
    {
        var records = new List<List<string>>();
        var fields = new List<string>();
        var field = new StringBuilder();
        var quoted = false;
        for (var i = 0; i < text.Length; i++)
        {
            var ch = text[i];
            if (quoted)
            {
                if (ch != '"') field.Append(ch);
                else if (i + 1 < text.Length && text[i + 1] == '"') { field.Append('"'); i++; }
                else quoted = false;
                continue;
            }
            switch (ch)
            {
                case '"': quoted = true; break;
                case ',': fields.Add(field.ToString()); field.Clear(); break;
                case '\r': break;
                case '\n': fields.Add(field.ToString()); field.Clear(); records.Add(fields); fields = []; break;
                default: field.Append(ch); break;
            }
        }
        if (field.Length > 0 || fields.Count > 0) { fields.Add(field.ToString()); records.Add(fields); }
        return records;
    }

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Cluster.sln"))) return dir.FullName;
        throw new InvalidOperationException($"No Cluster.sln above {AppContext.BaseDirectory}.");
    }
}
