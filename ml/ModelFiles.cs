using System.Text;
using System.Text.Json;

namespace Analytics.Ml;

/// <summary>
/// A trained <see cref="ForecastModel"/> as a file, so a model trained in another process (the silo's training
/// process) can be handed back: every part it forecasts with (the global trees, the group trends, the blend, the
/// calibrations, the short-series model and its peers, the track record) and what it says about itself (version,
/// trained at, data through, the training summary). Binary and exact: a double is written as its bits, so the model
/// read back forecasts identically and keeps its version. Versioned by <see cref="Format"/>: another format is refused.
/// </summary>
public static class ForecastModelFile
{
    /// <summary>Raise when the layout changes: a file of another format is refused, never half read.</summary>
    /// <remarks>2: the blend carries its length bands' own combinations. 3: the calibration its length bands' own distributions.
    /// 4: the global model says what its label is counted from. 5: the nearest-neighbour method's windows (<c>analog</c>).</remarks>
    public const int Format = 5;

    private const string Kind = "forecasting model";
    private static readonly byte[] Magic = "ANFM"u8.ToArray();

    public static void Write(ForecastModel model, string path)
    {
        using var file = File.Create(path);
        Write(model, file);
    }

    public static void Write(ForecastModel model, Stream stream)
    {
        using var w = new BinaryWriter(stream, Encoding.UTF8, leaveOpen: true);
        FileHeader.Write(w, Magic, Format);
        w.Write(model.Version);
        w.Write(model.TrainedAt.UtcTicks);
        w.Write((short)model.TrainedAt.Offset.TotalMinutes);
        w.Write(model.DataThroughYear);
        WriteSummary(w, model.Training);
        w.Write(model.RecentWeight);
        w.Write(model.MinimumPoints);
        WriteGlobal(w, model.Global);
        WriteGroups(w, model.Groups);
        WriteBlend(w, model.Blend);
        WriteCalibration(w, model.Calibration);
        WriteShortSeries(w, model.ShortSeries);
        WritePeers(w, model.Peers);
        WriteCells(w, model.TrackRecord.Cells);
        WriteAnalog(w, model.Analog);
    }

    public static ForecastModel Read(string path)
    {
        using var file = File.OpenRead(path);
        return Read(file);
    }

    /// <exception cref="InvalidDataException">Not a model file, another format, or cut short.</exception>
    public static ForecastModel Read(Stream stream) => FileHeader.Reading(Kind, () =>
    {
        using var r = new BinaryReader(stream, Encoding.UTF8, leaveOpen: true);
        FileHeader.Read(r, Magic, Format, Kind);
        var version = r.ReadString();
        var trainedAt = new DateTimeOffset(r.ReadInt64(), TimeSpan.Zero).ToOffset(TimeSpan.FromMinutes(r.ReadInt16()));
        var dataThrough = r.ReadInt32();
        var summary = ReadSummary(r);
        var recentWeight = r.ReadDouble();
        var minimumPoints = r.ReadInt32();
        var global = ReadGlobal(r);
        var groups = ReadGroups(r);
        var blend = ReadBlend(r);
        var calibration = ReadCalibration(r);
        var shortSeries = ReadShortSeries(r);
        var peers = ReadPeers(r);
        var record = new TrackRecord(ReadCells(r));
        var analog = ReadAnalog(r);
        FileHeader.End(r, Kind);
        return new ForecastModel(version, trainedAt, dataThrough, summary, global, groups, blend, calibration, recentWeight,
            shortSeries, peers, minimumPoints, record, analog);
    });

    private static void WriteSummary(BinaryWriter w, TrainingSummary s)
    {
        w.Write(s.Series); w.Write(s.TrainedSeries); w.Write(s.GlobalTrainingRows); w.Write(s.RollingOriginModels); w.Write(s.RollingOriginForecasts);
        w.Write(s.GroupTrendSeconds); w.Write(s.FeatureSeconds); w.Write(s.GlobalModelSeconds); w.Write(s.CalibrationSeconds); w.Write(s.VersionSeconds);
    }

    private static TrainingSummary ReadSummary(BinaryReader r) => new(r.ReadInt32(), r.ReadInt32(), r.ReadInt32(), r.ReadInt32(), r.ReadInt32(),
        r.ReadDouble(), r.ReadDouble(), r.ReadDouble(), r.ReadDouble(), r.ReadDouble());

