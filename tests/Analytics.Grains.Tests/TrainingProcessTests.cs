using System.Net;
using System.Net.Http.Json;
using Analytics.Contracts;
using Analytics.Forecasting;
using Analytics.Ml;
using Analytics.Silo;
using Analytics.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;

namespace Analytics.Grains.Tests;

/// <summary>
/// The product as run.sh starts it, on the bundled seed data, training its model in a child process (its own
/// executable's <c>train</c> verb): the model it serves is the one the silo would have trained itself, and a child that
/// fails or outlasts its time leaves the previous model in use and says why.
/// </summary>
public sealed class TrainingProcessTests : IAsyncLifetime
{
    private readonly TempDirectory _dir = new();
    private readonly WatchedTrainer _trainer;
    private readonly EmbeddedCluster _cluster;

    public TrainingProcessTests()
    {
        _trainer = new WatchedTrainer(ProcessTrainer(typeof(SiloHost).Assembly.Location, TimeSpan.FromMinutes(5)));
        _cluster = new EmbeddedCluster(_dir.Path, "seeds", configureSilo: b => b.Services.AddSingleton<IForecastTrainer>(_trainer));
    }

    private string TempDirectory => Path.Combine(_dir.Path, "temp");

    private ProcessForecastTrainer ProcessTrainer(string assembly, TimeSpan timeout) =>
        new(new TrainerProcess(assembly, TempDirectory, timeout), SiloBuilderExtensions.TrainingOptions, NullLogger<ProcessForecastTrainer>.Instance);

    public Task InitializeAsync() => _cluster.StartAsync();

    public async Task DisposeAsync()
    {
        await _cluster.DisposeAsync();
        _dir.Dispose();
    }

    [Fact]
    public async Task A_model_trained_in_a_child_process_is_the_one_the_silo_would_train_itself()
    {
        await QuietAsync();
        var info = await RetrainAsync();

        var (series, model) = _trainer.Last!.Value;
        Assert.Null(info.LastError);
        Assert.Equal(model.Version, info.Version);
        var inline = new ForecastModelTrainer(SiloBuilderExtensions.TrainingOptions).Train(series);
        Assert.Equal(inline.Version, model.Version);
        foreach (var history in series)
            foreach (var method in inline.Methods.Select(m => m.Name))
            {
                var expected = inline.ForecastPath(history, history.LastYear + 8, method);
                var actual = model.ForecastPath(history, history.LastYear + 8, method);
                for (var i = 0; i < expected.Count; i++)
                {
                    Assert.Equal(expected[i].Quantiles, actual[i].Quantiles);
                    Assert.Equal(expected[i], actual[i] with { Quantiles = expected[i].Quantiles });
                }
            }
        var served = await _cluster.GetAsync<ForecastDto>("/api/forecasts/58/internet-users-rate?year=2030");
        Assert.Equal(model.Version, served.ModelVersion);
        // The files handed over are gone.
        Assert.Empty(Directory.EnumerateFileSystemEntries(TempDirectory));
    }

    [Fact]
    public async Task A_child_that_fails_or_outlasts_its_time_leaves_the_previous_model_in_use_and_says_why()
    {
        await QuietAsync();
        var trained = await RetrainAsync();
        Assert.NotNull(trained.Version);
        var working = _trainer.Current;
        try
        {
            // A child that exits non-zero: the host cannot find the assembly it was told to run.
            var missing = Path.Combine(_dir.Path, "no-such-trainer.dll");
            var failed = await RetrainWithAsync(ProcessTrainer(missing, TimeSpan.FromMinutes(5)));

            Assert.Equal(trained.Version, failed.Version);
            // What the host said on standard error, after the code.
            Assert.StartsWith("The training process exited with code 1: Could not execute", failed.LastError);
            Assert.Equal(failed.LastError, (await _cluster.GetAsync<ModelInfoDto>("/api/models/current")).LastError);
            Assert.Equal(trained.Version, (await _cluster.GetAsync<ForecastDto>("/api/forecasts/58/internet-users-rate?year=2030")).ModelVersion);

            // A child still training when its time is up is killed.
            var late = await RetrainWithAsync(ProcessTrainer(typeof(SiloHost).Assembly.Location, TimeSpan.FromMilliseconds(1)));

            Assert.Equal(trained.Version, late.Version);
            Assert.Equal("The training process did not finish within 0 minutes (ANALYTICS_TRAINING_TIMEOUT_MINUTES) and was killed.", late.LastError);
            Assert.Empty(Directory.EnumerateFileSystemEntries(TempDirectory));
        }
        finally
        {
            _trainer.Current = working;
        }
        Assert.Null((await RetrainAsync()).LastError);
    }

    /// <summary>
    /// Waits for the trainings the bundle's load set off (its own and the debounced one after it), so that a retrain a
    /// test asks for is a training of its own with the trainer it chose.
    /// </summary>
    private async Task QuietAsync()
    {
        ModelInfoDto? last = null;
        try
        {
            await Poll.UntilAsync(async () =>
            {
                var info = last = await _cluster.GetAsync<ModelInfoDto>("/api/models/current");
                // A training that read its data after the last change. Not "a quiet period after it": the grain timer that
                // starts the debounced training may fire a few milliseconds before its due time (seen: 4.997 s of 5).
                return !info.Training && info.DataAsOf is { } asOf && (info.DataChangedAt is not { } changed || asOf > changed);
            }, TimeSpan.FromMinutes(3), "the trainings after the bundle's load finish");
        }
        catch (TimeoutException ex)
        {
            // What the model grain last said: a training still running, or one that failed, or data that kept changing.
            throw new TimeoutException($"{ex.Message} Last model state: {System.Text.Json.JsonSerializer.Serialize(last)}", ex);
        }
    }

    /// <summary>
    /// A retrain with <paramref name="trainer"/>: a retrain asked while a training runs answers with that training, so
    /// asked again (three times at most) until one the swapped trainer ran has failed.
    /// </summary>
    private async Task<ModelInfoDto> RetrainWithAsync(IForecastTrainer trainer)
    {
        _trainer.Current = trainer;
        ModelInfoDto info = null!;
        for (var attempt = 0; attempt < 3 && info?.LastError is null; attempt++) info = await RetrainAsync();
        return info;
    }

    private async Task<ModelInfoDto> RetrainAsync()
    {
        try
        {
            var response = await _cluster.Http.PostAsync("/api/models/retrain", null);
            if (response.StatusCode == HttpStatusCode.OK) return (await response.Content.ReadFromJsonAsync<ModelInfoDto>(EmbeddedCluster.Json))!;
        }
        catch (TaskCanceledException)
        {
            // Longer than the client waits: see below.
        }
        // A training that outlasts the call (a busy machine, the child at a lower priority): its end is read instead.
        ModelInfoDto info = null!;
        await Poll.UntilAsync(async () => !(info = await _cluster.GetAsync<ModelInfoDto>("/api/models/current")).Training,
            TimeSpan.FromMinutes(5), "the training ends");
        return info;
    }

    /// <summary>The silo's trainer, which a test can swap, keeping what the last training was given and gave back.</summary>
    private sealed class WatchedTrainer(IForecastTrainer initial) : IForecastTrainer
    {
        public volatile IForecastTrainer Current = initial;

        public (IReadOnlyList<SeriesHistory> Series, ForecastModel Model)? Last { get; private set; }

        public int MinimumPoints => Current.MinimumPoints;

        public async Task<ForecastModel> TrainAsync(IReadOnlyList<SeriesHistory> series)
        {
            var model = await Current.TrainAsync(series);
            Last = (series, model);
            return model;
        }
    }
}
