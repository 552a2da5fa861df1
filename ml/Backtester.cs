using System.Diagnostics;

namespace Analytics.Ml;

/// <summary>
/// Evaluation by forecast origin: every method is fitted on the years up to the origin (the whole
/// model, global model, weights and calibrations included, is trained as of the origin) and scored
/// on the actual values of the following years. Nothing after the origin reaches training.
/// </summary>
public static class Backtester
{
    /// <summary>
    /// Back-tests every series with at least <see cref="ForecastTrainingOptions.MinimumPoints"/> observations up to
    /// <paramref name="origin"/>, scoring the years origin + <paramref name="horizons"/> that have actual values.
    /// MASE uses each series' scale as <see cref="BacktestMetrics.Scale"/> treats it (floored, or the series left out
    /// of MASE when degenerate); sMAPE, coverage and the relative MAE score every series.
    /// </summary>
    public static BacktestReport Run(IEnumerable<SeriesHistory> series, int origin, IReadOnlyList<int> horizons,
        ForecastTrainingOptions? options = null)
    {
        if (horizons.Count == 0 || horizons.Any(h => h < 1)) throw new ArgumentException("Horizons must be positive years.");
        var trainer = new ForecastModelTrainer(options);
        var all = series.ToList();
        var eligible = all.Where(s => s.Through(origin).Count >= trainer.Options.MinimumPoints).ToList();

        var clock = Stopwatch.StartNew();
        var model = trainer.Train(eligible, origin);
        var trainSeconds = clock.Elapsed.TotalSeconds;

        var methods = model.Methods.Select(m => m.Name).ToArray();
        var naive = Array.IndexOf(methods, "naive");
        if (naive < 0) throw new InvalidOperationException("The model has no naive method to compare with.");
        var scored = new SeriesScore?[eligible.Count];
        clock.Restart();
        Parallel.For(0, eligible.Count, i => scored[i] = Score(eligible[i], origin, horizons, model, methods));
        var forecastSeconds = clock.Elapsed.TotalSeconds;

        // Aggregated in input order, not completion order, so the same data gives the same figures to the last digit.
        var results = scored.OfType<SeriesScore>().ToList();
        var withScale = results.Where(r => r.Treatment != ScaleTreatment.Excluded).ToList();
        var scores = methods.Select((name, m) =>
        {
            var byHorizon = horizons.Select((h, hi) => Aggregate(results, m, naive, hi)).ToArray();
            var total = Aggregate(results, m, naive, null);
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
                ByHorizon = horizons.Select((h, hi) => new HorizonScore(h, s.byHorizon[hi].Points, s.byHorizon[hi].Mase, s.byHorizon[hi].Smape,
                    s.byHorizon[hi].Coverage80, s.byHorizon[hi].Coverage95)
                {
                    MaseVsNaive = Ratio(s.byHorizon[hi].Mase, scores[naive].byHorizon[hi].Mase),
                    SmapeVsNaive = Ratio(s.byHorizon[hi].Smape, scores[naive].byHorizon[hi].Smape),
                    RelMae = s.byHorizon[hi].RelMae,
                    MasePoints = s.byHorizon[hi].MasePoints,
                    RelMaeSeries = s.byHorizon[hi].RelMaeSeries,
                }).ToArray(),
            }).ToArray();

        return new BacktestReport(origin, horizons.ToArray(), results.Count, results.Sum(r => r.HorizonIndices.Length), methodScores)
        {
            ModelVersion = model.Version,
            TrainSeconds = Math.Round(trainSeconds, 2),
            ForecastSeconds = Math.Round(forecastSeconds, 2),
            ProductionWeights = model.Blend.NonZeroWeights,
            Scales = new ScaleSummary(
                BacktestMetrics.DegenerateScaleShare, BacktestMetrics.ScaleFloorShare, BacktestMetrics.RelativeErrorCap,
                withScale.Count, withScale.Sum(r => r.HorizonIndices.Length), naiveTotal.RelMaeSeries,
                [.. results.Where(r => r.Treatment == ScaleTreatment.Excluded).Select(r => r.Id)],
                [.. results.Where(r => r.Treatment == ScaleTreatment.Floored).Select(r => r.Id)]),
        };
    }

