using System.Diagnostics;
using Analytics.Catalog;
using Analytics.Domain;
using Analytics.Domain.Geography;
using Analytics.Domain.Quality;
using Analytics.Hosting;
using Analytics.Indicators;
using Analytics.Ml;
using Analytics.Quality;
using Microsoft.Extensions.Logging;
using Orleans.Concurrency;

namespace Analytics.Forecasting;

/// <summary>
/// Holds the trained <see cref="ForecastModel"/> in memory. Training reads every leaderboard (one call per
/// indicator, not per series), then runs through the <see cref="IForecastTrainer"/> (a child process by default) while
/// the grain keeps answering forecasts with the previous model. The model is not persisted: a new activation (after a restart or a silo failure) trains
/// afresh in seconds, and forecast calls wait for that first model. Figures a quality rule flags and no steward
/// confirmed are left out of training (<see cref="TrainingExclusions"/>), and the model's summary says how many; the
/// same figures are left out of each series' own forecast, which names them.
/// </summary>
[Reentrant]
public sealed class ForecastModelGrain(
    IForecastTrainer trainer, TrainedModels trained, ModelMetrics metrics, TimeProvider clock, IndicatorRelations relations,
    ILogger<ForecastModelGrain> log) : Grain, IForecastModelGrain
{
    /// <summary>Retrain this long after the last change, so a bulk load triggers one training, not hundreds.</summary>
    public static readonly TimeSpan Quiet = TimeSpan.FromSeconds(5);

    private TrainedModel? _model;
    private Task<ModelInfo>? _training;
    private DateTimeOffset? _dataChangedAt;
    private IGrainTimer? _debounce;
    private double? _trainingSeconds;
    private double? _forecastAllSeconds;
    private DateTimeOffset? _dataAsOf;
    private int _seriesUsed;
    private IReadOnlyList<LeftOutFigures>? _leftOut;
    private string? _lastError;

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _ = RetrainAsync();
        return Task.CompletedTask;
    }

    public Task<ModelInfo> GetInfoAsync() => Task.FromResult(Info());

    public Task NotifyDataChangedAsync()
    {
        _dataChangedAt = clock.GetUtcNow();
        metrics.DataChanged(_dataChangedAt.Value);
        _debounce?.Dispose();
        _debounce = this.RegisterGrainTimer(
            async () =>
            {
                // A training already running read its data before this change: let it finish, then train again.
                if (_training is { IsCompleted: false } running) await running;
                await RetrainAsync();
            },
            new GrainTimerCreationOptions(Quiet, Timeout.InfiniteTimeSpan) { Interleave = true });
        return Task.CompletedTask;
    }

    public Task<ModelInfo> RetrainAsync()
    {
        // One training at a time; a request during training gets that training's result.
        if (_training is { IsCompleted: false }) return _training;
        return _training = TrainAsync();
    }

    public async Task<ForecastResult> ForecastAsync(ForecastInput input)
    {
        var model = _model;
        if (model is null)
        {
            await RetrainAsync();
            model = _model ?? throw new ModelNotReadyException($"No forecasting model is trained yet: {_lastError ?? "training"}");
        }
        return ForecastResults.Forecast(model.Model, input, model.LeftOut);
    }

    private async Task<ModelInfo> TrainAsync()
    {
        try
        {
            var started = Stopwatch.GetTimestamp();
            var dataAsOf = clock.GetUtcNow();
            var (histories, leftOut) = await CollectHistoriesAsync();
            var model = await trainer.TrainAsync(histories);
            _trainingSeconds = Stopwatch.GetElapsedTime(started).TotalSeconds;

            // Forecast every series once before serving: proves the model answers for all of them, and measures it.
            var forecasting = Stopwatch.GetTimestamp();
            await Task.Factory.StartNew(() =>
            {
                BackgroundPriority.LowerCurrentThread();
                foreach (var h in histories) model.Forecast(h, Math.Max(Years.DefaultTarget, h.LastYear + 1));
            }, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
            _forecastAllSeconds = Stopwatch.GetElapsedTime(forecasting).TotalSeconds;
            _model = new TrainedModel(model, leftOut);
            trained.Publish(_model);
            _dataAsOf = dataAsOf;
            _seriesUsed = histories.Count;
            _leftOut = [.. leftOut.ByRule.Select(r => new LeftOutFigures(r.Rule.ToCode(), r.Figures))];
            _lastError = null;
            metrics.Trained(model.TrainedAt, _trainingSeconds.Value);
            // The phase split, so an operator sees where a slow retrain spends its time.
            var t = model.Training;
            log.LogInformation("Forecasting model {Version} trained on {Series} series in {Seconds:F1}s, forecast them all in {Forecast:F2}s; " +
                "learned from {TrainedSeries} of {EligibleSeries} series ({Rows} rows, {Cases} rolling-origin cases): group trends {GroupTrendSeconds:F1}s, " +
                "features {FeatureSeconds:F1}s, global models {GlobalModelSeconds:F1}s, calibration {CalibrationSeconds:F1}s, version {VersionSeconds:F1}s",
                model.Version, histories.Count, _trainingSeconds, _forecastAllSeconds,
                t.TrainedSeries, t.Series, t.GlobalTrainingRows, t.RollingOriginForecasts, t.GroupTrendSeconds,
                t.FeatureSeconds, t.GlobalModelSeconds, t.CalibrationSeconds, t.VersionSeconds);
            histories = null!;
            // Not awaited: the training's memory is handed back beside the requests, and the retrain's caller need not wait for it.
            _ = Task.Run(async () =>
            {
                var (before, after, took, paused) = await ManagedMemory.ReturnToSystemAsync();
                log.LogInformation("After training, working set {Before:N0} MB -> {After:N0} MB (background collection {Took:N0} ms, paused {Paused:N1} ms)",
                    before >> 20, after >> 20, took.TotalMilliseconds, paused.TotalMilliseconds);
            });
        }
        catch (NothingToTrainException ex)
        {
            _lastError = ex.Message;
            log.LogInformation("No forecasting model trained: {Reason}", ex.Message);
        }
        catch (Exception ex)
        {
            _lastError = Briefly(ex);
            log.LogError(ex, "Training the forecasting model failed; the previous model stays in use");
        }
        return Info(training: false);
    }

    private async Task<(List<SeriesHistory> Histories, TrainingExclusions LeftOut)> CollectHistoriesAsync()
    {
        var catalog = await GrainFactory.GetGrain<ICatalogGrain>(ICatalogGrain.Key).GetAsync();
        var perIndicator = await Task.WhenAll(catalog.Indicators.Select(async d =>
            (Definition: d, Summaries: await GrainFactory.GetGrain<IIndicatorGrain>(d.Code).GetSummariesAsync())));
        var marks = await GrainFactory.GetGrain<IQualityMarksGrain>(IQualityMarksGrain.Key).GetAsync(null);
        // Seconds of CPU over every figure: off the grain's thread, at a lower priority, like the training itself.
        var leftOut = await Task.Factory.StartNew(() =>
        {
            BackgroundPriority.LowerCurrentThread();
            return LeftOut(perIndicator, marks, new Gazetteer(catalog.Units));
        }, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
        var histories = new List<SeriesHistory>();
        foreach (var (definition, summaries) in perIndicator)
        {
            foreach (var summary in summaries)
            {
                // A year left out loses its actual and its estimate: the estimate must not stand in for the flagged actual.
                var kept = leftOut.Figures.Count == 0 ? summary.Values
                    : summary.Values.Where(v => !leftOut.Figures.Contains(new FigureRef(summary.Province, definition.Code, v.Year)));
                var (years, values) = SeriesForecaster.Observed(kept);
                if (years.Count >= trainer.MinimumPoints)
                    histories.Add(SeriesForecaster.History($"{summary.Province}/{definition.Code}", definition.Code, years, values,
                        definition.Min, definition.Max, definition.Direction));
            }
        }
        return (histories, leftOut);
    }

    /// <summary>
    /// The flagged figures no steward confirmed: the rules run over every indicator's yearly figures (the actual, else
    /// the estimate) as <c>GET /api/quality</c> runs them, and a confirmation holds while the figure is the one confirmed.
    /// </summary>
    private TrainingExclusions LeftOut(IReadOnlyList<(IndicatorDefinition Definition, IReadOnlyList<SeriesSummary> Summaries)> perIndicator,
        IReadOnlyList<QualityMark> marks, Gazetteer gazetteer)
    {
        var figures = new List<QualityFigure>();
        var checkedKind = new Dictionary<FigureRef, (ObservationKind Kind, double Value)>();
        foreach (var (definition, summaries) in perIndicator)
            foreach (var s in summaries)
                foreach (var year in s.Values.Where(v => v.Kind is ObservationKind.Actual or ObservationKind.Estimate && double.IsFinite(v.Value)).GroupBy(v => v.Year))
                {
                    var v = year.OrderBy(v => v.Kind == ObservationKind.Actual ? 0 : 1).First();
                    figures.Add(new QualityFigure(s.Province, definition.Code, v.Year, v.Value));
                    checkedKind[new FigureRef(s.Province, definition.Code, v.Year)] = (v.Kind, v.Value);
                }
        var confirmed = marks.Where(m => m.State == QualityState.Confirmed).ToDictionary(m => m.Figure);
        return TrainingExclusions.Of(new QualityCheck(relations, gazetteer).Run(figures),
            f => confirmed.TryGetValue(f, out var m) && checkedKind.TryGetValue(f, out var now) && now.Kind == m.Kind && now.Value.Equals(m.Value));
    }

    private ModelInfo Info(bool? training = null) =>
        new(_model?.Model.Version, _model?.Model.TrainedAt, _trainingSeconds, _seriesUsed, training ?? _training is { IsCompleted: false }, _dataChangedAt, _lastError,
            _forecastAllSeconds, _dataAsOf, Rules, Skill, _leftOut, _model?.LeftOut.Stamp);

    /// <summary>
    /// What failed, for GET /api/models/current: the root cause's first line, short. The full exception goes to the
    /// log; answers carry no stack frames (storage exceptions quote their inner exception, frames and all, in Message).
    /// </summary>
    public static string Briefly(Exception ex)
    {
        var root = ex.GetBaseException();
        var line = root.Message.Split('\n', 2)[0].Trim();
        var text = root == ex ? line : $"{ex.Message.Split('\n', 2)[0].Trim()} ({line})";
        return text.Length <= 300 ? text : text[..297] + "...";
    }

    private static readonly PublishedSkill? Skill =
        PublishedBacktest.Honest is { } r && PublishedBacktest.Production is { } p && PublishedBacktest.MaseVsNaive is { } mase
            ? new PublishedSkill(r.Origin, r.Horizons.Min(), r.Horizons.Max(), r.Series, r.Points, mase, p.Coverage80, p.Coverage95,
                double.IsNaN(p.RelMae) ? null : p.RelMae, r.Evaluation == "leave-tables-out")
            : null;

    private static readonly AttainmentRules Rules = new(AttainmentAssessor.OnTrackProbability, AttainmentAssessor.AtRiskProbability,
        AttainmentAssessor.RegressionTolerance, AttainmentAssessor.PaceWindowYears);
}
