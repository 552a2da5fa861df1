namespace Analytics.Domain;

/// <summary>
/// One record of an observation file as written, before validation: every field is the raw text (null when the file
/// has no such column). <see cref="Row"/> is the 1-based line the record starts on, so errors point at the file.
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
    string? Quote);
