using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Analytics.Ml;

/// <summary>Scores of every method at one forecast origin; serialises to the JSON shape the API and CLI publish.</summary>
public sealed record BacktestReport(int Origin, IReadOnlyList<int> Horizons, int Series, int Points, IReadOnlyList<MethodScore> Methods)
{
    /// <summary>"in-sample" (one model trained on every series) or "leave-tables-out" (each table scored by a model that never saw it).</summary>
    public string Evaluation { get; init; } = "in-sample";

    /// <summary>Leave-tables-out only: how many folds the tables were dealt into, and how many tables there were.</summary>
    public int? Folds { get; init; }
    public int? Tables { get; init; }

    public string? ModelVersion { get; init; }
    public double TrainSeconds { get; init; }
    public double ForecastSeconds { get; init; }

    /// <summary>Production blend weights, methods with weight 0 left out.</summary>
    public IReadOnlyDictionary<string, double>? ProductionWeights { get; init; }

    /// <summary>The combiner production chose by cross-validation inside the training years (one per fold when leaving tables out).</summary>
    public string? ProductionCombiner { get; init; }

    /// <summary>Leave-tables-out only: each fold's production weights, fitted without that fold's tables.</summary>
    public IReadOnlyList<IReadOnlyDictionary<string, double>>? FoldWeights { get; init; }

    /// <summary>Production against naive by length of history, and on the series cut to their last 2, 3 and 4 figures.</summary>
    public IReadOnlyList<LengthScore>? ByLength { get; init; }

    /// <summary>How MASE denominators were floored, and which series.</summary>
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

