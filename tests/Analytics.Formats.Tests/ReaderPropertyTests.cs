using Analytics.Domain.Geography;
using System.Text;
using Analytics.Domain;
using Analytics.Formats;
using Analytics.Tests.Support;
using CsCheck;

namespace Analytics.Formats.Tests;

/// <summary>
/// Property-based specifications of the readers in formats/: whatever bytes arrive, a reader either gives valid rows
/// (that the validator then judges without throwing) or fails with its own error (<see cref="DataFormatException"/>,
/// <see cref="ObservationJson.MalformedJsonException"/>), never another exception. Inputs are real files and bodies
/// with random mutations (characters that matter to the format inserted, bytes replaced or deleted, lines
/// duplicated, the file cut short), so most are nearly right, where readers break.
/// </summary>
public sealed class ReaderPropertyTests
{
    private const int Iterations = 400;

    private static readonly IndicatorCatalog Indicators = RepoFiles.LoadIndicators();

    // What matters to CSV, JSON and PX-Web: separators, quotes, line breaks, structure, escapes, invalid UTF-8, BOMs,
    // numbers at the edges, words the readers look for.
    private static readonly byte[][] Tokens =
    [
        .. new[]
        {
            "\"", ",", ";", "\n", "\r\n", "\r", "\0", "..", "-", " ", "\t", "{", "}", "[", "]", ":", "null", "true", "\\", "\\ud800", "\\udc00",
            "\\u0000", "\"\"", "1e309", "NaN", "-0", "99999999999999999999", "2015", "\"2016\"", "Prel. 2016", "Total 1995", "(*)", "(%)",
            "ệ", "Bình Thuận", "WHOLE COUNTRY", "province", "value", "quote", "\"value\":", "\"province\":\"60\",", "Year",
        }.Select(Encoding.UTF8.GetBytes),
        [0xC3, 0x28], [0xFF], [0xFE], [0xEF, 0xBB, 0xBF], [0xF0, 0x9F], [0xED, 0xA0, 0x80],
    ];

    /// <summary>A seed with 0..6 mutations applied.</summary>
    private static Gen<byte[]> Mutated(IReadOnlyList<byte[]> seeds) =>
        Gen.Select(Gen.Int[0, seeds.Count - 1], Gen.Select(Gen.Int[0, 4], Gen.Double.Unit, Gen.Int[1, 64], Gen.Int[0, Tokens.Length - 1]).Array[0, 6], Gen.Byte.Array[1, 8])
            .Select((seed, operations, junk) => Mutate(seeds[seed], operations, junk));

    private static byte[] Mutate(byte[] seed, (int Kind, double Where, int Length, int Token)[] operations, byte[] junk)
    {
        var bytes = new List<byte>(seed);
        foreach (var (kind, where, length, token) in operations)
        {
            var at = (int)(where * bytes.Count);
            switch (kind)
            {
                case 0: bytes.InsertRange(at, Tokens[token]); break;
                case 1: bytes.RemoveRange(at, Math.Min(length, bytes.Count - at)); break;
                case 2: if (at < bytes.Count) bytes[at] = junk[length % junk.Length]; else bytes.AddRange(junk); break;
                case 3: bytes.InsertRange(at, bytes.GetRange(at, Math.Min(length * 8, bytes.Count - at))); break;
                default: bytes.RemoveRange(at, bytes.Count - at); break;
            }
        }
        return [.. bytes];
    }

    private static void ValidRows(IReadOnlyList<ObservationInput> rows)
    {
        for (var i = 0; i < rows.Count; i++)
        {
            Assert.NotNull(rows[i]);
            Assert.True(rows[i].Row > 0 && (i == 0 || rows[i].Row > rows[i - 1].Row), $"row numbers {rows[i].Row} after {(i > 0 ? rows[i - 1].Row : 0)}");
        }
        // The validator judges whatever a reader gives: problems are row errors, never exceptions.
        var batch = ObservationValidator.Validate(rows, RepoFiles.Provinces, Indicators, currentYear: 2026);
        Assert.True(batch.Observations.Count + batch.Errors.Count > 0 || rows.Count == 0);
    }

    private static string Print(byte[] bytes) => Convert.ToBase64String(bytes);

