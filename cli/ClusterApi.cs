using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using Analytics.Contracts;
using Analytics.Domain;
using Analytics.Domain.Geography;
using Analytics.Formats;

namespace Analytics.Cli;

/// <summary>A ProblemDetails answer: its status, title, detail and, for a rejected batch, the rows at fault.</summary>
/// <param name="Series">The one series a batch was refused for (413 past a series' size), when the API names one.</param>
public sealed record ApiProblem(HttpStatusCode Status, string Title, string? Detail, IReadOnlyList<RowError> Errors, string? Series = null)
{
    public override string ToString() => Detail is { Length: > 0 } d ? $"{Title}: {d}" : Title;
}

/// <summary>Either the answer or the problem the API reported (4xx) for a request.</summary>
public sealed record ApiResult<T>(T? Value, ApiProblem? Problem) where T : struct;

/// <summary>Either the answer (an object) or the problem the API reported (4xx).</summary>
public sealed record ApiAnswer<T>(T? Value, ApiProblem? Problem) where T : class;
/// <summary>A document the API answered with, and the file name it suggested.</summary>
public readonly record struct Download(byte[] Content, string? FileName);

/// <summary>The API cannot be reached, or kept failing, or is not the analytics API. Exit code 3.</summary>
public sealed class ClusterUnreachableException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>
/// The few calls the command line makes to the cluster's REST API. Connection failures and time-outs become
/// <see cref="ClusterUnreachableException"/>; 503 (the cluster did not confirm a batch), 502 and 504 are retried,
/// which is safe because upserts are idempotent; other problems come back as <see cref="ApiProblem"/>.
/// </summary>
public sealed class ClusterApi(HttpClient http, IReadOnlyList<TimeSpan> retryDelays)
{
    public const string DefaultUrl = "http://127.0.0.1:5080";

    private static readonly JsonSerializerOptions Json = CreateJson();

