namespace Analytics.Ml;

/// <summary>The per-point scores of the back-test.</summary>
public static class BacktestMetrics
{
    /// <summary>Absolute error in units of the series' scale (mean absolute yearly change over the training years).</summary>
    public static double ScaledError(double actual, double forecast, double scale) => Math.Abs(actual - forecast) / scale;

    /// <summary>Symmetric absolute percentage error, 200·|a−f|/(|a|+|f|), in percent; 0 when both are 0.</summary>
    public static double Smape(double actual, double forecast)
    {
        var denominator = Math.Abs(actual) + Math.Abs(forecast);
        return denominator > 0 ? 200 * Math.Abs(actual - forecast) / denominator : 0;
    }
}
