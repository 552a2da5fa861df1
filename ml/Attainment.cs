using System.Globalization;
using Analytics.Domain;

namespace Analytics.Ml;

/// <summary>A value to reach by the end of a year (e.g. 85% Internet users in 2025).</summary>
/// <param name="Decimals">The indicator's display precision, which the status line writes its figures in (null: up to three).</param>
public sealed record AttainmentTarget(double Value, int Year, int? Decimals = null);

/// <summary>
/// A series against its target: the projection for the target year with its intervals, how much of
/// the target it reaches, the chance of meeting it, the yearly change needed from the last actual
/// versus the pace observed, and the resulting status with the reason in words.
/// </summary>
public sealed record Attainment(
    string SeriesId,
    double TargetValue,
    int TargetYear,
    bool HigherIsBetter,
    int LastYear,
    double LastValue,
    double Projected,
    double Lo80,
    double Hi80,
    double Lo95,
    double Hi95,
    double AttainmentRatio,
    double Probability,
    double RequiredYearlyChange,
    double ObservedYearlyChange,
    double? RequiredYearlyGrowthRate,
    double? ObservedYearlyGrowthRate,
    int PaceYears,
    AttainmentStatus Status,
    string Reason,
    string Method,
    string ModelVersion,
    string? ReasonVi = null);

/// <summary>
/// Judges attainment from a history, a target and a forecast for the target year.
/// Thresholds (also in docs/forecasting.md):
/// <list type="bullet">
/// <item><b>Achieved</b>: the latest actual meets the target (≥ for higher-is-better, ≤ for lower-is-better).</item>
/// <item><b>Regressing</b>: not achieved and the observed pace over the last (up to) five years moves away
/// from the target by more than a tenth of the series' typical yearly change (so a flat, noisy series is not called regressing).</item>
/// <item><b>OnTrack</b>: probability of meeting the target ≥ 0.6.</item>
/// <item><b>AtRisk</b>: 0.3 ≤ probability &lt; 0.6.</item>
/// <item><b>OffTrack</b>: probability &lt; 0.3.</item>
/// <item>A target year at or before the last actual is judged on that year's actual: Achieved or OffTrack.</item>
/// </list>
/// The probability is read off the forecast's calibrated predictive distribution, so "0.6" means that,
/// in back-tests, such forecasts met such targets about six times in ten.
/// </summary>
public static class AttainmentAssessor
{
    public const double OnTrackProbability = 0.6;
    public const double AtRiskProbability = 0.3;
    public const int PaceWindowYears = 5;

    /// <summary>Share of the typical yearly change that a wrong-way pace must exceed to count as regressing.</summary>
    public const double RegressionTolerance = 0.1;

    /// <summary>
    /// Assesses <paramref name="history"/> against <paramref name="target"/> using
    /// <paramref name="forecast"/> (for the target year; ignored when the target year is already observed).
    /// </summary>
    public static Attainment Assess(SeriesHistory history, AttainmentTarget target, SeriesForecast? forecast)
    {
        ArgumentNullException.ThrowIfNull(history);
        ArgumentNullException.ThrowIfNull(target);
        if (history.Count == 0) throw new ArgumentException($"Series {history.Id} has no observations.");
        var higher = history.HigherIsBetter;
        bool Meets(double v) => higher ? v >= target.Value : v <= target.Value;

        var annual = AnnualSeries.From(history);
        var paceYears = Math.Min(PaceWindowYears, annual.Length - 1);
        var last = history.LastValue;
        var observed = paceYears > 0 ? (last - annual.Values[^(paceYears + 1)]) / paceYears : 0;
        double? observedRate = paceYears > 0 && last > 0 && annual.Values[^(paceYears + 1)] > 0
            ? Math.Pow(last / annual.Values[^(paceYears + 1)], 1.0 / paceYears) - 1 : null;

        var yearsLeft = target.Year - history.LastYear;
        var required = yearsLeft > 0 ? (target.Value - last) / yearsLeft : 0;
        double? requiredRate = yearsLeft > 0 && last > 0 && target.Value > 0 ? Math.Pow(target.Value / last, 1.0 / yearsLeft) - 1 : null;

        double projected, lo80, hi80, lo95, hi95, probability;
        string method, version;
        var judgedOnActual = yearsLeft <= 0;
        if (judgedOnActual)
        {
            // The target year is the last year or before it: judge that year's actual (a gap year on the
            // straight line between its neighbours; a year before the history on the first value).
            var actual = target.Year <= history.FirstYear ? history.Values[0] : annual.Values[target.Year - history.FirstYear];
            projected = lo80 = hi80 = lo95 = hi95 = actual;
            probability = Meets(actual) ? 1 : 0;
            method = "actual";
            version = forecast?.ModelVersion ?? "";
        }
        else
        {
            if (forecast is null) throw new ArgumentNullException(nameof(forecast), $"A forecast for {target.Year} is needed.");
            if (forecast.TargetYear != target.Year)
                throw new ArgumentException($"The forecast is for {forecast.TargetYear}, the target for {target.Year}.");
            projected = forecast.Point;
            (lo80, hi80, lo95, hi95) = (forecast.Lo80, forecast.Hi80, forecast.Lo95, forecast.Hi95);
            probability = higher ? forecast.ProbabilityAtLeast(target.Value) : forecast.ProbabilityAtMost(target.Value);
            method = forecast.Method;
            version = forecast.ModelVersion;
        }

        var ratio = Ratio(projected, target.Value, higher);
        var typicalChange = annual.Scale;
        var towardTarget = higher ? observed : -observed;
        var status =
            judgedOnActual ? (Meets(projected) ? AttainmentStatus.Achieved : AttainmentStatus.OffTrack)
            : Meets(last) ? AttainmentStatus.Achieved
            : towardTarget < -RegressionTolerance * typicalChange && paceYears > 0 ? AttainmentStatus.Regressing
            : probability >= OnTrackProbability ? AttainmentStatus.OnTrack
            : probability >= AtRiskProbability ? AttainmentStatus.AtRisk
            : AttainmentStatus.OffTrack;

        var reason = Explain(status, history, target, last, projected, lo80, hi80, probability, required, observed, paceYears, judgedOnActual);
        return new Attainment(history.Id, target.Value, target.Year, higher, history.LastYear, last, projected, lo80, hi80, lo95, hi95,
            ratio, probability, required, observed, requiredRate, observedRate, paceYears, status, reason.En, method, version, reason.Vi);
    }

