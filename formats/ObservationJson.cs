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
            // The parser's own reason is English only; the Vietnamese message says where to look and what usually breaks there.
            throw new MalformedJsonException(Bilingual.T(
                $"JSON sai cú pháp ở dòng {ex.LineNumber + 1}, byte {ex.BytePositionInLine + 1}: hãy xem lại các dấu ngoặc, dấu phẩy và dấu ngoặc kép quanh chỗ này",
                $"Malformed JSON at line {ex.LineNumber + 1}, byte {ex.BytePositionInLine + 1}: {InputLimits.Echo(Reason(ex.Message))}"));
        }

        using (document)
        {
            if (document.RootElement.ValueKind != JsonValueKind.Array)
                throw new MalformedJsonException(Bilingual.T(
                    $"Cần một mảng JSON các số liệu, nhưng nhận được {KindVi(document.RootElement.ValueKind)}.",
                    $"Expected a JSON array of observations, got {document.RootElement.ValueKind.ToString().ToLowerInvariant()}."));
            var rows = new List<ObservationInput>(document.RootElement.GetArrayLength());
            var row = 0;
            foreach (var item in document.RootElement.EnumerateArray())
            {
                row++;
                if (item.ValueKind != JsonValueKind.Object)
                    throw new MalformedJsonException(Bilingual.T(
                        $"Phần tử {row} của mảng là {KindVi(item.ValueKind)}, không phải một đối tượng.",
                        $"Element {row} of the array is {item.ValueKind.ToString().ToLowerInvariant()}, not an object."));
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
                        throw new MalformedJsonException(Bilingual.T(
                            $"Phần tử {row} có tên trường không phải UTF-8 hợp lệ (hoặc có một nửa cặp thay thế UTF-16 đứng riêng, như \\ud800).",
                            $"Element {row} has a field name that is not valid UTF-8 (or has a lone UTF-16 surrogate such as \\ud800)."));
                    }
                    if (!Fields.Contains(name))
                        throw new MalformedJsonException(Bilingual.T(
                            $"Phần tử {row} có trường '{InputLimits.Echo(name)}' không thuộc định dạng này. Các trường: {string.Join(", ", Fields)}.",
                            $"Element {row} has an unknown field '{InputLimits.Echo(name)}'. Fields: {string.Join(", ", Fields)}."));
                    // A key given twice is refused, not "the last one wins": which value was meant is the sender's to say.
                    if (values.ContainsKey(name))
                        throw new MalformedJsonException(Bilingual.T(
                            $"Phần tử {row} có trường '{name}' hai lần.", $"Element {row} has the field '{name}' twice."));
                    try
                    {
                        values[name] = Text(property.Value);
                    }
                    catch (InvalidOperationException)
                    {
                        // JsonDocument checks text only when it is read: invalid UTF-8 or a lone surrogate (\ud800) fails here.
                        throw new MalformedJsonException(Bilingual.T(
                            $"Phần tử {row}, trường '{name}': văn bản không phải UTF-8 hợp lệ (hoặc có một nửa cặp thay thế UTF-16 đứng riêng, như \\ud800).",
                            $"Element {row}, field '{name}': the text is not valid UTF-8 (or has a lone UTF-16 surrogate such as \\ud800)."));
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

    /// <summary>What a JSON value is, in Vietnamese ("một đối tượng"); the English message names the kind as JSON does.</summary>
    private static string KindVi(JsonValueKind kind) => kind switch
    {
        JsonValueKind.Object => "một đối tượng",
        JsonValueKind.Array => "một mảng",
        JsonValueKind.String => "một chuỗi",
        JsonValueKind.Number => "một số",
        JsonValueKind.True or JsonValueKind.False => "một giá trị true/false",
        JsonValueKind.Null => "null",
        _ => "một giá trị không xác định",
    };

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
