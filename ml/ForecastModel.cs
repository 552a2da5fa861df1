namespace Analytics.Ml;

/// <summary>
/// A trained forecaster: the statistical methods, the global ML.NET model, the production blend
/// and the interval calibrations, frozen at training time. Immutable and safe for concurrent callers;
/// one forecast costs tens of microseconds. Build one with <see cref="ForecastModelTrainer"/>.
/// </summary>
public sealed class ForecastModel
{
    public const string ProductionMethodName = "production";
    public const string GlobalMethodName = "mlnet-global";

    private readonly GlobalGrowthModel _global;
    private readonly GroupTrends _groups;
    private readonly PeerPool _peers;
    private readonly int _minimumPoints;
    private readonly double _recentWeight;
    private readonly Dictionary<string, IForecastMethod> _methods;
    private readonly AnalogModel? _analog;

    internal AnalogModel? Analog => _analog;

    // The parts the file form (ForecastModelFile) writes and reads back.
    internal GlobalGrowthModel Global => _global;
    internal GroupTrends Groups => _groups;
    internal PeerPool Peers => _peers;
    internal int MinimumPoints => _minimumPoints;
    internal double RecentWeight => _recentWeight;

    internal ForecastModel(string version, DateTimeOffset trainedAt, int dataThroughYear, TrainingSummary training,
        GlobalGrowthModel global, GroupTrends groups, ProductionBlend blend, IntervalCalibration calibration, double recentWeight,
        ShortSeriesModel shortSeries, PeerPool peers, int minimumPoints, TrackRecord? trackRecord = null, AnalogModel? analog = null)
    {
        _analog = analog;
        TrackRecord = trackRecord ?? TrackRecord.Empty;
        _recentWeight = recentWeight;
        _groups = groups;
        _peers = peers;
        _minimumPoints = minimumPoints;
        ShortSeries = shortSeries;
        Version = version;
        TrainedAt = trainedAt;
        DataThroughYear = dataThroughYear;
        Training = training;
        _global = global;
        Blend = blend;
        Calibration = calibration;
        var all = new List<IForecastMethod>(StatisticalMethods.All)
        {
            new GlobalModelMethod(this),
            new ModelMethod(this, ShortSeriesModel.MethodName),
        };
        if (analog is not null) all.Add(new ModelMethod(this, AnalogModel.MethodName));
        all.Add(new ProductionMethod(this));
        Methods = all;
        _methods = all.ToDictionary(m => m.Name);
    }

    /// <summary>Identifies the training data and settings; equal inputs give an equal version.</summary>
    public string Version { get; }

    public DateTimeOffset TrainedAt { get; }

    /// <summary>The latest year the model was trained on.</summary>
    public int DataThroughYear { get; }

    /// <summary>What training saw and how long its phases took.</summary>
    public TrainingSummary Training { get; }

    /// <summary>All methods, statistical first, then <c>mlnet-global</c>, <c>peer-pooled</c> and <c>production</c>.</summary>
    public IReadOnlyList<IForecastMethod> Methods { get; }

    public ProductionBlend Blend { get; }

    public IntervalCalibration Calibration { get; }

    /// <summary>
    /// Production's rolling-origin back-test inside the training years by length of history and step ahead: what to say
    /// about how good a forecast of "a series like this one" is (<see cref="TrackRecord.For"/>).
    /// </summary>
    public TrackRecord TrackRecord { get; }

    /// <summary>What production serves for a series with fewer figures than the main methods need (two or three).</summary>
    public ShortSeriesModel ShortSeries { get; }

    /// <summary>Whether <c>production</c> forecasts <paramref name="history"/> with <see cref="ShortSeries"/> (peer-pooled).</summary>
    public bool IsShort(SeriesHistory history) => history.Count < _minimumPoints && ShortSeriesModel.Serves(history);

