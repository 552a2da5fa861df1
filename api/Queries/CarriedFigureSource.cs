using Analytics.Contracts;
using Analytics.Domain;
using Analytics.Domain.Geography;
using Analytics.Indicators;

namespace Analytics.Api.Queries;

/// <summary>
/// An indicator's figures in the 34-unit geography (<see cref="CarriedFigures"/>): one indicator-grain call for every
/// unit's yearly figures, and one more for the population when the rule is a population-weighted mean. The rest is
/// domain code; no call goes to a series grain.
/// </summary>
public sealed class CarriedFigureSource(IGrainFactory grains)
{
    public async Task<CarriedFigures> ForAsync(CatalogView view, IndicatorDefinition d)
    {
        var figures = grains.GetGrain<IIndicatorGrain>(d.Code).GetSummariesAsync();
        var weighted = d.Aggregation == Aggregation.PopulationWeighted && view.Indicators.TryGet(CarriedFigures.PopulationIndicator, out _);
        var population = weighted ? await grains.GetGrain<IIndicatorGrain>(CarriedFigures.PopulationIndicator).GetSummariesAsync() : null;
        return new CarriedFigures(view.Gazetteer, d.Aggregation, ByTerritory(await figures), population is null ? null : ByTerritory(population), d.Decimals);
    }

    public static Dictionary<string, SeriesSummary> ByTerritory(IEnumerable<SeriesSummary> summaries) =>
        summaries.ToDictionary(s => s.Province, StringComparer.Ordinal);

    /// <summary>What a reader of a 34-unit answer must know, said once per answer.</summary>
    public static List<string> Notes(IndicatorDefinition d, CatalogView view, bool anyDerived)
    {
        var notes = new List<string>
        {
            RegionOfSeatNote,
        };
        if (anyDerived)
            notes.Add(Bilingual.T(
                $"Số liệu của 34 đơn vị cho các năm đến {CarriedFigures.LastDerivableYear} mà đơn vị không tự báo cáo được suy ra từ số liệu của các tỉnh thành viên: " +
                $"{d.Aggregation.ToCarryMethod().Describe()}. Số liệu do đơn vị báo cáo luôn được ưu tiên.",
                $"Figures of the 34 units for years up to {CarriedFigures.LastDerivableYear} without a figure reported for the unit itself are derived " +
                $"from its member provinces' figures: {d.Aggregation.ToCarryMethod().Describe()}. A reported figure always wins."));
        if (d.Aggregation == Aggregation.PopulationWeighted)
            notes.Add(view.Indicators.TryGet(CarriedFigures.PopulationIndicator, out _)
                ? Bilingual.T("Trọng số của các tỉnh thành viên là dân số trung bình cùng năm, nếu thiếu thì của năm gần nhất (ghi ở từng dòng).",
                    "Members are weighted by their average population of the same year, else of the nearest year (said per row).")
                : Bilingual.T("Cụm máy chủ chưa có chỉ tiêu dân số trung bình: không thể suy ra số liệu có trọng số theo dân số.",
                    "The average population indicator is not in the cluster: population-weighted figures cannot be derived."));
        return notes;
    }

    /// <summary>Said wherever regions of the 34 units are shown.</summary>
    public static string RegionOfSeatNote => Bilingual.T(
        "Vùng của 34 đơn vị là vùng của tỉnh đặt trụ sở: tạm tính cho đến khi có cách phân vùng được công bố.",
        "Regions of the 34 units are the region of the province that hosts the seat: an approximation until a published regional grouping exists.");
}

/// <summary>Carried figures as the HTTP contracts show them.</summary>
public static class CarriedDtos
{
    public static IReadOnlyList<CarriedMemberDto>? Members(CarriedFigure f) =>
        f.Members.Count == 0 ? null : [.. f.Members.Select(m => new CarriedMemberDto(m.Member.Code, m.Member.NameVi, m.Value, m.Population, m.PopulationYear, m.Qualifier?.ToSymbol()))];

    public static IReadOnlyList<UnitRefDto>? Missing(CarriedFigure f) => f.Missing.Count == 0 ? null : [.. f.Missing.Select(UnitRefDto.From)];

    /// <summary>A 34-unit ranking row: the unit, its figure and how it was obtained.</summary>
    public static RankingRowDto Row(CarriedFigure f, int? rank, int? previousRank) => new(
        rank, f.Unit.Code, f.Unit.NameVi, f.Unit.Region.Name, f.Value, previousRank, rank is { } r && previousRank is { } p ? p - r : null,
        Origin: f.Origin, Method: f.Origin == FigureOrigin.Derived ? f.Method.ToCode() : null,
        Members: Members(f), Missing: Missing(f), Notes: f.Notes.Count == 0 ? null : f.Notes, Reason: f.Reason,
        RegionApproximate: f.Unit.Region.IsApproximate, Qualifier: f.Qualifier?.ToSymbol());
}
