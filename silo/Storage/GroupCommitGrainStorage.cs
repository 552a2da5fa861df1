using System.Data;
using System.Data.Common;
using System.Diagnostics.Metrics;
using System.Globalization;
using System.Numerics;
using System.Text;
using System.Threading.Channels;
using Analytics.Hosting;
using Orleans.Storage;

namespace Analytics.Silo.Storage;

/// <summary>
/// Commits the states that many grains write at about the same moment in one database transaction. While a
/// transaction runs, the writes that arrive queue; the next transaction takes all of them (at most
/// <see cref="MaxWrites"/> or <see cref="MaxBytes"/>). A grain's write is acknowledged only once the transaction holding
/// it has committed; a failed commit fails exactly the writes in it; a write whose own statement fails (or whose
/// version is stale) fails alone and the others go on in a fresh transaction. Reads are grouped the same way: the
/// grains that activate at about the same moment (a batch of new series) are read in one query of their keys, not one
/// query and one pooled connection each, and each gets what the Orleans ADO.NET provider would have answered for its
/// row. Clears go to that provider underneath: the same table, the same stored <c>WriteToStorageKey</c> query with the
/// provider's parameters, the same serializer.
/// </summary>
/// <remarks>
/// One writer connection: on SQLite, the single writer the file admits (the provider's clears take turns with it);
/// on PostgreSQL, one transaction at a time per silo, which under load carries hundreds of writes. Statements run in
/// the order of their rows' keys, so two silos' transactions lock shared rows in one order and cannot deadlock.
/// </remarks>
public sealed class GroupCommitGrainStorage : IGrainStorage, IAsyncDisposable
{
    /// <summary>Writes in one transaction at most.</summary>
    public const int MaxWrites = 256;

    /// <summary>Serialized bytes in one transaction at most (a single larger write still goes, alone).</summary>
    public const int MaxBytes = 8 << 20;

    /// <summary>Reads answered by one query at most (one parameter each, far below either database's limit).</summary>
    public const int MaxReads = 256;

    private static readonly IHasher Hasher = new OrleansDefaultHasher();
    private readonly IGrainStorage _provider;
    private readonly DbProviderFactory _factory;
    private readonly string _connectionString;
    private readonly string _serviceId;
    private readonly IGrainStorageSerializer _serializer;
    private readonly CommitHold? _hold;
    private readonly StoredRows? _stored;
    private readonly AnalyticsMetrics _metrics;
    private readonly Channel<Write> _queue = Channel.CreateUnbounded<Write>(new UnboundedChannelOptions { SingleReader = true });
    private readonly SemaphoreSlim _writer = new(1, 1);
    private readonly Channel<Read> _reads = Channel.CreateUnbounded<Read>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Task _loop;
    private readonly Task _readLoop;
    private DbConnection? _connection;
    private DbConnection? _readConnection;
    private string? _writeQuery;

    public GroupCommitGrainStorage(IGrainStorage provider, DbProviderFactory factory, string connectionString, string serviceId, IGrainStorageSerializer serializer,
        AnalyticsMetrics metrics, CommitHold? hold = null, bool soleWriter = false)
    {
        _hold = hold;
        _metrics = metrics;
        _stored = soleWriter ? new StoredRows(factory, connectionString, serviceId) : null;
        _provider = provider;
        _factory = factory;
        _connectionString = factory is Npgsql.NpgsqlFactory ? Prepared(connectionString) : connectionString;
        _serviceId = serviceId;
        _serializer = serializer;
        _loop = Task.Run(CommitLoopAsync);
        _readLoop = Task.Run(ReadLoopAsync);
    }

    /// <summary>
    /// PostgreSQL plans every statement it is sent unless the statement is prepared, and the write query is planned
    /// again for each of the hundreds of writes in a transaction. The writer and the reader keep their connections, so
    /// their few statements are prepared once, after their second use, and the server then only executes them.
    /// </summary>
    private static string Prepared(string connectionString) =>
        new Npgsql.NpgsqlConnectionStringBuilder(connectionString) { MaxAutoPrepare = 32, AutoPrepareMinUsages = 2 }.ConnectionString;

