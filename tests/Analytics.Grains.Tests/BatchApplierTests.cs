using Analytics.Domain;
using Analytics.Indicators;
using Analytics.Ingest;
using Analytics.Series;
using Analytics.Tests.Support;

namespace Analytics.Grains.Tests;

/// <summary>
/// A batch is applied in parts of whole series, each part one call to a silo that calls its series grains there
/// (<see cref="ObservationIngestor"/>, <see cref="IBatchApplierGrain"/>): every figure once, counts summed over the
/// parts, leaderboards told, a series' refusal reaching the sender with its name.
/// </summary>
public sealed class BatchApplierTests(SqliteClusterFixture fixture) : IClassFixture<SqliteClusterFixture>
{
    private static readonly string[] Provinces = ["01", "31", "48", "58", "60", "79", "92"];

    private static Observation Obs(string province, string indicator, int year, double value, string quote = "q") =>
        new(province, indicator, year, null, ObservationKind.Actual, value, "%", "s", quote);

    [Fact]
    public void Parts_hold_every_figure_once_keep_each_series_whole_and_stay_within_their_size()
    {
        var random = new Random(7);
        for (var round = 0; round < 200; round++)
        {
            var max = random.Next(1, 40);
            // Series of 1 to 60 figures, their rows interleaved as a table's are.
            var observations = Enumerable.Range(0, random.Next(0, 40))
                .SelectMany(s => Enumerable.Range(0, random.Next(1, 60)).Select(y => Obs(Provinces[s % Provinces.Length], $"i{s}", 1990 + y, y)))
                .OrderBy(_ => random.Next()).ToList();

            var parts = ObservationIngestor.Parts(observations, max);

            Assert.Equal(observations.Count, parts.Sum(p => p.Count));
            Assert.Equal(observations.ToHashSet(), parts.SelectMany(p => p).ToHashSet());
            Assert.All(parts, p => Assert.NotEmpty(p));
            // A series is in exactly one part, with all its figures.
            var partOf = parts.SelectMany((p, i) => p.Select(o => (o.SeriesKey, i))).Distinct().GroupBy(x => x.SeriesKey);
            Assert.All(partOf, g => Assert.Single(g));
            // A part is within the size unless it is one series larger than the size alone.
            Assert.All(parts, p => Assert.True(p.Count <= max || p.Select(o => o.SeriesKey).Distinct().Count() == 1,
                $"a part of {p.Count} figures in {p.Select(o => o.SeriesKey).Distinct().Count()} series, size {max}"));
        }
    }

    [Fact]
    public async Task A_batch_of_several_parts_is_applied_whole_counted_once_and_pushed_to_every_leaderboard()
    {
        var prefix = "parts-" + Guid.NewGuid().ToString("n")[..8];
        var indicators = Enumerable.Range(0, 100).Select(i => $"{prefix}-{i}").ToList();
        var batch = (from indicator in indicators
                     from province in Provinces
                     from year in new[] { 2021, 2022, 2023 }
                     select Obs(province, indicator, year, year - 2000 + province.Length)).ToList();
        Assert.True(batch.Count > 2 * ObservationIngestor.MaxFiguresPerPart);
        var ingestor = new ObservationIngestor(fixture.Grains);

        var first = await ingestor.ApplyAsync(batch, "2026-12-07.0.1");
        var again = await ingestor.ApplyAsync(batch, "2026-12-07.0.2");

        Assert.Equal(new UpsertCounts(batch.Count, 0, 0), first);
        Assert.Equal(new UpsertCounts(0, batch.Count, 0), again);
        foreach (var indicator in indicators)
        {
            var summaries = await fixture.Grains.GetGrain<IIndicatorGrain>(indicator).GetSummariesAsync();
            Assert.Equal(Provinces.Order(StringComparer.Ordinal), summaries.Select(s => s.Province).Order(StringComparer.Ordinal));
            Assert.All(summaries, s => Assert.Equal([2021, 2022, 2023], s.Values.Select(v => v.Year).Order()));
        }
        var one = await fixture.Grains.GetGrain<ISeriesGrain>(SeriesKeys.Of("79", indicators[42])).GetAsync();
        Assert.Equal([2021, 2022, 2023], one.Points.Select(p => p.Year).Order());
    }

