namespace Analytics.Ml.Tests;

/// <summary>
/// The file forms a training process hands over: a model read back is the same model (every method's points and
/// intervals, every series, its version and what it says about itself), the training input trains the same model, and
/// a file of another format or cut short is refused by name.
/// </summary>
[Collection(TrainedPanelCollection.Name)]
public sealed class ModelFileTests(TrainedPanelFixture fixture)
{
    [Fact]
    public void A_model_read_back_forecasts_identically_with_every_method_for_every_series()
    {
        var model = fixture.Model;
        var read = RoundTrip(model);

        Assert.Equal(model.Version, read.Version);
        Assert.Equal(model.TrainedAt, read.TrainedAt);
        Assert.Equal(model.DataThroughYear, read.DataThroughYear);
        Assert.Equal(model.Training, read.Training);
        Assert.Equal(model.Methods.Select(m => m.Name), read.Methods.Select(m => m.Name));
        Assert.Equal(model.Blend.Weights, read.Blend.Weights);
        Assert.Equal(model.Blend.ValidationLoss, read.Blend.ValidationLoss);
        Assert.Equal(model.Blend.Description, read.Blend.Description);
        Assert.Equal(model.Blend.Bands.Select(b => b.Weights), read.Blend.Bands.Select(b => b.Weights));
        Assert.Equal(model.Calibration.Methods, read.Calibration.Methods);
        Assert.Equal(model.Calibration.Bands.Select(b => (b.Method, b.From, b.To, b.Steps.Length)),
            read.Calibration.Bands.Select(b => (b.Method, b.From, b.To, b.Steps.Length)));
        Assert.Equal(model.ShortSeries.IsCalibrated, read.ShortSeries.IsCalibrated);
        Assert.Equal(model.TrackRecord.Cells, read.TrackRecord.Cells);
        // Every series as trained, cut to its last two and three figures (peer-pooled, from the model's peers) and to
        // its last five (a length band's own intervals).
        var histories = fixture.Panel.SelectMany(s => new[] { s, ShortSeriesModel.LastPoints(s, 2), ShortSeriesModel.LastPoints(s, 3),
            ShortSeriesModel.LastPoints(s, 5) }).ToList();
        foreach (var history in histories)
            foreach (var method in model.Methods.Select(m => m.Name))
                AssertSame(model.ForecastPath(history, history.LastYear + 12, method), read.ForecastPath(history, history.LastYear + 12, method));
        // And it writes back the same bytes: nothing was lost or reordered on the way.
        Assert.Equal(Bytes(model), Bytes(read));
    }

    [Fact]
    public void An_uncalibrated_model_stays_uncalibrated()
    {
        var small = SyntheticPanel.NoisyTrends(6, 2015, 6, seed: 7);
        var model = new ForecastModelTrainer(TrainedPanelFixture.Options).Train(small);

        var read = RoundTrip(model);

        Assert.False(read.Calibration.IsCalibrated);
        Assert.Equal(model.Calibration.Uncalibrated, read.Calibration.Uncalibrated);
        Assert.Equal(model.ShortSeries.IsCalibrated, read.ShortSeries.IsCalibrated);
        foreach (var s in small)
            AssertSame(model.ForecastPath(s, 2030), read.ForecastPath(s, 2030));
    }

    [Fact]
    public void The_training_input_read_back_trains_the_same_model()
    {
        var panel = SyntheticPanel.NoisyTrends(60, 2006, 12, seed: 5);
        panel.Add(new SeriesHistory("no-group", [2010, 2012, 2013, 2016], [1.5, 2, -3, 4e9], null, 5e9, higherIsBetter: false));
        var options = TrainedPanelFixture.Options with { MaxTrainingSeries = 40, GlobalModel = TrainedPanelFixture.Options.GlobalModel with { Threads = 1 } };
        using var stream = new MemoryStream();
        TrainingInputFile.Write(new TrainingInput(panel, options), stream);
        stream.Position = 0;

        var read = TrainingInputFile.Read(stream);

        Assert.Equal(options, read.Options);
        Assert.Equal(panel.Count, read.Series.Count);
        for (var i = 0; i < panel.Count; i++)
        {
            var (a, b) = (panel[i], read.Series[i]);
            Assert.Equal((a.Id, a.Group, a.Min, a.Max, a.HigherIsBetter), (b.Id, b.Group, b.Min, b.Max, b.HigherIsBetter));
            Assert.Equal(a.Years, b.Years);
            Assert.Equal(a.Values, b.Values);
        }
        Assert.Equal(new ForecastModelTrainer(options).Train(panel).Version, new ForecastModelTrainer(read.Options).Train(read.Series).Version);
    }

    [Fact]
    public void A_file_of_another_format_or_cut_short_is_refused_by_name()
    {
        var bytes = Bytes(fixture.Model);

        var newer = (byte[])bytes.Clone();
        BitConverter.GetBytes(ForecastModelFile.Format + 1).CopyTo(newer, 4);
        var format = Assert.Throws<InvalidDataException>(() => ForecastModelFile.Read(new MemoryStream(newer)));
        Assert.Equal($"The forecasting model file is of format {ForecastModelFile.Format + 1}; this build reads format {ForecastModelFile.Format} only.", format.Message);

        var cut = Assert.Throws<InvalidDataException>(() => ForecastModelFile.Read(new MemoryStream(bytes[..(bytes.Length / 2)])));
        Assert.Contains("ends early", cut.Message);

        using var input = new MemoryStream();
        TrainingInputFile.Write(new TrainingInput(fixture.Panel, TrainedPanelFixture.Options), input);
        var other = Assert.Throws<InvalidDataException>(() => ForecastModelFile.Read(new MemoryStream(input.ToArray())));
        Assert.Equal("This is not a forecasting model file.", other.Message);
    }

    private static ForecastModel RoundTrip(ForecastModel model) => ForecastModelFile.Read(new MemoryStream(Bytes(model)));

    private static byte[] Bytes(ForecastModel model)
    {
        using var stream = new MemoryStream();
        ForecastModelFile.Write(model, stream);
        return stream.ToArray();
    }

    private static void AssertSame(IReadOnlyList<SeriesForecast> expected, IReadOnlyList<SeriesForecast> actual)
    {
        Assert.Equal(expected.Count, actual.Count);
        for (var i = 0; i < expected.Count; i++)
        {
            // Records compare their quantile lists by reference: compare the values, and everything else as the record.
            Assert.Equal(expected[i].Quantiles, actual[i].Quantiles);
            Assert.Equal(expected[i], actual[i] with { Quantiles = expected[i].Quantiles });
        }
    }
}
