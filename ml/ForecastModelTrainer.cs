using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;

namespace Analytics.Ml;

/// <summary>
/// Trains a <see cref="ForecastModel"/> from every series at once: rolling-origin back-tests over
/// the last <see cref="ForecastTrainingOptions.CalibrationYears"/> years (with global models that never
/// see past their origin) give the production weights and the interval calibrations; then the
/// global model is trained on everything. Nothing after the cutoff year is read.
/// </summary>
public sealed class ForecastModelTrainer(ForecastTrainingOptions? options = null, TimeProvider? clock = null)
{
    private readonly ForecastTrainingOptions _options = options ?? new ForecastTrainingOptions();
    private readonly TimeProvider _clock = clock ?? TimeProvider.System;

    public ForecastTrainingOptions Options => _options;

    /// <summary>
    /// Trains on <paramref name="series"/> as known at the end of <paramref name="cutoffYear"/>
    /// (default: <see cref="DataCutoff"/>). Series with fewer than MinimumPoints observations are ignored.
    /// </summary>
    public ForecastModel Train(IEnumerable<SeriesHistory> series, int? cutoffYear = null)
    {
        var all = series.ToList();
        if (all.Count == 0) throw new NothingToTrainException("No series to train on yet.");
        var cutoff = cutoffYear ?? DataCutoff(all.Select(s => s.LastYear), _clock.GetUtcNow().Year, _options.CutoffSeriesShare, _options.CutoffSeriesCount);
        var histories = all.Select(s => s.Through(cutoff)).Where(s => s.Count >= _options.MinimumPoints).ToList();
        if (histories.Count == 0) throw new NothingToTrainException($"No series has {_options.MinimumPoints} observations up to {cutoff} yet.");

        var clock = Stopwatch.StartNew();
        var groups = _options.GlobalModel.UseGroupTrends ? GroupTrends.Build(histories, cutoff) : GroupTrends.Empty;
        var groupSeconds = clock.Elapsed.TotalSeconds;
        clock.Restart();
        // Above the cap the global model and the rolling-origin cases learn from a stratified sample; the group
        // trends (above), the version and every forecast still see every series.
        var trained = TrainingSample.Draw(histories, _options.MaxTrainingSeries);
        var rows = GlobalTrainingRows.Build(trained, cutoff, _options.GlobalModel, groups);
        var featuresSeconds = clock.Elapsed.TotalSeconds;

        // Copies of the global model for the rolling origins, each blind to the years after its cutoff,
        // and the final one on everything; trained one after another (FastTree uses both cores itself).
        clock.Restart();
        var firstOrigin = cutoff - _options.CalibrationYears;
        var nested = new SortedDictionary<int, GlobalGrowthModel>();
        for (var c = firstOrigin; c < cutoff; c += _options.GlobalRefitYears)
            nested[c] = GlobalGrowthModel.Train(rows, c, _options.GlobalModel);
        var global = GlobalGrowthModel.Train(rows, cutoff, _options.GlobalModel, _options.GlobalModel.ServedBags);
        var globalSeconds = clock.Elapsed.TotalSeconds;
        GlobalGrowthModel? ModelAt(int origin)
        {
            GlobalGrowthModel? found = null;
            foreach (var (c, m) in nested) if (c <= origin) found = m;
            return found?.TreeCount > 0 ? found : null;
        }

        clock.Restart();
        // Series with two or three figures: fitted on the training series cut to their last two or three figures. The
        // same forecast from any series' last three figures is also one of the methods production may combine.
        var peers = PeerPool.Build(all, cutoff);
        var shortSeries = ShortSeriesModel.Fit(trained, peers, firstOrigin, cutoff, _options.MaxCalibratedStep, _options.BlendFitSteps,
            _options.MinimumPoints, _options.AnchorLongSteps);
        var analog = _options.Analog is { } ao ? AnalogModel.Build(trained, cutoff, ao) : null;
        var cases = RollingOriginCases.Collect(trained, firstOrigin, cutoff, _options.MaxCalibratedStep, ModelAt, groups, _options.RecentVolatilityWeight,
            _options.GlobalModel.Threads, (past, steps) => shortSeries.Path(past, peers.At(past.Group, past.LastYear), steps), analog);
        var baseNames = StatisticalMethods.All.Select(m => m.Name).Append(ForecastModel.GlobalMethodName).Append(ShortSeriesModel.MethodName)
            .Concat(analog is null ? [] : [AnalogModel.MethodName]).ToArray();
        var blend = ProductionBlend.Fit(baseNames, cases, _options);

        var errors = new Dictionary<(string, int), List<double>>();
        var bandErrors = new Dictionary<(int From, int Step), List<double>>(); // production's, by length band
        var levelFactor = StepLevelFactors(cases, cutoff, blend);
        foreach (var c in cases.Cases)
        {
            var f = levelFactor.TryGetValue(c.Step, out var x) ? x : 1;
            for (var m = 0; m < baseNames.Length; m++) Add(baseNames[m], c.Step, f * c.UnitError(c.Forecasts[m]));
            var e = f * c.UnitError(blend.Combine(c.Forecasts, c.Length));
            Add(ForecastModel.ProductionMethodName, c.Step, e);
            foreach (var (from, to) in Backtester.LengthBands)
                if (c.Length >= from && c.Length <= to)
                {
                    if (!bandErrors.TryGetValue((from, c.Step), out var list)) bandErrors[(from, c.Step)] = list = [];
                    list.Add(e);
                }
        }
        void Add(string method, int step, double e)
        {
            if (!errors.TryGetValue((method, step), out var list)) errors[(method, step)] = list = [];
            list.Add(e);
        }
        var calibration = IntervalCalibration.Build(baseNames.Append(ForecastModel.ProductionMethodName),
            (m, step) => errors.TryGetValue((m, step), out var list) ? list : [], _options.MaxCalibratedStep);
        // Production serves each band its own combination, and young series err more widely: a band's intervals
        // are widened where its own errors were wider (never narrowed).
        if (_options.CalibrateByLength && calibration.IsCalibrated)
            calibration = calibration.WithLengthBands(ForecastModel.ProductionMethodName, Backtester.LengthBands,
                (from, step) => bandErrors.TryGetValue((from, step), out var list) ? list : []);
        // Production's record by length and step, on the same rolling origins (the intervals as calibrated).
        var record = new TrackRecord.Builder();
        foreach (var c in cases.Cases)
        {
            var f = levelFactor.TryGetValue(c.Step, out var x) ? x : 1;
            var d = calibration.For(ForecastModel.ProductionMethodName, c.Step, c.Length);
            var point = blend.Combine(c.Forecasts, c.Length);
            var e = f * c.UnitError(point);
            record.Add(c.Length, c.Step, c.Actual - point, c.Actual - c.Forecasts[StatisticalMethods.NaiveIndex],
                e >= d.Quantile(0.10) && e <= d.Quantile(0.90), e >= d.Quantile(0.025) && e <= d.Quantile(0.975));
        }
        var trackRecord = new TrackRecord([.. shortSeries.Record, .. record.Cells(IntervalCalibration.MinimumErrorsPerStep)]);
        var calibrationSeconds = clock.Elapsed.TotalSeconds;

        clock.Restart();
        var version = VersionOf(histories, trained.Count, cutoff);
        var versionSeconds = clock.Elapsed.TotalSeconds;

        var summary = new TrainingSummary(histories.Count, trained.Count, rows.Rows.Count, nested.Count, cases.Cases.Count,
            Math.Round(groupSeconds, 2), Math.Round(featuresSeconds, 2), Math.Round(globalSeconds, 2), Math.Round(calibrationSeconds, 2),
            Math.Round(versionSeconds, 2));
        return new ForecastModel(version, _clock.GetUtcNow(), cutoff, summary, global, groups, blend, calibration,
            _options.RecentVolatilityWeight, shortSeries, peers, _options.MinimumPoints, trackRecord, analog);
    }

