using System.Collections.Concurrent;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace Analytics.Bench;

/// <summary>
/// Gives the baseline the product's bundled data (seed reports and GSO tables, as the product's own readers loaded
/// them) through the two services' HTTP APIs: every indicator definition, then every series' figures. A figure that
/// was revised goes in as its history, oldest value first, one batch round per step, so the baseline ends with the
/// same current figures and the same revisions.
/// </summary>
public static class BundleCopy
{
    public sealed record Copied(int Indicators, int Series, int Observations, List<(string Province, string Indicator, int[] Years)> SeriesYears);

    public static async Task<Copied> CopyAsync(HttpClient product, HttpClient baseline)
    {
        using var indicators = JsonDocument.Parse(await product.GetStringAsync("/api/indicators"));
        var definitions = indicators.RootElement.EnumerateArray().Select(e => e.Clone()).ToList();
        foreach (var chunk in definitions.Chunk(500))
            (await baseline.PostAsJsonAsync("/api/indicators", chunk)).EnsureSuccessStatusCode();

        using var provinces = JsonDocument.Parse(await product.GetStringAsync("/api/provinces"));
        var codes = provinces.RootElement.EnumerateArray().Select(p => p.GetProperty("code").GetString()!).ToList();
        var series = new ConcurrentBag<(string Province, string Indicator)>();
        await Parallel.ForEachAsync(codes, new ParallelOptions { MaxDegreeOfParallelism = 4 }, async (code, ct) =>
        {
            using var detail = JsonDocument.Parse(await product.GetStringAsync($"/api/provinces/{code}", ct));
            foreach (var indicator in detail.RootElement.GetProperty("indicators").EnumerateArray())
                series.Add((code, indicator.GetString()!));
        });

        // Round d holds the d-th value each figure ever had; the last round of a figure is its current value.
        var rounds = new ConcurrentDictionary<int, ConcurrentBag<string>>();
        var years = new ConcurrentBag<(string, string, int[])>();
        var observations = 0;
        await Parallel.ForEachAsync(series, new ParallelOptions { MaxDegreeOfParallelism = 4 }, async (s, ct) =>
        {
            using var doc = JsonDocument.Parse(await product.GetStringAsync($"/api/series/{s.Province}/{Uri.EscapeDataString(s.Indicator)}", ct));
            var points = doc.RootElement.GetProperty("observations").EnumerateArray().ToList();
            years.Add((s.Province, s.Indicator, [.. points.Where(p => p.GetProperty("quarter").ValueKind == JsonValueKind.Null).Select(p => p.GetProperty("year").GetInt32()).Distinct()]));
            Interlocked.Add(ref observations, points.Count);
            foreach (var point in points)
            {
                var history = point.GetProperty("revisions").EnumerateArray()
                    .Select(r => (Value: r.GetProperty("value"), Source: r.GetProperty("source"), Quote: r.GetProperty("quote")))
                    .Append((Value: point.GetProperty("value"), Source: point.GetProperty("source"), Quote: point.GetProperty("quote"))).ToList();
                for (var d = 0; d < history.Count; d++)
                    rounds.GetOrAdd(d, _ => []).Add(JsonSerializer.Serialize(new
                    {
                        province = s.Province, indicator = s.Indicator, year = point.GetProperty("year").GetInt32(),
                        quarter = point.GetProperty("quarter").ValueKind == JsonValueKind.Null ? null : (int?)point.GetProperty("quarter").GetInt32(),
                        kind = point.GetProperty("kind").GetString(), value = history[d].Value,
                        unit = point.GetProperty("unit").GetString(), source = history[d].Source.GetString(), quote = history[d].Quote.GetString(),
                    }));
            }
        });

        foreach (var round in rounds.OrderBy(r => r.Key))
        {
            foreach (var chunk in round.Value.Chunk(1000))
            {
                using var response = await baseline.PostAsync("/api/observations",
                    new StringContent("[" + string.Join(",", chunk) + "]", Encoding.UTF8, "application/json"));
                if (!response.IsSuccessStatusCode)
                    throw new InvalidOperationException($"The baseline refused bundled data: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
            }
        }
        return new Copied(definitions.Count, series.Count, observations, [.. years]);
    }
}
