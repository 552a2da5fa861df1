namespace Analytics.Domain.Quality;

/// <summary>
/// The checks a figure goes through before it is believed. Each flags, never refuses: a suspect figure is stored with
/// its flag (rule, score, expected range) and a steward decides. <see cref="QualityRules.ToCode"/> names each in the
/// API, files and pages.
/// </summary>
public enum QualityRule
{
    /// <summary>The figure is out of line with the rest of its own series (robust z of its deviation from its neighbours).</summary>
    SeriesValue,
    /// <summary>The change from the year before is out of line with the series' other yearly changes.</summary>
    SeriesChange,
    /// <summary>From this year on the series runs at another level (a break: a new unit, a new definition, a merger).</summary>
    LevelShift,
    /// <summary>Far from the other provinces' figures for the same indicator and year.</summary>
    PeerOutlier,
    /// <summary>≈ 10ⁿ × what the series or the peers predict (n = ±1, ±3, ±6): a unit or decimal-mark slip.</summary>
    UnitSlip,
    /// <summary>A part larger than its whole (the catalog's relations say which is part of which).</summary>
    PartExceedsWhole,
    /// <summary>A cumulative figure smaller than the year before.</summary>
    CumulativeFalls,
    /// <summary>The province's figures equal another province's over several consecutive years.</summary>
    CopiedRow,
    /// <summary>A share that does not equal its count over its denominator (the catalog's relations say which), beyond rounding.</summary>
    ShareMismatch,
}

/// <summary>How urgent a flag is: <see cref="Explained"/> when the product knows why (a merger), else by rule and score.</summary>
public enum QualitySeverity { Explained, Low, Medium, High }

public static class QualityRules
{
    public static IReadOnlyList<QualityRule> All { get; } = Enum.GetValues<QualityRule>();

    public static string ToCode(this QualityRule rule) => rule switch
    {
        QualityRule.SeriesValue => "series-value",
        QualityRule.SeriesChange => "series-change",
        QualityRule.LevelShift => "level-shift",
        QualityRule.PeerOutlier => "peer-outlier",
        QualityRule.UnitSlip => "unit-slip",
        QualityRule.PartExceedsWhole => "part-exceeds-whole",
        QualityRule.CumulativeFalls => "cumulative-falls",
        QualityRule.CopiedRow => "copied-row",
        QualityRule.ShareMismatch => "share-mismatch",
        _ => throw new ArgumentOutOfRangeException(nameof(rule)),
    };

    public static bool TryParse(string? code, out QualityRule rule)
    {
        foreach (var r in All)
            if (string.Equals(r.ToCode(), code?.Trim(), StringComparison.OrdinalIgnoreCase)) { rule = r; return true; }
        rule = default;
        return false;
    }

    /// <summary>The rule in a steward's words.</summary>
    public static Words Words(this QualityRule rule) => rule switch
    {
        QualityRule.SeriesValue => Bilingual.Both("lệch khỏi chuỗi số liệu của tỉnh", "out of line with its own series"),
        QualityRule.SeriesChange => Bilingual.Both("thay đổi bất thường so với năm trước", "unusual change from the year before"),
        QualityRule.LevelShift => Bilingual.Both("chuỗi số liệu đổi mức từ năm này", "the series changes level from this year on"),
        QualityRule.PeerOutlier => Bilingual.Both("khác xa các tỉnh khác cùng năm", "far from the other provinces in the same year"),
        QualityRule.UnitSlip => Bilingual.Both("có thể nhầm đơn vị hoặc dấu thập phân", "a likely unit or decimal-mark slip"),
        QualityRule.PartExceedsWhole => Bilingual.Both("phần lớn hơn tổng", "a part larger than its whole"),
        QualityRule.CumulativeFalls => Bilingual.Both("số lũy kế giảm", "a cumulative figure that falls"),
        QualityRule.CopiedRow => Bilingual.Both("trùng với số liệu của tỉnh khác", "identical to another province's figures"),
        QualityRule.ShareMismatch => Bilingual.Both("tỷ lệ không khớp với tử số và mẫu số", "a share that does not match its count and denominator"),
        _ => throw new ArgumentOutOfRangeException(nameof(rule)),
    };
}

