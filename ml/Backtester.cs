using System.Diagnostics;

namespace Analytics.Ml;

/// <summary>
/// Evaluation by forecast origin: every method is fitted on the years up to the origin (the whole model, global
/// model, weights, combiner choice and calibrations included, is trained as of the origin) and scored on the actual
/// values of the following years. Nothing after the origin reaches training.
/// <para>
/// <see cref="Run"/> scores every series with a model trained on all of them (in-sample across series, out of sample
/// in time). <see cref="Evaluate"/> adds the honest figure: whole tables left out, K folds of tables, each scored by a
/// model fitted on the other tables only, and the short-series back-test (series cut to their last 2, 3 and 4 figures).
/// </para>
/// </summary>
public static class Backtester
{
    /// <summary>Lengths (figures up to the origin) the report breaks the scores down by: 4–6, 7–9, 10–14, 15 and more.</summary>
    public static readonly IReadOnlyList<(int From, int To)> LengthBands = [(4, 6), (7, 9), (10, 14), (15, int.MaxValue)];

    /// <summary>The series are cut to these many last figures in the short-series back-test.</summary>
    public static readonly IReadOnlyList<int> ShortLengths = [2, 3, 4];

    /// <summary>
    /// Back-tests every series with at least <see cref="ForecastTrainingOptions.MinimumPoints"/> observations up to
    /// <paramref name="origin"/>, with one model trained on all of them as of the origin.
    /// </summary>
    public static BacktestReport Run(IEnumerable<SeriesHistory> series, int origin, IReadOnlyList<int> horizons,
        ForecastTrainingOptions? options = null)
    {
        var setup = Setup.Of(series, origin, horizons, options);
        var clock = Stopwatch.StartNew();
        var model = setup.Trainer.Train(setup.Eligible, origin);
        var trainSeconds = clock.Elapsed.TotalSeconds;
        clock.Restart();
        var scored = ScoreAll(setup, model, setup.Eligible);
        var report = Summarise(setup, scored, "in-sample");
        return report with
        {
            ModelVersion = model.Version,
            TrainSeconds = Math.Round(trainSeconds, 2),
            ForecastSeconds = Math.Round(clock.Elapsed.TotalSeconds, 2),
            ProductionWeights = model.Blend.NonZeroWeights,
            ProductionCombiner = model.Blend.Description,
        };
    }

    /// <summary>
    /// The in-sample back-test beside the leave-tables-out one: the tables (<paramref name="tableOf"/> a series; by
    /// default its group) are dealt into <paramref name="folds"/> folds in a fixed order; each fold is scored by a model
    /// trained, as of the origin, on the series of the other folds only (one fold per table when there are fewer tables than
    /// folds; no leave-tables-out figure for a single table) (its weights, combiner, calibrations, short-series
    /// fit: nothing of the scored tables but their peers' figures up to the origin, which a forecast of them would read).
    /// </summary>
    public static GeneralisationReport Evaluate(IEnumerable<SeriesHistory> series, int origin, IReadOnlyList<int> horizons,
        ForecastTrainingOptions? options = null, Func<SeriesHistory, string>? tableOf = null, int folds = 3)
    {
        if (folds < 2) throw new ArgumentException("Leaving tables out needs at least two folds.");
        var all = series.ToList();
        var inSample = Run(all, origin, horizons, options);
        var setup = Setup.Of(all, origin, horizons, options);
        tableOf ??= s => s.Group ?? s.Id;
        var tables = setup.Eligible.Select(tableOf).Distinct().ToList();
        // Fewer tables than folds: one table per fold; a single table cannot be left out of its own training.
        if (tables.Count < 2) return new GeneralisationReport(origin, horizons.ToArray(), inSample, null);
        folds = Math.Min(folds, tables.Count);
        var foldOf = Folds(tables, folds);

        var clock = Stopwatch.StartNew();
        var scored = new List<SeriesScore>();
        var combiners = new List<string>();
        var weights = new List<IReadOnlyDictionary<string, double>>();
        for (var k = 0; k < folds; k++)
        {
            var held = setup.Eligible.Where(s => foldOf[tableOf(s)] == k).ToList();
            var training = setup.Eligible.Where(s => foldOf[tableOf(s)] != k).ToList();
            var model = setup.Trainer.Train(training, origin).WithPeerData(all);
            combiners.Add(model.Blend.Description);
            weights.Add(model.Blend.NonZeroWeights);
            scored.AddRange(ScoreAll(setup, model, held));
        }
        // Back in input order, so the same data gives the same figures to the last digit.
        var order = setup.Eligible.Select((s, i) => (s.Id, i)).ToDictionary(x => x.Id, x => x.i);
        scored.Sort((a, b) => order[a.Id].CompareTo(order[b.Id]));
        var leaveOut = Summarise(setup, scored, "leave-tables-out") with
        {
            TrainSeconds = Math.Round(clock.Elapsed.TotalSeconds, 2),
            Folds = folds,
            Tables = tables.Count,
            ProductionCombiner = string.Join(", ", combiners),
            FoldWeights = weights,
        };
        return new GeneralisationReport(origin, horizons.ToArray(), inSample, leaveOut);
    }

