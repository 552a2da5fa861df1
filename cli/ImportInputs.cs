using System.Globalization;
using Analytics.Domain;
using Analytics.Formats;

namespace Analytics.Cli;

/// <summary>A figure ready to send, with the line of the input it came from (null for a GSO table cell).</summary>
public sealed record SourcedObservation(Observation Observation, int? Line);

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
    public static ImportInputs Read(IReadOnlyList<string> files, IReadOnlyList<string> gsoPaths, ProvinceDirectory provinces, IndicatorCatalog catalog)
    {
        var gso = gsoPaths.SelectMany(p => ReadGso(p, provinces)).ToList();
        var derived = new Dictionary<string, DerivedIndicator>(StringComparer.Ordinal);
        foreach (var table in gso)
        foreach (var definition in table.Table?.Indicators ?? [])
        {
            catalog.Upsert(definition);
            derived[definition.Code] = new DerivedIndicator(definition, table.Name);
        }

        var inputs = new List<CheckedInput>();
        inputs.AddRange(gso.Select(t => t.Table is null ? t.Failed! : CheckTable(t.Name, t.Table, provinces, catalog)));
        inputs.AddRange(files.Select(f => CheckFile(f, provinces, catalog)));
        return new ImportInputs(inputs, [.. derived.Values]);
    }

    private sealed record GsoRead(string Name, GsoTable? Table, CheckedInput? Failed);

    private static IEnumerable<GsoRead> ReadGso(string path, ProvinceDirectory provinces)
    {
        var reader = new GsoTableReader(provinces);
        if (!Directory.Exists(path))
        {
            yield return ReadTable(path, () => reader.Read(path));
            yield break;
        }
        // As GsoTableReader.ReadDirectory (same source names, so the figures' provenance matches the bundled load),
        // but one broken table is reported beside the others rather than hiding them.
        var root = Path.GetFullPath(path);
        var codes = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var file in Directory.EnumerateFiles(root, "*.csv", SearchOption.AllDirectories)
                     .Select(f => Path.GetRelativePath(root, f).Replace(Path.DirectorySeparatorChar, '/'))
                     .Order(StringComparer.Ordinal))
        {
            var read = ReadTable(Path.Combine(path, file), () =>
            {
                using var stream = File.OpenRead(Path.Combine(root, file));
                return reader.Read(stream, file);
            });
            if (read.Table is { } table)
            {
                var clashes = table.Indicators.Where(d => codes.ContainsKey(d.Code)).ToList();
                foreach (var d in table.Indicators) codes.TryAdd(d.Code, read.Name);
                if (clashes.Count > 0)
                    read = read with
                    {
                        Table = table with { Warnings = [.. table.Warnings, .. clashes.Select(d => $"indicator code '{d.Code}' is also derived from {codes[d.Code]}")] },
                    };
            }
            yield return read;
        }
    }

    private static GsoRead ReadTable(string name, Func<GsoTable> read)
    {
        try
        {
            return new GsoRead(name, read(), null);
        }
        catch (Exception e) when (e is DataFormatException or IOException or UnauthorizedAccessException)
        {
            var problem = e is DataFormatException format ? FileProblem.From(format, name) : new FileProblem(name, null, null, e.Message);
            return new GsoRead(name, null, new CheckedInput(name, true, 0, [], [problem], []));
        }
    }

    private static CheckedInput CheckTable(string name, GsoTable table, ProvinceDirectory provinces, IndicatorCatalog catalog)
    {
        var rows = table.Observations.Select((o, i) => ToInput(o, i + 1)).ToList();
        var batch = ObservationValidator.Validate(rows, provinces, catalog);
        // A table has no line per figure; the quote ("Ha Noi" 2015 = 12.5) says which cell is meant.
        var errors = table.UnresolvedNames.Select(n => new FileProblem(name, null, "province", $"unknown province '{n}'"))
            .Concat(batch.Errors.Select(e => new FileProblem(name, null, e.Field, $"{e.Reason} ({table.Observations[e.Row - 1].Quote})")))
            .ToList();
        return new CheckedInput(name, true, rows.Count,
            errors.Count == 0 ? [.. batch.Observations.Select(o => new SourcedObservation(o, null))] : [],
            errors,
            [.. table.Warnings.Select(w => $"{name}: {w}")]);
    }

    private static CheckedInput CheckFile(string path, ProvinceDirectory provinces, IndicatorCatalog catalog)
    {
        IReadOnlyList<ObservationInput> rows;
        try
        {
            using var stream = File.OpenRead(path);
            rows = ObservationCsv.Read(stream, path);
        }
        catch (DataFormatException e)
        {
            return new CheckedInput(path, false, 0, [], [FileProblem.From(e, path)], []);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return new CheckedInput(path, false, 0, [], [new FileProblem(path, null, null, e.Message)], []);
        }

        var batch = ObservationValidator.Validate(rows, provinces, catalog);
        if (!batch.IsValid)
            return new CheckedInput(path, false, rows.Count, [], [.. batch.Errors.Select(e => new FileProblem(path, e.Row, e.Field, e.Reason))], []);
        return new CheckedInput(path, false, rows.Count, WithLines(rows, provinces, catalog), [], []);
    }

    /// <summary>
    /// The observations of a valid file, each with the line it first appears on, so an error the cluster reports for a
    /// batch points back into the file. Same observations, same order as the whole-file validation.
    /// </summary>
    private static List<SourcedObservation> WithLines(IReadOnlyList<ObservationInput> rows, ProvinceDirectory provinces, IndicatorCatalog catalog)
    {
        var seen = new HashSet<(string, string, ObservationKey)>();
        var list = new List<SourcedObservation>(rows.Count);
        foreach (var row in rows)
        {
            var o = ObservationValidator.Validate([row], provinces, catalog).Observations[0];
            if (seen.Add((o.Province, o.Indicator, o.Key))) list.Add(new SourcedObservation(o, row.Row));
        }
        return list;
    }

    private static ObservationInput ToInput(Observation o, int row) => new(
        row, o.Province, o.Indicator,
        o.Year.ToString(CultureInfo.InvariantCulture), o.Quarter?.ToString(CultureInfo.InvariantCulture), o.Kind.ToCode(),
        o.Value.ToString("R", CultureInfo.InvariantCulture), o.Unit, o.Source, o.Quote);
}
