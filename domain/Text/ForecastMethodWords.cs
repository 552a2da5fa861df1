using System.Collections.Frozen;

namespace Analytics.Domain;

/// <summary>
/// The forecasting methods under the names a reader reads, in both languages, by the identifier the API, the CLI and
/// docs/forecasting.md name them with (<c>damped-trend</c>). Here, below both the renderings (presentation's
/// ForecastMethodNames) and the back-test's own tables (ml), so a method is called the same wherever it is named.
/// </summary>
public static class ForecastMethodWords
{
    private static readonly FrozenDictionary<string, Words> Names = new Dictionary<string, Words>(StringComparer.Ordinal)
    {
        ["production"] = new("kết hợp các phương pháp, chọn qua kiểm định", "combination of methods chosen by back-test"),
        ["naive"] = new("giữ nguyên giá trị gần nhất", "last value held"),
        ["drift"] = new("xu hướng bình quân từ đầu chuỗi", "average drift since the first figure"),
        ["ses"] = new("san bằng mũ đơn", "simple exponential smoothing"),
        ["holt"] = new("san bằng mũ có xu hướng tuyến tính", "exponential smoothing with a linear trend"),
        ["theta"] = new("san bằng mũ kèm nửa độ dốc dài hạn", "exponential smoothing with half the long-run slope"),
        ["damped-trend"] = new("xu hướng tắt dần", "damped trend"),
        ["bounded-trend"] = new("xu hướng trong giới hạn của chỉ tiêu", "trend within the indicator's bounds"),
        ["escap-twlr"] = new("hồi quy tuyến tính có trọng số thời gian", "time-weighted linear regression"),
        ["mlnet-global"] = new("mô hình học máy chung cho mọi tỉnh", "machine-learning model across provinces"),
        ["peer-pooled"] = new("gộp với các tỉnh cùng chỉ tiêu", "pooled with peer provinces"),
        ["analog"] = new("theo diễn biến của các chuỗi tương tự", "what followed the most similar series"),
    }.ToFrozenDictionary(StringComparer.Ordinal);

    /// <summary>The method's name in both languages; null when it has none (a reader then sees its identifier).</summary>
    public static Words? Of(string method) => Names.TryGetValue(method, out var words) ? words : null;
}
