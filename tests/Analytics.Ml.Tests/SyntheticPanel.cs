namespace Analytics.Ml.Tests;

/// <summary>Series whose behaviour is known: lines, saturating rates, constants, noisy random walks.</summary>
internal static class SyntheticPanel
{
    public static SeriesHistory Line(string id, int firstYear, int years, double start, double slope, double? min = null, double? max = null) =>
        new(id, Enumerable.Range(firstYear, years).ToArray(), Enumerable.Range(0, years).Select(i => start + slope * i).ToArray(), min, max);

    public static SeriesHistory Constant(string id, int firstYear, int years, double value) =>
        new(id, Enumerable.Range(firstYear, years).ToArray(), Enumerable.Repeat(value, years).ToArray(), 0, null);

    /// <summary>A rate climbing towards 100 along a logistic curve (share of range p = 1/(1+e^(−k(t−mid)))).</summary>
    public static SeriesHistory SaturatingRate(string id, int firstYear, int years, double k = 0.6, double mid = 0)
    {
        var values = Enumerable.Range(0, years).Select(i => 100 / (1 + Math.Exp(-k * (i - mid)))).ToArray();
        return new SeriesHistory(id, Enumerable.Range(firstYear, years).ToArray(), values, 0, 100);
    }

    /// <summary>
    /// A panel of noisy trending series: level + drift·t + Gaussian noise, with a per-series drift and
    /// noise level, in a few "indicators" (groups) so the global model has peers to compare with.
    /// </summary>
    public static List<SeriesHistory> NoisyTrends(int count, int firstYear, int years, int seed)
    {
        var random = new Random(seed);
        var list = new List<SeriesHistory>();
        for (var s = 0; s < count; s++)
        {
            var level = 50 + 100 * random.NextDouble();
            var drift = 3 * (random.NextDouble() - 0.3);
            var noise = 0.5 + 3 * random.NextDouble();
            var walk = 0.0;
            var values = new double[years];
            for (var t = 0; t < years; t++)
            {
                walk += 0.5 * noise * Gaussian(random);
                values[t] = Math.Max(0, level + drift * t + walk + noise * Gaussian(random));
            }
            list.Add(new SeriesHistory($"s{s}", Enumerable.Range(firstYear, years).ToArray(), values, 0, null, true, $"indicator-{s % 4}"));
        }
        return list;
    }

    public static double Gaussian(Random random)
    {
        var u1 = 1 - random.NextDouble();
        var u2 = random.NextDouble();
        return Math.Sqrt(-2 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2);
    }
}

/// <summary>One model trained once for every test that needs one.</summary>
public sealed class TrainedPanelFixture
{
    /// <summary>A lighter global model than the product's: the specifications here are about behaviour, not the last percent of accuracy.</summary>
    internal static readonly ForecastTrainingOptions Options = new()
    {
        GlobalModel = new GlobalModelOptions { Trees = 40, LearningRate = 0.3 },
        GlobalRefitYears = 8, // one rolling-origin copy of the global model instead of two
    };

    public TrainedPanelFixture()
    {
        Panel = SyntheticPanel.NoisyTrends(240, 2000, 17, seed: 7);
        Model = new ForecastModelTrainer(Options, new FixedClock()).Train(Panel);
    }

    internal List<SeriesHistory> Panel { get; }
    public ForecastModel Model { get; }

    private sealed class FixedClock : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => new(2024, 1, 1, 0, 0, 0, TimeSpan.Zero);
    }
}

[CollectionDefinition(Name)]
public sealed class TrainedPanelCollection : ICollectionFixture<TrainedPanelFixture>
{
    public const string Name = "trained panel";
}