    /// <summary>
    /// Projected over target for higher-is-better, target over projected for lower-is-better, so that
    /// 1 always means "exactly on target" and above 1 "better than the target".
    /// </summary>
    public static double Ratio(double projected, double target, bool higherIsBetter)
    {
        if (higherIsBetter) return target != 0 ? projected / target : projected >= 0 ? 1 : 0;
        if (projected <= 0) return target >= 0 ? double.PositiveInfinity : 0;
        return target / projected;
    }

    /// <summary>The status in words, in both languages (made in the silo, chosen by the reader at the API).</summary>
    private static Words Explain(AttainmentStatus status, SeriesHistory h, AttainmentTarget t, double last, double projected,
        double lo80, double hi80, double probability, double required, double observed, int paceYears, bool judgedOnActual)
    {
        // The indicator's precision (up to three decimals when it has none), in each language's convention; the sign
        // always shown on a pace.
        var digits = t.Decimals is { } d ? Math.Clamp(d, 0, 15) : 3;
        var shape = "#,##0" + (digits == 0 ? "" : "." + new string(t.Decimals is null ? '#' : '0', digits));
        string V(double x) => (Math.Round(x, digits) + 0.0).ToString(shape, Bilingual.VietnameseNumbers);
        string E(double x) => (Math.Round(x, digits) + 0.0).ToString(shape, Bilingual.EnglishNumbers);
        string S(double x, NumberFormatInfo f) => (x >= 0 ? "+" : "") + Math.Round(x, digits).ToString(shape, f);
        var vi = Bilingual.VietnameseNumbers;
        var en = Bilingual.EnglishNumbers;
        var percent = Math.Round(probability * 100);
        var paceVi = paceYears > 0 ? $"thực tế {S(observed, vi)}/năm trong giai đoạn {h.LastYear - paceYears}–{h.LastYear}" : "chưa có tốc độ thực tế";
        var paceEn = paceYears > 0 ? $"observed {S(observed, en)}/yr over {h.LastYear - paceYears}–{h.LastYear}" : "no pace observed yet";
        return status switch
        {
            AttainmentStatus.Achieved when judgedOnActual => Bilingual.Both(
                $"{V(projected)} năm {t.Year} đã đạt mục tiêu {V(t.Value)}.",
                $"{E(projected)} in {t.Year} met the target {E(t.Value)}."),
            AttainmentStatus.OffTrack when judgedOnActual => Bilingual.Both(
                $"Không đạt mục tiêu {V(t.Value)} năm {t.Year}: năm đó đạt {V(projected)}.",
                $"The target {E(t.Value)} for {t.Year} was not met: {E(projected)} that year."),
            AttainmentStatus.Achieved => Bilingual.Both(
                $"{V(last)} năm {h.LastYear} đã đạt mục tiêu {V(t.Value)} của năm {t.Year}.",
                $"{E(last)} in {h.LastYear} already meets the target {E(t.Value)} for {t.Year}."),
            AttainmentStatus.Regressing => Bilingual.Both(
                $"Đang đi xa mục tiêu: {paceVi}, trong khi để đạt {V(t.Value)} vào năm {t.Year} cần {S(required, vi)}/năm từ {V(last)} năm {h.LastYear}.",
                $"Moving away from the target: {paceEn}, while reaching {E(t.Value)} by {t.Year} needs {S(required, en)}/yr from {E(last)} in {h.LastYear}."),
            _ => Bilingual.Both(
                $"Dự báo {V(projected)} năm {t.Year} (khoảng 80%: {V(lo80)}–{V(hi80)}) so với mục tiêu {V(t.Value)}; " +
                $"khả năng đạt {percent}%; cần {S(required, vi)}/năm từ {V(last)} năm {h.LastYear}, {paceVi}.",
                $"Projected {E(projected)} in {t.Year} (80% interval {E(lo80)}–{E(hi80)}) against the target {E(t.Value)}; " +
                $"chance of meeting it {percent}%; needs {S(required, en)}/yr from {E(last)} in {h.LastYear}, {paceEn}."),
        };
    }
}
