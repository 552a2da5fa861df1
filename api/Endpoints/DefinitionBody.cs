using System.Text.Json;
using Analytics.Contracts;
using Analytics.Domain;

namespace Analytics.Api.Endpoints;

/// <summary>
/// The body of <c>POST /api/indicators</c>, read so that an omitted field is an error that names it rather than a
/// default: a definition re-posted without <c>direction</c> must not silently become higher-is-better. Every field
/// is stated; <c>min</c>, <c>max</c> and <c>source</c> may be <c>null</c> (no bound, no source).
/// </summary>
public static class DefinitionBody
{
    public static readonly string[] Fields = ["code", "nameVi", "nameEn", "unit", "direction", "min", "max", "aggregation", "source"];

    /// <summary>The definitions, or every problem as (row, field, reason); a body that is no JSON array is one problem of row 0.</summary>
    public static async Task<(IReadOnlyList<IndicatorDto>? Definitions, IReadOnlyList<RowError> Errors)> ReadAsync(
        Stream body, JsonSerializerOptions json, CancellationToken ct)
    {
        JsonDocument document;
        try
        {
            document = await JsonDocument.ParseAsync(body, cancellationToken: ct);
        }
        catch (JsonException ex)
        {
            // The reader's message names positions, never types; text that is not UTF-8 is said so plainly.
            return (null, [new RowError(0, "body", Utf8Flaw(ex) ? "the body is not valid UTF-8 text" : $"not valid JSON ({ex.Message.Split('.')[0]})")]);
        }
        using (document)
        {
            if (document.RootElement.ValueKind != JsonValueKind.Array)
                return (null, [new RowError(0, "body", "the body must be a JSON array of indicator definitions")]);
            var definitions = new List<IndicatorDto>();
            var errors = new List<RowError>();
            var row = 0;
            foreach (var element in document.RootElement.EnumerateArray())
            {
                row++;
                if (element.ValueKind != JsonValueKind.Object)
                {
                    errors.Add(new RowError(row, "definition", element.ValueKind == JsonValueKind.Null
                        ? $"Row {row}: null is not a definition" : "each definition must be a JSON object"));
                    continue;
                }
                // A key given twice would let the last one win silently.
                var twice = element.EnumerateObject().GroupBy(p => p.Name, StringComparer.OrdinalIgnoreCase).Where(g => g.Count() > 1).ToList();
                foreach (var key in twice)
                    errors.Add(new RowError(row, InputLimits.Echo(key.Key), $"Row {row}: key '{InputLimits.Echo(key.Key)}' is given twice"));
                if (twice.Count > 0) continue;
                var stated = element.EnumerateObject().Select(p => p.Name).ToHashSet(StringComparer.OrdinalIgnoreCase);
                var missing = Fields.Where(f => !stated.Contains(f)).ToList();
                foreach (var field in missing)
                    errors.Add(new RowError(row, field, $"{field} is missing: an update states every field ({string.Join(", ", Fields)}); null where there is no bound or source"));
                if (missing.Count > 0) continue;
                try
                {
                    definitions.Add(element.Deserialize<IndicatorDto>(json)!);
                }
                catch (Exception ex) when (ex is JsonException or InvalidOperationException)
                {
                    // Say which field and what it takes; the serializer's own message would name .NET types.
                    var field = (ex as JsonException)?.Path?.TrimStart('$', '.') is { Length: > 0 } path ? path : "definition";
                    var type = typeof(IndicatorDto).GetProperties().FirstOrDefault(p => string.Equals(p.Name, field, StringComparison.OrdinalIgnoreCase))?.PropertyType;
                    type = type is null ? null : Nullable.GetUnderlyingType(type) ?? type;
                    var reason = Utf8Flaw(ex) ? "is not valid UTF-8 text" : type is null ? "is not accepted" : QueryBinder.Expected(type);
                    errors.Add(new RowError(row, InputLimits.Echo(field), $"Row {row}, field '{InputLimits.Echo(field)}' {reason}"));
                }
            }
            return errors.Count > 0 ? (null, errors) : (definitions, errors);
        }
    }

    private static bool Utf8Flaw(Exception ex)
    {
        for (Exception? e = ex; e is not null; e = e.InnerException)
            if (e is System.Text.DecoderFallbackException || e.Message.Contains("UTF-8", StringComparison.Ordinal) || e.Message.Contains("UTF-16", StringComparison.Ordinal))
                return true;
        return false;
    }
}