    /// <summary>
    /// The same fitted model (methods, weights, calibrations) reading its peers, the indicators' cross-province trends,
    /// from <paramref name="series"/> up to the training cutoff. The back-test uses it to forecast tables the model was
    /// not fitted on: their peers are data at the origin, not something fitted.
    /// </summary>
    public ForecastModel WithPeerData(IEnumerable<SeriesHistory> series)
    {
        var all = series.ToList();
        var histories = all.Select(s => s.Through(DataThroughYear)).Where(s => s.Count >= _minimumPoints).ToList();
        return new ForecastModel(Version, TrainedAt, DataThroughYear, Training, _global, GroupTrends.Build(histories, DataThroughYear),
            Blend, Calibration, _recentWeight, ShortSeries, PeerPool.Build(all, DataThroughYear), _minimumPoints, TrackRecord,
            _analog is null ? null : AnalogModel.Build(all, DataThroughYear, _analog.Options));
    }
    public IForecastMethod Method(string name) =>
        _methods.TryGetValue(name, out var m) ? m : throw new KeyNotFoundException($"Unknown forecasting method '{name}'.");

    /// <summary>Forecast of <paramref name="history"/> for <paramref name="targetYear"/> (after its last year) with intervals.</summary>
    public SeriesForecast Forecast(SeriesHistory history, int targetYear, string method = ProductionMethodName) =>
        ForecastPath(history, targetYear, method, onlyLast: true)[0];

    /// <summary>Forecasts for every year from the one after the last observation through <paramref name="throughYear"/>.</summary>
    public IReadOnlyList<SeriesForecast> ForecastPath(SeriesHistory history, int throughYear, string method = ProductionMethodName) =>
        ForecastPath(history, throughYear, method, onlyLast: false);

    private SeriesForecast[] ForecastPath(SeriesHistory history, int throughYear, string method, bool onlyLast)
    {
        ArgumentNullException.ThrowIfNull(history);
        if (history.Count < 2) throw new ArgumentException($"Series {history.Id} needs at least two observations to forecast.");
        var maxStep = throughYear - history.LastYear;
        if (maxStep < 1) throw new ArgumentException($"Series {history.Id}: {throughYear} is not after the last observed year {history.LastYear}.");
        if (method is ProductionMethodName or ShortSeriesModel.MethodName && IsShort(history)) return ShortPath(history, maxStep, onlyLast);
        var prepared = new PreparedSeries(history, maxStep, _groups.For(history));
        var path = PathOf(method, prepared);
        var scale = prepared.Series.Scale;
        var unit = prepared.Series.IntervalUnit(_recentWeight);
        var first = onlyLast ? maxStep : 1;
        var result = new SeriesForecast[maxStep - first + 1];
        for (var step = first; step <= maxStep; step++)
        {
            var point = path[step - 1];
            var errors = Calibration.For(method, step, prepared.Series.History.Count);
            double At(double level) => history.Clamp(point + unit * errors.Quantile(level));
            var quantiles = new double[SeriesForecast.QuantileLevels.Count];
            for (var i = 0; i < quantiles.Length; i++) quantiles[i] = At(SeriesForecast.QuantileLevels[i]);
            result[step - first] = new SeriesForecast(history.Id, method, Version, history.LastYear, history.LastValue,
                history.LastYear + step, point, At(0.10), At(0.90), At(0.025), At(0.975), scale, quantiles);
        }
        return result;
    }

    private SeriesForecast[] ShortPath(SeriesHistory history, int maxStep, bool onlyLast)
    {
        var peers = _peers.At(history.Group, history.LastYear);
        var unit = ShortSeriesModel.Unit(history, peers);
        var first = onlyLast ? maxStep : 1;
        var result = new SeriesForecast[maxStep - first + 1];
        for (var step = first; step <= maxStep; step++)
        {
            var point = ShortSeries.Point(history, peers, step);
            var errors = ShortSeries.ErrorsFor(history.Count, step);
            double At(double level) => history.Clamp(point + unit * errors.Quantile(level));
            var quantiles = new double[SeriesForecast.QuantileLevels.Count];
            for (var i = 0; i < quantiles.Length; i++) quantiles[i] = At(SeriesForecast.QuantileLevels[i]);
            result[step - first] = new SeriesForecast(history.Id, ShortSeriesModel.MethodName, Version, history.LastYear, history.LastValue,
                history.LastYear + step, point, At(0.10), At(0.90), At(0.025), At(0.975), unit, quantiles);
        }
        return result;
    }