    private static readonly byte[][] CsvSeeds =
    [
        .. Directory.EnumerateFiles(Path.Combine(RepoFiles.Root, "data", "seeds"), "*.csv").Order(StringComparer.Ordinal).Take(3)
            .Select(f => File.ReadAllBytes(f).Take(1_500).ToArray()),
        Encoding.UTF8.GetBytes("province,indicator,year,quarter,kind,value,unit,source,quote\n60,internet-users-rate,2019,,actual,59,%,a.txt,\"59, \"\"quoted\"\"\"\n"),
        Encoding.UTF8.GetBytes("value,kind,year,indicator,province\n59,actual,2019,internet-users-rate,Bình Thuận\n\n,,,,\n"),
    ];

    [Fact]
    public void The_CSV_reader_gives_valid_rows_or_its_own_error()
    {
        Mutated(CsvSeeds).Sample(bytes =>
        {
            try
            {
                ValidRows(ObservationCsv.Read(new MemoryStream(bytes), "property.csv"));
            }
            catch (DataFormatException) { }
        }, iter: Iterations, threads: 1, print: Print);
    }

    private static readonly byte[][] JsonSeeds =
    [
        Encoding.UTF8.GetBytes("""[{"province":"60","indicator":"internet-users-rate","year":2019,"quarter":null,"kind":"actual","value":59,"unit":"%","source":"a.txt","quote":"59 \"q\" ệ"}]"""),
        Encoding.UTF8.GetBytes("""[{"province":"Bình Thuận","indicator":"internet-users-rate","year":"2019","kind":"estimate","value":"59.5"},{"province":"01","indicator":"internet-users-rate","year":2020,"kind":"plan","value":70,"quarter":2}]"""),
        Encoding.UTF8.GetBytes("""[]"""),
    ];

    [Fact]
    public void The_JSON_reader_gives_valid_rows_or_its_own_error()
    {
        Mutated(JsonSeeds).Sample(bytes =>
        {
            try
            {
                ValidRows(ObservationJson.ReadAsync(new MemoryStream(bytes), CancellationToken.None).GetAwaiter().GetResult());
            }
            catch (ObservationJson.MalformedJsonException) { }
        }, iter: Iterations, threads: 1, print: Print);
    }

    private static readonly byte[][] GsoSeeds =
    [
        .. Directory.EnumerateFiles(RepoFiles.GsoDirectory, "*.csv", SearchOption.AllDirectories).Order(StringComparer.Ordinal)
            .Where((_, i) => i % 9 == 0).Take(3).Select(f => File.ReadAllBytes(f).Take(3_000).ToArray()),
        Encoding.UTF8.GetBytes("\"Poverty rate by province by Cities, provincies and Year\"\r\n\r\n\"Cities, provincies\";\"2014\";\"2015\";\"Pre. 2016\"\r\n\" WHOLE COUNTRY\";8.4;7.0;5.8\r\n\"Binh Thuan\";5.3;..;2.3\r\n"),
        Encoding.UTF8.GetBytes("\"Population by province by Cities, provincies, Sex and Year\"\r\n\r\n\"Cities, provincies\";\"Total 1995\";\"Male 1995\";\"2016 (*) Area (Km2)\"\r\n\"Ha Noi\";1;2;3\r\n\"Unidentified\";1;1;1\r\n"),
    ];

    [Fact]
    public void The_GSO_reader_gives_a_valid_table_or_its_own_error()
    {
        var reader = new GsoTableReader(RepoFiles.Provinces);
        Mutated(GsoSeeds).Sample(bytes =>
        {
            GsoTable table;
            try
            {
                table = reader.Read(new MemoryStream(bytes), "Population and Employment/Property table by province.csv");
            }
            catch (DataFormatException) { return; }

            var codes = table.Indicators.Select(d => d.Code).ToHashSet(StringComparer.Ordinal);
            Assert.All(table.Indicators, d => Assert.Null(IndicatorRules.StructuralProblem(d)));
            Assert.All(table.Observations, o =>
            {
                Assert.Contains(o.Indicator, codes);
                Assert.True(RepoFiles.Provinces.Resolve(o.Province, null, Geography.Vn63).IsResolved, $"province {o.Province}"); // GSO tables are of the 63
                Assert.True(Years.Accepts(o.Year), $"year {o.Year}");
                Assert.True(double.IsFinite(o.Value), $"value {o.Value}");
            });
        }, iter: Iterations / 2, threads: 1, print: Print);
    }
}
