namespace Analytics.Domain;

/// <summary>Where a series stands against its target.</summary>
public enum AttainmentStatus
{
    /// <summary>The latest actual already meets the target.</summary>
    Achieved,

    /// <summary>At least a 60% chance of meeting the target by its year.</summary>
    OnTrack,

    /// <summary>A 30–60% chance.</summary>
    AtRisk,

    /// <summary>Below a 30% chance, or the target year has passed without the target being met.</summary>
    OffTrack,

    /// <summary>Not met, and the recent pace moves away from the target.</summary>
    Regressing,

    /// <summary>No figures to judge from. The forecaster never decides it; a row or a report without a status shows it.</summary>
    Unknown,
}

/// <summary>The status as the API, the metrics and the dashboards spell it.</summary>
public static class AttainmentStatuses
{
    /// <summary>Every status code, "unknown" (no figures to judge from) last: dashboards see a steady set of series.</summary>
    public static readonly IReadOnlyList<string> Codes = [.. Enum.GetValues<AttainmentStatus>().Select(s => s.ToCode())];

    public static string ToCode(this AttainmentStatus? status) => (status ?? AttainmentStatus.Unknown).ToCode();

    public static string ToCode(this AttainmentStatus status) => status switch
    {
        AttainmentStatus.Achieved => "achieved",
        AttainmentStatus.OnTrack => "on-track",
        AttainmentStatus.AtRisk => "at-risk",
        AttainmentStatus.OffTrack => "off-track",
        AttainmentStatus.Regressing => "regressing",
        _ => "unknown",
    };

    /// <summary>The status a code names; <see cref="AttainmentStatus.Unknown"/> for any other text.</summary>
    public static AttainmentStatus FromCode(string? code) =>
        Enum.GetValues<AttainmentStatus>().FirstOrDefault(s => s.ToCode() == code, AttainmentStatus.Unknown);
}
