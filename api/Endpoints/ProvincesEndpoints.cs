using Analytics.Domain;
using Analytics.Provinces;

namespace Analytics.Api.Endpoints;

public static class ProvincesEndpoints
{
    public sealed record ProvinceDto(
        string Code, string NameVi, string NameAscii, string Region,
        DateOnly? ValidFrom, DateOnly? ValidTo, string? SuccessorCode)
    {
        public static ProvinceDto From(Province p) => new(p.Code, p.NameVi, p.NameAscii, p.Region, p.ValidFrom, p.ValidTo, p.SuccessorCode);
    }

    public sealed record ProvinceDetailDto(ProvinceDto Province, IReadOnlyList<string> Indicators);

    public static void MapProvinces(this RouteGroupBuilder api)
    {
        var group = api.MapGroup("/provinces").WithTags("Provinces");

        group.MapGet("/", async Task<Results<Ok<IReadOnlyList<ProvinceDto>>, ProblemHttpResult>> (string? region, CatalogCache catalog) =>
        {
            var view = await catalog.GetForReadAsync();
            if (region is not null && !view.Regions.Contains(region, StringComparer.OrdinalIgnoreCase))
                return Problems.BadRequest($"Unknown region '{region}'. Regions: {string.Join("; ", view.Regions)}.");
            IReadOnlyList<ProvinceDto> list = [.. view.Snapshot.Provinces
                .Where(p => region is null || string.Equals(p.Region, region, StringComparison.OrdinalIgnoreCase))
                .Select(ProvinceDto.From)];
            return TypedResults.Ok(list);
        }).WithSummary("Every province and centrally-run city, optionally of one region.");

        group.MapGet("/{province}", async Task<Results<Ok<ProvinceDetailDto>, ProblemHttpResult>> (string province, CatalogCache catalog, IGrainFactory grains) =>
        {
            var view = await catalog.GetForReadAsync();
            if (!view.Provinces.TryResolve(province, out var p))
                return Problems.NotFound($"No province matches '{province}' (give a GSO code such as 60 or a name such as Bình Thuận).");
            var profile = await grains.GetGrain<IProvinceGrain>(p.Code).GetAsync();
            return TypedResults.Ok(new ProvinceDetailDto(ProvinceDto.From(p), profile.Indicators));
        }).WithSummary("One province by GSO code or name, with the indicators it has series for.");
    }
}
