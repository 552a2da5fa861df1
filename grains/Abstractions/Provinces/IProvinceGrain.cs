using Analytics.Domain;

namespace Analytics.Provinces;

/// <summary>One per province: its profile (names, region, validity, successor).</summary>
public interface IProvinceGrain : IGrainWithStringKey
{
    Task SetProfileAsync(Province profile);

    Task<ProvinceProfile> GetAsync();
}

/// <summary>A province's profile with the indicators it has series for (from the <see cref="ICoverageGrain"/>).</summary>
[GenerateSerializer, Immutable]
public sealed record ProvinceProfile(
    [property: Id(0)] Province? Province,
    [property: Id(1)] IReadOnlyList<string> Indicators);