    /// <summary>The API's JSON: camelCase names, enums as kebab-case text ("higher-is-better", "population-weighted").</summary>
    private static JsonSerializerOptions CreateJson()
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web);
        options.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.KebabCaseLower));
        return options;
    }

    public Uri BaseAddress => http.BaseAddress!;

    /// <summary>The API's base address from <c>--api</c>, else <c>API_URL</c>, else <see cref="DefaultUrl"/>.</summary>
    public static Uri ResolveBaseAddress(string? option, Func<string, string?> environment)
    {
        var text = option ?? (environment("API_URL") is { Length: > 0 } env ? env : DefaultUrl);
        if (!Uri.TryCreate(text, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
            throw new UsageException(Bilingual.T(
                $"'{text}' không phải địa chỉ http(s) của API cụm máy chủ (--api hoặc API_URL)", $"'{text}' is not an http(s) URL for the cluster's API (--api or API_URL)"));
        return uri.AbsoluteUri.EndsWith('/') ? uri : new Uri(uri.AbsoluteUri + "/");
    }

    /// <summary>The units of both geographies the cluster knows (<c>GET /api/provinces</c> lists both).</summary>
    public async Task<IReadOnlyList<AdministrativeUnit>> GetUnitsAsync(CancellationToken ct) =>
        [.. (await GetAsync<List<ProvinceDto>>("api/provinces", ct)).Select(p => p.ToUnit())];

    /// <summary>The API key from <c>--key</c>, else <c>ANALYTICS_KEY</c>; null when neither is given.</summary>
    public static string? ResolveKey(string? option, Func<string, string?> environment) =>
        option is { Length: > 0 } ? option.Trim() : environment("ANALYTICS_KEY") is { Length: > 0 } env ? env.Trim() : null;

    /// <summary>Sends <paramref name="key"/> in X-Api-Key with every request of <paramref name="http"/>.</summary>
    public static void UseKey(HttpClient http, string? key)
    {
        if (key is not null) http.DefaultRequestHeaders.Add("X-Api-Key", key);
    }

    public Task<ApiAnswer<List<KeyDto>>> ListKeysAsync(CancellationToken ct) => CallAsync<List<KeyDto>>(HttpMethod.Get, "api/keys", null, null, ct);

    public Task<ApiAnswer<CreatedKeyDto>> CreateKeyAsync(string name, string role, CancellationToken ct) =>
        CallAsync<CreatedKeyDto>(HttpMethod.Post, "api/keys", JsonContent.Create(new CreateKeyRequest(name, role), options: Json), null, ct);

    public Task<ApiAnswer<CreatedKeyDto>> BootstrapKeyAsync(string name, string token, CancellationToken ct) =>
        CallAsync<CreatedKeyDto>(HttpMethod.Post, "api/keys/bootstrap", JsonContent.Create(new CreateKeyRequest(name, "admin"), options: Json), token, ct);

    public Task<ApiAnswer<KeyDto>> RevokeKeyAsync(string id, CancellationToken ct) =>
        CallAsync<KeyDto>(HttpMethod.Delete, $"api/keys/{Uri.EscapeDataString(id)}", null, null, ct);

    /// <summary>One request that is not retried (key changes are not idempotent); 4xx come back as the problem.</summary>
    private async Task<ApiAnswer<T>> CallAsync<T>(HttpMethod method, string path, HttpContent? content, string? bootstrapToken, CancellationToken ct) where T : class
    {
        using var request = InReaderLanguage(new HttpRequestMessage(method, path) { Content = content });
        if (bootstrapToken is not null) request.Headers.Add("X-Bootstrap-Token", bootstrapToken);
        HttpResponseMessage response;
        try
        {
            response = await http.SendAsync(request, ct);
        }
        catch (HttpRequestException e)
        {
            throw new ClusterUnreachableException(Unreachable(e), e);
        }
        using (response)
        {
            if (response.IsSuccessStatusCode) return new ApiAnswer<T>(await ReadJsonAsync<T>(response, path, ct), null);
            if ((int)response.StatusCode >= 500)
                throw new ClusterUnreachableException(Answered($"{method} /{path}", $"{(int)response.StatusCode}", await ProblemTextAsync(response, ct)));
            return new ApiAnswer<T>(null, await ReadProblemAsync(response, ct));
        }
    }

    public async Task<IReadOnlyList<IndicatorDefinition>> GetIndicatorsAsync(CancellationToken ct) =>
        [.. (await GetAsync<List<IndicatorDto>>("api/indicators", ct)).Select(d => d.ToDefinition())];

    public Task<ApiResult<DefineResult>> DefineIndicatorsAsync(IReadOnlyList<IndicatorDefinition> definitions, CancellationToken ct) =>
        SendAsync<DefineResult>(() => JsonContent.Create(definitions.Select(IndicatorDto.From).ToList(), options: Json), "api/indicators", ct);

    /// <summary>Posts one batch in the observation CSV format.</summary>
    public Task<ApiResult<IngestResult>> PostObservationsAsync(string csv, CancellationToken ct) =>
        SendAsync<IngestResult>(() => new StringContent(csv, new UTF8Encoding(false), "text/csv"), "api/observations", ct);

    /// <summary>Downloads a document (a report): its bytes and the file name the API suggests, or the problem it reported.</summary>
    public async Task<ApiResult<Download>> DownloadAsync(string pathAndQuery, CancellationToken ct)
    {
        using var response = await WithRetriesAsync(() => new HttpRequestMessage(HttpMethod.Get, pathAndQuery), ct);
        if (response.IsSuccessStatusCode)
        {
            var name = response.Content.Headers.ContentDisposition?.FileNameStar ?? response.Content.Headers.ContentDisposition?.FileName?.Trim('"');
            return new ApiResult<Download>(new Download(await response.Content.ReadAsByteArrayAsync(ct), name), null);
        }
        if ((int)response.StatusCode >= 500 && response.StatusCode != HttpStatusCode.ServiceUnavailable)
            throw new ClusterUnreachableException(Answered($"GET /{pathAndQuery}", $"{(int)response.StatusCode} {response.ReasonPhrase}", await ProblemTextAsync(response, ct)));
        return new ApiResult<Download>(null, await ReadProblemAsync(response, ct));
    }

    private async Task<T> GetAsync<T>(string path, CancellationToken ct)
    {
        using var response = await WithRetriesAsync(() => new HttpRequestMessage(HttpMethod.Get, path), ct);
        if (!response.IsSuccessStatusCode)
            throw new ClusterUnreachableException(Answered($"GET /{path}", $"{(int)response.StatusCode} {response.ReasonPhrase}", await ProblemTextAsync(response, ct)));
        return await ReadJsonAsync<T>(response, path, ct);
    }

    private async Task<ApiResult<T>> SendAsync<T>(Func<HttpContent> content, string path, CancellationToken ct) where T : struct
    {
        // Expect: 100-continue, so a batch over the API's size limit is refused before it is sent: the API answers 413
        // and closes the connection, and a client still sending the body would see a broken pipe instead of the 413
        // (which ObservationUpload answers by splitting the batch).
        using var response = await WithRetriesAsync(() => new HttpRequestMessage(HttpMethod.Post, path) { Content = content(), Headers = { ExpectContinue = true } }, ct);
        if (response.IsSuccessStatusCode) return new ApiResult<T>(await ReadJsonAsync<T>(response, path, ct), null);
        if ((int)response.StatusCode >= 500)
        {
            var tries = retryDelays.Count + 1;
            var status = $"{(int)response.StatusCode} {response.ReasonPhrase}" +
                         (retryDelays.Count > 0 ? Bilingual.T($" (đã thử {tries} lần)", $" (tried {tries} times)") : "");
            throw new ClusterUnreachableException(Answered($"POST /{path}", status, await ProblemTextAsync(response, ct)));
        }
        return new ApiResult<T>(null, await ReadProblemAsync(response, ct));
    }

    /// <summary>
    /// The API's refusals are asked for in the run's language (<see cref="CliLanguage"/>), so they read as the rest of
    /// what the command prints (a report's own language is its <c>lang=</c>, the same one).
    /// </summary>
    private static HttpRequestMessage InReaderLanguage(HttpRequestMessage request)
    {
        request.Headers.AcceptLanguage.ParseAdd(Bilingual.ReaderIsEnglish ? "en" : "vi");
        return request;
    }

    private string Unreachable(HttpRequestException e) => Bilingual.T(
        $"không kết nối được API của cụm máy chủ tại {BaseAddress}: {e.Message}. Cụm máy chủ có đang chạy không (./run.sh)? Đặt API_URL nếu nó nghe ở địa chỉ khác.",
        $"cannot reach the cluster's API at {BaseAddress}: {e.Message}. Is the cluster running (./run.sh)? Set API_URL if it listens elsewhere.");

    private string Answered(string request, string status, string problem) => Bilingual.T(
        $"API của cụm máy chủ tại {BaseAddress} trả lời {request} bằng {status}: {problem}",
        $"the cluster's API at {BaseAddress} answered {request} with {status}: {problem}");

    private async Task<HttpResponseMessage> WithRetriesAsync(Func<HttpRequestMessage> request, CancellationToken ct)
    {
        for (var attempt = 0; ; attempt++)
        {
            var last = attempt >= retryDelays.Count;
            try
            {
                using var message = InReaderLanguage(request());
                var response = await http.SendAsync(message, ct);
                if (last || response.StatusCode is not (HttpStatusCode.ServiceUnavailable or HttpStatusCode.BadGateway or HttpStatusCode.GatewayTimeout))
                    return response;
                response.Dispose();
            }
            catch (HttpRequestException e)
            {
                throw new ClusterUnreachableException(
                    Unreachable(e), e);
            }
            catch (TaskCanceledException e) when (!ct.IsCancellationRequested)
            {
                // HttpClient's time-out, not the user's Ctrl+C.
                if (last)
                    throw new ClusterUnreachableException(Bilingual.T(
                        $"API của cụm máy chủ tại {BaseAddress} không trả lời trong {http.Timeout.TotalSeconds:0} giây (đã thử {attempt + 1} lần)",
                        $"the cluster's API at {BaseAddress} did not answer within {http.Timeout.TotalSeconds:0} s (tried {attempt + 1} times)"), e);
            }
            await Task.Delay(retryDelays[attempt], ct);
        }
    }

    private async Task<T> ReadJsonAsync<T>(HttpResponseMessage response, string path, CancellationToken ct)
    {
        try
        {
            return await response.Content.ReadFromJsonAsync<T>(Json, ct)
                   ?? throw new JsonException(Bilingual.T("câu trả lời rỗng", "empty answer"));
        }
        catch (JsonException e)
        {
            throw new ClusterUnreachableException(Bilingual.T(
                $"{BaseAddress}{path} không trả lời như API phân tích ({e.Message}); hãy kiểm tra API_URL",
                $"{BaseAddress}{path} did not answer as the analytics API does ({e.Message}); check API_URL"), e);
        }
    }

    private static async Task<ApiProblem> ReadProblemAsync(HttpResponseMessage response, CancellationToken ct)
    {
        var text = await response.Content.ReadAsStringAsync(ct);
        string title = response.ReasonPhrase ?? response.StatusCode.ToString();
        string? detail = null;
        var errors = new List<RowError>();
        string? series = null;
        try
        {
            using var document = JsonDocument.Parse(text);
            var root = document.RootElement;
            if (root.TryGetProperty("title", out var t) && t.ValueKind == JsonValueKind.String) title = t.GetString()!;
            if (root.TryGetProperty("detail", out var d) && d.ValueKind == JsonValueKind.String) detail = d.GetString();
            if (root.TryGetProperty("series", out var s) && s.ValueKind == JsonValueKind.String) series = s.GetString();
            if (root.TryGetProperty("errors", out var list) && list.ValueKind == JsonValueKind.Array)
                foreach (var e in list.EnumerateArray())
                    errors.Add(new RowError(
                        e.TryGetProperty("row", out var row) && row.TryGetInt32(out var r) ? r : 0,
                        e.TryGetProperty("field", out var field) ? field.GetString() ?? "" : "",
                        e.TryGetProperty("reason", out var reason) ? reason.GetString() ?? "" : ""));
        }
        catch (JsonException)
        {
            detail = text.Length > 300 ? text[..300] + "…" : text;
        }
        return new ApiProblem(response.StatusCode, title, detail, errors, series);
    }

    private static async Task<string> ProblemTextAsync(HttpResponseMessage response, CancellationToken ct) =>
        (await ReadProblemAsync(response, ct)).ToString();
}
