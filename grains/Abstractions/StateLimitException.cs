namespace Analytics;

/// <summary>
/// A grain refused a change that would take its stored state past its limit (<see cref="Analytics.Domain.InputLimits"/>):
/// beyond it the state would no longer fit a message or a storage row, and the grain would stop answering. Nothing of
/// the refused change was applied; the API answers 413.
/// </summary>
[GenerateSerializer]
public sealed class StateLimitException(string message, string? series = null) : Exception(message)
{
    /// <summary>The series refused (<c>01/internet-users-rate</c>), so a client can leave it out and send the rest.</summary>
    [Id(0)] public string? Series { get; init; } = series;
}
