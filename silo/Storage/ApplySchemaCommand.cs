using Analytics.Hosting;
using Npgsql;

namespace Analytics.Silo.Storage;

/// <summary>
/// <c>dotnet Analytics.Silo.dll --apply-schema</c>: applies the project's schema scripts to the configured database
/// (the same settings a silo reads: ANALYTICS_MODE, ANALYTICS_PG or ANALYTICS_DATA_DIR, appsettings.json) and
/// exits, without starting a silo. The scripts are idempotent and take turns through an advisory lock, so this is
/// safe against a live cluster; silos also apply them at every start.
/// </summary>
public static class ApplySchemaCommand
{
    public const string Flag = "--apply-schema";

    public static async Task<int> RunAsync(string[] args)
    {
        var config = new ConfigurationManager();
        // The silo's own sources, in its order: appsettings.json of the working directory (its content root), then
        // environment variables, then the command line.
        config.SetBasePath(Directory.GetCurrentDirectory())
            .AddJsonFile("appsettings.json", optional: true)
            .AddEnvironmentVariables()
            .AddCommandLine([.. args.Where(a => a != Flag)]);
        try
        {
            var settings = ClusterSettings.From(config);
            var storage = StorageSetup.For(settings);
            await storage.ApplySchemaAsync();
            Console.WriteLine($"Applied {string.Join(", ", storage.Scripts)} to {Describe(settings)}.");
            return 0;
        }
        catch (Exception ex) when (ex is InvalidOperationException or System.Data.Common.DbException or ArgumentException)
        {
            Console.Error.WriteLine($"Could not apply the schema: {ex.Message}");
            return 1;
        }
    }

    /// <summary>Where the scripts went, without the password.</summary>
    private static string Describe(ClusterSettings settings)
    {
        if (settings.Mode == ClusterMode.Embedded) return $"the SQLite database {settings.SqliteFile}";
        var pg = new NpgsqlConnectionStringBuilder(settings.PostgresConnection);
        return $"PostgreSQL database '{pg.Database}' on {pg.Host}:{pg.Port}";
    }
}
