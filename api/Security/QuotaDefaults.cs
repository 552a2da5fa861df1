using Analytics.Keys;

namespace Analytics.Api.Security;

/// <summary>
/// The daily quotas of a writer key without its own (<see cref="IKeyQuotaGrain"/>): <c>Analytics:Quota:BytesPerDay</c>
/// (default 256 MiB: a province's whole history with long quotes many times over) and <c>Analytics:Quota:SeriesPerDay</c>
/// (default 10,000 new series: twice what the bundled data holds). Admin keys have none: they set the others'.
/// </summary>
public sealed record QuotaDefaults(QuotaLimits Limits)
{
    public const long DefaultBytesPerDay = 256L * 1024 * 1024;
    public const int DefaultSeriesPerDay = 10_000;

    public static QuotaDefaults From(IConfiguration configuration) => new(new QuotaLimits(
        configuration.GetValue<long?>("Analytics:Quota:BytesPerDay") ?? DefaultBytesPerDay,
        configuration.GetValue<int?>("Analytics:Quota:SeriesPerDay") ?? DefaultSeriesPerDay));
}
