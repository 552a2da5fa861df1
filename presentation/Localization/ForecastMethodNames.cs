using System.Collections.Frozen;

namespace Analytics.Presentation.Localization;

/// <summary>
/// The forecasting methods under the names a reader reads, in both languages. The API, the CLI and docs/forecasting.md
/// name a method by its identifier (<c>damped-trend</c>); a page, report or export shows these words, with the
/// identifier kept only where an analyst copies it (a tooltip). A method not listed here is shown by its identifier.
/// </summary>
public static class ForecastMethodNames
{
    private static readonly FrozenDictionary<string, (string Vi, string En)> Names = new Dictionary<string, (string, string)>(StringComparer.Ordinal)
    {
        ["production"] = ("kết hợp các phương pháp, chọn qua kiểm định", "combination of methods chosen by back-test"),
        ["naive"] = ("giữ nguyên giá trị gần nhất", "last value held"),
        ["drift"] = ("xu hướng bình quân từ đầu chuỗi", "average drift since the first figure"),
        ["ses"] = ("san bằng mũ đơn", "simple exponential smoothing"),
        ["holt"] = ("san bằng mũ có xu hướng tuyến tính", "exponential smoothing with a linear trend"),
        ["theta"] = ("san bằng mũ kèm nửa độ dốc dài hạn", "exponential smoothing with half the long-run slope"),
        ["damped-trend"] = ("xu hướng tắt dần", "damped trend"),
        ["bounded-trend"] = ("xu hướng trong giới hạn của chỉ tiêu", "trend within the indicator's bounds"),
        ["escap-twlr"] = ("hồi quy tuyến tính có trọng số thời gian", "time-weighted linear regression"),
        ["mlnet-global"] = ("mô hình học máy chung cho mọi tỉnh", "machine-learning model across provinces"),
        ["peer-pooled"] = ("gộp với các tỉnh cùng chỉ tiêu", "pooled with peer provinces"),
    }.ToFrozenDictionary(StringComparer.Ordinal);

    /// <summary>The methods that have reader-facing names.</summary>
    public static IReadOnlyCollection<string> Known => Names.Keys;

    /// <summary>The method's name in <paramref name="language"/>; the identifier itself when the method has no name here.</summary>
    public static string Of(string? method, Language language) =>
        method is null ? "–"
        : Names.TryGetValue(method, out var n) ? (language == Language.En ? n.En : n.Vi)
        : method;
}
