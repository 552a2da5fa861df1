namespace Analytics.Ml;

/// <summary>How <see cref="ForecastModelTrainer"/> trains; the defaults are what docs/forecasting.md measured.</summary>
public sealed record ForecastTrainingOptions
{
    public GlobalModelOptions GlobalModel { get; init; } = new();

    /// <summary>
    /// The default training cutoff is the latest year that more than this share of the series (or <see cref="CutoffSeriesCount"/> of them) reach (and never a year
    /// after the current one), so one far-future figure cannot drag the whole model's cutoff with it.
    /// </summary>
    public double CutoffSeriesShare { get; init; } = 0.2;

    /// <summary>... or that at least this many series reach, whichever is fewer series.</summary>
    public int CutoffSeriesCount { get; init; } = 50;

    /// <summary>
    /// Above this many series, the global model's rows and the rolling-origin cases come from a sample of this many
    /// (0: no cap). Everything else (group trends, the version, forecasts) still sees every series.
    /// </summary>
    public int MaxTrainingSeries { get; init; } = 15_000;

    /// <summary>Series with fewer observations than this are left out of training and calibration.</summary>
    public int MinimumPoints { get; init; } = 4;

    /// <summary>Rolling origins for weights and intervals: from the cutoff minus this many years to the cutoff minus one.</summary>
    public int CalibrationYears { get; init; } = 8;

    /// <summary>
    /// In the rolling-origin back-test the global model is retrained every this many years, each copy
    /// blind to the years after its own cutoff, so its errors there are honestly out of sample.
    /// </summary>
    public int GlobalRefitYears { get; init; } = 4;

    /// <summary>Largest step (years after the last observation) with its own calibration; later steps stretch the last.</summary>
    public int MaxCalibratedStep { get; init; } = 10;

    /// <summary>Production weights are fitted on back-test errors up to this many steps ahead.</summary>
    public int BlendFitSteps { get; init; } = 3;

    /// <summary>
    /// The production combiner (weighted, median, trimmed mean) is chosen on the cases forecast from the last this many
    /// rolling origins, with weights fitted on the cases scored before them.
    /// </summary>
    public int BlendValidationOrigins { get; init; } = 3;

    /// <summary>How many methods of least back-test error the best-of combiners (mean, median, median with naive) combine.</summary>
    public int BlendBestMethods { get; init; } = 3;

    /// <summary>
    /// The weighted mean is a candidate combiner; false: only the equal-weight ones (median, trimmed mean, best-of). On
    /// tables the model never saw it won one fold's choice and lost there (0.871 → 0.869 × naive without it, the eighth
    /// round in docs/forecasting.md).
    /// </summary>
    public bool BlendWeightedCandidate { get; init; } = false;

    /// <summary>Let each length band (4–6, 7–9, 10–14, 15+ figures) keep a combination of its own where the cross-validation favours it.</summary>
    public bool BlendByLength { get; init; } = true;

    /// <summary>Rounds of greedy selection: weights come in multiples of 1/BlendRounds.</summary>
    public int BlendRounds { get; init; } = 20;

    /// <summary>How far the fitted weights are pulled towards the back-test's best single method (0..1).</summary>
    public double BlendShrinkToBest { get; init; } = 0.5;

    /// <summary>
    /// How far interval widths follow the last five years' volatility rather than the whole history's
    /// (0..1, geometric mix). 1: a series that has calmed down gets narrower intervals.
    /// </summary>
    public double RecentVolatilityWeight { get; init; } = 1;

    /// <summary>
    /// Widen production's intervals per length band (4–6, 7–9, 10–14, 15+ figures) where the band's own errors were
    /// wider than all lengths' together (see <see cref="IntervalCalibration.WithLengthBands"/>).
    /// </summary>
    public bool CalibrateByLength { get; init; } = true;

    /// <summary>Rescale long-step errors, which only old origins can score, to the recent level of one-step errors.</summary>
    public bool AnchorLongSteps { get; init; } = true;

    /// <summary>
    /// The nearest-neighbour method (<see cref="AnalogModel"/>, <c>analog</c>) as a further member production may combine;
    /// null: not trained. On tables the model never saw, production 0.879 → 0.871 × naive (the seventh round in
    /// docs/forecasting.md).
    /// </summary>
    public AnalogOptions? Analog { get; init; } = new();
}
