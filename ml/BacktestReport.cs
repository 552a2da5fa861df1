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

    /// <summary>How MASE denominators were treated: which series were left out of MASE and which were floored.</summary>
    public ScaleSummary? Scales { get; init; }

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

    /// <summary>The overall table (one row per method, production marked), the per-horizon tables and the scale note.</summary>
    public string ToMarkdown(int listedSeries = 10)
    {
        var c = CultureInfo.InvariantCulture;
        var sb = new StringBuilder();
        sb.AppendLine(c, $"Origin {Origin}, horizons {string.Join(", ", Horizons)}: {Series} series, {Points} scored points.");
        sb.AppendLine();
        sb.AppendLine("| method | MASE | vs naive | relMAE (geo.) | OWA | sMAPE % | coverage 80% | coverage 95% |");
        sb.AppendLine("|---|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var m in Methods)
            sb.AppendLine(c, $"| {Label(m)} | {m.Mase:0.000} | {m.MaseVsNaive:0.000} | {m.RelMae:0.000} | {m.Owa:0.000} | {m.Smape:0.00} | {m.Coverage80:0.000} | {m.Coverage95:0.000} |");

        if (Methods.All(m => m.ByHorizon is { Count: > 0 }))
        {
            void ByHorizon(string title, Func<HorizonScore, string> cell)
            {
                sb.AppendLine();
                sb.AppendLine(title);
                sb.AppendLine();
                sb.AppendLine("| method | " + string.Join(" | ", Horizons.Select(h => $"h{h}")) + " |");
                sb.AppendLine("|---|" + string.Concat(Horizons.Select(_ => "---:|")));
                foreach (var m in Methods)
                    sb.AppendLine($"| {Label(m)} | {string.Join(" | ", m.ByHorizon!.Select(cell))} |");
            }
            var points = Methods[0].ByHorizon!;
            sb.AppendLine();
            sb.AppendLine(c, $"Scored points by horizon: {string.Join(", ", points.Select(h => $"h{h.Horizon} {h.Points}"))}.");
            ByHorizon("MASE by horizon (× naive's MASE at that horizon):", h => FormattableString.Invariant($"{h.Mase:0.000} ({h.MaseVsNaive:0.000}×)"));
            ByHorizon("sMAPE % by horizon (× naive's):", h => FormattableString.Invariant($"{h.Smape:0.00} ({h.SmapeVsNaive:0.000}×)"));
            ByHorizon("relMAE by horizon (geometric mean over series of MAE / naive's MAE; series where naive was exact left out):",
                h => FormattableString.Invariant($"{h.RelMae:0.000} ({h.RelMaeSeries})"));
        }

        if (Scales is { } s)
        {
            sb.AppendLine();
            sb.AppendLine(c, $"MASE over {s.MaseSeries} series ({s.MasePoints} points). " +
                $"Excluded from MASE (in-sample scale below {s.DegenerateShare:0.#%} of the series' mean level): {Listed(s.Excluded, listedSeries)}. " +
                $"Scale floored to {s.FloorShare:0.#%} of the level: {Listed(s.Floored, listedSeries)}. " +
                $"relMAE over the {s.RelMaeSeries} series where naive was not exact: per-series MAE ratios clamped to 1/{s.RelativeErrorCap:0}..{s.RelativeErrorCap:0}, weighted by scored points; " +
                $"OWA = (MASE / naive's + sMAPE / naive's) / 2.");
        }
        return sb.ToString();
    }

    private static string Label(MethodScore m) => m.Production ? $"**{m.Name}**" : m.Name;

    private static string Listed(IReadOnlyList<string> ids, int shown) => ids.Count switch
    {
        0 => "none",
        _ when ids.Count <= shown => $"{ids.Count} ({string.Join(", ", ids)})",
        _ => $"{ids.Count} ({string.Join(", ", ids.Take(shown))}, … {ids.Count - shown} more in the JSON)",
    };
}

/// <summary>
/// One method's scores. <see cref="Mase"/> is over the series with a usable scale; <see cref="RelMae"/> (geometric mean
/// of MAE / naive's MAE per series) and <see cref="Owa"/> are the aggregates one broken series cannot capture.
/// </summary>
public sealed record MethodScore(string Name, bool Production, double Mase, double Smape, double Coverage80, double Coverage95)
{
    public double MaseVsNaive { get; init; } = double.NaN;
    public double SmapeVsNaive { get; init; } = double.NaN;
    public double RelMae { get; init; } = double.NaN;
    public double Owa { get; init; } = double.NaN;
    public double MedianScaledError { get; init; } = double.NaN;
    public IReadOnlyList<HorizonScore>? ByHorizon { get; init; }
}

public sealed record HorizonScore(int Horizon, int Points, double Mase, double Smape, double Coverage80, double Coverage95)
{
    public int MasePoints { get; init; }
    public double MaseVsNaive { get; init; } = double.NaN;
    public double SmapeVsNaive { get; init; } = double.NaN;
    public double RelMae { get; init; } = double.NaN;

    /// <summary>Series in the relMAE at this horizon: those where naive's forecast was not exact.</summary>
    public int RelMaeSeries { get; init; }
}

/// <summary>The scale rules applied (shares of the series' mean absolute level) and the series they touched, by id.</summary>
public sealed record ScaleSummary(double DegenerateShare, double FloorShare, double RelativeErrorCap, int MaseSeries, int MasePoints,
    int RelMaeSeries, IReadOnlyList<string> Excluded, IReadOnlyList<string> Floored);
