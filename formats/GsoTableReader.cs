using System.Globalization;
using System.Text.RegularExpressions;
using Analytics.Domain;
using Analytics.Domain.Geography;

namespace Analytics.Formats;

/// <summary>What a non-province row of a GSO table stands for.</summary>
public enum GsoAreaKind
{
    /// <summary>" WHOLE COUNTRY".</summary>
    Country,
    /// <summary>One of the six socio-economic regions, in any of GSO's spellings.</summary>
    Region,
    /// <summary>Figures GSO attributes to no province: central units, universities.</summary>
    NonProvincial,
}

/// <summary>One figure of an area row.</summary>
public sealed record GsoAreaValue(string Indicator, int Year, ObservationKind Kind, double Value);

/// <summary>
/// A whole-country, region or non-provincial row. Kept apart from province observations: they are aggregates (or
/// remainders) of provinces, useful for checking sums, and must not be ranked as if they were provinces.
/// </summary>
public sealed record GsoAreaRow(int Line, string Name, GsoAreaKind Kind, string? Region, IReadOnlyList<GsoAreaValue> Values);

/// <summary>
/// One imported GSO table: the indicators derived from it and its figures. <paramref name="NamedInGsoWords"/>: the codes
/// of its indicators whose Vietnamese name is GSO's own (title and measure from GSO's Vietnamese edition), not a translation.
/// </summary>
public sealed record GsoTable(
    string SourceName,
    string Title,
    IReadOnlyList<IndicatorDefinition> Indicators,
    IReadOnlyList<Observation> Observations,
    IReadOnlyList<GsoAreaRow> AreaRows,
    IReadOnlyList<string> UnresolvedNames,
    IReadOnlyList<string> Warnings,
    IReadOnlyList<string>? NamedInGsoWords = null);

/// <summary>
/// Reads the CSV that GSO's PX-Web statistical database exports (any table, not just the bundled ones):
/// line 1 the title, a blank line, a header whose first cell names the area dimension and whose other cells are a
/// year ("2005") or a measure and a year in either order ("Total 1995", "2011 Total", "2016 (*) Area (Km2)"), a
/// preliminary last year marked "Prel."/"Pre." (imported as kind estimate), then one row per area; ';' separators,
/// quoted text, '.' decimals, ".." for no data.
/// <para>
/// Each (table, measure) becomes an indicator. Its code is <c>gso-</c> + the kebab-cased title (PX-Web's
/// " by Cities, provincies and Year" dimension list, "(*)" footnote marks and a trailing "by province" removed) +,
/// when the table has several measures, <c>-</c> + the kebab-cased measure (its unit in parentheses removed):
/// "Average population by province…", measure "Male" → <c>gso-average-population-male</c>; "Poverty rate by
/// province…" → <c>gso-poverty-rate</c>. The code depends only on the title and measure text, so re-importing a
/// table (or next year's export of it) lands on the same indicator.
/// </para>
/// <para>
/// Definition rules, deliberately few, applied to the measure's words when the measures of the table name different
/// quantities (some measure carries a keyword, as in "Crude birth rate" / "Crude death rate"), else to the title's:
/// direction is lower-is-better for poverty, mortality, death, destroyed or fired (forest), else higher;
/// aggregation is mean for rates, percentages, indices, yields, densities, average ages and anything "per" something,
/// else sum ("Average population" is a head count and sums); a rate or percentage is bounded above by 100 (unless the
/// table itself exceeds 100); the lower bound is 0 when every value in the table is non-negative and the quantity is
/// not a change (growth, increase), which can fall below zero.
/// The unit is the parenthesised unit in the measure or title ("(Km2)", "(Thous. pers.)"), or "%" for percentages;
/// GSO's exports state no other units, so the rest are left empty rather than guessed.
/// </para>
/// <para>
/// A row is the whole country, a region, a province (one of the 63, matched by <see cref="Gazetteer"/>), or a figure GSO
/// gives to no province (central units, universities); these non-province rows come back as
/// <see cref="GsoTable.AreaRows"/>, and any other name is listed in <see cref="GsoTable.UnresolvedNames"/> and not
/// imported. The country and the regions are recognised in variant spellings ("Northern midlands and moutain areas");
/// a row that names no province ("Unidentified", "Others") is an area row with a warning naming its line; a name that
/// could be a province but matches none is unresolved, so the importer refuses it rather than guess. Anything skipped on the way (a cell that is not a number, a year out of order) is a warning, not an error:
/// one bad cell should not cost the other thousand figures of a table.
/// </para>
/// </summary>
public sealed partial class GsoTableReader(Gazetteer provinces, GsoVietnameseTitles? vietnamese = null)
{
    private readonly GsoVietnameseTitles _vietnamese = vietnamese ?? GsoVietnameseTitles.Bundled;

