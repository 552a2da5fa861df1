using System.Globalization;
using Npgsql;

namespace Analytics.Baseline;

/// <summary>
/// Provinces and indicators, stored in PostgreSQL and held in memory between changes (they change a few times a
/// year; every request needs them), as any API in front of a database would.
/// </summary>
public sealed class Catalog(NpgsqlDataSource db)
{
    public sealed record Snapshot(
        IReadOnlyList<ProvinceDto> Provinces, IReadOnlyDictionary<string, ProvinceDto> ProvincesByKey,
        IReadOnlyDictionary<string, IndicatorDto> Indicators, IReadOnlyList<string> Regions);

    private volatile Snapshot _current = new([], new Dictionary<string, ProvinceDto>(), new Dictionary<string, IndicatorDto>(), []);

    public Snapshot Current => _current;

    public async Task ReloadAsync()
    {
        var provinces = new List<ProvinceDto>();
        var indicators = new Dictionary<string, IndicatorDto>(StringComparer.OrdinalIgnoreCase);
        await using (var command = db.CreateCommand("SELECT code, name_vi, name_ascii, region, valid_from, valid_to, successor_code FROM province ORDER BY code COLLATE \"C\""))
        await using (var reader = await command.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
                provinces.Add(new ProvinceDto(reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetString(3),
                    reader.IsDBNull(4) ? null : reader.GetFieldValue<DateOnly>(4), reader.IsDBNull(5) ? null : reader.GetFieldValue<DateOnly>(5),
                    reader.IsDBNull(6) ? null : reader.GetString(6)));
        }
        await using (var command = db.CreateCommand("SELECT code, name_vi, name_en, unit, direction, min_value, max_value, aggregation, source FROM indicator"))
        await using (var reader = await command.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
                indicators[reader.GetString(0)] = new IndicatorDto(reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetString(3),
                    (Direction)reader.GetInt16(4),
                    reader.IsDBNull(5) ? null : reader.GetDouble(5), reader.IsDBNull(6) ? null : reader.GetDouble(6),
                    reader.GetString(7), reader.IsDBNull(8) ? null : reader.GetString(8));
        }
        // A province is found by its GSO code or either spelling of its name.
        var byKey = new Dictionary<string, ProvinceDto>(StringComparer.OrdinalIgnoreCase);
        foreach (var p in provinces) { byKey.TryAdd(p.NameVi, p); byKey.TryAdd(p.NameAscii, p); }
        foreach (var p in provinces) byKey[p.Code] = p;
        _current = new Snapshot(provinces, byKey, indicators, [.. provinces.Select(p => p.Region).Distinct()]);
    }

    /// <summary>Inserts or replaces definitions in one transaction; returns how many differed from what was stored.</summary>
    public async Task<int> UpsertIndicatorsAsync(IReadOnlyList<IndicatorDto> definitions)
    {
        var known = _current.Indicators;
        var changed = definitions.Where(d => !known.TryGetValue(d.Code, out var k) || k != d).ToList();
        if (changed.Count == 0) return 0;
        await using var connection = await db.OpenConnectionAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        await using (var command = new NpgsqlCommand("""
            INSERT INTO indicator (code, name_vi, name_en, unit, direction, min_value, max_value, aggregation, source)
            SELECT * FROM unnest(@code, @name_vi, @name_en, @unit, @direction, @min, @max, @aggregation, @source)
            ON CONFLICT (code) DO UPDATE SET name_vi = excluded.name_vi, name_en = excluded.name_en, unit = excluded.unit,
                direction = excluded.direction, min_value = excluded.min_value, max_value = excluded.max_value,
                aggregation = excluded.aggregation, source = excluded.source
            """, connection, transaction))
        {
            command.Parameters.AddWithValue("code", changed.Select(d => d.Code).ToArray());
            command.Parameters.AddWithValue("name_vi", changed.Select(d => d.NameVi).ToArray());
            command.Parameters.AddWithValue("name_en", changed.Select(d => d.NameEn).ToArray());
            command.Parameters.AddWithValue("unit", changed.Select(d => d.Unit).ToArray());
            command.Parameters.AddWithValue("direction", changed.Select(d => (short)d.Direction).ToArray());
            command.Parameters.AddWithValue("min", changed.Select(d => d.Min).ToArray());
            command.Parameters.AddWithValue("max", changed.Select(d => d.Max).ToArray());
            command.Parameters.AddWithValue("aggregation", changed.Select(d => d.Aggregation).ToArray());
            command.Parameters.AddWithValue("source", changed.Select(d => d.Source).ToArray());
            await command.ExecuteNonQueryAsync();
        }
        await transaction.CommitAsync();
        await ReloadAsync();
        return changed.Count;
    }

