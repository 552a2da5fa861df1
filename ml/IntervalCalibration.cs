namespace Analytics.Ml;

/// <summary>
/// Prediction intervals calibrated the conformal way: for each method and each step ahead, the
/// empirical distribution of that method's out-of-sample errors, in units of each series' scale
/// (mean absolute yearly change), collected by rolling-origin back-tests that only used data up to
/// the training cutoff. An interval is the point forecast plus the error quantiles times the scale,
/// so stated 80% and 95% levels hold on held-out years as long as the future errs like the past.
/// </summary>
public sealed class IntervalCalibration
{
    /// <summary>Steps with fewer errors than this borrow (and widen) the last well-sampled step.</summary>
    public const int MinimumErrorsPerStep = 100;

    /// <summary>
    /// A length band keeps its own distribution at a step only with at least this many errors there: a 95% interval
    /// rests on the few errors beyond its 2.5% tails, so a band's own tail needs several times the overall minimum.
    /// </summary>
    public const int MinimumErrorsPerBandStep = 300;

    private readonly Dictionary<string, ErrorDistribution[]> _byMethod;

    internal IntervalCalibration(Dictionary<string, ErrorDistribution[]> byMethod, IReadOnlyCollection<string> uncalibrated,
        IReadOnlyList<LengthBandCalibration>? bands = null)
    {
        _byMethod = byMethod;
        Uncalibrated = uncalibrated;
        Bands = bands ?? [];
    }

    /// <summary>
    /// Distributions of one method for the series of one length band (figures at the forecast origin): young series
    /// err more widely than long ones, so intervals calibrated on all lengths together under-cover them.
    /// </summary>
    public IReadOnlyList<LengthBandCalibration> Bands { get; }

    public IReadOnlyCollection<string> Methods => _byMethod.Keys;

    internal IReadOnlyDictionary<string, ErrorDistribution[]> ByMethod => _byMethod;

    /// <summary>
    /// Methods whose back-test gave too few errors to calibrate (a cluster holding only a handful of series):
    /// their intervals come from <see cref="ErrorDistribution.RandomWalkPrior"/> and are not calibrated.
    /// </summary>
    public IReadOnlyCollection<string> Uncalibrated { get; }

    public bool IsCalibrated => Uncalibrated.Count == 0;

    /// <summary>The largest step with its own errors for <paramref name="method"/>.</summary>
    public int CalibratedSteps(string method) => _byMethod[method].Length;

    /// <summary>
    /// Scale-free error distribution for <paramref name="method"/> at <paramref name="step"/> years after the last observation.
    /// Beyond the calibrated steps the last distribution is stretched in proportion to the step,
    /// which is wider than a random walk's square-root growth: the cautious side.
    /// </summary>
    public ErrorDistribution For(string method, int step)
    {
        if (!_byMethod.TryGetValue(method, out var steps))
            throw new KeyNotFoundException($"No calibration for method '{method}'.");
        if (step <= steps.Length) return steps[Math.Max(step, 1) - 1];
        return steps[^1].Stretch((double)step / steps.Length);
    }

    /// <summary>
    /// As <see cref="For(string, int)"/>, for a series of <paramref name="length"/> figures: its length band's
    /// distribution where the band was calibrated for the method.
    /// </summary>
    public ErrorDistribution For(string method, int step, int length)
    {
        foreach (var b in Bands)
            if (b.Method == method && length >= b.From && length <= b.To)
                return step <= b.Steps.Length ? b.Steps[Math.Max(step, 1) - 1] : b.Steps[^1].Stretch((double)step / b.Steps.Length);
        return For(method, step);
    }