    private static readonly string[] LowerIsBetter = ["poverty", "mortality", "death", "deaths", "destroyed", "fired"];
    private static readonly string[] MeanLike = ["rate", "rates", "percentage", "percent", "index", "indices", "yield", "density", "average age", "per", "ratio", "share", "proportion"];
    private static readonly string[] PercentLike = ["rate", "rates", "percentage", "percent", "ratio", "share", "proportion"];
    private static readonly string[] Signed = ["growth", "increase", "change"];
    private static readonly string[] CountryKeys = ["wholecountry", "entirecountry", "vietnam", "canuoc", "toanquoc"];
    private static readonly string[] NonProvincialPhrases = ["not included", "excluded", "universities", "university", "unallocated", "not allocated", "central units", "central agencies"];
    // Rows that GSO attributes to no province at all ("Unidentified"): read, reported, and kept out of the provinces.
    private static readonly string[] NoProvinceWords = ["unidentified", "unidentifiable", "unknown", "unspecified", "not specified", "not stated", "unclassified", "not classified", "undistributed", "not distributed", "other", "others", "foreign", "abroad", "overseas", "khong xac dinh", "chua xac dinh", "khac"];
    private static readonly HashSet<string> RegionNoise = ["area", "areas", "and", "the", "region", "regions", "of", "vung"];

    /// <summary>Reads one exported file; its source name is "&lt;folder&gt;/&lt;file&gt;", GSO's category and table.</summary>
    public GsoTable Read(string path)
    {
        var full = Path.GetFullPath(path);
        var folder = Path.GetFileName(Path.GetDirectoryName(full));
        using var stream = File.OpenRead(full);
        return Read(stream, string.IsNullOrEmpty(folder) ? Path.GetFileName(full) : $"{folder}/{Path.GetFileName(full)}");
    }

    /// <summary>Reads every *.csv under a folder (recursively), in path order; source names are paths relative to it.</summary>
    public IReadOnlyList<GsoTable> ReadDirectory(string directory) => ObservationSources.GsoTables(directory, this);

    /// <summary>The provinces rows are matched against.</summary>
    public Gazetteer Provinces => provinces;