    private static void WriteAnalog(BinaryWriter w, AnalogModel? a)
    {
        w.Write(a is not null);
        if (a is null) return;
        var o = a.Options;
        w.Write(o.Window); w.Write(o.Neighbours); w.Write(o.MinimumNeighbours); w.Write(o.Candidates); w.Write(o.MaxStep);
        w.Write(o.Clip); w.Write(o.HistoryYears);
        w.Write(a.CutoffYear);
        w.Write7BitEncodedInt(a.Libraries.Count);
        foreach (var l in a.Libraries)
        {
            w.Write(l.Length);
            FileHeader.WriteInts(w, l.EndYears);
            WriteFloats(w, l.Shapes);
            WriteFloats(w, l.Futures);
        }
    }

    private static AnalogModel? ReadAnalog(BinaryReader r)
    {
        if (!r.ReadBoolean()) return null;
        var o = new AnalogOptions
        {
            Window = r.ReadInt32(), Neighbours = r.ReadInt32(), MinimumNeighbours = r.ReadInt32(), Candidates = r.ReadInt32(),
            MaxStep = r.ReadInt32(), Clip = r.ReadDouble(), HistoryYears = r.ReadInt32(),
        };
        var cutoff = r.ReadInt32();
        var libraries = new AnalogModel.Library[FileHeader.ReadCount(r)];
        for (var i = 0; i < libraries.Length; i++)
        {
            var length = r.ReadInt32();
            var endYears = FileHeader.ReadInts(r);
            var shapes = ReadFloats(r);
            var futures = ReadFloats(r);
            if (shapes.Length != endYears.Length * (length - 1) || futures.Length != endYears.Length * o.MaxStep)
                throw new InvalidDataException($"The analog method's windows of {length} figures have shapes or futures of the wrong length.");
            libraries[i] = new AnalogModel.Library(length, shapes, futures, endYears);
        }
        return AnalogModel.Of(o, libraries, cutoff);
    }

    private static void WriteFloats(BinaryWriter w, float[] values)
    {
        w.Write7BitEncodedInt(values.Length);
        foreach (var x in values) w.Write(x);
    }

    private static float[] ReadFloats(BinaryReader r)
    {
        var values = new float[FileHeader.ReadCount(r)];
        for (var i = 0; i < values.Length; i++) values[i] = r.ReadSingle();
        return values;
    }

    private static void WriteGlobal(BinaryWriter w, GlobalGrowthModel g)
    {
        w.Write(g.TrainedRows);
        w.Write(g.CutoffYear);
        w.Write(g.Bias);
        w.Write(g.RobustScale);
        w.Write(g.FromDampedTrend);
        w.Write7BitEncodedInt(g.Trees.Count);
        foreach (var t in g.Trees)
        {
            FileHeader.WriteInts(w, t.Left);
            FileHeader.WriteInts(w, t.Right);
            FileHeader.WriteInts(w, t.Feature);
            w.Write7BitEncodedInt(t.Threshold.Length);
            foreach (var x in t.Threshold) w.Write(x);
            FileHeader.WriteDoubles(w, t.Leaves);
        }
    }

    private static GlobalGrowthModel ReadGlobal(BinaryReader r)
    {
        var rows = r.ReadInt32();
        var cutoff = r.ReadInt32();
        var bias = r.ReadDouble();
        var robustScale = r.ReadDouble();
        var fromDampedTrend = r.ReadBoolean();
        var trees = new GlobalGrowthModel.Tree[FileHeader.ReadCount(r)];
        for (var i = 0; i < trees.Length; i++)
        {
            var left = FileHeader.ReadInts(r);
            var right = FileHeader.ReadInts(r);
            var feature = FileHeader.ReadInts(r);
            var threshold = new float[FileHeader.ReadCount(r)];
            for (var j = 0; j < threshold.Length; j++) threshold[j] = r.ReadSingle();
            var leaves = FileHeader.ReadDoubles(r);
            if (right.Length != left.Length || feature.Length != left.Length || threshold.Length != left.Length)
                throw new InvalidDataException($"Tree {i} of the global model has nodes of different lengths.");
            trees[i] = new GlobalGrowthModel.Tree(left, right, feature, threshold, leaves);
        }
        return new GlobalGrowthModel(trees, bias, rows, cutoff, robustScale, fromDampedTrend);
    }

