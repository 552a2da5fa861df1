using System.Globalization;
using System.Text.Json;
using Analytics.Domain;

namespace Analytics.Formats;

/// <summary>
/// Reads a JSON array of observation objects into the same raw rows the CSV reader produces, so both formats
/// meet one validator. Numbers may be sent as JSON numbers or strings; anything else is reported per row.
/// </summary>
public static class ObservationJson
{
    private static readonly HashSet<string> Fields =
        ["province", "indicator", "year", "quarter", "kind", "value", "unit", "source", "quote", "geography", ObservationCsv.ConfirmedColumn,
        ObservationCsv.RestatedColumn, ObservationCsv.QualifierColumn];

    /// <summary>Thrown for a body that is not a JSON array of objects; the message names where and why.</summary>
    public sealed class MalformedJsonException(string message) : Exception(message);

    public static async Task<IReadOnlyList<ObservationInput>> ReadAsync(Stream body, CancellationToken ct)
    {
        JsonDocument document;
        try
        {
            document = await JsonDocument.ParseAsync(body, default, ct);
        }
        catch (JsonException ex)
        {
            throw new MalformedJsonException($"Malformed JSON at line {ex.LineNumber + 1}, byte {ex.BytePositionInLine + 1}: {InputLimits.Echo(Reason(ex.Message))}");
        }

        using (document)
        {
            if (document.RootElement.ValueKind != JsonValueKind.Array)
                throw new MalformedJsonException($"Expected a JSON array of observations, got {document.RootElement.ValueKind.ToString().ToLowerInvariant()}.");
            var rows = new List<ObservationInput>(document.RootElement.GetArrayLength());
            var row = 0;
            foreach (var item in document.RootElement.EnumerateArray())
            {
                row++;
                if (item.ValueKind != JsonValueKind.Object)
                    throw new MalformedJsonException($"Element {row} of the array is {item.ValueKind.ToString().ToLowerInvariant()}, not an object.");
                var values = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
                foreach (var property in item.EnumerateObject())
                {
                    string name;
                    try
                    {
                        name = property.Name;
                    }
                    catch (InvalidOperationException)
                    {
                        throw new MalformedJsonException($"Element {row} has a field name that is not valid UTF-8 (or has a lone UTF-16 surrogate such as \\ud800).");
                    }
                    if (!Fields.Contains(name))
                        throw new MalformedJsonException($"Element {row} has an unknown field '{InputLimits.Echo(name)}'. Fields: {string.Join(", ", Fields)}.");
                    // A key given twice is refused, not "the last one wins": which value was meant is the sender's to say.
                    if (values.ContainsKey(name))
                        throw new MalformedJsonException($"Element {row} has the field '{name}' twice.");
                    try
                    {
                        values[name] = Text(property.Value);
                    }
                    catch (InvalidOperationException)
                    {
                        // JsonDocument checks text only when it is read: invalid UTF-8 or a lone surrogate (\ud800) fails here.
                        throw new MalformedJsonException($"Element {row}, field '{name}': the text is not valid UTF-8 (or has a lone UTF-16 surrogate such as \\ud800).");
                    }
                }
                rows.Add(new ObservationInput(row,
                    Get("province"), Get("indicator"), Get("year"), Get("quarter"), Get("kind"),
                    Get("value"), Get("unit"), Get("source"), Get("quote"), Get("geography"), Get(ObservationCsv.ConfirmedColumn),
                    Get(ObservationCsv.RestatedColumn), Get(ObservationCsv.QualifierColumn)));

                string? Get(string name) => values.TryGetValue(name, out var v) ? v : null;
            }
            return rows;
        }
    }

    // The reader's reason without the position it repeats ("... LineNumber: 0 | BytePositionInLine: 3.").
    private static string Reason(string message) => message.IndexOf(" LineNumber:", StringComparison.Ordinal) is var at and > 0 ? message[..at] : message;

    // Raw text of a value: the validator, not the reader, decides what is a good number, so errors read alike for CSV and JSON.
    private static string? Text(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.Null => null,
        JsonValueKind.String => value.GetString(),
        JsonValueKind.Number => value.GetRawText(),
        JsonValueKind.True or JsonValueKind.False => value.GetRawText(),
        _ => value.GetRawText(),
    };
}
