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
            return (null, [new RowError(0, "body", $"not valid JSON ({ex.Message.Split('.')[0]})")]);
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
                    errors.Add(new RowError(row, "definition", "each definition must be a JSON object"));
                    continue;
                }
                var stated = element.EnumerateObject().Select(p => p.Name).ToHashSet(StringComparer.OrdinalIgnoreCase);
                var missing = Fields.Where(f => !stated.Contains(f)).ToList();
                foreach (var field in missing)
                    errors.Add(new RowError(row, field, $"{field} is missing: an update states every field ({string.Join(", ", Fields)}); null where there is no bound or source"));
                if (missing.Count > 0) continue;
                try
                {
                    definitions.Add(element.Deserialize<IndicatorDto>(json)!);
                }
                catch (JsonException ex)
                {
                    errors.Add(new RowError(row, ex.Path?.TrimStart('$', '.') is { Length: > 0 } path ? path : "definition",
                        $"not a value this field takes ({ex.Message.Split(". ")[0]})"));
                }
            }
            return errors.Count > 0 ? (null, errors) : (definitions, errors);
        }
    }
}