    /// <summary>
    /// This calibration with <paramref name="method"/>'s errors also calibrated per length band: at each step with
    /// <see cref="MinimumErrorsPerBandStep"/> errors a band takes the wider of its own and the overall distribution, at
    /// the others the overall one; a band with no step of its own is left out. Never narrower: on unseen tables a
    /// band's own narrower errors in the training years did not hold in the scored ones (7–9 and 10–14 figures then
    /// under-covered), while the wider errors of young series did.
    /// </summary>
    internal IntervalCalibration WithLengthBands(string method, IReadOnlyList<(int From, int To)> bands, Func<int, int, IReadOnlyList<double>> errors)
    {
        var overall = _byMethod[method];
        var result = new List<LengthBandCalibration>(Bands);
        foreach (var (from, to) in bands)
        {
            var steps = (ErrorDistribution[])overall.Clone();
            var own = 0;
            for (var step = 1; step <= steps.Length; step++)
            {
                var e = errors(from, step);
                if (e.Count < MinimumErrorsPerBandStep) continue;
                steps[step - 1] = ErrorDistribution.Outer(overall[step - 1], ErrorDistribution.FromSamples(e));
                own++;
            }
            if (own > 0) result.Add(new LengthBandCalibration(method, from, to, steps));
        }
        return new IntervalCalibration(_byMethod, Uncalibrated, result);
    }

    /// <summary>Builds distributions from (method, step, scaled error) samples.</summary>
    internal static IntervalCalibration Build(IEnumerable<string> methods, Func<string, int, IReadOnlyList<double>> errors, int maxStep)
    {
        var byMethod = new Dictionary<string, ErrorDistribution[]>();
        var uncalibrated = new List<string>();
        foreach (var method in methods)
        {
            var list = new List<ErrorDistribution>();
            for (var step = 1; step <= maxStep; step++)
            {
                var e = errors(method, step);
                if (e.Count < MinimumErrorsPerStep) break;
                list.Add(ErrorDistribution.FromSamples(e));
            }
            if (list.Count == 0)
            {
                // Too little history to measure errors: forecast anyway, with wide, honest-about-it intervals.
                uncalibrated.Add(method);
                list.Add(ErrorDistribution.RandomWalkPrior);
            }
            byMethod[method] = list.ToArray();
        }
        return new IntervalCalibration(byMethod, uncalibrated);
    }
}

/// <summary>A method's error distributions per step for the series of one length band (figures at the origin, inclusive).</summary>
public sealed record LengthBandCalibration(string Method, int From, int To, ErrorDistribution[] Steps);

/// <summary>Quantiles of scale-free errors (actual − forecast) / scale at 0.5% resolution.</summary>
public sealed class ErrorDistribution
{
    internal const int Resolution = 200;
    private readonly double[] _quantiles; // at levels i / Resolution

    private ErrorDistribution(double[] quantiles, int samples)
    {
        _quantiles = quantiles;
        Samples = samples;
    }

    /// <summary>How many out-of-sample errors the distribution was built from.</summary>
    public int Samples { get; }

    internal ReadOnlySpan<double> Quantiles => _quantiles;

    /// <summary>A distribution read back from its quantiles (ForecastModelFile).</summary>
    internal static ErrorDistribution Of(double[] quantiles, int samples) =>
        quantiles.Length == Resolution + 1 ? new ErrorDistribution(quantiles, samples)
            : throw new ArgumentException($"An error distribution has {Resolution + 1} quantiles, not {quantiles.Length}.");

    internal static ErrorDistribution FromSamples(IReadOnlyList<double> errors)
    {
        var sorted = errors.ToArray();
        Array.Sort(sorted);
        var n = sorted.Length;
        var q = new double[Resolution + 1];
        for (var i = 0; i <= Resolution; i++)
        {
            // Conformal finite-sample adjustment: push tail levels outward by a factor (n+1)/n.
            var level = (double)i / Resolution;
            var adjusted = 0.5 + (level - 0.5) * (n + 1) / n;
            q[i] = Interpolate(sorted, Math.Clamp(adjusted, 0, 1));
        }
        return new ErrorDistribution(q, n);
    }

    /// <summary>
    /// The fallback when a method cannot be calibrated: normal errors with a standard deviation of 1.25 scale
    /// units one year ahead (for a random walk the mean absolute change is about 0.8 σ), widened linearly with
    /// the step by <see cref="IntervalCalibration.For"/>, which is wider than a random walk's square-root growth.
    /// </summary>
    public static ErrorDistribution RandomWalkPrior { get; } = Normal(1.25);