    /// <summary>
    /// Attainment of <paramref name="target"/> by <paramref name="history"/>, judged on this model's forecast
    /// with <paramref name="method"/> (see <see cref="AttainmentAssessor"/> for the thresholds).
    /// </summary>
    public Attainment Assess(SeriesHistory history, AttainmentTarget target, string method = ProductionMethodName)
    {
        ArgumentNullException.ThrowIfNull(target);
        var forecast = target.Year > history.LastYear && history.Count >= 2 ? Forecast(history, target.Year, method) : null;
        if (forecast is null && target.Year > history.LastYear)
            throw new ArgumentException($"Series {history.Id} needs at least two observations to assess a future target.");
        return AttainmentAssessor.Assess(history, target, forecast);
    }

    internal double[] PathOf(string method, PreparedSeries prepared)
    {
        switch (method)
        {
            case GlobalMethodName:
                return _global.Path(prepared);
            case ShortSeriesModel.MethodName:
                return PeerPath(prepared);
            case AnalogModel.MethodName when _analog is not null:
                return _analog.Path(prepared.Series, prepared.MaxStep);
            case ProductionMethodName:
            {
                var global = _global.Path(prepared);
                var peer = PeerPath(prepared);
                var analog = _analog?.Path(prepared.Series, prepared.MaxStep);
                var path = new double[prepared.MaxStep];
                var g = StatisticalMethods.All.Length;
                Span<double> forecasts = stackalloc double[g + 2 + (analog is null ? 0 : 1)];
                for (var step = 1; step <= prepared.MaxStep; step++)
                {
                    for (var m = 0; m < StatisticalMethods.All.Length; m++) forecasts[m] = prepared.StatisticalPath(m)[step - 1];
                    forecasts[g] = global[step - 1];
                    forecasts[g + 1] = peer[step - 1];
                    if (analog is not null) forecasts[g + 2] = analog[step - 1];
                    path[step - 1] = prepared.Series.Clamp(Blend.Combine(forecasts, prepared.Series.History.Count));
                }
                return path;
            }
            default:
                for (var m = 0; m < StatisticalMethods.All.Length; m++)
                    if (StatisticalMethods.All[m].Name == method) return prepared.StatisticalPath(m);
                throw new KeyNotFoundException($"Unknown forecasting method '{method}'.");
        }
    }

    private double[] PeerPath(PreparedSeries prepared)
    {
        var history = prepared.Series.History;
        return ShortSeries.Path(history, _peers.At(history.Group, history.LastYear), prepared.MaxStep);
    }

    private sealed class ModelMethod(ForecastModel model, string name) : IForecastMethod
    {
        public string Name => name;
        public PointForecast Predict(SeriesHistory history, IReadOnlyList<int> years) => model.PointsOf(Name, history, years);
    }

    private sealed class GlobalModelMethod(ForecastModel model) : IForecastMethod
    {
        public string Name => GlobalMethodName;
        public PointForecast Predict(SeriesHistory history, IReadOnlyList<int> years) => model.PointsOf(Name, history, years);
    }

    private sealed class ProductionMethod(ForecastModel model) : IForecastMethod
    {
        public string Name => ProductionMethodName;
        public PointForecast Predict(SeriesHistory history, IReadOnlyList<int> years) => model.PointsOf(Name, history, years);
    }

    private PointForecast PointsOf(string method, SeriesHistory history, IReadOnlyList<int> years)
    {
        var prepared = new PreparedSeries(history, PreparedSeries.StepsTo(history, years), _groups.For(history));
        var path = PathOf(method, prepared);
        return new PointForecast(method, years, years.Select(y => path[y - history.LastYear - 1]).ToArray());
    }
}

/// <summary>
/// Size and timing of one training run: how many series there were and how many the global model and the
/// rolling-origin cases were drawn from (fewer above <see cref="ForecastTrainingOptions.MaxTrainingSeries"/>),
/// and the seconds of each phase in the order they run.
/// </summary>
public sealed record TrainingSummary(
    int Series,
    int TrainedSeries,
    int GlobalTrainingRows,
    int RollingOriginModels,
    int RollingOriginForecasts,
    double GroupTrendSeconds,
    double FeatureSeconds,
    double GlobalModelSeconds,
    double CalibrationSeconds,
    double VersionSeconds)
{
    public double TotalSeconds => Math.Round(GroupTrendSeconds + FeatureSeconds + GlobalModelSeconds + CalibrationSeconds + VersionSeconds, 2);
}
