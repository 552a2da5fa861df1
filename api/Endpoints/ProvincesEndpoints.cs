using Analytics.Api.Queries;
using Analytics.Contracts;

namespace Analytics.Api.Endpoints;

public static class ProvincesEndpoints
{
    public static void MapProvinces(this RouteGroupBuilder api)
    {
        var group = api.MapGroup("/provinces").WithTags("Provinces");
        group.MapGet("/", ListProvinces).WithName("ListProvinces")
            .WithSummary("Every unit of one geography (geography=vn-63: the 63 provinces and Hà Tây until 2025-06-30; vn-34: the 34 units from 2025-07-01) or of both, optionally of one region. A province that ended shows its successor and dates, a unit of the 34 its members. Regions of the 34 are the region of the seat, an approximation until a published grouping exists.");
        group.MapGet("/{province}/profile", GetProfile).WithName("GetProvinceProfile")
            .WithSummary("Every indicator of a unit with its latest figure and year, its rank in its geography that year, and its target of the year target (default 2025) with the status. For a unit of the 34 formed by a merger: the unit's own figure, else (up to 2025) the figure carried from its members by the indicator's rule with the members covered, else each member's own latest figure with the reason there is no unit value; method notes once per rule, naming the indicators.");
        group.MapGet("/{province}", GetProvince).WithName("GetProvince")
            .WithSummary("One unit by code or name, read in the year or geography given (68 and \"Lâm Đồng\" name a unit in each geography), with the indicators it has series for and which unit was found.");
    }

    public static async Task<Results<Ok<IReadOnlyList<ProvinceDto>>, ProblemHttpResult>> ListProvinces(string? region, string? geography, CatalogQueries catalog) =>
        (await catalog.ProvincesAsync(region, geography)).ToHttp();

    public static async Task<Results<Ok<ProfileDto>, ProblemHttpResult>> GetProfile(string province, string? geography, int? target, ProfileQueries profiles) =>
        (await profiles.ProfileAsync(province, geography, target)).ToHttp();

    public static async Task<Results<Ok<ProvinceDetailDto>, ProblemHttpResult>> GetProvince(string province, int? year, string? geography, CatalogQueries catalog) =>
        (await catalog.ProvinceAsync(province, year, geography)).ToHttp();
}