    /// <summary>data/provinces.csv and data/indicators.csv, as the product's catalog bundle loads them.</summary>
    public async Task LoadBundleAsync(string dataDirectory)
    {
        var provinces = CsvRecords.Read(await File.ReadAllTextAsync(Path.Combine(dataDirectory, "provinces.csv")));
        await using (var connection = await db.OpenConnectionAsync())
        await using (var command = new NpgsqlCommand("""
            INSERT INTO province (code, name_vi, name_ascii, region, valid_from, valid_to, successor_code)
            SELECT * FROM unnest(@code, @name_vi, @name_ascii, @region, @valid_from, @valid_to, @successor)
            ON CONFLICT (code) DO UPDATE SET name_vi = excluded.name_vi, name_ascii = excluded.name_ascii, region = excluded.region,
                valid_from = excluded.valid_from, valid_to = excluded.valid_to, successor_code = excluded.successor_code
            """, connection))
        {
            string? Text(Dictionary<string, string> r, string column) => r.TryGetValue(column, out var v) && v.Trim().Length > 0 ? v.Trim() : null;
            DateOnly? Date(Dictionary<string, string> r, string column) => Text(r, column) is { } t ? DateOnly.ParseExact(t, "yyyy-MM-dd", CultureInfo.InvariantCulture) : null;
            command.Parameters.AddWithValue("code", provinces.Select(r => Text(r.Fields, "gso_code")!).ToArray());
            command.Parameters.AddWithValue("name_vi", provinces.Select(r => Text(r.Fields, "name_vi")!).ToArray());
            command.Parameters.AddWithValue("name_ascii", provinces.Select(r => Text(r.Fields, "name_ascii")!).ToArray());
            command.Parameters.AddWithValue("region", provinces.Select(r => Text(r.Fields, "region")!).ToArray());
            command.Parameters.AddWithValue("valid_from", provinces.Select(r => Date(r.Fields, "valid_from")).ToArray());
            command.Parameters.AddWithValue("valid_to", provinces.Select(r => Date(r.Fields, "valid_to")).ToArray());
            command.Parameters.AddWithValue("successor", provinces.Select(r => Text(r.Fields, "successor_code")).ToArray());
            await command.ExecuteNonQueryAsync();
        }

        var indicators = CsvRecords.Read(await File.ReadAllTextAsync(Path.Combine(dataDirectory, "indicators.csv")))
            .Select(r => r.Fields)
            .Select(r => new IndicatorDto(r["code"].Trim(), r["name_vi"].Trim(), r["name_en"].Trim(), r["unit"].Trim(),
                r["direction"].Trim() switch { "lower" => Direction.LowerIsBetter, "context" => Direction.Context, _ => Direction.HigherIsBetter },
                Bound(r["min"]), Bound(r["max"]), r["aggregation"].Trim(), r.TryGetValue("source", out var s) && s.Trim().Length > 0 ? s.Trim() : null))
            .ToList();
        await ReloadAsync();
        await UpsertIndicatorsAsync(indicators);
    }

    private static double? Bound(string text) => text.Trim().Length == 0 ? null : double.Parse(text, CultureInfo.InvariantCulture);
}
