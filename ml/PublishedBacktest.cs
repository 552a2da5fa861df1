namespace Analytics.Ml;

/// <summary>
/// The back-test the product ships with (ml/backtest/gso-origin-2011.json, written by <c>./analytics backtest --json</c>;
/// docs/forecasting.md explains it): the skill reports and the model's answers quote, so a reader sees what to expect on
/// data the model was not fitted on. Read once, through <see cref="GeneralisationReport"/>, never by hand.
/// </summary>
public static class PublishedBacktest
{
    private const string ResourceName = "backtest-gso-origin-2011.json";

    private static readonly Lazy<BacktestReport?> Report = new(() =>
    {
        using var stream = typeof(PublishedBacktest).Assembly.GetManifestResourceStream(ResourceName);
        if (stream is null) return null;
        using var reader = new StreamReader(stream);
        var both = GeneralisationReport.FromJson(reader.ReadToEnd());
        // The honest figure is the one on tables the model never saw; in-sample only when there was nothing to leave out.
        return both.LeaveTablesOut ?? both.InSample;
    });

    /// <summary>The report whose production method the product publishes, or null when the build carries none.</summary>
    public static BacktestReport? Honest => Report.Value;

    /// <summary>The production method's scores in <see cref="Honest"/>.</summary>
    public static MethodScore? Production => Honest?.Methods.FirstOrDefault(m => m.Production);

    /// <summary>The production method's MASE over the naive method's, as the report scored both.</summary>
    public static double? MaseVsNaive =>
        Production is { } p && Honest!.Methods.FirstOrDefault(m => m.Name == "naive") is { Mase: > 0 } naive ? p.Mase / naive.Mase : null;
}
