using System.Globalization;
using System.Text;

namespace Analytics.Domain.Geography;

/// <summary>
/// Diacritic-free, punctuation-free forms of names, for matching spellings ("Thừa Thiên - Huế", "Thua Thien-Hue") and
/// for making codes. Ported from grains/Data/NameKeys.cs and the key logic of grains/Data/ProvinceDirectory.cs, which
/// move here so that one place decides how a province is named.
/// </summary>
public static class NameKeys
{
    // Administrative words that are not part of a unit's name. Multi-word prefixes first.
    private static readonly string[][] Prefixes =
        [["thanh", "pho"], ["city", "of"], ["province", "of"], ["tinh"], ["tp"], ["city"], ["province"]];
    private static readonly string[][] Suffixes = [["city"], ["province"], ["municipality"]];

    // GSO's region rows use several spellings of the six regions ("North Central area and Central coastal area").
    private static readonly HashSet<string> RegionNoise = ["area", "areas", "and", "the", "region", "regions", "of"];

    /// <summary>
    /// Lower-case ASCII words separated by single spaces: "Thừa Thiên - Huế" → "thua thien hue", "Đắk Lắk" → "dak lak",
    /// "Thai  Nguyen" → "thai nguyen". Vietnamese đ is a letter of its own (no decomposition), so it is mapped by hand.
    /// </summary>
    public static string Fold(string? text)
    {
        if (string.IsNullOrWhiteSpace(text)) return "";
        var decomposed = text.Normalize(NormalizationForm.FormD);
        var sb = new StringBuilder(decomposed.Length);
        var pendingSpace = false;
        foreach (var ch in decomposed)
        {
            if (CharUnicodeInfo.GetUnicodeCategory(ch) == UnicodeCategory.NonSpacingMark) continue;
            var c = ch switch { 'đ' or 'Đ' => 'd', _ => char.ToLowerInvariant(ch) };
            // A non-ASCII letter that does not decompose (rare) is kept, so distinct names stay distinct.
            if (char.IsLetterOrDigit(c))
            {
                if (pendingSpace && sb.Length > 0) sb.Append(' ');
                pendingSpace = false;
                sb.Append(c);
            }
            else pendingSpace = true;
        }
        return sb.ToString();
    }

    /// <summary>The text without its diacritics, case and punctuation kept: "Lâm Đồng" → "Lam Dong".</summary>
    public static string StripDiacritics(string text)
    {
        var decomposed = text.Normalize(NormalizationForm.FormD);
        var sb = new StringBuilder(decomposed.Length);
        foreach (var ch in decomposed)
        {
            if (CharUnicodeInfo.GetUnicodeCategory(ch) == UnicodeCategory.NonSpacingMark) continue;
            sb.Append(ch switch { 'đ' => 'd', 'Đ' => 'D', _ => ch });
        }
        return sb.ToString().Normalize(NormalizationForm.FormC);
    }

    /// <summary>Kebab-case ASCII, for indicator codes: "Average population" → "average-population".</summary>
    public static string Slug(string? text) => string.Join('-',
        Fold(text).Split(' ').Select(w => new string(w.Where(char.IsAsciiLetterOrDigit).ToArray())).Where(w => w.Length > 0));

    /// <summary>Whether a folded text contains a folded phrase as whole words.</summary>
    public static bool HasPhrase(string folded, string phrase) => $" {folded} ".Contains($" {phrase} ", StringComparison.Ordinal);

    /// <summary>
    /// The matching key of a unit's name: folded to ASCII, administrative prefixes and suffixes dropped, spaces removed
    /// (so "Daklak", "Dak Lak" and "Đắk Lắk" meet). "TP. Hồ Chí Minh" → "hochiminh", "Thành phố Huế" → "hue".
    /// </summary>
    public static string UnitKey(string? name)
    {
        var words = Fold(name).Split(' ', StringSplitOptions.RemoveEmptyEntries).ToList();
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

    /// <summary>The matching key of a region name in any of GSO's spellings ("Southeast", "South East").</summary>
    public static string RegionKey(string? name) => string.Concat(
        Fold(name).Split(' ', StringSplitOptions.RemoveEmptyEntries)
            .Where(w => !RegionNoise.Contains(w))
            .Select(w => w == "northern" ? "north" : w));
}
