using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace Analytics.Domain;

/// <summary>
/// The provinces (as data/provinces.csv lists them; see Formats.ProvinceCsv) and every usual way of naming them. Reports, GSO tables and analysts spell
/// the same province differently ("TP. Hồ Chí Minh", "Ho Chi Minh city", "TP HCM"; "Thua Thien-Hue", "Thừa Thiên - Huế";
/// "Thai  Nguyen"; "Đắk"/"Dak"/"Đăk"), so names are matched on a key that ignores diacritics, case, punctuation,
/// spacing and administrative prefixes ("Tỉnh", "Thành phố", "TP.", "City", "province"), plus a short alias list for
/// abbreviations and former or new names that no normalisation can reach.
/// Hà Tây (28) stays a province of its own: its series end in 2007 and must not be folded into Hà Nội's.
/// </summary>
public sealed class ProvinceDirectory
{
    // Administrative words that are not part of a province's name. Multi-word prefixes first.
    private static readonly string[][] Prefixes =
        [["thanh", "pho"], ["city", "of"], ["province", "of"], ["tinh"], ["tp"], ["city"], ["province"]];
    private static readonly string[][] Suffixes = [["city"], ["province"], ["municipality"]];

    /// <summary>
    /// Names no normalisation reaches: abbreviations, older spellings and the 2025 name "Thành phố Huế".
    /// Keys are already normalised (no spaces); see <see cref="NameKey"/>.
    /// </summary>
    private static readonly (string Key, string Code)[] Aliases =
    [
        ("hcm", "79"), ("tphcm", "79"), ("hcmc", "79"), ("saigon", "79"),
        ("hue", "46"), ("tthue", "46"),
        ("daclac", "66"), ("dacnong", "67"),
        ("baccan", "06"),
        ("brvt", "77"),
    ];

    // GSO's region rows use several spellings of the six regions ("North Central area and Central coastal area").
    private static readonly HashSet<string> RegionNoise = ["area", "areas", "and", "the", "region", "regions", "of"];

    private readonly Dictionary<string, Province> _byCode;
    private readonly Dictionary<string, Province> _byKey;
    private readonly Dictionary<string, string> _regionsByKey;

    public ProvinceDirectory(IEnumerable<Province> provinces)
    {
        All = provinces.ToList();
        _byCode = new Dictionary<string, Province>(StringComparer.Ordinal);
        _byKey = new Dictionary<string, Province>(StringComparer.Ordinal);
        _regionsByKey = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var p in All)
        {
            if (!_byCode.TryAdd(p.Code, p)) throw new ArgumentException($"Province code {p.Code} appears twice.", nameof(provinces));
            AddKey(NameKey(p.NameVi), p);
            AddKey(NameKey(p.NameAscii), p);
            _regionsByKey.TryAdd(RegionKey(p.Region), p.Region);
        }
        foreach (var (key, code) in Aliases)
            if (_byCode.TryGetValue(code, out var p) && !_byKey.ContainsKey(key)) _byKey[key] = p;
        Regions = All.Select(p => p.Region).Distinct(StringComparer.Ordinal).ToList();
    }

    /// <summary>Every province in file order, including Hà Tây and the provinces merged in 2025.</summary>
    public IReadOnlyList<Province> All { get; }

    /// <summary>The six socio-economic regions, in file order.</summary>
    public IReadOnlyList<string> Regions { get; }

    /// <summary>The province with this GSO code ("01", or "1" for the same), or null.</summary>
    public Province? Find(string? code) =>
        code is not null && _byCode.TryGetValue(NormaliseCode(code.Trim()), out var p) ? p : null;

    /// <summary>Resolves a GSO code or any usual spelling of a province's name.</summary>
    public bool TryResolve(string? codeOrName, [NotNullWhen(true)] out Province? province)
    {
        province = null;
        if (string.IsNullOrWhiteSpace(codeOrName)) return false;
        var text = codeOrName.Trim();
        if (text.All(char.IsAsciiDigit)) return (province = Find(text)) is not null;
        return _byKey.TryGetValue(NameKey(text), out province);
    }

    /// <summary>Resolves a region name in any of GSO's spellings to the region as written in provinces.csv.</summary>
    public bool TryResolveRegion(string? name, [NotNullWhen(true)] out string? region)
    {
        region = null;
        return !string.IsNullOrWhiteSpace(name) && _regionsByKey.TryGetValue(RegionKey(name), out region);
    }

    /// <summary>
    /// The matching key of a province name: folded to ASCII, administrative prefixes and suffixes dropped, spaces
    /// removed (so "Daklak", "Dak Lak" and "Đắk Lắk" meet). "TP. Hồ Chí Minh" → "hochiminh".
    /// </summary>
    public static string NameKey(string name)
    {
        var words = NameKeys.Fold(name).Split(' ', StringSplitOptions.RemoveEmptyEntries).ToList();
        var changed = true;
        while (changed)
        {
            changed = false;
            foreach (var prefix in Prefixes)
                if (words.Count > prefix.Length && words.Take(prefix.Length).SequenceEqual(prefix))
                {
                    words.RemoveRange(0, prefix.Length);
                    changed = true;
                    break;
                }
            foreach (var suffix in Suffixes)
                if (words.Count > suffix.Length && words.Skip(words.Count - suffix.Length).SequenceEqual(suffix))
                {
                    words.RemoveRange(words.Count - suffix.Length, suffix.Length);
                    changed = true;
                    break;
                }
        }
        return string.Concat(words);
    }

    private static string RegionKey(string name) => string.Concat(
        NameKeys.Fold(name).Split(' ', StringSplitOptions.RemoveEmptyEntries)
            .Where(w => !RegionNoise.Contains(w))
            .Select(w => w == "northern" ? "north" : w));

    private static string NormaliseCode(string code) =>
        code.Length is > 0 and <= 3 && code.All(char.IsAsciiDigit)
            ? int.Parse(code, CultureInfo.InvariantCulture).ToString("00", CultureInfo.InvariantCulture)
            : code;

    private void AddKey(string key, Province p)
    {
        if (_byKey.TryGetValue(key, out var other) && other.Code != p.Code)
            throw new ArgumentException($"Provinces {other.Code} and {p.Code} share the name key '{key}'.");
        _byKey[key] = p;
    }
}