    /// <summary>
    /// The latest year that more than <paramref name="share"/> of the series, or at least <paramref name="count"/> of
    /// them, reach (their last year at or after it), capped at <paramref name="currentYear"/>. The maximum would let a
    /// single mistyped or future-dated figure (a 2090 "actual") move the cutoff decades on, leaving every rolling origin
    /// without data to score and every interval uncalibrated; this moves only when a real body of data does (the count
    /// keeps a few dozen newer series, such as the digital-transformation seeds beside thousands of GSO series, in).
    /// </summary>
    public static int DataCutoff(IEnumerable<int> lastYears, int currentYear, double share, int count = int.MaxValue)
    {
        var years = lastYears.ToList();
        var latestFirst = years.Where(y => y <= currentYear).OrderDescending().ToList();
        var all = years.Count;
        if (latestFirst.Count == 0) return currentYear;
        // Series ending in the future count as reaching every year up to the current one.
        var future = all - latestFirst.Count;
        var needed = Math.Min(Math.Min(all, (int)Math.Floor(Math.Clamp(share, 0, 1) * all) + 1), Math.Max(1, count));
        if (future >= needed) return currentYear;
        return latestFirst[Math.Min(needed - future, latestFirst.Count) - 1];
    }

    /// <summary>
    /// Long steps can only be scored from old origins, and how turbulent those years were then says
    /// little about now. The errors of each step are rescaled by how much wider the one-step errors
    /// (of production, the forecast whose intervals are served) were at that step's origins than at the
    /// three most recent origins, so widths keep their growth with the step but take today's turbulence.
    /// </summary>
    private Dictionary<int, double> StepLevelFactors(RollingOriginCases cases, int cutoff, ProductionBlend blend)
    {
        var result = new Dictionary<int, double>();
        if (!_options.AnchorLongSteps) return result;
        var oneStep = cases.Cases.Where(c => c.Step == 1).GroupBy(c => c.Origin)
            .ToDictionary(g => g.Key, g => g.Select(c => Math.Abs(c.UnitError(blend.Combine(c.Forecasts, c.Length)))).ToList());
        double Spread(IEnumerable<int> origins)
        {
            var all = origins.Where(oneStep.ContainsKey).SelectMany(o => oneStep[o]).OrderBy(x => x).ToArray();
            return all.Length >= IntervalCalibration.MinimumErrorsPerStep ? all[(int)(all.Length * 0.8)] : double.NaN;
        }
        var recent = Spread(Enumerable.Range(cutoff - 3, 3));
        foreach (var g in cases.Cases.GroupBy(c => c.Step))
        {
            var origins = g.Select(c => c.Origin).Distinct().ToArray();
            var then = Spread(origins);
            result[g.Key] = double.IsFinite(recent) && double.IsFinite(then) && then > 0 ? recent / then : 1;
        }
        return result;
    }