    /// <summary>
    /// The overall table (one row per method, production marked), the per-horizon and per-length tables and the scale note,
    /// in the reader's language (Vietnamese unless <see cref="Bilingual.Reading"/> says English), numbers in its convention.
    /// Score names (relMAE, OWA, MASE, MSIS, sMAPE) are the literature's own in both; a method is named in words with its identifier.
    /// </summary>
    public string ToMarkdown(int listedSeries = 10)
    {
        var n = Numbers;
        var sb = new StringBuilder();
        var how = Evaluation == "leave-tables-out"
            ? Bilingual.T($"để riêng bảng ({Tables} bảng trong {Folds} phần; mỗi bảng được chấm bởi một mô hình khớp trên các phần còn lại)",
                $"leave-tables-out ({Tables} tables in {Folds} folds; each scored by a model fitted on the other folds)")
            : Bilingual.T("trong mẫu (một mô hình khớp trên mọi bảng)", "in-sample (one model fitted on every table)");
        sb.AppendLine(Bilingual.T($"Năm gốc {Origin}, tầm dự báo {string.Join(", ", Horizons)}, {how}: {Series} chuỗi, {Points} điểm được chấm.",
            $"Origin {Origin}, horizons {string.Join(", ", Horizons)}, {how}: {Series} series, {Points} scored points."));
        if (ProductionCombiner is { } combiner)
            sb.AppendLine(Bilingual.T($"Cách kết hợp của phương pháp sản xuất, chọn trong các năm huấn luyện: {combiner}.",
                $"Production combiner chosen inside the training years: {combiner}."));
        sb.AppendLine();
        sb.AppendLine(Bilingual.T(
            "| phương pháp | relMAE (TB nhân) | OWA | MASE | so với naive | MSIS 95% | pinball | sMAPE % | độ phủ 80% | độ phủ 95% |",
            "| method | relMAE (geo.) | OWA | MASE | vs naive | MSIS 95% | pinball | sMAPE % | coverage 80% | coverage 95% |"));
        sb.AppendLine("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var m in Methods)
            sb.AppendLine(n, $"| {Label(m)} | {m.RelMae:0.000} | {m.Owa:0.000} | {m.Mase:0.000} | {m.MaseVsNaive:0.000} | {m.Msis:0.00} | {m.Pinball:0.000} | {m.Smape:0.00} | {m.Coverage80:0.000} | {m.Coverage95:0.000} |");

        if (Methods.All(m => m.ByHorizon is { Count: > 0 }))
        {
            void ByHorizon(string title, Func<HorizonScore, string> cell)
            {
                sb.AppendLine();
                sb.AppendLine(title);
                sb.AppendLine();
                sb.AppendLine($"| {Bilingual.T("phương pháp", "method")} | " + string.Join(" | ", Horizons.Select(h => $"h{h}")) + " |");
                sb.AppendLine("|---|" + string.Concat(Horizons.Select(_ => "---:|")));
                foreach (var m in Methods)
                    sb.AppendLine($"| {Label(m)} | {string.Join(" | ", m.ByHorizon!.Select(cell))} |");
            }
            var points = Methods[0].ByHorizon!;
            sb.AppendLine();
            sb.AppendLine(Bilingual.T($"Số điểm được chấm theo tầm dự báo: {string.Join(", ", points.Select(h => $"h{h.Horizon} {h.Points}"))}.",
                $"Scored points by horizon: {string.Join(", ", points.Select(h => $"h{h.Horizon} {h.Points}"))}."));
            ByHorizon(Bilingual.T(
                    "relMAE theo tầm dự báo (trung bình nhân trên các chuỗi của MAE / MAE của naive; trong ngoặc: số chuỗi, bỏ các chuỗi naive dự báo đúng tuyệt đối):",
                    "relMAE by horizon (geometric mean over series of MAE / naive's MAE; in brackets the series, those where naive was exact left out):"),
                h => string.Create(n, $"{h.RelMae:0.000} ({h.RelMaeSeries})"));
            ByHorizon(Bilingual.T("MASE theo tầm dự báo (× MASE của naive ở cùng tầm):", "MASE by horizon (× naive's MASE at that horizon):"),
                h => string.Create(n, $"{h.Mase:0.000} ({h.MaseVsNaive:0.000}×)"));
            ByHorizon(Bilingual.T("MSIS (95%) và độ phủ 80% / 95% theo tầm dự báo:", "MSIS (95%) and coverage 80% / 95% by horizon:"),
                h => string.Create(n, $"{h.Msis:0.00}; {h.Coverage80:0.00} / {h.Coverage95:0.00}"));
        }

        if (ByLength is { Count: > 0 } lengths)
        {
            sb.AppendLine();
            sb.AppendLine(Bilingual.T(
                "Phương pháp sản xuất theo độ dài chuỗi (số liệu đến năm gốc; \"cắt còn n\": mọi chuỗi như thể chỉ có n số liệu cuối, " +
                "2 và 3 dự báo gộp với các tỉnh cùng chỉ tiêu) — relMAE so với naive, độ phủ 80% / 95%, MSIS; chung, rồi theo tầm dự báo:",
                "Production by length of history (figures up to the origin; \"cut to n\": every series as if it had only its last n figures, " +
                "2 and 3 forecast peer-pooled) — relMAE against naive, coverage 80% / 95%, MSIS; overall, then by horizon:"));
            sb.AppendLine();
            sb.AppendLine(Bilingual.T(
                "| độ dài | chuỗi | điểm | relMAE | MASE so với naive | độ phủ 80% | độ phủ 95% | MSIS | " + string.Join(" | ", Horizons.Select(h => $"h{h} relMAE; độ phủ 80/95")) + " |",
                "| length | series | points | relMAE | MASE vs naive | coverage 80% | coverage 95% | MSIS | " + string.Join(" | ", Horizons.Select(h => $"h{h} relMAE; cov. 80/95")) + " |"));
            sb.AppendLine("|---|---:|---:|---:|---:|---:|---:|---:|" + string.Concat(Horizons.Select(_ => "---:|")));
            foreach (var l in lengths)
                sb.AppendLine(string.Create(n, $"| {LengthLabel(l)} | {l.Series} | {l.All.Points} | {l.All.RelMae:0.000} | {l.All.MaseVsNaive:0.000} | {l.All.Coverage80:0.000} | {l.All.Coverage95:0.000} | {l.All.Msis:0.00} | ") +
                    string.Join(" | ", l.ByHorizon.Select(h => string.Create(n, $"{h.RelMae:0.00}; {h.Coverage80:0.00}/{h.Coverage95:0.00}"))) + " |");
        }

        if (Scales is { } s)
        {
            sb.AppendLine();
            sb.AppendLine(Bilingual.T(
                $"MASE và MSIS trên cả {s.MaseSeries} chuỗi ({s.MasePoints} điểm), không bỏ chuỗi nào: thang đo của mỗi chuỗi (trung bình |thay đổi hằng năm| đến năm gốc) " +
                $"ít nhất bằng một đơn vị độ phân giải của nó (số đếm: 1) và bằng {s.PeerShare:0.##} thang đo liên tỉnh của chỉ tiêu " +
                $"(trung vị trên các tỉnh của thay đổi hằng năm / mức, nhân với mức của chuỗi này; {s.FloorShare:0.#%} của mức khi không đủ {BacktestMetrics.MinimumPeers} tỉnh). " +
                $"Nâng lên độ phân giải: {Listed(s.ResolutionFloored, listedSeries)}. Nâng lên thang đo liên tỉnh: {Listed(s.PeerFloored, listedSeries)}. " +
                $"relMAE trên {s.RelMaeSeries} chuỗi mà naive không dự báo đúng tuyệt đối: tỷ số MAE từng chuỗi giới hạn trong 1/{s.RelativeErrorCap:0}..{s.RelativeErrorCap:0}, trọng số theo số điểm được chấm; " +
                $"OWA = (MASE / của naive + sMAPE / của naive) / 2; MSIS như M4 (α = 0,05) trên cùng thang đo; pinball: trung bình trên 99 phân vị, trên cùng thang đo.",
                $"MASE and MSIS over all {s.MaseSeries} series ({s.MasePoints} points), none left out: each series' scale (mean |yearly change| up to the origin) " +
                $"is at least one unit of its resolution (a count: 1) and a {s.PeerShare:0.##} share of its indicator's cross-province scale " +
                $"(the median over the indicator's provinces of yearly change / level, times this series' level; {s.FloorShare:0.#%} of the level without {BacktestMetrics.MinimumPeers} provinces). " +
                $"Raised to the resolution: {Listed(s.ResolutionFloored, listedSeries)}. Raised to the peers' scale: {Listed(s.PeerFloored, listedSeries)}. " +
                $"relMAE over the {s.RelMaeSeries} series where naive was not exact: per-series MAE ratios clamped to 1/{s.RelativeErrorCap:0}..{s.RelativeErrorCap:0}, weighted by scored points; " +
                $"OWA = (MASE / naive's + sMAPE / naive's) / 2; MSIS as in M4 (α = 0.05) over the same scale; pinball: the mean over the 99 quantiles, over the same scale."));
        }
        return sb.ToString();
    }

    /// <summary>The reader's number convention: 0,879 in Vietnamese, 0.879 in English.</summary>
    internal static NumberFormatInfo Numbers => Bilingual.ReaderIsEnglish ? Bilingual.EnglishNumbers : Bilingual.VietnameseNumbers;

    /// <summary>A method in the reader's words with its identifier ("last value held (`naive`)"); production in bold.</summary>
    internal static string Label(string name, bool production)
    {
        var words = ForecastMethodWords.Of(name)?.ForReader();
        var label = words is null ? $"`{name}`" : $"{words} (`{name}`)";
        return production ? $"**{label}**" : label;
    }

    private static string Label(MethodScore m) => Label(m.Name, m.Production);

    /// <summary>A length band as it is ("7–9"), a cut one in the reader's words ("cut to 2").</summary>
    private static string LengthLabel(LengthScore l) =>
        l.Cut && l.Length.StartsWith("cut to ", StringComparison.Ordinal) ? Bilingual.T($"cắt còn {l.Length["cut to ".Length..]}", l.Length) : l.Length;

    private static string Listed(IReadOnlyList<string> ids, int shown) => ids.Count switch
    {
        0 => Bilingual.T("không có", "none"),
        _ when ids.Count <= shown => $"{ids.Count} ({string.Join(", ", ids)})",
        _ => Bilingual.T($"{ids.Count} ({string.Join(", ", ids.Take(shown))}, … thêm {ids.Count - shown} trong tệp JSON)",
            $"{ids.Count} ({string.Join(", ", ids.Take(shown))}, … {ids.Count - shown} more in the JSON)"),
    };
}

/// <summary>The in-sample back-test and the leave-tables-out one, side by side.</summary>
public sealed record GeneralisationReport(int Origin, IReadOnlyList<int> Horizons, BacktestReport InSample, BacktestReport? LeaveTablesOut)
{
    public string ToJson() => JsonSerializer.Serialize(this, BacktestReport.JsonOptions);