    public GsoTable Read(Stream stream, string sourceName)
    {
        var warnings = new List<string>();
        var bytes = TextDecoding.ReadAll(stream);
        var text = TextDecoding.TryDecodeUnicode(bytes);
        if (text is null)
        {
            // GSO's older exports are occasionally in a Windows code page; the names we match are ASCII anyway.
            text = TextDecoding.DecodeLegacy(bytes);
            warnings.Add(Bilingual.T("tệp không phải UTF-8 hợp lệ; đã đọc theo bảng mã Windows-1252", "the file is not valid UTF-8; read it as Windows-1252"));
        }

        var records = DelimitedReader.Read(new StringReader(text), ';', sourceName).Where(r => !r.IsBlank).ToList();
        if (records.Count == 0) throw new DataFormatException(sourceName, 1, null, Bilingual.T(
            "tệp trống; cần dòng tên bảng của PX-Web", "the file is empty; expected a PX-Web title line"));
        var titleRecord = records[0];
        if (records.Count < 2) throw new DataFormatException(sourceName, titleRecord.Line, null, Bilingual.T(
            "không có dòng tiêu đề sau dòng tên bảng", "no header line follows the title"));
        var header = records[1];

        var rawTitle = titleRecord.Fields[0].Trim();
        var title = CleanTitle(rawTitle);
        if (title.Length == 0) throw new DataFormatException(sourceName, titleRecord.Line, null, Bilingual.T("dòng tên bảng để trống", "the title line is empty"));

        var columns = ReadColumns(header, warnings);
        if (columns.Count == 0)
            throw new DataFormatException(sourceName, header.Line, null, Bilingual.T(
                "không ô nào của dòng tiêu đề ghi năm (cần các ô như \"2005\", \"Total 1995\" hoặc \"Prel. 2016\")",
                "no header cell names a year (expected cells like \"2005\", \"Total 1995\" or \"Prel. 2016\")"));

        var measures = BuildMeasures(title, columns, sourceName);

        var observations = new List<Observation>();
        var figures = new List<(string Province, string Name, Column Column, double Value, string Raw)>();
        var areaRows = new List<GsoAreaRow>();
        var unresolved = new List<string>();
        var seenProvinces = new Dictionary<string, int>(StringComparer.Ordinal);
        var valuesByMeasure = measures.ToDictionary(m => m.Name, _ => new List<double>());
        var source = $"GSO: {sourceName}";

        foreach (var record in records.Skip(2))
        {
            var name = record.Fields[0].Trim();
            if (record.Fields.Count == 1)
            {
                // A lone text line after the data is a footnote ("(*) ..."), not an area.
                if (name.Length > 0) warnings.Add(Bilingual.T($"dòng {record.Line}: bỏ qua ghi chú '{name}'", $"line {record.Line}: note ignored: '{name}'"));
                continue;
            }
            if (name.Length == 0)
            {
                if (record.Fields.Skip(1).Any(f => f.Trim().Length > 0)) warnings.Add(Bilingual.T(
                    $"dòng {record.Line}: dòng không có tên địa bàn; đã bỏ qua", $"line {record.Line}: a row without an area name; ignored"));
                continue;
            }
            if (record.Fields.Count > header.Fields.Count && record.Fields.Skip(header.Fields.Count).Any(f => f.Trim().Length > 0))
                warnings.Add(Bilingual.T(
                    $"dòng {record.Line}: có {record.Fields.Count} ô trong khi dòng tiêu đề có {header.Fields.Count} cột; đã bỏ qua các ô thừa",
                    $"line {record.Line}: {record.Fields.Count} fields where the header has {header.Fields.Count}; the extra ones are ignored"));

            var cells = new List<(Column Column, double Value, string Raw)>();
            foreach (var column in columns)
            {
                if (column.Index >= record.Fields.Count) continue;
                var raw = record.Fields[column.Index].Trim();
                if (IsNoData(raw)) continue;
                if (!double.TryParse(raw, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint | NumberStyles.AllowExponent,
                        CultureInfo.InvariantCulture, out var value) || !double.IsFinite(value))
                {
                    warnings.Add(Bilingual.T(
                        $"dòng {record.Line}, cột '{column.Header}': '{raw}' không phải là số; đã bỏ qua",
                        $"line {record.Line}, column '{column.Header}': '{raw}' is not a number; skipped"));
                    continue;
                }
                cells.Add((column, value, raw));
            }

            var area = ClassifyArea(name, out var region, out var note);
            if (note is not null) warnings.Add(Bilingual.T($"dòng {record.Line}: {note}", $"line {record.Line}: {note}"));
            if (area is not null)
            {
                foreach (var c in cells) valuesByMeasure[c.Column.Measure].Add(c.Value);
                areaRows.Add(new GsoAreaRow(record.Line, name, area.Value, region,
                    cells.Select(c => new GsoAreaValue(MeasureOf(measures, c.Column).Code, c.Column.Year, c.Column.Kind, c.Value)).ToList()));
                continue;
            }
            // GSO's provincial tables are of the 63 provinces (and Hà Tây): a name is read in that geography.
            if (provinces.Resolve(name, geography: Geography.Vn63).Unit is not { } province)
            {
                if (!unresolved.Contains(name)) unresolved.Add(name);
                continue;
            }
            if (seenProvinces.TryGetValue(province.Code, out var firstLine))
            {
                warnings.Add(Bilingual.T(
                    $"dòng {record.Line}: '{name}' lại là {province.NameVi} (lần đầu ở dòng {firstLine}); đã bỏ qua dòng lặp lại",
                    $"line {record.Line}: '{name}' is {province.NameEn} again (first on line {firstLine}); the repeat is ignored"));
                continue;
            }
            seenProvinces[province.Code] = record.Line;

            foreach (var (column, value, raw) in cells)
            {
                figures.Add((province.Code, name, column, value, raw));
                valuesByMeasure[column.Measure].Add(value);
            }
        }

        // Definitions need every value of a measure (for bounds) before observations can carry their unit.
        // Display precision: as many decimals as the table prints for the measure (GSO prints 105.8, 8127.9, 1.49).
        var decimals = measures.ToDictionary(m => m.Name, m => Math.Min(IndicatorDefinition.MaxDecimals,
            figures.Where(f => f.Column.Measure == m.Name).Select(f => DecimalsOf(f.Raw)).DefaultIfEmpty(0).Max()));
        var indicators = measures.Select(m => Define(m, title, measures, valuesByMeasure[m.Name], source, warnings) with { Decimals = decimals[m.Name] }).ToList();
        var untranslated = UntranslatedTexts(title, measures);
        if (untranslated.Count > 0)
        {
            var named = untranslated.Select(t => $"'{t}'").ToList();
            warnings.Add(Bilingual.T(
                $"chưa có tên tiếng Việt cho {string.Join(" và ", named)}: các chỉ tiêu của bảng mang tên tiếng Anh ở cả hai ngôn ngữ " +
                "cho đến khi thêm một dòng vào formats/Gso/titles-vi.csv",
                $"no Vietnamese name for {string.Join(" and ", named)}: its indicators are named in English in both languages " +
                "until a line is added to formats/Gso/titles-vi.csv"));
        }
        var byMeasure = measures.Zip(indicators).ToDictionary(p => p.First.Name, p => p.Second);
        foreach (var (code, name, column, value, raw) in figures)
        {
            var indicator = byMeasure[column.Measure];
            observations.Add(new Observation(code, indicator.Code, column.Year, null, column.Kind, value,
                indicator.Unit.Length > 0 ? indicator.Unit : null, source, $"\"{name}\" {column.Header} = {raw}"));
        }
        var inGsoWords = measures.Zip(indicators)
            .Where(p => _vietnamese.IsGsoWording(title, measures.Count > 1 ? p.First.DisplayName : null)).Select(p => p.Second.Code).ToList();
        return new GsoTable(sourceName, title, indicators, observations, areaRows, unresolved, warnings, inGsoWords);
    }