    /// <summary>
    /// A content hash of the training data and options: retraining on the same data names the same model. The cap on
    /// training series enters only through the sample it drew (none below the cap), so the same model has one name
    /// whatever cap a silo runs with.
    /// </summary>
    private string VersionOf(List<SeriesHistory> histories, int trainedSeries, int cutoff)
    {
        var hash = new IncrementalHashWriter();
        hash.Add((_options with { MaxTrainingSeries = 0 }).ToString());
        if (trainedSeries < histories.Count) hash.Add($"sample {trainedSeries} of {histories.Count}");
        foreach (var h in histories.OrderBy(h => h.Id, StringComparer.Ordinal))
        {
            hash.Add(h.Id + "|" + h.Group + "|" + h.Min + "|" + h.Max);
            for (var i = 0; i < h.Count; i++) hash.Add($"{h.Years[i]}:{h.Values[i]:R}");
        }
        return $"{cutoff}-{hash.Hex()[..12]}";
    }

    private sealed class IncrementalHashWriter
    {
        private readonly IncrementalHash _hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        public void Add(string s) { _hash.AppendData(Encoding.UTF8.GetBytes(s)); _hash.AppendData("\n"u8); }
        public string Hex() => Convert.ToHexStringLower(_hash.GetHashAndReset());
    }
}