    public static GeneralisationReport FromJson(string json) =>
        JsonSerializer.Deserialize<GeneralisationReport>(json, BacktestReport.JsonOptions) ?? throw new JsonException("Empty back-test report.");

    /// <summary>A summary of the two (production and naive-relative headline), then both reports in full, in the reader's language.</summary>
    public string ToMarkdown(int listedSeries = 10)
    {
        var n = BacktestReport.Numbers;
        var sb = new StringBuilder();
        if (LeaveTablesOut is null)
        {
            sb.AppendLine(Bilingual.T("Chỉ có một bảng: không có gì để để riêng; sau đây là kết quả trong mẫu.",
                "One table only: nothing to leave out; the in-sample figures follow."));
            sb.AppendLine();
            sb.Append(InSample.ToMarkdown(listedSeries));
            return sb.ToString();
        }
        sb.AppendLine(Bilingual.T($"## Tóm tắt: năm gốc {Origin}, tầm dự báo {string.Join(", ", Horizons)}",
            $"## Summary: origin {Origin}, horizons {string.Join(", ", Horizons)}"));
        sb.AppendLine();
        sb.AppendLine(Bilingual.T(
            "| phương pháp | relMAE trong mẫu | relMAE để riêng bảng | OWA trong / ngoài | MSIS trong / ngoài | độ phủ 80% trong / ngoài | độ phủ 95% trong / ngoài |",
            "| method | relMAE in-sample | relMAE leave-tables-out | OWA in / out | MSIS in / out | coverage 80% in / out | coverage 95% in / out |"));
        sb.AppendLine("|---|---:|---:|---:|---:|---:|---:|");
        foreach (var (a, b) in InSample.Methods.Zip(LeaveTablesOut.Methods))
            sb.AppendLine(n, $"| {BacktestReport.Label(a.Name, a.Production)} | {a.RelMae:0.000} | {b.RelMae:0.000} | {a.Owa:0.000} / {b.Owa:0.000} | {a.Msis:0.00} / {b.Msis:0.00} | {a.Coverage80:0.000} / {b.Coverage80:0.000} | {a.Coverage95:0.000} / {b.Coverage95:0.000} |");
        sb.AppendLine();
        sb.AppendLine(Bilingual.T("## Để riêng bảng", "## Leave-tables-out"));
        sb.AppendLine();
        sb.Append(LeaveTablesOut.ToMarkdown(listedSeries));
        sb.AppendLine();
        sb.AppendLine(Bilingual.T("## Trong mẫu", "## In-sample"));
        sb.AppendLine();
        sb.Append(InSample.ToMarkdown(listedSeries));
        return sb.ToString();
    }
}

/// <summary>
/// One method's scores. <see cref="RelMae"/> (geometric mean of MAE / naive's MAE per series) is the headline one
/// broken series cannot capture; <see cref="Mase"/>, <see cref="Msis"/> and <see cref="Pinball"/> are over the floored scales.
/// </summary>
public sealed record MethodScore(string Name, bool Production, double Mase, double Smape, double Coverage80, double Coverage95)
{
    public double MaseVsNaive { get; init; } = double.NaN;
    public double SmapeVsNaive { get; init; } = double.NaN;
    public double RelMae { get; init; } = double.NaN;
    public double Owa { get; init; } = double.NaN;
    public double MedianScaledError { get; init; } = double.NaN;