    /// <summary>The indicator code for a table title (as exported or cleaned) and an optional measure.</summary>
    public static string IndicatorCode(string title, string? measure = null)
    {
        var code = "gso-" + NameKeys.Slug(CleanTitle(title));
        var (name, _) = SplitUnit(measure ?? "");
        return name.Length > 0 ? $"{code}-{NameKeys.Slug(name)}" : code;
    }

    /// <summary>"Average population by province by Cities, provincies, Average population and Year" → "Average population".</summary>
    public static string CleanTitle(string rawTitle)
    {
        var title = Spaces().Replace(rawTitle, " ").Trim();
        // PX-Web appends " by <dimension>, <dimension> and Year": cut at the last " by " whose remainder names the year.
        var cut = title.LastIndexOf(" by ", StringComparison.OrdinalIgnoreCase);
        if (cut > 0 && YearWord().IsMatch(title[cut..])) title = title[..cut];
        title = Footnote().Replace(title, " ");
        title = Spaces().Replace(title, " ").Trim();
        title = ByProvince().Replace(title, "").Trim().TrimEnd(',', ';', ':', '-').Trim();
        return title;
    }

    private sealed record Column(int Index, string Header, string Measure, int Year, ObservationKind Kind);

    private sealed record Measure(string Name, string DisplayName, string Unit, string Code);

    private static Measure MeasureOf(IReadOnlyList<Measure> measures, Column column) => measures.First(m => m.Name == column.Measure);

