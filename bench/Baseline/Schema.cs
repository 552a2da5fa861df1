using Npgsql;

namespace Analytics.Baseline;

/// <summary>
/// The tables and indexes a competent engineer would give this workload. Observations are keyed for the ranking
/// (one index range scan per indicator, year, kind); series reads have their own index; replaced values go to a
/// revision table so the current figures stay one row per key.
/// </summary>
public static class Schema
{
    private const string Ddl = """
        SELECT pg_advisory_xact_lock(16016);
        CREATE TABLE IF NOT EXISTS province (
            code text PRIMARY KEY,
            name_vi text NOT NULL,
            name_ascii text NOT NULL,
            region text NOT NULL,
            valid_from date,
            valid_to date,
            successor_code text);
        CREATE TABLE IF NOT EXISTS indicator (
            code text PRIMARY KEY,
            name_vi text NOT NULL,
            name_en text NOT NULL,
            unit text NOT NULL,
            direction smallint NOT NULL,
            min_value double precision,
            max_value double precision,
            aggregation text NOT NULL,
            source text);
        CREATE TABLE IF NOT EXISTS observation (
            indicator text NOT NULL REFERENCES indicator,
            year smallint NOT NULL,
            kind smallint NOT NULL,
            quarter smallint NOT NULL,   -- 0: a yearly figure
            province text NOT NULL REFERENCES province,
            value double precision NOT NULL,
            unit text,
            source text,
            quote text,
            ingested_at timestamptz NOT NULL,
            PRIMARY KEY (indicator, year, kind, quarter, province));
        CREATE INDEX IF NOT EXISTS observation_series ON observation (province, indicator);
        CREATE TABLE IF NOT EXISTS revision (
            indicator text NOT NULL,
            province text NOT NULL,
            year smallint NOT NULL,
            kind smallint NOT NULL,
            quarter smallint NOT NULL,
            value double precision NOT NULL,
            source text,
            quote text,
            ingested_at timestamptz NOT NULL,
            replaced_at timestamptz NOT NULL);
        CREATE INDEX IF NOT EXISTS revision_series ON revision (province, indicator);
        """;

    public static async Task ApplyAsync(NpgsqlDataSource db)
    {
        await using var connection = await db.OpenConnectionAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        await using (var command = new NpgsqlCommand(Ddl, connection, transaction)) await command.ExecuteNonQueryAsync();
        await transaction.CommitAsync();
    }
}