    private static ErrorDistribution Normal(double sigma)
    {
        var q = new double[Resolution + 1];
        for (var i = 0; i <= Resolution; i++)
            q[i] = sigma * NormalQuantile(Math.Clamp((double)i / Resolution, 0.0005, 0.9995));
        return new ErrorDistribution(q, 0);
    }

    /// <summary>Inverse of the standard normal CDF (Acklam's rational approximation, relative error below 1.2e-9).</summary>
    internal static double NormalQuantile(double p)
    {
        double[] a = [-3.969683028665376e+01, 2.209460984245205e+02, -2.759285104469687e+02, 1.383577518672690e+02, -3.066479806614716e+01, 2.506628277459239e+00];
        double[] b = [-5.447609879822406e+01, 1.615858368580409e+02, -1.556989798598866e+02, 6.680131188771972e+01, -1.328068155288572e+01];
        double[] c = [-7.784894002430293e-03, -3.223964580411365e-01, -2.400758277161838e+00, -2.549732539343734e+00, 4.374664141464968e+00, 2.938163982698783e+00];
        double[] d = [7.784695709041462e-03, 3.224671290700398e-01, 2.445134137142996e+00, 3.754408661907416e+00];
        const double low = 0.02425;
        if (p < low)
        {
            var q = Math.Sqrt(-2 * Math.Log(p));
            return (((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) / ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1);
        }
        if (p > 1 - low) return -NormalQuantile(1 - p);
        var r = p - 0.5;
        var s2 = r * r;
        return (((((a[0] * s2 + a[1]) * s2 + a[2]) * s2 + a[3]) * s2 + a[4]) * s2 + a[5]) * r / (((((b[0] * s2 + b[1]) * s2 + b[2]) * s2 + b[3]) * s2 + b[4]) * s2 + 1);
    }

    /// <summary>
    /// The wider of two distributions at every level (the lower quantile below the median, the higher above): an
    /// interval from it holds whatever either would hold.
    /// </summary>
    internal static ErrorDistribution Outer(ErrorDistribution a, ErrorDistribution b)
    {
        var q = new double[Resolution + 1];
        for (var i = 0; i <= Resolution; i++)
            q[i] = 2 * i < Resolution ? Math.Min(a._quantiles[i], b._quantiles[i])
                : 2 * i > Resolution ? Math.Max(a._quantiles[i], b._quantiles[i]) : a._quantiles[i];
        return new ErrorDistribution(q, Math.Min(a.Samples, b.Samples));
    }

    internal ErrorDistribution Stretch(double factor)
    {
        var q = new double[_quantiles.Length];
        for (var i = 0; i < q.Length; i++) q[i] = _quantiles[i] * factor;
        return new ErrorDistribution(q, Samples);
    }

    /// <summary>The error quantile at <paramref name="level"/> (0..1).</summary>
    public double Quantile(double level)
    {
        var x = Math.Clamp(level, 0, 1) * Resolution;
        var i = (int)Math.Floor(x);
        if (i >= Resolution) return _quantiles[Resolution];
        return _quantiles[i] + (x - i) * (_quantiles[i + 1] - _quantiles[i]);
    }

    /// <summary>Share of errors at or below <paramref name="error"/>.</summary>
    public double Cdf(double error)
    {
        if (error < _quantiles[0]) return 0;
        if (error >= _quantiles[Resolution]) return 1;
        var lo = 0;
        var hi = Resolution;
        while (hi - lo > 1)
        {
            var mid = (lo + hi) >>> 1;
            if (_quantiles[mid] <= error) lo = mid; else hi = mid;
        }
        var width = _quantiles[hi] - _quantiles[lo];
        var frac = width > 0 ? (error - _quantiles[lo]) / width : 1;
        return (lo + frac) / Resolution;
    }

    private static double Interpolate(double[] sorted, double level)
    {
        var x = level * (sorted.Length - 1);
        var i = (int)Math.Floor(x);
        if (i >= sorted.Length - 1) return sorted[^1];
        return sorted[i] + (x - i) * (sorted[i + 1] - sorted[i]);
    }
}