public static class QualitySeverities
{
    public static string ToCode(this QualitySeverity severity) => severity.ToString().ToLowerInvariant();

    public static bool TryParse(string? code, out QualitySeverity severity)
    {
        foreach (var s in Enum.GetValues<QualitySeverity>())
            if (string.Equals(s.ToCode(), code?.Trim(), StringComparison.OrdinalIgnoreCase)) { severity = s; return true; }
        severity = default;
        return false;
    }

    public static Words Words(this QualitySeverity severity) => severity switch
    {
        QualitySeverity.High => Bilingual.Both("cao", "high"),
        QualitySeverity.Medium => Bilingual.Both("trung bình", "medium"),
        QualitySeverity.Low => Bilingual.Both("thấp", "low"),
        QualitySeverity.Explained => Bilingual.Both("đã có giải thích", "explained"),
        _ => throw new ArgumentOutOfRangeException(nameof(severity)),
    };
}

/// <summary>
/// The thresholds of the rules, each named, with the reason for its default. The defaults were set on the GSO tables
/// with planted errors (docs/quality.md): at least 9 of 10 planted errors flagged, at most 1 flag per 100 untouched figures.
/// </summary>
public sealed record QualityThresholds
{
    /// <summary>Within-series rules need this many yearly figures: fewer give no stable median or MAD.</summary>
    public int MinHistory { get; init; } = 5;

    /// <summary>Modified z (0.6745·deviation/MAD) above which a figure is out of line with its series; 3.5 is Iglewicz and Hoaglin's cut.</summary>
    public double SeriesValueZ { get; init; } = 3.5;

    /// <summary>Modified z of a yearly change against the series' other changes.</summary>
    public double SeriesChangeZ { get; init; } = 3.5;

    /// <summary>Modified z of the step between the levels before and after a break.</summary>
    public double LevelShiftZ { get; init; } = 3.5;

    /// <summary>
    /// A figure must also be this far from what its series predicts, as a log ratio (1.0 ≈ ×2.7 or ÷2.7) or a share of
    /// the series' typical level (linear scale), before a series rule flags it: in a smooth series a 20 % revision is
    /// "statistically unusual" but not worth a steward's time, while slips are ×10 and more. On the GSO tables 0.4
    /// flagged 2.9 untouched figures per 100, 1.0 flags under 1 and still finds the planted slips.
    /// </summary>
    public double MinRelativeEffect { get; init; } = 1.0;

    /// <summary>
    /// Modified z across provinces (log scale for positive figures): provinces differ by orders of magnitude, so only far
    /// beyond the usual spread. On the GSO tables 5 flagged ~75 more untouched figures than 6 and found no more planted errors.
    /// </summary>
    public double PeerZ { get; init; } = 6;

    /// <summary>Peer rule needs this many provinces with a figure for the indicator and year.</summary>
    public int MinPeers { get; init; } = 10;

    /// <summary>A ratio within ±this (in powers of ten) of 10ⁿ is called a unit slip of 10ⁿ (10^0.25 ≈ 1.8).</summary>
    public double SlipTolerance { get; init; } = 0.25;

    /// <summary>Consecutive identical years before two provinces' figures are called copies (three matched by chance in volatile small counts).</summary>
    public int CopiedYears { get; init; } = 4;

    /// <summary>
    /// A share may differ from its count ÷ denominator × factor by this share of itself (0.01: 1 %), or by one unit of
    /// its last written digit when that is more: rates are written rounded or cut to one or two decimals (24.18 for
    /// 24.189) and counts are sometimes rounded too, while a wrong count, denominator or rate is off by far more.
    /// </summary>
    public double ShareTolerance { get; init; } = 0.01;

    public static QualityThresholds Default { get; } = new();
}
