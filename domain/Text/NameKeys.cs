using System.Globalization;
using System.Text;

namespace Analytics.Domain;

/// <summary>Diacritic-free, punctuation-free forms of names, for matching spellings and for making codes.</summary>
public static class NameKeys
{
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
            if (char.IsAsciiLetterOrDigit(c))
            {
                if (pendingSpace && sb.Length > 0) sb.Append(' ');
                pendingSpace = false;
                sb.Append(c);
            }
            else if (char.IsLetterOrDigit(c))
            {
                // A non-ASCII letter that does not decompose (rare): keep it so distinct names stay distinct.
                if (pendingSpace && sb.Length > 0) sb.Append(' ');
                pendingSpace = false;
                sb.Append(c);
            }
            else pendingSpace = true;
        }
        return sb.ToString();
    }

    /// <summary>Kebab-case ASCII, for indicator codes: "Average population" → "average-population".</summary>
    public static string Slug(string? text) => string.Join('-',
        Fold(text).Split(' ').Select(w => new string(w.Where(char.IsAsciiLetterOrDigit).ToArray())).Where(w => w.Length > 0));

    /// <summary>Whether a folded text contains a folded phrase as whole words.</summary>
    public static bool HasPhrase(string folded, string phrase) => $" {folded} ".Contains($" {phrase} ", StringComparison.Ordinal);
}