    /// <summary>Mean scaled interval score of the 95% interval (M4's MSIS).</summary>
    public double Msis { get; init; } = double.NaN;

    /// <summary>Mean scaled pinball loss over the 99 quantiles.</summary>
    public double Pinball { get; init; } = double.NaN;
    public IReadOnlyList<HorizonScore>? ByHorizon { get; init; }
}

public sealed record HorizonScore(int Horizon, int Points, double Mase, double Smape, double Coverage80, double Coverage95)
{
    public int MasePoints { get; init; }
    public double MaseVsNaive { get; init; } = double.NaN;
    public double SmapeVsNaive { get; init; } = double.NaN;
    public double RelMae { get; init; } = double.NaN;
    public double Msis { get; init; } = double.NaN;
    public double Pinball { get; init; } = double.NaN;

    /// <summary>Series in the relMAE at this horizon: those where naive's forecast was not exact.</summary>
    public int RelMaeSeries { get; init; }
}

/// <summary>Production's scores on the series of one length band (or cut to one length), overall and by horizon.</summary>
public sealed record LengthScore(string Length, bool Cut, int Series, LengthCell All, IReadOnlyList<LengthCell> ByHorizon);

/// <summary>relMAE and MASE against naive, interval coverage and MSIS over some points; <see cref="Horizon"/> null: all horizons.</summary>
public sealed record LengthCell(int? Horizon, int Points, double RelMae, double Mase, double MaseVsNaive, double Coverage80, double Coverage95, double Msis);

/// <summary>The scale floors applied and the series they raised, by id.</summary>
public sealed record ScaleSummary(double FloorShare, double PeerShare, double RelativeErrorCap, int MaseSeries, int MasePoints,
    int RelMaeSeries, IReadOnlyList<string> ResolutionFloored, IReadOnlyList<string> PeerFloored);