    private static void WriteGroups(BinaryWriter w, GroupTrends groups)
    {
        var entries = groups.Entries.ToList();
        w.Write7BitEncodedInt(entries.Count);
        foreach (var ((group, year), t) in entries)
        {
            w.Write(group);
            w.Write(year);
            w.Write(t.LastChange); w.Write(t.ThreeYearChange); w.Write(t.LogGrowth); w.Write(t.MedianLevel); w.Write(t.ThreeYearSpread);
            w.Write(t.Series);
        }
    }

    private static GroupTrends ReadGroups(BinaryReader r)
    {
        var entries = new KeyValuePair<(string, int), GroupTrend>[FileHeader.ReadCount(r)];
        for (var i = 0; i < entries.Length; i++)
            entries[i] = new((r.ReadString(), r.ReadInt32()),
                new GroupTrend(r.ReadDouble(), r.ReadDouble(), r.ReadDouble(), r.ReadDouble(), r.ReadDouble(), r.ReadInt32()));
        return GroupTrends.Of(entries);
    }

    private static void WriteBlend(BinaryWriter w, ProductionBlend b)
    {
        FileHeader.WriteStrings(w, b.Methods);
        FileHeader.WriteDoubles(w, b.Weights);
        w.Write((int)b.Combiner);
        w.Write7BitEncodedInt(b.ValidationLoss.Count);
        foreach (var (name, loss) in b.ValidationLoss) { w.Write(name); w.Write(loss); }
        w.Write(b.SplitYear.HasValue);
        w.Write(b.SplitYear ?? 0);
        w.Write7BitEncodedInt(b.Bands.Count);
        foreach (var band in b.Bands)
        {
            w.Write(band.From);
            w.Write(band.To);
            w.Write(band.Name);
            w.Write((int)band.Combiner);
            FileHeader.WriteDoubles(w, band.Weights);
        }
    }

    private static ProductionBlend ReadBlend(BinaryReader r)
    {
        var methods = FileHeader.ReadStrings(r);
        var weights = FileHeader.ReadDoubles(r);
        if (weights.Length != methods.Length) throw new InvalidDataException($"The blend has {methods.Length} methods but {weights.Length} weights.");
        var combiner = (BlendCombiner)r.ReadInt32();
        if (!Enum.IsDefined(combiner)) throw new InvalidDataException($"Unknown blend combiner {(int)combiner}.");
        var losses = new Dictionary<string, double>();
        for (var n = FileHeader.ReadCount(r); n > 0; n--) losses.Add(r.ReadString(), r.ReadDouble());
        var hasSplit = r.ReadBoolean();
        var split = r.ReadInt32();
        var bands = new LengthBandChoice[FileHeader.ReadCount(r)];
        for (var i = 0; i < bands.Length; i++)
        {
            var (from, to, name) = (r.ReadInt32(), r.ReadInt32(), r.ReadString());
            var bandCombiner = (BlendCombiner)r.ReadInt32();
            if (!Enum.IsDefined(bandCombiner)) throw new InvalidDataException($"Unknown blend combiner {(int)bandCombiner} for {name}.");
            var bandWeights = FileHeader.ReadDoubles(r);
            if (bandWeights.Length != methods.Length) throw new InvalidDataException($"The blend has {methods.Length} methods but band {name} {bandWeights.Length} weights.");
            bands[i] = new LengthBandChoice(from, to, name, bandCombiner, bandWeights);
        }
        return new ProductionBlend(methods, weights, combiner, losses, hasSplit ? split : null, bands);
    }

    private static void WriteCalibration(BinaryWriter w, IntervalCalibration c)
    {
        w.Write7BitEncodedInt(c.ByMethod.Count);
        foreach (var (method, steps) in c.ByMethod)
        {
            w.Write(method);
            WriteDistributions(w, steps);
        }
        FileHeader.WriteStrings(w, [.. c.Uncalibrated]);
        w.Write7BitEncodedInt(c.Bands.Count);
        foreach (var b in c.Bands)
        {
            w.Write(b.Method);
            w.Write(b.From);
            w.Write(b.To);
            WriteDistributions(w, b.Steps);
        }
    }

