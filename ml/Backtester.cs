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
    /// Series whose scale (mean absolute yearly change up to the origin) is zero are skipped: no scaled error exists.
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
        var scores = methods.Select(_ => horizons.Select(_ => new Accumulator()).ToArray()).ToArray();
        var seriesCount = 0;
        var points = 0;
        var gate = new object();
        clock.Restart();
        Parallel.ForEach(eligible, s =>
        {
            var past = s.Through(origin);
            var scale = ForecastScale.Of(past);
            if (scale <= 0) return;
            var targets = horizons.Select(h => (Horizon: h, Year: origin + h, Actual: s.ValueAt(origin + h))).Where(t => t.Actual is not null).ToList();
            if (targets.Count == 0) return;
            var local = methods.Select(_ => horizons.Select(_ => new Accumulator()).ToArray()).ToArray();
            for (var m = 0; m < methods.Length; m++)
            {
                var path = model.ForecastPath(past, origin + horizons.Max(), methods[m]);
                foreach (var (h, year, actual) in targets)
                {
                    var f = path[year - past.LastYear - 1];
                    local[m][horizons.IndexOf(h)].Add(actual!.Value, f, scale);
                }
            }
            lock (gate)
            {
                seriesCount++;
                points += targets.Count;
                for (var m = 0; m < methods.Length; m++)
                for (var h = 0; h < horizons.Count; h++) scores[m][h].Merge(local[m][h]);
            }
        });
        var forecastSeconds = clock.Elapsed.TotalSeconds;

        var results = methods.Select((name, m) =>
        {
            var total = new Accumulator();
            foreach (var a in scores[m]) total.Merge(a);
            return new MethodScore(name, name == ForecastModel.ProductionMethodName, total.Mase, total.Smape, total.Coverage80, total.Coverage95)
            {
                ByHorizon = horizons.Select((h, i) => new HorizonScore(h, scores[m][i].Count, scores[m][i].Mase, scores[m][i].Smape,
                    scores[m][i].Coverage80, scores[m][i].Coverage95)).ToArray(),
            };
        }).ToArray();

        return new BacktestReport(origin, horizons.ToArray(), seriesCount, points, results)
        {
            ModelVersion = model.Version,
            TrainSeconds = Math.Round(trainSeconds, 2),
            ForecastSeconds = Math.Round(forecastSeconds, 2),
            ProductionWeights = model.Blend.NonZeroWeights,
        };
    }

    private static int IndexOf(this IReadOnlyList<int> list, int value)
    {
        for (var i = 0; i < list.Count; i++) if (list[i] == value) return i;
        return -1;
    }

    private sealed class Accumulator
    {
        public int Count;
        private double _ase, _smape;
        private int _in80, _in95;

        public void Add(double actual, SeriesForecast f, double scale)
        {
            Count++;
            _ase += BacktestMetrics.ScaledError(actual, f.Point, scale);
            _smape += BacktestMetrics.Smape(actual, f.Point);
            if (actual >= f.Lo80 && actual <= f.Hi80) _in80++;
            if (actual >= f.Lo95 && actual <= f.Hi95) _in95++;
        }

        public void Merge(Accumulator other)
        {
            Count += other.Count;
            _ase += other._ase;
            _smape += other._smape;
            _in80 += other._in80;
            _in95 += other._in95;
        }

        public double Mase => Count > 0 ? _ase / Count : double.NaN;
        public double Smape => Count > 0 ? _smape / Count : double.NaN;
        public double Coverage80 => Count > 0 ? (double)_in80 / Count : double.NaN;
        public double Coverage95 => Count > 0 ? (double)_in95 / Count : double.NaN;
    }
}