    private static double Ratio(double a, double b) => b > 0 ? a / b : double.NaN;

    /// <summary>One series' errors: [method][target] absolute errors and the scores the aggregates need.</summary>
    private sealed record SeriesScore(string Id, double Scale, ScaleTreatment Treatment, int[] HorizonIndices,
        double[][] AbsoluteErrors, double[][] Smapes, bool[][] In80, bool[][] In95);

    private static SeriesScore? Score(SeriesHistory s, int origin, IReadOnlyList<int> horizons, ForecastModel model, string[] methods)
    {
        var past = s.Through(origin);
        var targets = horizons.Select((h, hi) => (Index: hi, Year: origin + h, Actual: s.ValueAt(origin + h))).Where(t => t.Actual is not null).ToList();
        if (targets.Count == 0) return null;
        var (scale, treatment) = BacktestMetrics.Scale(past);
        var abs = new double[methods.Length][];
        var smape = new double[methods.Length][];
        var in80 = new bool[methods.Length][];
        var in95 = new bool[methods.Length][];
        for (var m = 0; m < methods.Length; m++)
        {
            var path = model.ForecastPath(past, origin + horizons.Max(), methods[m]);
            abs[m] = new double[targets.Count];
            smape[m] = new double[targets.Count];
            in80[m] = new bool[targets.Count];
            in95[m] = new bool[targets.Count];
            for (var t = 0; t < targets.Count; t++)
            {
                var f = path[targets[t].Year - past.LastYear - 1];
                var actual = targets[t].Actual!.Value;
                abs[m][t] = Math.Abs(actual - f.Point);
                smape[m][t] = BacktestMetrics.Smape(actual, f.Point);
                in80[m][t] = actual >= f.Lo80 && actual <= f.Hi80;
                in95[m][t] = actual >= f.Lo95 && actual <= f.Hi95;
            }
        }
        return new SeriesScore(s.Id, scale, treatment, [.. targets.Select(t => t.Index)], abs, smape, in80, in95);
    }

    private sealed record Aggregated(int Points, int MasePoints, double Mase, double Smape, double Coverage80, double Coverage95,
        double RelMae, int RelMaeSeries, double MedianScaled);

    /// <summary>
    /// One method's scores over every series, at one horizon index or (null) all of them. The relative MAE is the
    /// geometric mean over series of the series' MAE over naive's, weighted by the series' scored points: a series can
    /// move it by at most its share of points times log(cap), however large its errors.
    /// </summary>
    private static Aggregated Aggregate(List<SeriesScore> results, int m, int naive, int? horizon)
    {
        int points = 0, masePoints = 0, in80 = 0, in95 = 0, relSeries = 0;
        double ase = 0, smape = 0, logRel = 0, relWeight = 0;
        var scaled = new List<double>();
        foreach (var r in results)
        {
            double mae = 0, naiveMae = 0;
            var n = 0;
            for (var t = 0; t < r.HorizonIndices.Length; t++)
            {
                if (horizon is { } h && r.HorizonIndices[t] != h) continue;
                n++;
                mae += r.AbsoluteErrors[m][t];
                naiveMae += r.AbsoluteErrors[naive][t];
                smape += r.Smapes[m][t];
                if (r.In80[m][t]) in80++;
                if (r.In95[m][t]) in95++;
                if (r.Treatment != ScaleTreatment.Excluded)
                {
                    var e = r.AbsoluteErrors[m][t] / r.Scale;
                    ase += e;
                    scaled.Add(e);
                    masePoints++;
                }
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
        return new Aggregated(points, masePoints,
            masePoints > 0 ? ase / masePoints : double.NaN,
            points > 0 ? smape / points : double.NaN,
            points > 0 ? (double)in80 / points : double.NaN,
            points > 0 ? (double)in95 / points : double.NaN,
            relWeight > 0 ? Math.Exp(logRel / relWeight) : double.NaN,
            relSeries,
            scaled.Count > 0 ? scaled[scaled.Count / 2] : double.NaN);
    }
}
