using Npgsql;
using NpgsqlTypes;

namespace Analytics.Baseline;

/// <summary>The three questions as SQL: an upsert of a batch, a ranking by window function, a series read.</summary>
public sealed class ObservationStore(NpgsqlDataSource db)
{
    /// <summary>
    /// One transaction per batch: the rows go in as arrays (one round trip), replaced values are copied to the revision
    /// table, and ON CONFLICT updates only figures whose value changed, so a repeated batch writes nothing.
    /// </summary>
    public async Task<IngestResult> UpsertAsync(IReadOnlyList<ObservationRow> rows, int received)
    {
        const string sql = """
            WITH input AS (
                SELECT * FROM unnest(@province, @indicator, @year, @quarter, @kind, @value, @unit, @source, @quote)
                    AS t(province, indicator, year, quarter, kind, value, unit, source, quote)),
            replaced AS (
                INSERT INTO revision (indicator, province, year, kind, quarter, value, source, quote, ingested_at, replaced_at)
                SELECT o.indicator, o.province, o.year, o.kind, o.quarter, o.value, o.source, o.quote, o.ingested_at, now()
                FROM observation o JOIN input i USING (indicator, year, kind, quarter, province)
                WHERE o.value <> i.value),
            written AS (
                INSERT INTO observation AS o (indicator, year, kind, quarter, province, value, unit, source, quote, ingested_at)
                SELECT indicator, year, kind, quarter, province, value, unit, source, quote, now() FROM input
                ON CONFLICT (indicator, year, kind, quarter, province) DO UPDATE
                    SET value = excluded.value, unit = coalesce(excluded.unit, o.unit), source = excluded.source,
                        quote = excluded.quote, ingested_at = excluded.ingested_at
                    WHERE o.value <> excluded.value
                RETURNING xmax = 0 AS inserted)
            SELECT count(*) FILTER (WHERE inserted), count(*) FILTER (WHERE NOT inserted) FROM written
            """;
        // Rows in key order, so two batches touching the same figures lock them in the same order (no deadlock).
        var sorted = rows.OrderBy(r => r.Indicator, StringComparer.Ordinal).ThenBy(r => r.Year).ThenBy(r => r.Kind)
            .ThenBy(r => r.Quarter).ThenBy(r => r.Province, StringComparer.Ordinal).ToArray();
        await using var connection = await db.OpenConnectionAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        await using var command = new NpgsqlCommand(sql, connection, transaction);
        command.Parameters.Add(new NpgsqlParameter<string[]>("province", sorted.Select(r => r.Province).ToArray()));
        command.Parameters.Add(new NpgsqlParameter<string[]>("indicator", sorted.Select(r => r.Indicator).ToArray()));
        command.Parameters.Add(new NpgsqlParameter<short[]>("year", sorted.Select(r => r.Year).ToArray()));
        command.Parameters.Add(new NpgsqlParameter<short[]>("quarter", sorted.Select(r => r.Quarter).ToArray()));
        command.Parameters.Add(new NpgsqlParameter<short[]>("kind", sorted.Select(r => (short)r.Kind).ToArray()));
        command.Parameters.Add(new NpgsqlParameter<double[]>("value", sorted.Select(r => r.Value).ToArray()));
        command.Parameters.Add(new NpgsqlParameter("unit", NpgsqlDbType.Array | NpgsqlDbType.Text) { Value = sorted.Select(r => r.Unit).ToArray() });
        command.Parameters.Add(new NpgsqlParameter("source", NpgsqlDbType.Array | NpgsqlDbType.Text) { Value = sorted.Select(r => r.Source).ToArray() });
        command.Parameters.Add(new NpgsqlParameter("quote", NpgsqlDbType.Array | NpgsqlDbType.Text) { Value = sorted.Select(r => r.Quote).ToArray() });
        int inserted, revised;
        await using (var reader = await command.ExecuteReaderAsync())
        {
            await reader.ReadAsync();
            inserted = (int)reader.GetInt64(0);
            revised = (int)reader.GetInt64(1);
        }
        await transaction.CommitAsync();
        return new IngestResult(received, inserted, rows.Count - inserted - revised, revised);
    }

    // Competition ranking ("1, 2, 2, 4") is RANK(); the previous year's ranks are the same window over year - 1, among
    // the same provinces. Provinces without a figure follow, unranked, in code order. Two texts, one per direction,
    // so each ORDER BY is plain and the plan is cached per text.
    private static string RankingSql(bool higherIsBetter) => $$"""
        WITH universe AS (SELECT unnest(@provinces) AS province),
        ranked AS (
            SELECT o.year, o.province, o.value, rank() OVER (PARTITION BY o.year ORDER BY o.value {{(higherIsBetter ? "DESC" : "ASC")}}) AS rank
            FROM observation o JOIN universe u USING (province)
            WHERE o.indicator = @indicator AND o.year IN (@year, @year - 1) AND o.kind = @kind AND o.quarter = 0)
        SELECT u.province, c.value, c.rank::int, p.rank::int
        FROM universe u
        LEFT JOIN ranked c ON c.province = u.province AND c.year = @year
        LEFT JOIN ranked p ON p.province = u.province AND p.year = @year - 1
        ORDER BY c.rank NULLS LAST, u.province COLLATE "C"
        """;

