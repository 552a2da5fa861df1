using Analytics.Contracts;
using Analytics.Domain;
using Analytics.Series;

namespace Analytics.Api.Queries;

/// <summary>A series with its provenance: every figure with its kind, source, quote, ingest time and revisions.</summary>
public sealed class SeriesQueries(CatalogCache catalog, IGrainFactory grains)
{
    /// <param name="province">A GSO code or any usual spelling of a province's name.</param>
    /// <param name="indicator">An indicator code (any capitalisation).</param>
    /// <param name="kind">Only figures of this kind; null for all of them.</param>
    public async Task<QueryResult<SeriesDto>> SeriesAsync(string province, string indicator, ObservationKind? kind = null)
    {
        var view = await catalog.GetForReadAsync();
        if (view.FindSeries(province, indicator, out var p, out var d) is { } problem) return problem;

        var snapshot = await grains.GetGrain<ISeriesGrain>(SeriesKeys.Of(p.Code, d.Code)).GetAsync();
        return new SeriesDto(p.Code, p.NameVi, d.Code, d.NameEn, d.Unit, snapshot.Version,
            [.. snapshot.Points.Where(x => kind is null || x.Kind == kind).Select(SeriesPointDto.From)]);
    }
}
