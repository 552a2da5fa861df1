using Analytics.Domain;
using Analytics.Domain.Geography;
using Analytics.Domain.Quality;

namespace Analytics.Cli;

/// <summary>
/// The quality rules (docs/quality.md) on the figures about to be sent, read against each other: a figure out of line
/// with its own file's series or peers, a unit slip, a part larger than its whole, a copied row. Warnings, never
/// refusals: a flagged figure is still valid and is sent. A figure whose row fills the <c>confirmed</c> column is
/// listed as confirmed, with the file's reason, instead of as a warning.
/// </summary>
public static class QualityWarnings
{
    public sealed record Listed(IReadOnlyList<string> Warnings, IReadOnlyList<string> Confirmed);

    public static Listed Of(ImportInputs inputs, Gazetteer provinces, IndicatorRelations relations)
    {
        var where = new Dictionary<FigureRef, (string File, SourcedObservation Row)>();
        foreach (var input in inputs.Inputs)
            foreach (var s in input.Observations)
                where.TryAdd(new FigureRef(s.Observation.Province, s.Observation.Indicator, s.Observation.Year), (input.Name, s));
        var figures = QualityFigure.Of(inputs.Inputs.SelectMany(i => i.Observations).Select(s => s.Observation));
        var flags = new QualityCheck(relations, provinces).Run(figures).Where(f => f.Severity != QualitySeverity.Explained);

        var warnings = new List<string>();
        var confirmed = new List<string>();
        foreach (var f in flags.OrderByDescending(f => f.Severity).ThenBy(f => f.Province, StringComparer.Ordinal).ThenBy(f => f.Indicator, StringComparer.Ordinal).ThenBy(f => f.Year))
        {
            var (file, row) = where[f.Figure];
            var at = row.Line is { } line ? Bilingual.T($"{file} dòng {line}", $"{file} line {line}") : $"{file} ({f.Province} {f.Year})";
            var text = $"{at}, {f.Indicator} {f.Year}: {f.Rule.ToCode()}: {f.Reason.ForReader()}";
            if (row.Confirmed is { } reason) confirmed.Add(Bilingual.T($"{text} — đã xác nhận: {reason}", $"{text} — confirmed: {reason}"));
            else warnings.Add(text);
        }
        return new Listed(warnings, confirmed);
    }

    public static async Task WriteAsync(CliConsole console, Listed listed)
    {
        foreach (var w in listed.Warnings) await console.Error.WriteLineAsync(Bilingual.T($"cảnh báo chất lượng: {w}", $"quality warning: {w}"));
        foreach (var c in listed.Confirmed)
            await console.Out.WriteLineAsync(Bilingual.T($"chất lượng (đã xác nhận trong tệp): {c}", $"quality (confirmed in the file): {c}"));
        if (listed.Warnings.Count == 0) return;
        var count = InputReport.Plural(listed.Warnings.Count, "cảnh báo chất lượng", "quality warning", "quality warnings");
        await console.Error.WriteLineAsync(Bilingual.T(
            $"{count}: các số liệu vẫn hợp lệ và được nạp như hiện có; nếu một số liệu là đúng, hãy ghi lý do vào cột 'confirmed' của dòng đó.",
            $"{count}: the figures are valid and load as they are; if one is right, say why in a 'confirmed' column of its row."));
    }
}
