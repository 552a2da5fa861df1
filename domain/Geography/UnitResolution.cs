namespace Analytics.Domain.Geography;

/// <summary>
/// The answer to "which unit does this code or name mean?": the unit, or a refusal whose reason an analyst can act on
/// (a merged province's successor, both readings of a code that means two territories).
/// </summary>
public sealed record UnitResolution
{
    private UnitResolution(AdministrativeUnit? unit, string? refusal, IReadOnlyList<AdministrativeUnit> readings)
    {
        Unit = unit;
        Refusal = refusal;
        Readings = readings;
    }

    public AdministrativeUnit? Unit { get; }

    /// <summary>Why nothing was resolved; null when <see cref="Unit"/> is set.</summary>
    public string? Refusal { get; }

    /// <summary>The units the text could mean (both readings of an ambiguous code, or the one found).</summary>
    public IReadOnlyList<AdministrativeUnit> Readings { get; }

    public bool IsResolved => Unit is not null;

    /// <summary>Says which unit was found: "Lâm Đồng (68) of the 34 units, from 2025-07-01 (members 60, 67, 68)".</summary>
    public string? Found => Unit is { } u ? Describe(u) : null;

    internal static UnitResolution Resolved(AdministrativeUnit unit) => new(unit, null, [unit]);

    internal static UnitResolution Refused(string reason, IReadOnlyList<AdministrativeUnit>? readings = null) =>
        new(null, reason, readings ?? []);

    /// <summary>A unit with its geography and period, and for a vn-34 unit its members.</summary>
    public static string Describe(AdministrativeUnit u)
    {
        var period = (u.From, u.To) switch
        {
            (null, null) => "",
            ({ } f, null) => Bilingual.T($", từ {f:yyyy-MM-dd}", $", from {f:yyyy-MM-dd}"),
            (null, { } t) => Bilingual.T($", đến {t:yyyy-MM-dd}", $", until {t:yyyy-MM-dd}"),
            ({ } f, { } t) => Bilingual.T($", {f:yyyy-MM-dd} đến {t:yyyy-MM-dd}", $", {f:yyyy-MM-dd} to {t:yyyy-MM-dd}"),
        };
        var listed = string.Join(", ", u.Members);
        var members = u.Members.Count > 0 ? Bilingual.T($" (thành viên {listed})", $" (members {listed})") : "";
        return Bilingual.T($"{u.Label} của {u.Geography.NameVi}{period}{members}", $"{u.Label} of {u.Geography.NameEn}{period}{members}");
    }
}
