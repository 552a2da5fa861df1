using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Analytics.Ml;

/// <summary>Scores of every method at one forecast origin; serialises to the JSON shape the API and CLI publish.</summary>
public sealed record BacktestReport(int Origin, IReadOnlyList<int> Horizons, int Series, int Points, IReadOnlyList<MethodScore> Methods)
{
    public string? ModelVersion { get; init; }
    public double TrainSeconds { get; init; }
    public double ForecastSeconds { get; init; }

    /// <summary>Production blend weights, methods with weight 0 left out.</summary>
    public IReadOnlyDictionary<string, double>? ProductionWeights { get; init; }

    public static readonly JsonSerializerOptions JsonOptions = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        DictionaryKeyPolicy = null,
        WriteIndented = true,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };

    public string ToJson() => JsonSerializer.Serialize(this, JsonOptions);

    public static BacktestReport FromJson(string json) =>
        JsonSerializer.Deserialize<BacktestReport>(json, JsonOptions) ?? throw new JsonException("Empty back-test report.");

    /// <summary>A markdown table, one row per method, production marked.</summary>
    public string ToMarkdown()
    {
        var c = CultureInfo.InvariantCulture;
        var naive = Methods.FirstOrDefault(m => m.Name == "naive")?.Mase;
        var sb = new StringBuilder();
        sb.AppendLine(c, $"Origin {Origin}, horizons {string.Join(", ", Horizons)}: {Series} series, {Points} scored points.");
        sb.AppendLine();
        sb.AppendLine("| method | MASE | vs naive | sMAPE % | coverage 80% | coverage 95% |");
        sb.AppendLine("|---|---:|---:|---:|---:|---:|");
        foreach (var m in Methods)
        {
            var relative = naive is > 0 ? (m.Mase / naive.Value).ToString("0.000", c) : "";
            sb.AppendLine(c, $"| {(m.Production ? $"**{m.Name}**" : m.Name)} | {m.Mase:0.000} | {relative} | {m.Smape:0.00} | {m.Coverage80:0.000} | {m.Coverage95:0.000} |");
        }
        return sb.ToString();
    }
}

public sealed record MethodScore(string Name, bool Production, double Mase, double Smape, double Coverage80, double Coverage95)
{
    public IReadOnlyList<HorizonScore>? ByHorizon { get; init; }
}

public sealed record HorizonScore(int Horizon, int Points, double Mase, double Smape, double Coverage80, double Coverage95);