    private static readonly string HigherSql = RankingSql(true), LowerSql = RankingSql(false);

    public async Task<int?> LatestYearAsync(string indicator, ObservationKind kind, string[] provinces)
    {
        await using var command = db.CreateCommand(
            "SELECT max(year)::int FROM observation WHERE indicator = @indicator AND kind = @kind AND quarter = 0 AND province = ANY(@provinces)");
        command.Parameters.Add(new NpgsqlParameter<string>("indicator", indicator));
        command.Parameters.Add(new NpgsqlParameter<short>("kind", (short)kind));
        command.Parameters.Add(new NpgsqlParameter<string[]>("provinces", provinces));
        return await command.ExecuteScalarAsync() is int year ? year : null;
    }

    public async Task<List<(string Province, double? Value, int? Rank, int? PreviousRank)>> RankAsync(
        string indicator, Direction direction, int year, ObservationKind kind, string[] provinces)
    {
        await using var command = db.CreateCommand(direction == Direction.LowerIsBetter ? LowerSql : HigherSql);
        command.Parameters.Add(new NpgsqlParameter<string[]>("provinces", provinces));
        command.Parameters.Add(new NpgsqlParameter<string>("indicator", indicator));
        command.Parameters.Add(new NpgsqlParameter<short>("year", (short)year));
        command.Parameters.Add(new NpgsqlParameter<short>("kind", (short)kind));
        var rows = new List<(string, double?, int?, int?)>(provinces.Length);
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
            rows.Add((reader.GetString(0), reader.IsDBNull(1) ? null : reader.GetDouble(1),
                reader.IsDBNull(2) ? null : reader.GetInt32(2), reader.IsDBNull(3) ? null : reader.GetInt32(3)));
        return rows;
    }

    /// <summary>The current figures and the revisions of one series, in one round trip.</summary>
    public async Task<(List<SeriesPointDto> Points, long Version)> SeriesAsync(string province, string indicator, ObservationKind? kind)
    {
        await using var batch = db.CreateBatch();
        var points = new NpgsqlBatchCommand("""
            SELECT year, quarter, kind, value, unit, source, quote, ingested_at FROM observation
            WHERE province = @p AND indicator = @i AND (@k::smallint IS NULL OR kind = @k) ORDER BY year, quarter, kind
            """);
        var revisions = new NpgsqlBatchCommand("""
            SELECT year, quarter, kind, value, source, quote, ingested_at, replaced_at FROM revision
            WHERE province = @p AND indicator = @i AND (@k::smallint IS NULL OR kind = @k) ORDER BY replaced_at, ingested_at
            """);
        foreach (var command in new[] { points, revisions })
        {
            command.Parameters.Add(new NpgsqlParameter<string>("p", province));
            command.Parameters.Add(new NpgsqlParameter<string>("i", indicator));
            command.Parameters.Add(new NpgsqlParameter("k", NpgsqlDbType.Smallint) { Value = kind is { } k ? (short)k : DBNull.Value });
            batch.BatchCommands.Add(command);
        }
        var current = new List<(short Year, short Quarter, short Kind, double Value, string? Unit, string? Source, string? Quote, DateTime At)>();
        var replaced = new Dictionary<(short, short, short), List<RevisionDto>>();
        await using (var reader = await batch.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
                current.Add((reader.GetInt16(0), reader.GetInt16(1), reader.GetInt16(2), reader.GetDouble(3), Text(reader, 4), Text(reader, 5), Text(reader, 6), reader.GetDateTime(7)));
            await reader.NextResultAsync();
            while (await reader.ReadAsync())
            {
                var key = (reader.GetInt16(0), reader.GetInt16(1), reader.GetInt16(2));
                if (!replaced.TryGetValue(key, out var list)) replaced[key] = list = [];
                list.Add(new RevisionDto(reader.GetDouble(3), Text(reader, 4), Text(reader, 5),
                    new DateTimeOffset(reader.GetDateTime(6)), new DateTimeOffset(reader.GetDateTime(7))));
            }
        }
        var version = current.Count == 0 ? 0 : (current.Max(c => c.At) - DateTime.UnixEpoch).Ticks / 10;
        return ([.. current.Select(c => new SeriesPointDto(c.Year, c.Quarter == 0 ? null : c.Quarter, (ObservationKind)c.Kind, c.Value, c.Unit, c.Source, c.Quote,
            new DateTimeOffset(c.At), replaced.GetValueOrDefault((c.Year, c.Quarter, c.Kind)) ?? []))], version);
    }

    private static string? Text(NpgsqlDataReader reader, int i) => reader.IsDBNull(i) ? null : reader.GetString(i);
}
