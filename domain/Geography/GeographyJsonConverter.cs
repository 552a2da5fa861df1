using System.Text.Json;
using System.Text.Json.Serialization;

namespace Analytics.Domain.Geography;

/// <summary>
/// A geography in JSON is its code, "vn-63" or "vn-34"; reading accepts what <see cref="Geography.TryParse"/> accepts
/// and refuses anything else, so a contract never carries a geography that does not exist.
/// </summary>
public sealed class GeographyJsonConverter : JsonConverter<Geography>
{
    public override Geography Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        reader.TokenType == JsonTokenType.String && Geography.TryParse(reader.GetString(), out var geography)
            ? geography
            : throw new JsonException("A geography is \"vn-63\" or \"vn-34\".");

    public override void Write(Utf8JsonWriter writer, Geography value, JsonSerializerOptions options) =>
        writer.WriteStringValue(value.Code);
}
