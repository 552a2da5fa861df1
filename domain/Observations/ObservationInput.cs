using System.Globalization;

namespace Analytics.Domain;

/// <summary>
/// One record of an observation file as written, before validation: every field is the raw text (null when the file
/// has no such column). <see cref="Geography"/> says which geography a code or name means where both exist (2025).
/// <see cref="Row"/> is the 1-based line the record starts on, so errors point at the file. <see cref="Confirmed"/> is the
/// uploader's word that a figure the quality rules would flag is real (why), so it stays in without a warning.
/// <see cref="Restated"/> marks a figure its publisher recomputed for a unit of the 34 for a year before the merger (the
/// DTI 2024 of the new Hải Phòng): how it was restated, or any mark; without it such a row is refused as a slip.
/// <see cref="Qualifier"/> is the figure's bound or approximation symbol (&gt;, ≥, &lt;, ≤, ≈, or &gt;=, &lt;=, ~), empty when exact.
/// </summary>
public sealed record ObservationInput(
    int Row,
    string? Province,
    string? Indicator,
    string? Year,
    string? Quarter,
    string? Kind,
    string? Value,
    string? Unit,
    string? Source,
    string? Quote,
    string? Geography = null,
    string? Confirmed = null,
    string? Restated = null,
    string? Qualifier = null)
{
    /// <summary>
    /// A typed observation as the raw row a file would hold (numbers in invariant culture, round-tripping), so figures
    /// read from a typed source (a GSO table) meet the same validator as uploads.
    /// </summary>
    public static ObservationInput From(Observation o, int row) => new(
        row, o.Province, o.Indicator,
        o.Year.ToString(CultureInfo.InvariantCulture), o.Quarter?.ToString(CultureInfo.InvariantCulture), o.Kind.ToCode(),
        o.Value.ToString("R", CultureInfo.InvariantCulture), o.Unit, o.Source, o.Quote, Qualifier: o.Qualifier?.ToSymbol());
}
