using System.Text.Json;

namespace Analytics.Ml.Tests;

/// <summary>The back-test: what it scores, how, and the report's shape.</summary>
public sealed class BacktestTests
{
    [Fact]
    public void Scores_are_the_scaled_error_and_the_symmetric_percentage_error()
    {
        Assert.Equal(2.5, BacktestMetrics.ScaledError(actual: 15, forecast: 10, scale: 2), 12);
        Assert.Equal(200.0 * 5 / 25, BacktestMetrics.Smape(15, 10), 12);
        Assert.Equal(0, BacktestMetrics.Smape(0, 0));
    }

    [Fact]
    public void Report_has_the_published_json_shape()
    {
        var panel = SyntheticPanel.NoisyTrends(150, 2002, 15, seed: 5);
        panel.Add(SyntheticPanel.Constant("flat", 2000, 17, 3)); // scale 0: raised to one unit of its resolution, 1
        panel.Add(SyntheticPanel.Line("short", 2010, 3, 1, 1)); // fewer than 4 points by the origin: skipped
        var report = Backtester.Run(panel, 2011, [1, 2, 3, 4, 5], TrainedPanelFixture.Options);

        using var json = JsonDocument.Parse(report.ToJson());
        var root = json.RootElement;
        Assert.Equal(2011, root.GetProperty("origin").GetInt32());
        Assert.Equal([1, 2, 3, 4, 5], root.GetProperty("horizons").EnumerateArray().Select(h => h.GetInt32()));
        Assert.Equal(151, root.GetProperty("series").GetInt32());
        Assert.Equal(151 * 5, root.GetProperty("points").GetInt32());
        var scales = root.GetProperty("scales");
        Assert.Equal(151, scales.GetProperty("maseSeries").GetInt32());
        Assert.Contains("flat", scales.GetProperty("resolutionFloored").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal(150, scales.GetProperty("relMaeSeries").GetInt32()); // naive is exact on "flat": no ratio to take
        var methods = root.GetProperty("methods").EnumerateArray().ToList();
        Assert.Equal(12, methods.Count);
        foreach (var m in methods)
        {
            Assert.False(string.IsNullOrEmpty(m.GetProperty("name").GetString()));
            Assert.True(m.GetProperty("mase").GetDouble() > 0);
            Assert.True(m.GetProperty("smape").GetDouble() > 0);
            Assert.InRange(m.GetProperty("coverage80").GetDouble(), 0, 1);
            Assert.InRange(m.GetProperty("coverage95").GetDouble(), 0, 1);
            Assert.True(m.GetProperty("relMae").GetDouble() > 0);
            Assert.True(m.GetProperty("owa").GetDouble() > 0);
            Assert.True(m.GetProperty("msis").GetDouble() > 0);
            Assert.True(m.GetProperty("pinball").GetDouble() > 0);
            Assert.Equal(5, m.GetProperty("byHorizon").GetArrayLength());
        }
        Assert.Equal("production", Assert.Single(methods, m => m.GetProperty("production").GetBoolean()).GetProperty("name").GetString());
        Assert.Equal("naive", methods[0].GetProperty("name").GetString());

        string markdown;
        using (Bilingual.Reading(english: true)) markdown = report.ToMarkdown();
        Assert.Contains("| method | relMAE (geo.) | OWA | MASE | vs naive | MSIS 95% | pinball | sMAPE % | coverage 80% | coverage 95% |", markdown);
        Assert.Contains("| cut to 2 |", markdown);
        Assert.Contains("| 10–14 |", markdown);
        Assert.Contains("| **combination of methods chosen by back-test (`production`)** |", markdown);
        Assert.Contains("| last value held (`naive`) | 1.000 |", markdown);

        // Vietnamese unless the reader reads English: headings, method names and numbers (0,879).
        var vietnamese = report.ToMarkdown();
        Assert.Contains("| phương pháp | relMAE (TB nhân) | OWA | MASE | so với naive | MSIS 95% | pinball | sMAPE % | độ phủ 80% | độ phủ 95% |", vietnamese);
        Assert.Contains("| **kết hợp các phương pháp, chọn qua kiểm định (`production`)** |", vietnamese);
        Assert.Contains("| giữ nguyên giá trị gần nhất (`naive`) | 1,000 |", vietnamese);
        Assert.Contains("| cắt còn 2 |", vietnamese);
        Assert.Contains("| độ dài | chuỗi | điểm |", vietnamese);
        Assert.DoesNotContain("coverage", vietnamese);
        Assert.Equal(report.Points, BacktestReport.FromJson(report.ToJson()).Points);
    }

    [Fact]
    public void Nothing_after_the_origin_reaches_training()
    {
        // Two panels identical up to 2011 and wildly different afterwards must train the same model.
        var panel = SyntheticPanel.NoisyTrends(120, 2002, 15, seed: 9);
        var altered = panel.Select(s => new SeriesHistory(s.Id, s.Years,
            s.Values.Select((v, i) => s.Years[i] > 2011 ? v * 10 : v).ToArray(), s.Min, s.Max, s.HigherIsBetter, s.Group)).ToList();
        var a = new ForecastModelTrainer(TrainedPanelFixture.Options).Train(panel, 2011);
        var b = new ForecastModelTrainer(TrainedPanelFixture.Options).Train(altered, 2011);
        Assert.Equal(a.Version, b.Version);
        var probe = panel[0].Through(2011);
        Assert.Equal(a.Forecast(probe, 2014).Point, b.Forecast(probe, 2014).Point);
    }
}
