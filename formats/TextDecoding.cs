using System.Text;

namespace Analytics.Formats;

/// <summary>Turns file bytes into text, honouring byte-order marks and refusing to guess silently.</summary>
internal static class TextDecoding
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    public static byte[] ReadAll(Stream stream)
    {
        if (stream is MemoryStream ms && ms.Position == 0) return ms.ToArray();
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }

    /// <summary>Decodes UTF-8 (BOM optional) or UTF-16 (with a BOM, or mostly ASCII without one); null when the bytes are not valid UTF-8.</summary>
    public static string? TryDecodeUnicode(byte[] bytes)
    {
        if (bytes is [0xFF, 0xFE, ..]) return Encoding.Unicode.GetString(bytes, 2, bytes.Length - 2);
        if (bytes is [0xFE, 0xFF, ..]) return Encoding.BigEndianUnicode.GetString(bytes, 2, bytes.Length - 2);
        if (Utf16WithoutMark(bytes) is { } utf16) return utf16.GetString(bytes);
        var skip = bytes is [0xEF, 0xBB, 0xBF, ..] ? 3 : 0;
        try { return StrictUtf8.GetString(bytes, skip, bytes.Length - skip); }
        catch (DecoderFallbackException) { return null; }
    }

    /// <summary>
    /// UTF-16 without a byte-order mark (some Windows "Unicode text" exports) is valid UTF-8 byte for byte, full of
    /// NULs. Text never holds NULs, so mostly-ASCII text with a NUL in every other byte is taken for UTF-16.
    /// </summary>
    private static Encoding? Utf16WithoutMark(byte[] bytes)
    {
        var n = Math.Min(bytes.Length, 4096) & ~1;
        if (n < 4) return null;
        int evenZeros = 0, oddZeros = 0;
        for (var i = 0; i < n; i += 2)
        {
            if (bytes[i] == 0) evenZeros++;
            if (bytes[i + 1] == 0) oddZeros++;
        }
        var pairs = n / 2;
        if (oddZeros * 2 > pairs && evenZeros == 0) return Encoding.Unicode;
        if (evenZeros * 2 > pairs && oddZeros == 0) return Encoding.BigEndianUnicode;
        return null;
    }

    /// <summary>
    /// Windows-1252 rather than ISO-8859-1: old Windows exports use it, and it agrees with Latin-1 on every printable
    /// Latin-1 character while also mapping 0x80–0x9F (curly quotes, dashes) to what the author saw.
    /// The code-page provider ships with .NET; it is asked directly so no process-wide registration is needed.
    /// </summary>
    public static string DecodeLegacy(byte[] bytes) =>
        (CodePagesEncodingProvider.Instance.GetEncoding(1252) ?? Encoding.Latin1).GetString(bytes);
}
