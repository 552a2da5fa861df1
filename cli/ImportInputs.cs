using Analytics.Domain;
using Analytics.Domain.Geography;
using Analytics.Formats;

namespace Analytics.Cli;

/// <summary>
/// A figure ready to send, with the line of the input it came from (null for a GSO table cell) and the file's
/// confirmation that it is real when the quality rules would flag it.
/// </summary>
public sealed record SourcedObservation(Observation Observation, int? Line, string? Confirmed = null);

/// <summary>One input, read and checked: an observation file, or one GSO table.</summary>
public sealed record CheckedInput(
    string Name,
    bool IsGsoTable,
    int Rows,
    IReadOnlyList<SourcedObservation> Observations,
    IReadOnlyList<FileProblem> Errors,
    IReadOnlyList<string> Warnings)
{
    public bool IsValid => Errors.Count == 0;
}

/// <summary>An indicator definition derived from a GSO table title, and the table it came from.</summary>
public sealed record DerivedIndicator(IndicatorDefinition Definition, string Source);

/// <summary>
/// Everything named on a command line (<c>--file</c> CSVs, <c>--gso</c> tables), read and checked against a catalog
/// with the same <see cref="ObservationValidator"/> the API uses, so a file that passes here passes there.
/// An input with any bad row contributes nothing; identical repeated rows collapse to one observation.
/// Indicators derived from GSO tables join the catalog first, so files in the same run may use them.
/// </summary>
public sealed class ImportInputs
{
    private ImportInputs(IReadOnlyList<CheckedInput> inputs, IReadOnlyList<DerivedIndicator> derived)
    {
        Inputs = inputs;
        DerivedIndicators = derived;
    }

    public IReadOnlyList<CheckedInput> Inputs { get; }

    /// <summary>Indicator definitions derived from GSO table titles (to define in the cluster before their figures).</summary>
    public IReadOnlyList<DerivedIndicator> DerivedIndicators { get; }

    public IEnumerable<FileProblem> Errors => Inputs.SelectMany(i => i.Errors);

    public IEnumerable<string> Warnings => Inputs.SelectMany(i => i.Warnings);

    public bool IsValid => Inputs.All(i => i.IsValid);

    public int Rows => Inputs.Sum(i => i.Rows);

    public int ObservationCount => Inputs.Sum(i => i.Observations.Count);

    /// <param name="files">Observation CSVs (data/README.md format), as named on the command line.</param>
    /// <param name="gsoPaths">GSO PX-Web exports: files, or folders read recursively.</param>
    /// <param name="catalog">The indicators to check against; GSO-derived definitions are added to it (or replace it).</param>
    public static ImportInputs Read(IReadOnlyList<string> files, IReadOnlyList<string> gsoPaths, Gazetteer provinces, IndicatorCatalog catalog)
    {
        var gso = gsoPaths.SelectMany(p => ObservationSources.Gso(p, provinces)).Select(ReadSource).ToList();
        var derived = new Dictionary<string, DerivedIndicator>(StringComparer.Ordinal);
        foreach (var table in gso)
        foreach (var definition in table.Read?.Indicators ?? [])
        {
            catalog.Upsert(definition);
            derived[definition.Code] = new DerivedIndicator(definition, table.Source.Name);
        }

        var inputs = new List<CheckedInput>();
        inputs.AddRange(gso.Select(t => t.Read is null ? t.Failed! : CheckTable(t.Source.Name, t.Read, provinces, catalog)));
        inputs.AddRange(files.Select(f => ReadSource(ObservationSources.CsvFile(f))).Select(f => f.Read is null ? f.Failed! : CheckFile(f.Source.Name, f.Read, provinces, catalog)));
        return new ImportInputs(inputs, [.. derived.Values]);
    }

    private sealed record SourceRead(IObservationSource Source, ObservationRead? Read, CheckedInput? Failed);

    /// <summary>Reads one input; a broken one becomes its problem, reported beside the others rather than hiding them.</summary>
    private static SourceRead ReadSource(IObservationSource source)
    {
        try
        {
            return new SourceRead(source, source.Read(), null);
        }
        catch (Exception e) when (e is DataFormatException or IOException or UnauthorizedAccessException)
        {
            var problem = e is DataFormatException format ? FileProblem.From(format, source.Name) : new FileProblem(source.Name, null, null, e.Message);
            return new SourceRead(source, null, new CheckedInput(source.Name, source.IsGsoTable, 0, [], [problem], []));
        }
    }

    private static CheckedInput CheckTable(string name, ObservationRead table, Gazetteer provinces, IndicatorCatalog catalog)
    {
        var batch = ObservationValidator.Validate(table.Rows, provinces, catalog);
        // A table has no line per figure; the quote ("Ha Noi" 2015 = 12.5) says which cell is meant.
        var errors = table.UnresolvedProvinces.Select(n => new FileProblem(name, null, "province", Bilingual.T($"không có tỉnh '{n}'", $"unknown province '{n}'")))
            .Concat(batch.Errors.Select(e => new FileProblem(name, null, e.Field, $"{e.Reason} ({table.Rows[e.Row - 1].Quote})")))
            .ToList();
        return new CheckedInput(name, true, table.Rows.Count,
            errors.Count == 0 ? [.. batch.Observations.Select(o => new SourcedObservation(o, null))] : [],
            errors,
            [.. table.Warnings.Select(w => $"{name}: {w}")]);
    }

    private static CheckedInput CheckFile(string path, ObservationRead file, Gazetteer provinces, IndicatorCatalog catalog)
    {
        var rows = file.Rows;
        var batch = ObservationValidator.Validate(rows, provinces, catalog);
        if (!batch.IsValid)
            return new CheckedInput(path, false, rows.Count, [], [.. batch.Errors.Select(e => new FileProblem(path, e.Row, e.Field, e.Reason))], []);
        return new CheckedInput(path, false, rows.Count, WithLines(rows, provinces, catalog), [], []);
    }

    /// <summary>
    /// The observations of a valid file, each with the line it first appears on, so an error the cluster reports for a
    /// batch points back into the file. Same observations, same order as the whole-file validation.
    /// </summary>
    private static List<SourcedObservation> WithLines(IReadOnlyList<ObservationInput> rows, Gazetteer provinces, IndicatorCatalog catalog)
    {
        var seen = new HashSet<(string, string, ObservationKey)>();
        var list = new List<SourcedObservation>(rows.Count);
        foreach (var row in rows)
        {
            var o = ObservationValidator.Validate([row], provinces, catalog).Observations[0];
            if (seen.Add((o.Province, o.Indicator, o.Key))) list.Add(new SourcedObservation(o, row.Row, row.Confirmed));
        }
        return list;
    }
}