    private sealed record Setup(ForecastModelTrainer Trainer, List<SeriesHistory> Eligible, int Origin, IReadOnlyList<int> Horizons,
        IReadOnlyDictionary<string, double> PeerScales, int Threads)
    {
        public static Setup Of(IEnumerable<SeriesHistory> series, int origin, IReadOnlyList<int> horizons, ForecastTrainingOptions? options)
        {
            if (horizons.Count == 0 || horizons.Any(h => h < 1)) throw new ArgumentException("Horizons must be positive years.");
            var trainer = new ForecastModelTrainer(options);
            var eligible = series.Where(s => s.Through(origin).Count >= trainer.Options.MinimumPoints).ToList();
            if (eligible.Count == 0) throw new ArgumentException($"No series has {trainer.Options.MinimumPoints} observations up to {origin}.");
            // The MASE floor's cross-province scale: training years only, every eligible series (a metric, not a fit).
            var peerScales = BacktestMetrics.PeerScales(eligible.Select(s => s.Through(origin)));
            return new Setup(trainer, eligible, origin, horizons, peerScales, Math.Max(1, trainer.Options.GlobalModel.Threads));
        }
    }

    /// <summary>
    /// The fold of each table: the tables ordered by a hash of their names and dealt round, so a table's fold depends
    /// only on the set of table names, never on the figures or the order they were read in.
    /// </summary>
    public static IReadOnlyDictionary<string, int> Folds(IEnumerable<string> tables, int folds) => tables.Distinct()
        .OrderBy(StableHash).ThenBy(t => t, StringComparer.Ordinal)
        .Select((t, i) => (t, i % folds)).ToDictionary(x => x.t, x => x.Item2);

    /// <summary>FNV-1a of a table name: the fold a table falls in depends on nothing but its name.</summary>
    private static ulong StableHash(string s)
    {
        var h = 14695981039346656037UL;
        foreach (var ch in s) { h ^= ch; h *= 1099511628211UL; }
        return h;
    }

    private static List<SeriesScore> ScoreAll(Setup setup, ForecastModel model, List<SeriesHistory> series)
    {
        var methods = model.Methods.Select(m => m.Name).ToArray();
        var scored = new SeriesScore?[series.Count];
        Parallel.For(0, series.Count, new ParallelOptions { MaxDegreeOfParallelism = setup.Threads },
            i => scored[i] = Score(series[i], setup, model, methods));
        return scored.OfType<SeriesScore>().ToList();
    }

    /// <summary>
    /// One series' scores: per method ([method][target]) the errors and interval hits, sMAPE and pinball loss, and the
    /// short-series back-test of the same series cut to its last 2, 3 and 4 figures ([length][target], production).
    /// </summary>
    internal sealed record SeriesScore(string Id, int Length, double Scale, ScaleTreatment Treatment, string[] Methods, int[] HorizonIndices,
        PathScore[] ByMethod, double[][] Smapes, double[][] Pinball, PathScore[] Cut);

    /// <summary>One forecast path against the actuals of the scored years: absolute errors, interval hits, scaled interval scores.</summary>
    internal sealed class PathScore
    {
        public PathScore(IReadOnlyList<SeriesForecast> path, int lastYear, IReadOnlyList<(int Year, double Actual)> targets, double scale)
        {
            Errors = new double[targets.Count];
            In80 = new bool[targets.Count];
            In95 = new bool[targets.Count];
            Msis = new double[targets.Count];
            for (var t = 0; t < targets.Count; t++)
            {
                var f = path[targets[t].Year - lastYear - 1];
                var actual = targets[t].Actual;
                Errors[t] = Math.Abs(actual - f.Point);
                In80[t] = actual >= f.Lo80 && actual <= f.Hi80;
                In95[t] = actual >= f.Lo95 && actual <= f.Hi95;
                Msis[t] = BacktestMetrics.IntervalScore(actual, f.Lo95, f.Hi95, 0.05) / scale;
            }
        }

        public double[] Errors { get; }
        public bool[] In80 { get; }
        public bool[] In95 { get; }
        public double[] Msis { get; }
    }