    [Fact]
    public async Task A_series_refused_in_a_part_fails_the_batch_with_its_name_and_the_part_s_other_series_are_ranked_at_once()
    {
        var indicator = "refuse-" + Guid.NewGuid().ToString("n")[..8];
        var longQuote = new string('ệ', InputLimits.QuoteLength);
        var keys = (from year in Enumerable.Range(Years.First, Years.Last - Years.First + 1)
                    from quarter in new int?[] { null, 1, 2, 3, 4 }
                    from kind in new[] { ObservationKind.Plan, ObservationKind.Target, ObservationKind.Baseline }
                    select (year, quarter, kind)).ToList();
        Observation Long((int Year, int? Quarter, ObservationKind Kind) k) => new(Provinces[0], indicator, k.Year, k.Quarter, k.Kind, 1, "%", "s", longQuote);
        // The refused series is first filled to nine tenths of its limit, so that a few hundred more figures, in the
        // same part as the other series, take it past.
        var perFigure = StateSize.Of(new SeriesPoint(Years.First, null, ObservationKind.Plan, 1, "%", "s", longQuote, default, []));
        var fill = (int)(0.9 * InputLimits.SeriesStateBytes / perFigure);
        var more = (int)(0.2 * InputLimits.SeriesStateBytes / perFigure);
        Assert.True(fill + more <= keys.Count);
        var refusing = fixture.Grains.GetGrain<ISeriesGrain>(SeriesKeys.Of(Provinces[0], indicator));
        foreach (var chunk in keys.Take(fill).Chunk(200)) await refusing.UpsertAsync([.. chunk.Select(Long)]);
        var others = Provinces.Skip(1).Select(p => Obs(p, indicator, 2020, 10)).ToList();
        List<Observation> batch = [.. others, .. keys.Skip(fill).Take(more).Select(Long)];
        Assert.Single(ObservationIngestor.Parts(batch, ObservationIngestor.MaxFiguresPerPart));
        var ingestor = new ObservationIngestor(fixture.Grains);

        var refused = await Assert.ThrowsAsync<StateLimitException>(() => ingestor.ApplyAsync(batch, "2026-12-07.0.3"));

        Assert.Equal(SeriesKeys.Of(Provinces[0], indicator), refused.Series);
        Assert.Equal(fill, (await refusing.GetAsync()).Points.Count);
        // Every other series the part stored is on the leaderboard now, not only after its repair a minute later.
        var stored = new List<string>();
        foreach (var province in Provinces.Skip(1))
            if ((await fixture.Grains.GetGrain<ISeriesGrain>(SeriesKeys.Of(province, indicator)).GetAsync()).Points.Count > 0) stored.Add(province);
        var ranked = (await fixture.Grains.GetGrain<IIndicatorGrain>(indicator).GetSummariesAsync()).Select(s => s.Province).ToHashSet();
        Assert.All(stored, province => Assert.Contains(province, ranked));
        // Without the refused series the batch applies; what the failed attempt stored counts as unchanged.
        var counts = await ingestor.ApplyAsync(others, "2026-12-07.0.4");
        Assert.Equal(others.Count, counts.Total);
        Assert.Equal(stored.Count, counts.Unchanged);
        ranked = (await fixture.Grains.GetGrain<IIndicatorGrain>(indicator).GetSummariesAsync()).Select(s => s.Province).ToHashSet();
        Assert.Superset(Provinces.Skip(1).ToHashSet(), ranked);
    }

    [Fact]
    public async Task Series_whose_pushes_were_lost_with_a_silo_are_ranked_when_their_batch_is_sent_again()
    {
        var indicator = "lost-" + Guid.NewGuid().ToString("n")[..8];
        var batch = Provinces.Select((p, i) => Obs(p, indicator, 2022, 40 + i)).ToList();
        // A part applied by a silo that stopped before sending its pushes: the series are stored, the leaderboard was not told.
        foreach (var o in batch)
            await fixture.Grains.GetGrain<ISeriesGrain>(o.SeriesKey).UpsertInBatchAsync([o], "2026-12-07.0.5");
        Assert.Empty(await fixture.Grains.GetGrain<IIndicatorGrain>(indicator).GetSummariesAsync());

        var again = await new ObservationIngestor(fixture.Grains).ApplyAsync(batch, "2026-12-07.0.6");

        Assert.Equal(new UpsertCounts(0, batch.Count, 0), again);
        var ranked = await fixture.Grains.GetGrain<IIndicatorGrain>(indicator).GetSummariesAsync();
        Assert.Equal(Provinces.Order(StringComparer.Ordinal), ranked.Select(s => s.Province).Order(StringComparer.Ordinal));
    }
}
