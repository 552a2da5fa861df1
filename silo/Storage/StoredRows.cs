using System.Data.Common;

namespace Analytics.Silo.Storage;

/// <summary>
/// Which grains have a row in the database, known to the one silo that writes it (embedded mode), so a grain that has
/// never been stored activates without a query bound to find nothing: on a first ingest every series is such a grain,
/// and its empty read was a tenth of the silo's time (docs/performance.md). Loaded once from the table, then kept by
/// adding every row as its write is queued. It may say a row exists when none does (a write that then failed, two keys
/// with one fingerprint): that grain is only read as before. It must never miss a row, so it is used only where no
/// other process writes the table.
/// </summary>
internal sealed class StoredRows(DbProviderFactory factory, string connectionString, string serviceId)
{
    private readonly HashSet<long> _rows = [];
    private readonly Lock _lock = new();
    private Task? _loading;

    /// <summary>Whether <paramref name="row"/> may have a stored row (false only when it certainly has none).</summary>
    public async ValueTask<bool> MayExistAsync(long row)
    {
        await LoadedAsync();
        lock (_lock) return _rows.Contains(row);
    }

    /// <summary>Counts <paramref name="row"/> as stored from now on (called before its write runs).</summary>
    public void Add(long row)
    {
        lock (_lock) _rows.Add(row);
    }

    /// <summary>A 64-bit fingerprint of a row's key, the same for the values read back from the table.</summary>
    public static long Fingerprint(string stateName, long n0, long n1, string? extension) =>
        ((long)HashCode.Combine(stateName, n0, n1) << 32) | (uint)HashCode.Combine(extension, n0, stateName);

    private Task LoadedAsync()
    {
        lock (_lock) return _loading is { IsFaulted: false } loading ? loading : _loading = LoadAsync();
    }

    private async Task LoadAsync()
    {
        await using var connection = factory.CreateConnection()!;
        connection.ConnectionString = connectionString;
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT GrainTypeString, GrainIdN0, GrainIdN1, GrainIdExtensionString FROM OrleansStorage WHERE ServiceId = @service";
        var parameter = command.CreateParameter();
        parameter.ParameterName = "@service";
        parameter.Value = serviceId;
        command.Parameters.Add(parameter);
        var found = new List<long>();
        await using (var reader = await command.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
                found.Add(Fingerprint(reader.GetString(0), reader.GetInt64(1), reader.GetInt64(2), reader.IsDBNull(3) ? null : reader.GetString(3)));
        }
        lock (_lock) _rows.UnionWith(found);
    }
}