    private static List<Column> ReadColumns(DelimitedRecord header, List<string> warnings)
    {
        var columns = new List<Column>();
        var lastYear = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 1; i < header.Fields.Count; i++)
        {
            var raw = header.Fields[i].Trim();
            if (raw.Length == 0) continue; // trailing separator
            var text = Footnote().Replace(raw, " ");
            var kind = Preliminary().IsMatch(text) ? ObservationKind.Estimate : ObservationKind.Actual;
            text = Spaces().Replace(Preliminary().Replace(text, " "), " ").Trim();

            var years = YearToken().Matches(text);
            var year = years.Count switch
            {
                0 => null,
                _ when years[0].Index == 0 => years[0],
                _ when years[^1].Index + years[^1].Length == text.Length => years[^1],
                1 => years[0],
                _ => null,
            };
            if (year is null)
            {
                warnings.Add(Bilingual.T($"cột {i + 1} '{raw}': ô tiêu đề không ghi năm; đã bỏ qua", $"column {i + 1} '{raw}': no year in the header cell; skipped"));
                continue;
            }
            var value = int.Parse(year.Value, CultureInfo.InvariantCulture);
            var measure = Spaces().Replace(text.Remove(year.Index, year.Length), " ").Trim().Trim(',', '-', ':').Trim();

            if (lastYear.TryGetValue(measure, out var previous) && value <= previous)
            {
                // PX-Web lists years in ascending order; a year out of order is a typo in the export (one table has
                // "1988" between 1997 and 1999). A misdated figure is worse than a missing one, so skip the column.
                warnings.Add(Bilingual.T(
                    $"cột {i + 1} '{raw}': năm {value} không đứng sau {previous}{(measure.Length > 0 ? $" của '{measure}'" : "")}; đã bỏ qua vì nhiều khả năng là lỗi đánh máy",
                    $"column {i + 1} '{raw}': year {value} does not follow {previous}{(measure.Length > 0 ? $" for '{measure}'" : "")}; skipped as a likely typo"));
                continue;
            }
            lastYear[measure] = value;
            if (value is < ObservationValidator.MinYear or > ObservationValidator.MaxYear)
            {
                warnings.Add(Bilingual.T(
                    $"cột {i + 1} '{raw}': năm {value} nằm ngoài khoảng {ObservationValidator.MinYear}..{ObservationValidator.MaxYear}; đã bỏ qua",
                    $"column {i + 1} '{raw}': year {value} is outside {ObservationValidator.MinYear}..{ObservationValidator.MaxYear}; skipped"));
                continue;
            }
            columns.Add(new Column(i, raw, measure, value, kind));
        }
        return columns;
    }

    private static List<Measure> BuildMeasures(string title, List<Column> columns, string sourceName)
    {
        var names = columns.Select(c => c.Measure).Distinct(StringComparer.Ordinal).ToList();
        var multi = names.Count > 1;
        var measures = new List<Measure>();
        var codes = new HashSet<string>(StringComparer.Ordinal);
        var titleCode = "gso-" + NameKeys.Slug(title);
        if (titleCode == "gso-") throw new DataFormatException(sourceName, 1, null, Bilingual.T(
            "tên bảng không có chữ cái hay chữ số nào để tạo mã chỉ tiêu", "the title has no letters or digits to derive an indicator code from"));
        foreach (var name in names)
        {
            var (display, unit) = SplitUnit(name);
            var code = multi && NameKeys.Slug(display).Length > 0 ? $"{titleCode}-{NameKeys.Slug(display)}" : titleCode;
            if (!codes.Add(code))
            {
                // Two measures that differ only in their unit ("Area (Km2)", "Area (Ha)").
                code = $"{code}-{NameKeys.Slug(unit)}".TrimEnd('-');
                for (var n = 2; !codes.Add(code); n++) code = $"{code}-{n}";
            }
            measures.Add(new Measure(name, display, unit, code));
        }
        return measures;
    }

    private static int DecimalsOf(string raw)
    {
        var point = raw.IndexOf('.');
        return point < 0 || raw.Contains('e', StringComparison.OrdinalIgnoreCase) ? 0 : raw.Length - point - 1;
    }

    /// <summary>The table title and measures that have no Vietnamese name in the map.</summary>
    private List<string> UntranslatedTexts(string title, List<Measure> measures)
    {
        var missing = new List<string>();
        if (_vietnamese.Title(title) is null) missing.Add(title);
        if (measures.Count > 1)
            missing.AddRange(measures.Where(m => m.DisplayName.Length > 0 && _vietnamese.Measure(m.DisplayName) is null).Select(m => m.DisplayName));
        return missing;
    }

    /// <summary>"Dân số trung bình: Tổng số" for "Average population: Total"; null when a part has no Vietnamese name.</summary>
    private string? VietnameseName(Measure measure, string title, bool multi)
    {
        if (_vietnamese.Title(title) is not { } vi) return null;
        if (!multi || measure.DisplayName.Length == 0) return vi;
        return _vietnamese.Measure(measure.DisplayName) is { } m ? $"{vi}: {m}" : null;
    }

    private IndicatorDefinition Define(Measure measure, string title, List<Measure> measures, List<double> values, string source, List<string> warnings)
    {
        var multi = measures.Count > 1;
        var titleWords = NameKeys.Fold(title);
        var measureWords = NameKeys.Fold(measure.DisplayName);
        var siblings = measures.Select(m => NameKeys.Fold(m.DisplayName)).ToList();
        bool Says(string[] phrases) => siblings.Any(s => phrases.Any(p => NameKeys.HasPhrase(s, p)))
            ? phrases.Any(p => NameKeys.HasPhrase(measureWords, p))
            : phrases.Any(p => NameKeys.HasPhrase(titleWords, p));

        var unit = measure.Unit.Length > 0 ? measure.Unit
            : SplitUnit(title).Unit is { Length: > 0 } titleUnit ? titleUnit
            : Says(["percentage", "percent"]) ? "%" : "";
        var percentLike = unit == "%" || Says(PercentLike);
        var nonNegative = values.All(v => v >= 0);

        double? max = null;
        if (percentLike)
        {
            if (values.All(v => v <= 100)) max = 100;
            else warnings.Add(Bilingual.T(
                $"chỉ tiêu '{measure.Code}' có dạng tỷ lệ nhưng có giá trị trên 100; không đặt giới hạn trên",
                $"indicator '{measure.Code}' reads as a rate but has values above 100; left without an upper bound"));
        }
        double? min = nonNegative && !Says(Signed) ? 0 : null;

        var name = multi && measure.DisplayName.Length > 0 ? $"{title}: {measure.DisplayName}" : title;
        // GSO's English export carries no Vietnamese title: the map gives it; without one the English name stands in
        // (and the import warns), so no screen shows a blank.
        return new IndicatorDefinition(measure.Code, VietnameseName(measure, title, multi) ?? name, name, unit,
            Says(LowerIsBetter) ? Direction.LowerIsBetter : Direction.HigherIsBetter,
            min, max,
            Says(MeanLike) ? Aggregation.Mean : Aggregation.Sum,
            source);
    }

    /// <summary>
    /// Country, region, no province (with a note for the warning), or null for a province row or an unmatched name.
    /// Only the country and the regions are matched tolerantly (a spelling within a couple of letters of the
    /// canonical one): a wrongly matched aggregate is kept apart anyway, while a wrongly matched province would put
    /// another province's figures under its name, so province names stay exact and an unmatched one is refused.
    /// </summary>
    private GsoAreaKind? ClassifyArea(string name, out string? region, out string? note)
    {
        region = null;
        note = null;
        var folded = NameKeys.Fold(name);
        var compact = folded.Replace(" ", "");
        if (CountryKeys.Contains(compact)) return GsoAreaKind.Country;
        if (CountryKeys.FirstOrDefault(k => k.Length >= 8 && EditDistance(k, compact, 2) <= 2) is { } country)
        {
            note = Bilingual.T($"'{name}' được hiểu là cả nước (một cách viết khác của '{country}')", $"'{name}' read as the whole country (a variant spelling of '{country}')");
            return GsoAreaKind.Country;
        }
        if (provinces.TryResolveRegion(name, out region)) return GsoAreaKind.Region;
        if (provinces.Resolve(name, geography: Geography.Vn63).IsResolved) return null;
        if (ClosestRegion(folded) is { } near)
        {
            region = near;
            note = Bilingual.T($"'{name}' được hiểu là vùng '{near}' (một cách viết khác)", $"'{name}' read as the region '{near}' (a variant spelling)");
            return GsoAreaKind.Region;
        }
        // GSO's explained remainders ("Units are not included in provinces") are expected and kept quietly.
        if (NonProvincialPhrases.Any(p => NameKeys.HasPhrase(folded, p))) return GsoAreaKind.NonProvincial;
        if (NoProvinceWords.Any(p => NameKeys.HasPhrase(folded, p)))
        {
            note = Bilingual.T(
                $"'{name}' không chỉ tỉnh nào; số liệu của dòng này được để riêng, không nhập như một tỉnh",
                $"'{name}' names no province; its figures are kept apart, not imported as a province");
            return GsoAreaKind.NonProvincial;
        }
        return null;
    }

    /// <summary>
    /// The region whose words (noise words dropped, plurals and "northern"/"mountainous" reduced, in any order) are
    /// within a few letters of the name's: "Northern midlands and moutain areas" (GSO's typo) → "Northern midlands and
    /// mountain areas". Short keys must match exactly, so no province name can drift into a region.
    /// </summary>
    private string? ClosestRegion(string folded)
    {
        var key = RegionWords(folded);
        if (key.Length < 6) return null;
        string? best = null;
        var bestDistance = int.MaxValue;
        foreach (var r in provinces.Regions)
        {
            var candidate = RegionWords(NameKeys.Fold(r));
            var allowed = candidate.Length >= 16 ? 3 : candidate.Length >= 10 ? 2 : candidate.Length >= 6 ? 1 : 0;
            var d = EditDistance(key, candidate, allowed);
            if (d <= allowed && d < bestDistance) (best, bestDistance) = (r, d);
        }
        return best;
    }

    private static string RegionWords(string folded) => string.Join(' ', folded
        .Split(' ', StringSplitOptions.RemoveEmptyEntries)
        .Where(w => !RegionNoise.Contains(w))
        .Select(w => w switch
        {
            "northern" => "north",
            "southern" => "south",
            "mountainous" or "mountains" => "mountain",
            "coast" or "coastal" => "coast",
            _ when w.Length > 4 && w.EndsWith('s') => w[..^1],
            _ => w,
        })
        .Order(StringComparer.Ordinal));

    /// <summary>Levenshtein distance, or any value above <paramref name="limit"/> once it is certain to exceed it.</summary>
    private static int EditDistance(string a, string b, int limit)
    {
        if (Math.Abs(a.Length - b.Length) > limit) return limit + 1;
        var previous = new int[b.Length + 1];
        var current = new int[b.Length + 1];
        for (var j = 0; j <= b.Length; j++) previous[j] = j;
        for (var i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            var rowMin = i;
            for (var j = 1; j <= b.Length; j++)
            {
                current[j] = Math.Min(Math.Min(previous[j] + 1, current[j - 1] + 1), previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1));
                rowMin = Math.Min(rowMin, current[j]);
            }
            if (rowMin > limit) return limit + 1;
            (previous, current) = (current, previous);
        }
        return previous[b.Length];
    }

    /// <summary>"Number of libraries (Unit)" → ("Number of libraries", "Unit"); footnote marks are not units.</summary>
    private static (string Name, string Unit) SplitUnit(string text)
    {
        var m = TrailingUnit().Match(text);
        return m.Success ? (text[..m.Index].Trim(), m.Groups[1].Value.Trim()) : (text.Trim(), "");
    }

    /// <summary>PX-Web's no-data symbols: ".." (not available), "..." and "-" (nil) are all "no figure".</summary>
    private static bool IsNoData(string cell) => cell.Length == 0 || cell.All(c => c is '.' or '-' or '…');

    [GeneratedRegex(@"\s+")]
    private static partial Regex Spaces();

    [GeneratedRegex(@"\(\s*\*+\s*\)")]
    private static partial Regex Footnote();

    [GeneratedRegex(@"\byears?\b", RegexOptions.IgnoreCase)]
    private static partial Regex YearWord();

    [GeneratedRegex(@"\s+(and\s+)?by\s+provinc\w*$", RegexOptions.IgnoreCase)]
    private static partial Regex ByProvince();

    // Only next to the year ("Prel. 2016", "2016 Prel."), so a measure such as "Pre-school" is not taken for one.
    [GeneratedRegex(@"\b(preliminary|prelim|prel|pre)\b\.?\s*(?=(1[89]|2[01])\d\d(?!\d))|(?<=(?<!\d)(1[89]|2[01])\d\d)\s*\(?\b(preliminary|prelim|prel|pre)\b\.?\)?", RegexOptions.IgnoreCase)]
    private static partial Regex Preliminary();

    [GeneratedRegex(@"(?<!\d)(1[89]\d\d|2[01]\d\d)(?!\d)")]
    private static partial Regex YearToken();

    [GeneratedRegex(@"\(([^()*]+)\)\s*$")]
    private static partial Regex TrailingUnit();
}
