using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using Analytics.Domain;
using Analytics.Formats;
using Analytics.Tests.Support;

namespace Analytics.Cli.Tests.Support;

/// <summary>
/// A stand-in for the cluster's API, for answers a healthy cluster does not give on demand (a 503, a rejected batch):
/// GET /api/provinces and /api/indicators serve the bundled catalog; each POST /api/observations takes the next
/// scripted answer and is recorded.
/// </summary>
public sealed class StubApi : HttpMessageHandler
{
    private static readonly JsonSerializerOptions Json = CreateJson();
    private readonly Queue<Func<string, HttpResponseMessage>> _answers = new();

    public List<string> PostedBatches { get; } = [];

    public static Uri Address { get; } = new("http://stub.invalid/");

    public StubApi Then(HttpStatusCode status, string? json = null)
    {
        _answers.Enqueue(_ => Answer(status, json ?? "{}"));
        return this;
    }

    /// <summary>Accepts the batch, counting every row as inserted.</summary>
    public StubApi ThenAccept()
    {
        _answers.Enqueue(body =>
        {
            var rows = ObservationCsv.Parse(body).Count;
            return Answer(HttpStatusCode.OK, $$"""{"received":{{rows}},"inserted":{{rows}},"unchanged":0,"revised":0}""");
        });
        return this;
    }

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var path = request.RequestUri!.AbsolutePath;
        if (request.Method == HttpMethod.Get && path == "/api/provinces")
            return Answer(HttpStatusCode.OK, JsonSerializer.Serialize(ProvinceCsv.Load(Path.Combine(Repo.Data, "provinces.csv")).All, Json));
        if (request.Method == HttpMethod.Get && path == "/api/indicators")
            return Answer(HttpStatusCode.OK, JsonSerializer.Serialize(IndicatorCsv.Load(Path.Combine(Repo.Data, "indicators.csv")).All, Json));
        if (request.Method == HttpMethod.Post && path == "/api/observations")
        {
            var body = await request.Content!.ReadAsStringAsync(cancellationToken);
            PostedBatches.Add(body);
            return _answers.Count > 0 ? _answers.Dequeue()(body) : Answer(HttpStatusCode.InternalServerError, "{}");
        }
        return Answer(HttpStatusCode.NotFound, "{}");
    }

    private static HttpResponseMessage Answer(HttpStatusCode status, string json) =>
        new(status) { Content = new StringContent(json, Encoding.UTF8, status == HttpStatusCode.OK ? "application/json" : "application/problem+json") };

    private static JsonSerializerOptions CreateJson()
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web);
        options.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.KebabCaseLower));
        return options;
    }
}