    private static IntervalCalibration ReadCalibration(BinaryReader r)
    {
        var byMethod = new Dictionary<string, ErrorDistribution[]>();
        for (var n = FileHeader.ReadCount(r); n > 0; n--) byMethod.Add(r.ReadString(), ReadDistributions(r));
        var uncalibrated = FileHeader.ReadStrings(r);
        var bands = new LengthBandCalibration[FileHeader.ReadCount(r)];
        for (var i = 0; i < bands.Length; i++)
        {
            var method = r.ReadString();
            var from = r.ReadInt32();
            var to = r.ReadInt32();
            bands[i] = new LengthBandCalibration(method, from, to, ReadDistributions(r));
        }
        return new IntervalCalibration(byMethod, uncalibrated, bands);
    }

    private static void WriteShortSeries(BinaryWriter w, ShortSeriesModel s)
    {
        w.Write(s.OwnWeight);
        w.Write(s.PeerWeight);
        w.Write(s.Cases);
        w.Write7BitEncodedInt(s.Errors.Count);
        foreach (var steps in s.Errors) WriteDistributions(w, steps);
        WriteCells(w, s.Record);
    }

    private static ShortSeriesModel ReadShortSeries(BinaryReader r)
    {
        var own = r.ReadDouble();
        var peer = r.ReadDouble();
        var cases = r.ReadInt32();
        var errors = new ErrorDistribution[FileHeader.ReadCount(r)][];
        if (errors.Length != ShortSeriesModel.MaximumPoints - ShortSeriesModel.MinimumPoints + 1)
            throw new InvalidDataException($"The short-series model has errors for {errors.Length} lengths.");
        for (var i = 0; i < errors.Length; i++) errors[i] = ReadDistributions(r);
        return new ShortSeriesModel(own, peer, errors, cases, ReadCells(r));
    }

    private static void WriteDistributions(BinaryWriter w, ErrorDistribution[] steps)
    {
        w.Write7BitEncodedInt(steps.Length);
        foreach (var d in steps)
        {
            // The prior is one shared instance that says "uncalibrated" (ShortSeriesModel.IsCalibrated): read back as itself.
            var prior = ReferenceEquals(d, ErrorDistribution.RandomWalkPrior);
            w.Write(prior);
            if (prior) continue;
            w.Write(d.Samples);
            foreach (var q in d.Quantiles) w.Write(q);
        }
    }

    private static ErrorDistribution[] ReadDistributions(BinaryReader r)
    {
        var steps = new ErrorDistribution[FileHeader.ReadCount(r)];
        if (steps.Length == 0) throw new InvalidDataException("A calibration has no steps.");
        for (var i = 0; i < steps.Length; i++)
        {
            if (r.ReadBoolean()) { steps[i] = ErrorDistribution.RandomWalkPrior; continue; }
            var samples = r.ReadInt32();
            var q = new double[ErrorDistribution.Resolution + 1];
            for (var j = 0; j < q.Length; j++) q[j] = r.ReadDouble();
            steps[i] = ErrorDistribution.Of(q, samples);
        }
        return steps;
    }

    private static void WritePeers(BinaryWriter w, PeerPool peers)
    {
        var groups = peers.Groups.ToList();
        w.Write7BitEncodedInt(groups.Count);
        foreach (var (group, series) in groups)
        {
            w.Write(group);
            w.Write7BitEncodedInt(series.Length);
            // Every peer's group is the key: written once.
            foreach (var s in series) FileHeader.WriteHistory(w, s);
        }
    }

    private static PeerPool ReadPeers(BinaryReader r)
    {
        var groups = new KeyValuePair<string, SeriesHistory[]>[FileHeader.ReadCount(r)];
        for (var i = 0; i < groups.Length; i++)
        {
            var group = r.ReadString();
            var series = new SeriesHistory[FileHeader.ReadCount(r)];
            for (var j = 0; j < series.Length; j++) series[j] = FileHeader.ReadHistory(r, group);
            groups[i] = new(group, series);
        }
        return PeerPool.Of(groups);
    }

