using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;

namespace Analytics.Tests.Support;

/// <summary>
/// An admin, a writer and a reader key for a product under test, made the way an operator makes the first one: the
/// silo writes a one-time token to its data folder, the bootstrap request turns it into an admin key, and the admin
/// creates the others. Kept in the data folder (test-keys.json), so a restart on the same folder uses the same keys.
/// </summary>
public sealed record TestKeys(string Admin, string Writer, string Reader)
{
    public const string FileName = "test-keys.json";

    public static async Task<TestKeys> EnsureAsync(Uri api, string dataDirectory, TimeSpan? patience = null)
    {
        var path = Path.Combine(dataDirectory, FileName);
        if (File.Exists(path))
        {
            // The keys of an earlier start, unless the database was replaced since (then the silo offers a new token).
            var known = JsonSerializer.Deserialize<TestKeys>(await File.ReadAllTextAsync(path))!;
            using var check = new HttpClient { BaseAddress = api, Timeout = TimeSpan.FromSeconds(60) };
            check.DefaultRequestHeaders.Add("X-Api-Key", known.Admin);
            using var answer = await check.GetAsync("/api/keys");
            if (answer.IsSuccessStatusCode) return known;
        }

        var tokenFile = Path.Combine(dataDirectory, "bootstrap-token");
        var clock = Stopwatch.StartNew();
        var limit = patience ?? TimeSpan.FromSeconds(120);
        while (!File.Exists(tokenFile))
        {
            if (clock.Elapsed > limit) throw new TimeoutException($"the silo wrote no {tokenFile} within {limit}");
            await Task.Delay(100);
        }
        using var http = new HttpClient { BaseAddress = api, Timeout = TimeSpan.FromSeconds(60) };
        using var bootstrap = new HttpRequestMessage(HttpMethod.Post, "/api/keys/bootstrap")
        {
            Content = JsonContent.Create(new { name = "test admin" }),
        };
        bootstrap.Headers.Add("X-Bootstrap-Token", (await File.ReadAllTextAsync(tokenFile)).Trim());
        var admin = await KeyOfAsync(await http.SendAsync(bootstrap), "bootstrap");
        http.DefaultRequestHeaders.Add("X-Api-Key", admin);
        var writer = await KeyOfAsync(await http.PostAsJsonAsync("/api/keys", new { name = "test writer", role = "writer" }), "writer");
        var reader = await KeyOfAsync(await http.PostAsJsonAsync("/api/keys", new { name = "test reader", role = "reader" }), "reader");
        var keys = new TestKeys(admin, writer, reader);
        await File.WriteAllTextAsync(path, JsonSerializer.Serialize(keys));
        return keys;
    }

    private static async Task<string> KeyOfAsync(HttpResponseMessage response, string what)
    {
        using (response)
        {
            var body = await response.Content.ReadAsStringAsync();
            if (!response.IsSuccessStatusCode) throw new InvalidOperationException($"creating the {what} key: {(int)response.StatusCode} {body}");
            return JsonDocument.Parse(body).RootElement.GetProperty("key").GetString()!;
        }
    }
}
