using System.Security.Cryptography;
using System.Text;

namespace Analytics.Api.Security;

/// <summary>
/// The shape of a key: <c>{id}.{secret}</c>, an id of 12 hex digits (how the key is listed, revoked and named in the
/// audit trail) and a secret of 32 random bytes in base64url. The cluster stores only the SHA-256 of the secret; a
/// presented key is checked by hashing its secret and comparing in constant time, so neither a stolen database nor
/// response timing gives a usable key away.
/// </summary>
public static class ApiKeys
{
    /// <summary>The header a key is sent in. <c>Authorization: Bearer {key}</c> works too (Prometheus can send that).</summary>
    public const string Header = "X-Api-Key";

    /// <summary>The header of <c>POST /api/keys/bootstrap</c>: the one-time token a silo wrote to its data folder.</summary>
    public const string BootstrapHeader = "X-Bootstrap-Token";

    public const int MaxNameLength = 120;

    public static (string Id, string Key, byte[] Hash) Create()
    {
        var id = Convert.ToHexString(RandomNumberGenerator.GetBytes(6)).ToLowerInvariant();
        var secret = Base64Url(RandomNumberGenerator.GetBytes(32));
        return (id, $"{id}.{secret}", Hash(secret));
    }

    /// <summary>The id and secret of a presented key; false when it does not have the shape of one.</summary>
    public static bool TryParse(string? presented, out string id, out string secret)
    {
        id = secret = "";
        if (presented is null || presented.Length > 200) return false;
        var dot = presented.IndexOf('.');
        if (dot != 12 || presented.Length < 20) return false;
        id = presented[..dot];
        secret = presented[(dot + 1)..];
        return id.All(char.IsAsciiHexDigitLower);
    }

    public static byte[] Hash(string secret) => SHA256.HashData(Encoding.UTF8.GetBytes(secret));

    /// <summary>Whether <paramref name="secret"/> is the one whose hash is <paramref name="storedHash"/>, in time independent of where they differ.</summary>
    public static bool Matches(string secret, byte[] storedHash) => CryptographicOperations.FixedTimeEquals(Hash(secret), storedHash);

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