    private static void WriteCells(BinaryWriter w, IReadOnlyList<TrackRecordCell> cells)
    {
        w.Write7BitEncodedInt(cells.Count);
        foreach (var c in cells)
        {
            w.Write(c.Length); w.Write(c.Step); w.Write(c.Cases); w.Write(c.RelMae); w.Write(c.Coverage80); w.Write(c.Coverage95);
        }
    }

    private static TrackRecordCell[] ReadCells(BinaryReader r)
    {
        var cells = new TrackRecordCell[FileHeader.ReadCount(r)];
        for (var i = 0; i < cells.Length; i++)
            cells[i] = new TrackRecordCell(r.ReadString(), r.ReadInt32(), r.ReadInt32(), r.ReadDouble(), r.ReadDouble(), r.ReadDouble());
        return cells;
    }
}

/// <summary>What a training is given: the series and the options to train with (so another process trains the same model).</summary>
public sealed record TrainingInput(IReadOnlyList<SeriesHistory> Series, ForecastTrainingOptions Options);

/// <summary>
/// <see cref="TrainingInput"/> as a file, for a training process: the series in binary (years as differences, values as
/// their bits, each indicator's name once) and the options as JSON, which follows the options record as it grows.
/// Versioned by <see cref="Format"/>: another format is refused.
/// </summary>
public static class TrainingInputFile
{
    public const int Format = 1;

    private const string Kind = "training input";
    private static readonly byte[] Magic = "ANTI"u8.ToArray();

    public static void Write(TrainingInput input, string path)
    {
        using var file = File.Create(path);
        Write(input, file);
    }

    public static void Write(TrainingInput input, Stream stream)
    {
        using var w = new BinaryWriter(stream, Encoding.UTF8, leaveOpen: true);
        FileHeader.Write(w, Magic, Format);
        w.Write(JsonSerializer.Serialize(input.Options));
        var groups = input.Series.Select(s => s.Group).OfType<string>().Distinct().ToList();
        FileHeader.WriteStrings(w, groups);
        var index = groups.Select((g, i) => (g, i)).ToDictionary(x => x.g, x => x.i);
        w.Write7BitEncodedInt(input.Series.Count);
        foreach (var s in input.Series)
        {
            // 0: no group, else its index + 1.
            w.Write7BitEncodedInt(s.Group is { } g ? index[g] + 1 : 0);
            FileHeader.WriteHistory(w, s);
        }
    }

    public static TrainingInput Read(string path)
    {
        using var file = File.OpenRead(path);
        return Read(file);
    }

    /// <exception cref="InvalidDataException">Not a training input file, another format, or cut short.</exception>
    public static TrainingInput Read(Stream stream) => FileHeader.Reading(Kind, () =>
    {
        using var r = new BinaryReader(stream, Encoding.UTF8, leaveOpen: true);
        FileHeader.Read(r, Magic, Format, Kind);
        var options = JsonSerializer.Deserialize<ForecastTrainingOptions>(r.ReadString())
            ?? throw new InvalidDataException("The training input has no options.");
        var groups = FileHeader.ReadStrings(r);
        var series = new SeriesHistory[FileHeader.ReadCount(r)];
        for (var i = 0; i < series.Length; i++)
        {
            var g = FileHeader.ReadCount(r);
            if (g > groups.Length) throw new InvalidDataException($"Series {i} names group {g} of {groups.Length}.");
            series[i] = FileHeader.ReadHistory(r, g == 0 ? null : groups[g - 1]);
        }
        FileHeader.End(r, Kind);
        return new TrainingInput(series, options);
    });
}

/// <summary>What the two files share: a magic number and format, counts, arrays and series histories.</summary>
internal static class FileHeader
{
    /// <summary>No count in these files comes near this; a larger one is a damaged file, not an allocation to try.</summary>
    private const int MaxCount = 50_000_000;

    public static void Write(BinaryWriter w, byte[] magic, int format)
    {
        w.Write(magic);
        w.Write(format);
    }

    public static void Read(BinaryReader r, byte[] magic, int format, string kind)
    {
        var found = r.ReadBytes(magic.Length);
        if (!found.AsSpan().SequenceEqual(magic)) throw new InvalidDataException($"This is not a {kind} file.");
        var version = r.ReadInt32();
        if (version != format)
            throw new InvalidDataException($"The {kind} file is of format {version}; this build reads format {format} only.");
    }

