using System.Text;
using Analytics.Presentation.Localization;

namespace Analytics.Api.Pages;

/// <summary>
/// Who is reading a page: their language (<c>?lang=en</c>, Vietnamese by default), which every link the page
/// prints keeps, so a reader who switched to English stays in English without a cookie or a script.
/// </summary>
public sealed class Reader(ReaderLocale locale, string path, IQueryCollection query)
{
    public static Reader From(HttpContext context) =>
        new(ReaderLocale.Parse(context.Request.Query["lang"]), context.Request.Path.Value ?? "/", context.Request.Query);

    public ReaderLocale Locale { get; } = locale;

    public bool English => Locale.Language == Language.En;

    public LabelCatalog Labels => Locale.Labels;

    /// <summary>The page's own words in the reader's language (indicator and unit names are data, not these).</summary>
    public string T(string vi, string en) => English ? en : vi;

    /// <summary>A link within the site that keeps the reader's language; null or empty values are left out.</summary>
    public string Href(string target, params (string Key, object? Value)[] parameters)
    {
        var pairs = parameters.Where(p => p.Value is not null && p.Value.ToString() is { Length: > 0 })
            .Select(p => (p.Key, Value: Convert.ToString(p.Value, System.Globalization.CultureInfo.InvariantCulture)!)).ToList();
        if (English) pairs.Add(("lang", "en"));
        return Build(target, pairs);
    }

    /// <summary>This page in the other language, with every other query parameter kept.</summary>
    public string OtherLanguageHref()
    {
        var pairs = query.Where(q => q.Key != "lang").SelectMany(q => q.Value.Select(v => (q.Key, Value: v ?? ""))).ToList();
        if (!English) pairs.Add(("lang", "en"));
        return Build(path, pairs);
    }

    /// <summary>A download of this page's table: the export route with this page's query.</summary>
    public string ExportHref(string format, string? table = null)
    {
        var pairs = query.Where(q => q.Key is not ("format" or "table")).SelectMany(q => q.Value.Select(v => (q.Key, Value: v ?? ""))).ToList();
        if (table is not null) pairs.Add(("table", table));
        pairs.Add(("format", format));
        return Build("/export" + path, pairs);
    }

    private static string Build(string target, IEnumerable<(string Key, string Value)> pairs)
    {
        var text = new StringBuilder(target);
        var first = !target.Contains('?');
        foreach (var (key, value) in pairs)
        {
            text.Append(first ? '?' : '&').Append(Uri.EscapeDataString(key)).Append('=').Append(Uri.EscapeDataString(value));
            first = false;
        }
        return text.ToString();
    }

    /// <summary>Regions are English in the data; Vietnamese readers see the usual Vietnamese names.</summary>
    public string Region(string? region) => region is null ? "" : English ? region : region switch
    {
        "Red River Delta" => "Đồng bằng sông Hồng",
        "Northern midlands and mountain areas" => "Trung du và miền núi phía Bắc",
        "North Central and Central coastal areas" => "Bắc Trung Bộ và duyên hải miền Trung",
        "Central Highlands" => "Tây Nguyên",
        "South East" => "Đông Nam Bộ",
        "Mekong River Delta" => "Đồng bằng sông Cửu Long",
        _ => region,
    };

    public string IndicatorName(Analytics.Domain.IndicatorDefinition d) => English ? d.NameEn : d.NameVi;

    /// <summary>A unit of measure in the reader's language ("điểm" / "score").</summary>
    public string Unit(string? unit) => Locale.Unit(unit);

    /// <summary>How a figure was carried into a unit of the 34 ("sum" → "tổng", ...), in the reader's language.</summary>
    public string Method(string? code) => code switch
    {
        "sum" => T("tổng", "sum"),
        "mean" => T("trung bình cộng", "mean"),
        "population-weighted" => T("trung bình theo dân số", "population-weighted mean"),
        "none" or "not-carried" => T("không chuyển sang", "not carried"),
        null or "" => "",
        _ => code,
    };

    public string Status(string? code) => Labels.Status(Analytics.Domain.AttainmentStatuses.FromCode(code));

    public string Status(Analytics.Domain.AttainmentStatus? status) => Labels.Status(status ?? Analytics.Domain.AttainmentStatus.Unknown);

    public string Kind(Analytics.Domain.ObservationKind kind) => Labels.Kind(kind);

    /// <summary>A shown value with the bound or approximation its figure is ("&gt; 40", "≈ 100"); the value alone when exact.</summary>
    public string Qualified(string? qualifier, string shown) => Analytics.Domain.Qualifiers.Shown(Analytics.Domain.Qualifiers.FromSymbol(qualifier), shown);
}