    private static SeriesScore? Score(SeriesHistory s, Setup setup, ForecastModel model, string[] methods)
    {
        var origin = setup.Origin;
        var past = s.Through(origin);
        var scored = setup.Horizons.Select((h, hi) => (Index: hi, Year: origin + h, Actual: s.ValueAt(origin + h))).Where(t => t.Actual is not null).ToList();
        if (scored.Count == 0) return null;
        var targets = scored.Select(t => (t.Year, Actual: t.Actual!.Value)).ToList();
        var (scale, treatment) = BacktestMetrics.Scale(past, s.Group is { } g && setup.PeerScales.TryGetValue(g, out var r) ? r : null);
        var through = origin + setup.Horizons.Max();
        var byMethod = new PathScore[methods.Length];
        var smape = new double[methods.Length][];
        var pinball = new double[methods.Length][];
        for (var m = 0; m < methods.Length; m++)
        {
            var path = model.ForecastPath(past, through, methods[m]);
            byMethod[m] = new PathScore(path, past.LastYear, targets, scale);
            smape[m] = new double[targets.Count];
            pinball[m] = new double[targets.Count];
            for (var t = 0; t < targets.Count; t++)
            {
                var f = path[targets[t].Year - past.LastYear - 1];
                var actual = targets[t].Actual;
                smape[m][t] = BacktestMetrics.Smape(actual, f.Point);
                var loss = 0.0;
                for (var q = 0; q < f.Quantiles.Count; q++) loss += BacktestMetrics.Pinball(actual, f.Quantiles[q], SeriesForecast.QuantileLevels[q]);
                pinball[m][t] = loss / f.Quantiles.Count / scale;
            }
        }

        // The same series as if it had only its last 2, 3 or 4 figures: what production serves such a series.
        var cut = ShortLengths.Select(n =>
        {
            var shorter = ShortSeriesModel.LastPoints(past, n);
            return new PathScore(model.ForecastPath(shorter, through), shorter.LastYear, targets, scale);
        }).ToArray();
        return new SeriesScore(s.Id, past.Count, scale, treatment, methods, [.. scored.Select(t => t.Index)], byMethod, smape, pinball, cut);
    }

    private static BacktestReport Summarise(Setup setup, List<SeriesScore> results, string evaluation)
    {
        if (results.Count == 0) throw new ArgumentException($"No series has an actual value in the years after {setup.Origin} to score.");
        var methods = results[0].Methods;
        var naive = Array.IndexOf(methods, "naive");
        var production = Array.IndexOf(methods, ForecastModel.ProductionMethodName);
        if (naive < 0) throw new InvalidOperationException("The model has no naive method to compare with.");
        var horizons = setup.Horizons;
        var scores = methods.Select((name, m) =>
        {
            var byHorizon = horizons.Select((h, hi) => Aggregate(results, r => r.ByMethod[m], r => r.ByMethod[naive], m, hi)).ToArray();
            var total = Aggregate(results, r => r.ByMethod[m], r => r.ByMethod[naive], m, null);
            return (name, total, byHorizon);
        }).ToArray();
        var naiveTotal = scores[naive].total;
        var methodScores = scores.Select(s => new MethodScore(s.name, s.name == ForecastModel.ProductionMethodName,
                s.total.Mase, s.total.Smape, s.total.Coverage80, s.total.Coverage95)
            {
                MaseVsNaive = Ratio(s.total.Mase, naiveTotal.Mase),
                SmapeVsNaive = Ratio(s.total.Smape, naiveTotal.Smape),
                RelMae = s.total.RelMae,
                Owa = 0.5 * (Ratio(s.total.Mase, naiveTotal.Mase) + Ratio(s.total.Smape, naiveTotal.Smape)),
                MedianScaledError = s.total.MedianScaled,
                Msis = s.total.Msis,
                Pinball = s.total.Pinball,
                ByHorizon = horizons.Select((h, hi) => new HorizonScore(h, s.byHorizon[hi].Points, s.byHorizon[hi].Mase, s.byHorizon[hi].Smape,
                    s.byHorizon[hi].Coverage80, s.byHorizon[hi].Coverage95)
                {
                    MaseVsNaive = Ratio(s.byHorizon[hi].Mase, scores[naive].byHorizon[hi].Mase),
                    SmapeVsNaive = Ratio(s.byHorizon[hi].Smape, scores[naive].byHorizon[hi].Smape),
                    RelMae = s.byHorizon[hi].RelMae,
                    MasePoints = s.byHorizon[hi].Points,
                    RelMaeSeries = s.byHorizon[hi].RelMaeSeries,
                    Msis = s.byHorizon[hi].Msis,
                    Pinball = s.byHorizon[hi].Pinball,
                }).ToArray(),
            }).ToArray();

        // Production by length of history (figures up to the origin), and on the series cut to their last 2, 3, 4 figures.
        var byLength = new List<LengthScore>();
        foreach (var (from, to) in LengthBands)
        {
            var band = results.Where(r => r.Length >= from && r.Length <= to).ToList();
            if (band.Count == 0) continue;
            var label = to == int.MaxValue ? $"{from}+" : $"{from}–{to}";
            byLength.Add(LengthRow(label, false, band, horizons, r => r.ByMethod[production], r => r.ByMethod[naive]));
        }
        for (var l = 0; l < ShortLengths.Count; l++)
        {
            var li = l;
            byLength.Add(LengthRow($"cut to {ShortLengths[l]}", true, results, horizons, r => r.Cut[li], r => r.ByMethod[naive]));
        }

        return new BacktestReport(setup.Origin, horizons.ToArray(), results.Count, results.Sum(r => r.HorizonIndices.Length), methodScores)
        {
            Evaluation = evaluation,
            ByLength = byLength,
            Scales = new ScaleSummary(BacktestMetrics.ScaleFloorShare, BacktestMetrics.PeerScaleShare, BacktestMetrics.RelativeErrorCap,
                results.Count, results.Sum(r => r.HorizonIndices.Length), naiveTotal.RelMaeSeries,
                [.. results.Where(r => r.Treatment == ScaleTreatment.Resolution).Select(r => r.Id)],
                [.. results.Where(r => r.Treatment == ScaleTreatment.Peers).Select(r => r.Id)]),
        };
    }

