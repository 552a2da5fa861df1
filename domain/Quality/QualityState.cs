namespace Analytics.Domain.Quality;

/// <summary>
/// Where a flagged figure stands in its follow-up. A steward sets <see cref="Reviewed"/> or <see cref="Confirmed"/> (or
/// back to <see cref="Open"/>); <see cref="Corrected"/> is never set by hand: it is what a marked flag becomes once a
/// new figure was sent and the rules no longer raise it.
/// </summary>
public enum QualityState
{
    /// <summary>Nobody has looked at it yet (or the figure changed since it was marked).</summary>
    Open,
    /// <summary>Looked at, not yet decided.</summary>
    Reviewed,
    /// <summary>The figure is real, with the reason why (a new industrial park opened).</summary>
    Confirmed,
    /// <summary>A new figure replaced the flagged one and the rules no longer flag it.</summary>
    Corrected,
}

public static class QualityStates
{
    public static string ToCode(this QualityState state) => state switch
    {
        QualityState.Open => "open",
        QualityState.Reviewed => "reviewed",
        QualityState.Confirmed => "confirmed",
        QualityState.Corrected => "corrected",
        _ => throw new ArgumentOutOfRangeException(nameof(state)),
    };

    public static bool TryParse(string? code, out QualityState state)
    {
        foreach (var s in Enum.GetValues<QualityState>())
            if (string.Equals(s.ToCode(), code?.Trim(), StringComparison.OrdinalIgnoreCase)) { state = s; return true; }
        state = default;
        return false;
    }

    /// <summary>The state in a steward's words.</summary>
    public static Words Words(this QualityState state) => state switch
    {
        QualityState.Open => Bilingual.Both("chưa xem", "open"),
        QualityState.Reviewed => Bilingual.Both("đã xem", "reviewed"),
        QualityState.Confirmed => Bilingual.Both("đã xác nhận đúng", "confirmed"),
        QualityState.Corrected => Bilingual.Both("đã sửa", "corrected"),
        _ => throw new ArgumentOutOfRangeException(nameof(state)),
    };
}
