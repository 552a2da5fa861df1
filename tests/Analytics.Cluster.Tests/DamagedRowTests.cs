using System.Net.Http.Json;
using Analytics.Cluster.Tests.Support;
using Microsoft.Data.Sqlite;
using Xunit.Abstractions;

namespace Analytics.Cluster.Tests;

/// <summary>
/// Random bytes in the catalog grain's row (the file itself passes SQLite's checks) once stopped the silo with an
/// unhandled exception naming no row, 1,260 log lines and no way out. Now the silo names the grain and the setting
/// that starts without the row; with it, the catalog is rebuilt from the bundled definitions and the indicators found
/// in series, the figures are all still there, and the audit trail records it.
/// </summary>
public sealed class DamagedRowTests(ITestOutputHelper output)
{
    private static readonly string[] Indicators = ["damaged-a", "damaged-b"];

    [Fact]
    public async Task A_damaged_catalog_row_is_named_and_the_silo_starts_without_it_when_told()
    {
        await using var product = new EmbeddedProduct("damaged-row");
        var data = product.NewDataDirectory("data");
        await product.StartAsync(data);
        await product.FillAsync(Indicators, years: 3);
        await product.StopAsync();

        using (var connection = new SqliteConnection($"Data Source={EmbeddedProduct.DatabaseIn(data)};Pooling=False"))
        {
            connection.Open();
            using var damage = connection.CreateCommand();
            damage.CommandText = "UPDATE OrleansStorage SET PayloadBinary = randomblob(4096) WHERE GrainTypeString = 'catalog' AND GrainIdExtensionString = 'all'";
            Assert.Equal(1, damage.ExecuteNonQuery());
        }

        var refused = product.StartSilo(data);
        Assert.NotEqual(0, await refused.WaitForExitAsync(TimeSpan.FromMinutes(3)));
        var log = await product.ReadLogAsync(refused);
        output.WriteLine($"{log.Split('\n').Length} log lines:\n{log}");
        Assert.Contains("grain catalog/all", log, StringComparison.Ordinal);
        Assert.Contains("ANALYTICS_START_WITHOUT_DAMAGED_STATE=true", log, StringComparison.Ordinal);

        await product.StartAsync(data, siloSettings: new Dictionary<string, string> { ["ANALYTICS_START_WITHOUT_DAMAGED_STATE"] = "true" });
        var indicators = (await product.Http.GetFromJsonAsync<List<IndicatorView>>("/api/indicators", Json.Options))!;
        // The bundled definitions are back, and the indicators only the series knew are listed as placeholders.
        Assert.Contains(indicators, i => i.Code == "internet-users-rate");
        Assert.All(Indicators, code => Assert.Contains(indicators, i => i.Code == code));
        var series = (await product.Http.GetFromJsonAsync<SeriesView>($"/api/series/01/{Indicators[0]}?geography=vn-63", Json.Options))!;
        Assert.Equal(3, series.Observations.Count);
        var audit = (await product.Http.GetFromJsonAsync<AuditPage>("/api/audit?limit=500", Json.Options))!;
        Assert.Contains(audit.Entries, e => e.Action == "damaged-state-replaced" && e.Detail!.Contains("catalog/all", StringComparison.Ordinal));
        await product.StopAsync();
    }

    private sealed record IndicatorView(string Code);

    private sealed record AuditEntry(string Action, string? Detail);

    private sealed record AuditPage(List<AuditEntry> Entries);
}