    private static LengthScore LengthRow(string label, bool cut, List<SeriesScore> rows, IReadOnlyList<int> horizons,
        Func<SeriesScore, PathScore> method, Func<SeriesScore, PathScore> naive)
    {
        LengthCell Cell(int? horizon)
        {
            var a = Aggregate(rows, method, naive, null, horizon);
            return new LengthCell(horizon is { } h ? horizons[h] : null, a.Points, a.RelMae, a.Mase, Ratio(a.Mase, a.NaiveMase),
                a.Coverage80, a.Coverage95, a.Msis);
        }
        return new LengthScore(label, cut, rows.Count, Cell(null), [.. horizons.Select((_, hi) => Cell(hi))]);
    }

    private static double Ratio(double a, double b) => b > 0 ? a / b : double.NaN;

    private sealed record Aggregated(int Points, double Mase, double NaiveMase, double Smape, double Coverage80, double Coverage95,
        double RelMae, int RelMaeSeries, double MedianScaled, double Msis, double Pinball);

    /// <summary>
    /// One forecast's scores over every series (<paramref name="method"/> of each; <paramref name="m"/>, the method's
    /// index for sMAPE and pinball loss, when it is one of the model's methods), at one horizon index or (null) all of
    /// them. The relative MAE is the geometric mean over series of the series' MAE over naive's, weighted by the
    /// series' scored points: a series can move it by at most its share of points times log(cap), however large its errors.
    /// </summary>
    private static Aggregated Aggregate(List<SeriesScore> results, Func<SeriesScore, PathScore> method, Func<SeriesScore, PathScore> naive,
        int? m, int? horizon)
    {
        int points = 0, in80 = 0, in95 = 0, relSeries = 0;
        double ase = 0, naiveAse = 0, smape = 0, logRel = 0, relWeight = 0, msis = 0, pinball = 0;
        var scaled = new List<double>();
        foreach (var r in results)
        {
            var own = method(r);
            var benchmark = naive(r);
            double mae = 0, naiveMae = 0;
            var n = 0;
            for (var t = 0; t < r.HorizonIndices.Length; t++)
            {
                if (horizon is { } h && r.HorizonIndices[t] != h) continue;
                n++;
                mae += own.Errors[t];
                naiveMae += benchmark.Errors[t];
                msis += own.Msis[t];
                if (m is { } i)
                {
                    smape += r.Smapes[i][t];
                    pinball += r.Pinball[i][t];
                }
                if (own.In80[t]) in80++;
                if (own.In95[t]) in95++;
                var e = own.Errors[t] / r.Scale;
                ase += e;
                naiveAse += benchmark.Errors[t] / r.Scale;
                scaled.Add(e);
            }
            if (n == 0) continue;
            points += n;
            // Where naive was exact (a count that did not change) any other method's ratio is infinite: such series
            // say nothing about relative accuracy and are left out of relMAE, as Davydenko and Fildes advise.
            if (naiveMae / n <= BacktestMetrics.ExactError) continue;
            logRel += n * Math.Log(BacktestMetrics.RelativeError(mae / n, naiveMae / n));
            relWeight += n;
            relSeries++;
        }
        scaled.Sort();
        double Mean(double sum) => points > 0 ? sum / points : double.NaN;
        return new Aggregated(points, Mean(ase), Mean(naiveAse), Mean(smape), Mean(in80), Mean(in95),
            relWeight > 0 ? Math.Exp(logRel / relWeight) : double.NaN, relSeries,
            scaled.Count > 0 ? scaled[scaled.Count / 2] : double.NaN, Mean(msis), Mean(pinball));
    }
}