    public static void End(BinaryReader r, string kind)
    {
        if (r.BaseStream.CanSeek && r.BaseStream.Position != r.BaseStream.Length)
            throw new InvalidDataException($"The {kind} file has {r.BaseStream.Length - r.BaseStream.Position} bytes after its end.");
    }

    /// <summary>Runs a read, telling a file cut short or holding impossible values by what it is.</summary>
    public static T Reading<T>(string kind, Func<T> read)
    {
        try
        {
            return read();
        }
        catch (EndOfStreamException)
        {
            throw new InvalidDataException($"The {kind} file ends early: it was cut short or damaged.");
        }
        catch (Exception ex) when (ex is ArgumentException or FormatException or JsonException or OverflowException)
        {
            throw new InvalidDataException($"The {kind} file is damaged: {ex.Message}", ex);
        }
    }

    public static int ReadCount(BinaryReader r)
    {
        var n = r.Read7BitEncodedInt();
        return n is >= 0 and <= MaxCount ? n : throw new InvalidDataException($"A count of {n} is not possible here.");
    }

    public static void WriteInts(BinaryWriter w, int[] values)
    {
        w.Write7BitEncodedInt(values.Length);
        foreach (var v in values) w.Write(v);
    }

    public static int[] ReadInts(BinaryReader r)
    {
        var values = new int[ReadCount(r)];
        for (var i = 0; i < values.Length; i++) values[i] = r.ReadInt32();
        return values;
    }

    public static void WriteDoubles(BinaryWriter w, IReadOnlyList<double> values)
    {
        w.Write7BitEncodedInt(values.Count);
        foreach (var v in values) w.Write(v);
    }

    public static double[] ReadDoubles(BinaryReader r)
    {
        var values = new double[ReadCount(r)];
        for (var i = 0; i < values.Length; i++) values[i] = r.ReadDouble();
        return values;
    }

    public static void WriteStrings(BinaryWriter w, IReadOnlyList<string> values)
    {
        w.Write7BitEncodedInt(values.Count);
        foreach (var v in values) w.Write(v);
    }

    public static string[] ReadStrings(BinaryReader r)
    {
        var values = new string[ReadCount(r)];
        for (var i = 0; i < values.Length; i++) values[i] = r.ReadString();
        return values;
    }

    [Flags]
    private enum HistoryFlags : byte { None = 0, Min = 1, Max = 2, HigherIsBetter = 4 }

    /// <summary>A history without its group (the caller writes that): id, bounds, direction, then the first year, each later year as its distance from the one before, and the values.</summary>
    public static void WriteHistory(BinaryWriter w, SeriesHistory s)
    {
        w.Write(s.Id);
        var flags = (s.Min.HasValue ? HistoryFlags.Min : 0) | (s.Max.HasValue ? HistoryFlags.Max : 0) | (s.HigherIsBetter ? HistoryFlags.HigherIsBetter : 0);
        w.Write((byte)flags);
        if (s.Min is { } min) w.Write(min);
        if (s.Max is { } max) w.Write(max);
        w.Write7BitEncodedInt(s.Count);
        for (var i = 0; i < s.Count; i++) w.Write7BitEncodedInt(i == 0 ? s.Years[0] : s.Years[i] - s.Years[i - 1]);
        for (var i = 0; i < s.Count; i++) w.Write(s.Values[i]);
    }

    /// <summary>Reads a history through its constructor, so its invariants (ascending years, finite values, bounds) are checked again.</summary>
    public static SeriesHistory ReadHistory(BinaryReader r, string? group)
    {
        var id = r.ReadString();
        var flags = (HistoryFlags)r.ReadByte();
        double? min = flags.HasFlag(HistoryFlags.Min) ? r.ReadDouble() : null;
        double? max = flags.HasFlag(HistoryFlags.Max) ? r.ReadDouble() : null;
        var years = new int[ReadCount(r)];
        for (var i = 0; i < years.Length; i++) years[i] = (i == 0 ? 0 : years[i - 1]) + r.Read7BitEncodedInt();
        var values = new double[years.Length];
        for (var i = 0; i < values.Length; i++) values[i] = r.ReadDouble();
        return new SeriesHistory(id, years, values, min, max, flags.HasFlag(HistoryFlags.HigherIsBetter), group);
    }
}
