namespace Analytics.Domain;

/// <summary>What a figure claims to be. Reports mix all five in one table, so the kind is part of an observation's identity.</summary>
public enum ObservationKind
{
    Actual,
    /// <summary>"Ước thực hiện": a provisional figure reported before the year closes.</summary>
    Estimate,
    Plan,
    Target,
    Baseline,
}

public static class ObservationKinds
{
    public static string ToCode(this ObservationKind kind) => kind switch
    {
        ObservationKind.Actual => "actual",
        ObservationKind.Estimate => "estimate",
        ObservationKind.Plan => "plan",
        ObservationKind.Target => "target",
        ObservationKind.Baseline => "baseline",
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };

    /// <summary>The kind in words, in the reader's language ("thực hiện" / "actual").</summary>
    public static string Words(this ObservationKind kind) => kind switch
    {
        ObservationKind.Actual => Bilingual.T("thực hiện", "actual"),
        ObservationKind.Estimate => Bilingual.T("ước thực hiện", "estimate"),
        ObservationKind.Plan => Bilingual.T("kế hoạch", "plan"),
        ObservationKind.Target => Bilingual.T("mục tiêu", "target"),
        ObservationKind.Baseline => Bilingual.T("cơ sở", "baseline"),
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };

    public static bool TryParse(string? text, out ObservationKind kind)
    {
        switch (text?.Trim().ToLowerInvariant())
        {
            case "actual": kind = ObservationKind.Actual; return true;
            case "estimate": kind = ObservationKind.Estimate; return true;
            case "plan": kind = ObservationKind.Plan; return true;
            case "target": kind = ObservationKind.Target; return true;
            case "baseline": kind = ObservationKind.Baseline; return true;
            default: kind = default; return false;
        }
    }
}
