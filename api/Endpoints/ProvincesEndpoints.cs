using Analytics.Api.Queries;
using Analytics.Contracts;

namespace Analytics.Api.Endpoints;

public static class ProvincesEndpoints
{
    public static void MapProvinces(this RouteGroupBuilder api)
    {
        var group = api.MapGroup("/provinces").WithTags("Provinces");
        group.MapGet("/", ListProvinces).WithName("ListProvinces")
            .WithSummary("Every province and centrally-run city, optionally of one region.");
        group.MapGet("/{province}", GetProvince).WithName("GetProvince")
            .WithSummary("One province by GSO code or name, with the indicators it has series for.");
    }

    public static async Task<Results<Ok<IReadOnlyList<ProvinceDto>>, ProblemHttpResult>> ListProvinces(string? region, CatalogQueries catalog) =>
        (await catalog.ProvincesAsync(region)).ToHttp();

    public static async Task<Results<Ok<ProvinceDetailDto>, ProblemHttpResult>> GetProvince(string province, CatalogQueries catalog) =>
        (await catalog.ProvinceAsync(province)).ToHttp();
}