    public async Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        if (_stored is not null && !await _stored.MayExistAsync(Row.Fingerprint(stateName, grainId)))
        {
            // What the provider answers for a missing row, without asking the database.
            grainState.State = Activator.CreateInstance<T>();
            grainState.ETag = null;
            grainState.RecordExists = false;
            _metrics.RecordStorageRead(fromDatabase: false);
            return;
        }
        var read = new Read(Row.Of(stateName, grainId, _serviceId));
        if (!_reads.Writer.TryWrite(read)) throw new ObjectDisposedException(nameof(GroupCommitGrainStorage));
        var (found, payload, version) = await read.Done.Task;
        // As the provider answers: a row's state (new when cleared, or when the serializer gives up on it), its version
        // as the ETag, and RecordExists for any row; no row, new state and no ETag. Deserialized here, on the grain's turn.
        var state = payload is null ? default : _serializer.Deserialize<T>(new BinaryData(payload));
        grainState.State = state ?? Activator.CreateInstance<T>();
        grainState.ETag = version?.ToString(CultureInfo.InvariantCulture);
        grainState.RecordExists = found;
        _metrics.RecordStorageRead(fromDatabase: true);
    }

    public async Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        await _writer.WaitAsync();
        try { await _provider.ClearStateAsync(stateName, grainId, grainState); }
        finally { _writer.Release(); }
    }

    public async Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        // Serialized here, on the grain's turn: the state may change once the grain's call goes on.
        var write = new Write(Row.Of(stateName, grainId, _serviceId), Version(grainState.ETag), _serializer.Serialize(grainState.State).ToArray());
        // Known as stored before it runs: a read after a failed write only goes to the database, as it would anyway.
        _stored?.Add(write.Row.Fingerprint());
        if (!_queue.Writer.TryWrite(write)) throw new ObjectDisposedException(nameof(GroupCommitGrainStorage));
        var version = await write.Done.Task;
        grainState.ETag = version.ToString(CultureInfo.InvariantCulture);
        grainState.RecordExists = true;
    }

    private static int? Version(string? etag) => string.IsNullOrWhiteSpace(etag) ? null : int.Parse(etag, CultureInfo.InvariantCulture);

    private async Task CommitLoopAsync()
    {
        var batch = new List<Write>();
        while (await _queue.Reader.WaitToReadAsync())
        {
            var bytes = 0;
            while (batch.Count < MaxWrites && (batch.Count == 0 || bytes < MaxBytes) && _queue.Reader.TryRead(out var write))
            {
                batch.Add(write);
                bytes += write.Payload.Length;
            }
            await _writer.WaitAsync();
            try
            {
                await CommitAsync(batch);
            }
            catch (Exception ex)
            {
                // Never leave a grain waiting on a write this loop gave up on.
                foreach (var w in batch) w.Done.TrySetException(ex);
            }
            finally
            {
                _writer.Release();
            }
            batch.Clear();
        }
    }

    /// <summary>Commits <paramref name="batch"/>, leaving out (and failing) any write whose own statement fails.</summary>
    private async Task CommitAsync(List<Write> batch)
    {
        var pending = batch.OrderBy(w => w.Row).ToList();
        while (pending.Count > 0)
        {
            var versions = new int?[pending.Count];
            Write? culprit = null;
            Exception? failure = null;
            DbTransaction? transaction = null;
            try
            {
                var connection = await ConnectionAsync();
                transaction = await connection.BeginTransactionAsync();
                if (connection.CanCreateBatch)
                {
                    // PostgreSQL: every statement in one round trip.
                    try { await ExecuteBatchAsync(connection, transaction, pending, versions); }
                    catch (DbException ex) when (connection.State == ConnectionState.Open && ex.BatchCommand is { } failed)
                    {
                        (culprit, failure) = (pending[BatchIndex(failed)], ex);
                    }
                }
                else
                {
                    // SQLite: one command for the whole group, so its statements are prepared once, not once a write
                    // (preparing them was about a third of a write's cost, measured back to back).
                    await using var command = connection.CreateCommand();
                    command.Transaction = transaction;
                    command.CommandText = _writeQuery;
                    // The parameters made once too, each write only setting their values; named as the statement
                    // names them ('@'), which spares the provider a failed lookup of each bare name per write.
                    var parameters = new WriteParameters(command.Parameters, command.CreateParameter, "@");
                    for (var i = 0; i < pending.Count && culprit is null; i++)
                    {
                        try { versions[i] = await ExecuteAsync(command, parameters, pending[i]); }
                        // A statement's own failure leaves the connection open; a lost connection fails the transaction (below).
                        catch (DbException ex) when (connection.State == ConnectionState.Open) { (culprit, failure) = (pending[i], ex); }
                    }
                }
                if (culprit is null && _hold is not null) await _hold.WaitIfArmedAsync([.. pending.Select(w => (w.Row.StateName, w.Row.Key))]);
                if (culprit is null) await transaction.CommitAsync();
                else await transaction.RollbackAsync();
            }
            catch (Exception ex)
            {
                // The transaction itself failed (connection lost, commit refused): none of its writes is stored.
                await DropConnectionAsync();
                _metrics.StorageTransactionWrites.Record(pending.Count);
                foreach (var w in pending) w.Done.TrySetException(ex);
                return;
            }
            finally
            {
                if (transaction is not null) await transaction.DisposeAsync();
            }

            if (culprit is not null)
            {
                culprit.Done.TrySetException(failure!);
                pending.Remove(culprit);
                continue; // the others again, without it
            }
            _metrics.StorageTransactionWrites.Record(pending.Count);
            for (var i = 0; i < pending.Count; i++)
            {
                if (versions[i] is { } version)
                {
                    _metrics.RecordStorageWritten(pending[i].Row.StateName, pending[i].Payload.Length);
                    pending[i].Done.TrySetResult(version);
                }
                else pending[i].Done.TrySetException(new InconsistentStateException(
                    $"Version conflict (WriteState): ServiceId={_serviceId} GrainType={pending[i].Row.StateName} GrainId={pending[i].Row.Key} ETag={pending[i].Version}."));
            }
            return;
        }
    }

    private async Task ReadLoopAsync()
    {
        var batch = new List<Read>();
        while (await _reads.Reader.WaitToReadAsync())
        {
            while (batch.Count < MaxReads && _reads.Reader.TryRead(out var read)) batch.Add(read);
            try
            {
                await ReadRowsAsync(batch);
            }
            catch (Exception ex)
            {
                // The query failed as a whole (a lost connection): every read in it fails, as the provider's would.
                await DropReadConnectionAsync();
                foreach (var r in batch) r.Done.TrySetException(ex);
            }
            batch.Clear();
        }
    }

    /// <summary>Answers every read in <paramref name="batch"/> from one query of their rows' hashes.</summary>
    private async Task ReadRowsAsync(List<Read> batch)
    {
        var connection = await ReadConnectionAsync();
        await using var command = connection.CreateCommand();
        var text = new StringBuilder(
            "SELECT GrainIdHash, GrainTypeHash, GrainTypeString, GrainIdN0, GrainIdN1, GrainIdExtensionString, PayloadBinary, Version " +
            "FROM OrleansStorage WHERE ServiceId = @ServiceId AND GrainIdHash IN (");
        var serviceId = command.CreateParameter();
        serviceId.ParameterName = "@ServiceId";
        serviceId.DbType = DbType.String;
        serviceId.Value = _serviceId;
        command.Parameters.Add(serviceId);
        var hashes = batch.Select(r => r.Row.GrainIdHash).Distinct().ToList();
        // The list padded to a power of two with its last hash: a handful of statement texts, which PostgreSQL prepares once each.
        var listed = (int)BitOperations.RoundUpToPowerOf2((uint)hashes.Count);
        for (var i = 0; i < listed; i++)
        {
            var hash = command.CreateParameter();
            hash.ParameterName = "@h" + i.ToString(CultureInfo.InvariantCulture);
            hash.DbType = DbType.Int32;
            hash.Value = hashes[Math.Min(i, hashes.Count - 1)];
            command.Parameters.Add(hash);
            text.Append(i == 0 ? "" : ", ").Append(hash.ParameterName);
        }
        command.CommandText = text.Append(')').ToString();

        // Rows of other grains that share a hash come back too: each read takes only its own key's row.
        var rows = new Dictionary<RowKey, (byte[]? Payload, int? Version)>();
        await using (var reader = await command.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                var key = new RowKey(Convert.ToInt32(reader.GetValue(0), CultureInfo.InvariantCulture), Convert.ToInt32(reader.GetValue(1), CultureInfo.InvariantCulture),
                    reader.GetString(2), Convert.ToInt64(reader.GetValue(3), CultureInfo.InvariantCulture), Convert.ToInt64(reader.GetValue(4), CultureInfo.InvariantCulture),
                    reader.IsDBNull(5) ? null : reader.GetString(5));
                rows[key] = (reader.IsDBNull(6) ? null : (byte[])reader.GetValue(6),
                             reader.IsDBNull(7) ? null : Convert.ToInt32(reader.GetValue(7), CultureInfo.InvariantCulture));
            }
        }
        _metrics.StorageQueryReads.Record(batch.Count);
        foreach (var read in batch)
        {
            var row = read.Row;
            read.Done.TrySetResult(rows.TryGetValue(new RowKey(row.GrainIdHash, row.GrainTypeHash, row.StateName, row.N0, row.N1, row.Extension), out var found)
                ? (true, found.Payload, found.Version)
                : (false, null, null));
        }
    }

    private async Task<DbConnection> ReadConnectionAsync()
    {
        if (_readConnection is { State: ConnectionState.Open } open) return open;
        await DropReadConnectionAsync();
        var connection = _factory.CreateConnection()!;
        connection.ConnectionString = _connectionString;
        await connection.OpenAsync();
        return _readConnection = connection;
    }

    private async Task DropReadConnectionAsync()
    {
        if (_readConnection is { } connection)
        {
            _readConnection = null;
            await connection.DisposeAsync();
        }
    }

    private async Task<int?> ExecuteAsync(DbCommand command, WriteParameters parameters, Write write)
    {
        parameters.Set(write, _serviceId);
        await using var reader = await command.ExecuteReaderAsync();
        // The stored query answers the new version, or no row when the version the grain holds is not the stored one.
        do
        {
            if (reader.FieldCount > 0 && await reader.ReadAsync() && !await reader.IsDBNullAsync(0))
                return Convert.ToInt32(reader.GetValue(0), CultureInfo.InvariantCulture);
        } while (await reader.NextResultAsync());
        return null;
    }

    // The batch being executed, so a failed command can be traced back to its write.
    private DbBatch? _batch;

    private int BatchIndex(DbBatchCommand failed) => _batch!.BatchCommands.IndexOf(failed);

    /// <summary>All the writes as one batch of single-statement commands, each answering one result set.</summary>
    private async Task ExecuteBatchAsync(DbConnection connection, DbTransaction transaction, List<Write> writes, int?[] versions)
    {
        await using var batch = _batch = connection.CreateBatch();
        batch.Transaction = transaction;
        foreach (var write in writes)
        {
            var command = batch.CreateBatchCommand();
            command.CommandText = _writeQuery!.TrimEnd(';', ' ', '\n', '\r'); // one statement per batch command
            new WriteParameters(command.Parameters, command.CreateParameter, "").Set(write, _serviceId);
            batch.BatchCommands.Add(command);
        }
        await using var reader = await batch.ExecuteReaderAsync();
        for (var i = 0; i < writes.Count; i++)
        {
            if (i > 0 && !await reader.NextResultAsync()) break;
            if (reader.FieldCount > 0 && await reader.ReadAsync() && !await reader.IsDBNullAsync(0))
                versions[i] = Convert.ToInt32(reader.GetValue(0), CultureInfo.InvariantCulture);
        }
    }

    /// <summary>The stored write query's parameters, as the Orleans provider names them, given one write's values at a time.</summary>
    private sealed class WriteParameters
    {
        private readonly DbParameter _grainIdHash, _n0, _n1, _grainTypeHash, _grainType, _extension, _serviceId, _version, _payload;

        public WriteParameters(DbParameterCollection parameters, Func<DbParameter> create, string prefix)
        {
            _grainIdHash = Add("GrainIdHash", DbType.Int32);
            _n0 = Add("GrainIdN0", DbType.Int64);
            _n1 = Add("GrainIdN1", DbType.Int64);
            _grainTypeHash = Add("GrainTypeHash", DbType.Int32);
            _grainType = Add("GrainTypeString", DbType.String);
            _extension = Add("GrainIdExtensionString", DbType.String);
            _serviceId = Add("ServiceId", DbType.String);
            _version = Add("GrainStateVersion", DbType.Int32);
            _payload = Add("PayloadBinary", DbType.Binary);

            DbParameter Add(string name, DbType type)
            {
                var parameter = create();
                parameter.ParameterName = prefix + name;
                parameter.DbType = type;
                parameters.Add(parameter);
                return parameter;
            }
        }

        public void Set(Write write, string serviceId)
        {
            var row = write.Row;
            _grainIdHash.Value = row.GrainIdHash;
            _n0.Value = row.N0;
            _n1.Value = row.N1;
            _grainTypeHash.Value = row.GrainTypeHash;
            _grainType.Value = row.StateName;
            _extension.Value = (object?)row.Extension ?? DBNull.Value;
            _serviceId.Value = serviceId;
            _version.Value = (object?)write.Version ?? DBNull.Value;
            _payload.Value = write.Payload;
        }
    }

    private async Task<DbConnection> ConnectionAsync()
    {
        if (_connection is { State: ConnectionState.Open } open) return open;
        await DropConnectionAsync();
        var connection = _factory.CreateConnection()!;
        connection.ConnectionString = _connectionString;
        await connection.OpenAsync();
        await using (var query = connection.CreateCommand())
        {
            query.CommandText = "SELECT QueryText FROM OrleansQuery WHERE QueryKey = 'WriteToStorageKey'";
            _writeQuery = ((string?)await query.ExecuteScalarAsync()
                           ?? throw new InvalidOperationException("The database has no stored query WriteToStorageKey: apply the schema scripts first.")).Trim();
        }
        // SQLite's stored query first sets the connection's durability (PRAGMA synchronous), which cannot change inside
        // a transaction: this connection sets it once, as it opens, and runs the rest of the query in its transactions.
        while (_writeQuery.StartsWith("PRAGMA", StringComparison.OrdinalIgnoreCase))
        {
            var end = _writeQuery.IndexOf(';') is var i and >= 0 ? i + 1 : _writeQuery.Length;
            await using var pragma = connection.CreateCommand();
            pragma.CommandText = _writeQuery[..end];
            await pragma.ExecuteNonQueryAsync();
            _writeQuery = _writeQuery[end..].Trim();
        }
        return _connection = connection;
    }

    private async Task DropConnectionAsync()
    {
        if (_connection is { } connection)
        {
            _connection = null;
            await connection.DisposeAsync();
        }
    }

    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        _reads.Writer.TryComplete();
        await _loop;
        await _readLoop;
        await DropConnectionAsync();
        await DropReadConnectionAsync();
    }

    private sealed record Write(Row Row, int? Version, byte[] Payload)
    {
        public TaskCompletionSource<int> Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }

    private sealed record Read(Row Row)
    {
        public TaskCompletionSource<(bool Found, byte[]? Payload, int? Version)> Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }

    /// <summary>The columns that name one grain's row, as a read finds them.</summary>
    private readonly record struct RowKey(int GrainIdHash, int GrainTypeHash, string StateName, long N0, long N1, string? Extension);

    /// <summary>A grain's row as the Orleans ADO.NET provider keys it (hashes, key parts, state name).</summary>
    private sealed record Row(string StateName, string Key, int GrainIdHash, int GrainTypeHash, long N0, long N1, string? Extension) : IComparable<Row>
    {
        public static Row Of(string stateName, GrainId grainId, string serviceId)
        {
            var (n0, n1, extension) = KeyParts(grainId);
            // The provider hashes the key's bytes (GUID or integer, then the extension; a string key's text), reversed
            // on little-endian machines.
            byte[] hashed = grainId.TryGetGuidKey(out var guid, out _) ? Concat(guid.ToByteArray(), extension)
                : grainId.TryGetIntegerKey(out var integer, out _) ? Concat(BitConverter.GetBytes(integer), extension)
                : Encoding.UTF8.GetBytes(extension!);
            if (BitConverter.IsLittleEndian) Array.Reverse(hashed);
            return new Row(stateName, grainId.ToString(), Hasher.Hash(hashed), Hasher.Hash(Encoding.UTF8.GetBytes(stateName)), n0, n1, extension);
        }

        /// <summary>The row's <see cref="StoredRows"/> fingerprint, without hashing the key as the provider does.</summary>
        public static long Fingerprint(string stateName, GrainId grainId)
        {
            var (n0, n1, extension) = KeyParts(grainId);
            return StoredRows.Fingerprint(stateName, n0, n1, extension);
        }

        public long Fingerprint() => StoredRows.Fingerprint(StateName, N0, N1, Extension);

        /// <summary>The key as the provider's columns hold it: GUID or integer halves, and the extension (a string key's text).</summary>
        private static (long N0, long N1, string? Extension) KeyParts(GrainId grainId)
        {
            if (grainId.TryGetGuidKey(out var guid, out var extension))
            {
                var bytes = guid.ToByteArray();
                return (BitConverter.ToInt64(bytes, 0), BitConverter.ToInt64(bytes, 8), extension);
            }
            if (grainId.TryGetIntegerKey(out var integer, out extension)) return (0, integer, extension);
            return (0, 0, grainId.Key.ToString());
        }

        private static byte[] Concat(byte[] key, string? extension) => extension is null ? key : [.. key, .. Encoding.UTF8.GetBytes(extension)];

        public int CompareTo(Row? other) => other is null ? 1
            : (GrainIdHash, GrainTypeHash, N0, N1).CompareTo((other.GrainIdHash, other.GrainTypeHash, other.N0, other.N1)) is var c and not 0 ? c
            : string.CompareOrdinal(StateName + "\0" + Extension, other.StateName + "\0" + other.Extension);
    }
}
