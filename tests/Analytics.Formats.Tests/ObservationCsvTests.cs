using System.Text;
using Analytics.Domain;
using Analytics.Formats;
using Analytics.Tests.Support;

namespace Analytics.Formats.Tests;

public class ObservationCsvTests
{
    private const string Header = "province,indicator,year,quarter,kind,value,unit,source,quote";

    [Fact]
    public void Reads_the_documented_example_verbatim()
    {
        var rows = ObservationCsv.Parse(Header + "\n" +
            "60,internet-users-rate,2019,,actual,59,%,000_280cfce90132468c.txt,\"% 38,5 62 42,5 45 51 59 62 85 66 70 75 80 85\"\n");

        var row = Assert.Single(rows);
        Assert.Equal(new ObservationInput(2, "60", "internet-users-rate", "2019", "", "actual", "59", "%",
            "000_280cfce90132468c.txt", "% 38,5 62 42,5 45 51 59 62 85 66 70 75 80 85"), row);
    }

    [Fact]
    public void Columns_are_found_by_name_in_any_order_and_optional_ones_may_be_absent()
    {
        var rows = ObservationCsv.Parse("Value,KIND,year,indicator,province\n59,actual,2019,internet-users-rate,Bình Thuận\n");

        var row = Assert.Single(rows);
        Assert.Equal(("Bình Thuận", "internet-users-rate", "2019", "actual", "59"), (row.Province, row.Indicator, row.Year, row.Kind, row.Value));
        Assert.Null(row.Quarter);
        Assert.Null(row.Unit);
        Assert.Null(row.Source);
        Assert.Null(row.Quote);
    }

    [Fact]
    public void Quoted_fields_keep_commas_doubled_quotes_and_line_breaks_and_rows_count_file_lines()
    {
        var csv = Header + "\r\n" +
                  "60,internet-users-rate,2019,,actual,59,%,report.txt,\"Tỷ lệ \"\"người dùng\"\", 59%\r\nsecond line\"\r\n" +
                  "60,internet-users-rate,2020,,estimate,62,%,report.txt,plain\r\n";

        var rows = ObservationCsv.Parse(csv);

        Assert.Equal(2, rows.Count);
        Assert.Equal("Tỷ lệ \"người dùng\", 59%\r\nsecond line", rows[0].Quote);
        Assert.Equal(2, rows[0].Row);
        Assert.Equal(4, rows[1].Row); // the quote of row 2 spans lines 2-3
    }

    [Fact]
    public void CRLF_and_LF_files_read_the_same()
    {
        var lf = Header + "\n60,a,2019,,actual,1,,,x\n01,b,2020,2,plan,2.5,,,y\n";
        Assert.Equal(ObservationCsv.Parse(lf), ObservationCsv.Parse(lf.Replace("\n", "\r\n")));
    }

    [Fact]
    public void A_UTF8_byte_order_mark_is_not_part_of_the_first_column_name()
    {
        var bytes = Encoding.UTF8.GetPreamble().Concat(Encoding.UTF8.GetBytes(Header + "\nBình Thuận,a,2019,,actual,1,,,\n")).ToArray();

        var rows = ObservationCsv.Read(new MemoryStream(bytes), "upload.csv");

        Assert.Equal("Bình Thuận", Assert.Single(rows).Province);
        Assert.Single(ObservationCsv.Parse("\uFEFF" + Header + "\n60,a,2019,,actual,1,,,\n"));
    }

    [Fact]
    public void Blank_lines_are_skipped_and_rows_keep_their_file_line_numbers()
    {
        var rows = ObservationCsv.Parse(Header + "\n\n60,a,2019,,actual,1,,,\n,,,,,,,,\n\n01,a,2019,,actual,2,,,\n");
        Assert.Equal(new[] { 3, 6 }, rows.Select(r => r.Row));
    }

    [Fact]
    public void A_file_without_a_trailing_line_break_reads_its_last_row()
    {
        Assert.Equal("2", ObservationCsv.Parse(Header + "\n60,a,2019,,actual,2,,,")[0].Value);
    }

    [Fact]
    public void An_unterminated_quote_is_reported_at_the_line_where_it_opens()
    {
        using var english = Bilingual.Reading(english: true);
        var csv = Header + "\n60,a,2019,,actual,1,,,ok\n60,a,2020,,actual,2,,,\"never closed\n60,a,2021,,actual,3,,,\n";
        var e = Assert.Throws<DataFormatException>(() => ObservationCsv.Parse(csv, "upload.csv"));
        Assert.Equal(3, e.Line);
        Assert.Contains("unterminated quoted field", e.Message);
        Assert.StartsWith("upload.csv line 3:", e.Message);
    }

    [Fact]
    public void A_malformed_file_is_described_in_Vietnamese_unless_the_reader_reads_English()
    {
        var csv = Header + "\n60,a,2019,,actual,1,,,ok\n60,a,2020,,actual,2,,,\"never closed\n";

        var vietnamese = Assert.Throws<DataFormatException>(() => ObservationCsv.Parse(csv, "upload.csv"));
        Assert.Equal("upload.csv dòng 3: ô mở ngoặc kép nhưng không đóng (dấu '\"' mở ở đây không có dấu đóng)", vietnamese.Message);
        Assert.Equal("ô mở ngoặc kép nhưng không đóng (dấu '\"' mở ở đây không có dấu đóng)", vietnamese.Reason);

        using var english = Bilingual.Reading(english: true);
        var inEnglish = Assert.Throws<DataFormatException>(() => ObservationCsv.Parse(csv, "upload.csv"));
        Assert.Equal("upload.csv line 3: unterminated quoted field (a '\"' opened here is never closed)", inEnglish.Message);
    }

    [Fact]
    public void A_row_with_the_wrong_number_of_fields_is_reported_with_its_line()
    {
        using var english = Bilingual.Reading(english: true);
        var e = Assert.Throws<DataFormatException>(() => ObservationCsv.Parse(Header + "\n60,a,2019,,actual,1,,,\n60,a,2020,actual,2\n"));
        Assert.Equal(3, e.Line);
        Assert.Contains("5 fields where the header has 9", e.Message);
    }

    [Theory]
    [InlineData("province,indicator,year,quarter,kind,unit", "value", "lacks the required column 'value'")]
    [InlineData("province,indicator,year,kind,value,colour", "colour", "unknown column 'colour'")]
    [InlineData("province,indicator,year,kind,value,year", "year", "column 'year' appears twice")]
    public void A_bad_header_is_reported_with_the_column(string header, string field, string reason)
    {
        using var english = Bilingual.Reading(english: true);
        var e = Assert.Throws<DataFormatException>(() => ObservationCsv.Parse(header + "\n"));
        Assert.Equal((1, field), (e.Line, e.Field));
        Assert.Contains(reason, e.Message);
    }

    [Fact]
    public void An_empty_file_is_an_error()
    {
        using var english = Bilingual.Reading(english: true);
        var e = Assert.Throws<DataFormatException>(() => ObservationCsv.Parse("\n\n"));
        Assert.Contains("empty", e.Message);
    }

    [Theory]
    [InlineData("60,a,2019,,actual,1,,,say \"hi\"", "a quote appears inside an unquoted field")]
    [InlineData("60,a,2019,,actual,1,,,\"hi\" there", "text follows a closing quote")]
    public void Stray_quotes_are_reported_with_the_line(string line, string reason)
    {
        using var english = Bilingual.Reading(english: true);
        var e = Assert.Throws<DataFormatException>(() => ObservationCsv.Parse(Header + "\n" + line + "\n"));
        Assert.Equal(2, e.Line);
        Assert.Contains(reason, e.Message);
    }

    [Fact]
    public void Bytes_that_are_not_UTF8_are_refused_with_a_hint()
    {
        using var english = Bilingual.Reading(english: true);
        var latin1 = Encoding.Latin1.GetBytes(Header + "\nCà Mau,a,2019,,actual,1,,,\n");
        var e = Assert.Throws<DataFormatException>(() => ObservationCsv.Read(new MemoryStream(latin1), "upload.csv"));
        Assert.Contains("not UTF-8", e.Message);
    }

    [Fact]
    public void Written_observations_read_back_and_validate_to_the_same_observations()
    {
        Observation[] observations =
        [
            new("60", "internet-users-rate", 2019, null, ObservationKind.Actual, 59, "%", "000_280cfce90132468c.txt",
                "% 38,5 62 42,5 45 51 59 62 85 66 70 75 80 85"),
            new("60", "internet-users-rate", 2020, null, ObservationKind.Estimate, 62.5, "%", "a \"quoted\" source.txt",
                "Ước TH 2020: \"62,5\"\nnext line"),
            new("58", "internet-subscribers", 2023, 1, ObservationKind.Plan, 1846000, "subscriptions", null, null),
            new("01", "telephone-density", 2021, 4, ObservationKind.Target, 0.1 + 0.2, "subscriptions/100 inhabitants", "x", "  edge spaces  "),
            new("79", "postal-service-radius", 2025, null, ObservationKind.Baseline, 1.7976931348623157E+308 / 1e300, "km", "", "q"),
            // The new Lâm Đồng and Hồ Chí Minh City of the 34 units, stored under their territory codes.
            new("vn34-68", "internet-users-rate", 2025, null, ObservationKind.Target, 80, "%", "x", null),
            new("vn34-79", "internet-users-rate", 2026, 1, ObservationKind.Plan, 90, "%", "x", null),
            // Bounds and approximations keep their qualifier.
            new("70", "internet-users-rate", 2020, null, ObservationKind.Actual, 95, "%", "x", "trên 95%", Qualifier.Above),
            new("70", "internet-users-rate", 2021, null, ObservationKind.Plan, 90, "%", "x", "tối thiểu 90%", Qualifier.AtLeast),
            new("70", "internet-users-rate", 2025, null, ObservationKind.Target, 20, "%", "x", "dưới 20%", Qualifier.Below),
            new("70", "internet-users-rate", 2024, null, ObservationKind.Target, 30, "%", "x", "không quá 30%", Qualifier.AtMost),
            new("60", "internet-users-rate", 2022, null, ObservationKind.Actual, 100, "%", "x", "Gần 100%", Qualifier.About),
        ];

        var text = ObservationCsv.Format(observations);
        var batch = ObservationValidator.Validate(ObservationCsv.Parse(text), RepoFiles.Provinces, RepoFiles.LoadIndicators());

        Assert.Empty(batch.Errors);
        Assert.Equal(observations.Select(o => o with { Source = string.IsNullOrEmpty(o.Source) ? null : o.Source }), batch.Observations);
        Assert.StartsWith(Header + ",geography,qualifier\n", text);
    }

    [Fact]
    public void The_qualifier_column_takes_the_symbols_and_their_ASCII_spellings()
    {
        var rows = ObservationCsv.Parse(Header + ",qualifier\n" +
            "60,internet-users-rate,2016,,actual,40,%,s,q,>\n" +
            "60,internet-users-rate,2017,,actual,40,%,s,q,>=\n" +
            "60,internet-users-rate,2018,,actual,40,%,s,q,≤\n" +
            "60,internet-users-rate,2019,,actual,40,%,s,q,<=\n" +
            "60,internet-users-rate,2020,,actual,40,%,s,q, ~ \n" +
            "60,internet-users-rate,2021,,estimate,40,%,s,q,\n");

        var batch = ObservationValidator.Validate(rows, RepoFiles.Provinces, RepoFiles.LoadIndicators());

        Assert.Empty(batch.Errors);
        Assert.Equal([Qualifier.Above, Qualifier.AtLeast, Qualifier.AtMost, Qualifier.AtMost, Qualifier.About, null],
            batch.Observations.Select(o => o.Qualifier));
        // Written back as the symbols, so an export reads back to the same figures.
        Assert.Equal([">", "≥", "≤", "≤", "≈", ""], ObservationCsv.Format(batch.Observations).Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Skip(1).Select(line => line[(line.LastIndexOf(',') + 1)..]));
    }

    [Fact]
    public async Task A_JSON_observation_carries_its_qualifier_like_a_CSV_row()
    {
        var json = """
            [{"province":"60","indicator":"internet-users-rate","year":2020,"kind":"actual","value":95,"qualifier":">"},
             {"province":"60","indicator":"internet-users-rate","year":2021,"kind":"actual","value":96}]
            """;

        var rows = await ObservationJson.ReadAsync(new MemoryStream(Encoding.UTF8.GetBytes(json)), CancellationToken.None);
        var batch = ObservationValidator.Validate(rows, RepoFiles.Provinces, RepoFiles.LoadIndicators());

        Assert.Empty(batch.Errors);
        Assert.Equal([Qualifier.Above, null], batch.Observations.Select(o => o.Qualifier));
        var fromCsv = ObservationValidator.Validate(ObservationCsv.Parse(ObservationCsv.Format(batch.Observations)), RepoFiles.Provinces, RepoFiles.LoadIndicators());
        Assert.Equal(batch.Observations, fromCsv.Observations);
    }

    [Fact]
    public void Files_written_to_disk_read_back_with_their_line_numbers()
    {
        var path = Path.Combine(Path.GetTempPath(), $"observations-{Guid.NewGuid():N}.csv");
        try
        {
            File.WriteAllText(path, ObservationCsv.Format([new Observation("60", "internet-users-rate", 2019, null, ObservationKind.Actual, 59, "%", "s", "q")]));
            var row = Assert.Single(ObservationCsv.ReadFile(path));
            Assert.Equal((2, "60", "59"), (row.Row, row.Province, row.Value));
        }
        finally { File.Delete(path); }
    }

    [Fact]
    public void A_figure_restated_for_a_unit_of_the_34_is_written_with_its_mark_and_reads_back_to_the_same_figure()
    {
        Observation[] observations =
        [
            new("vn34-31", "dti-score", 2024, null, ObservationKind.Actual, 0.7857, "score", "https://dantri.com.vn/x", "Hải Phòng (0,7857)"),
            new("vn34-31", "dti-score", 2025, null, ObservationKind.Target, 0.9, "score", "x", null),
        ];

        var text = ObservationCsv.Format(observations);
        var batch = ObservationValidator.Validate(ObservationCsv.Parse(text), RepoFiles.Provinces, RepoFiles.LoadIndicators());

        Assert.Empty(batch.Errors);
        Assert.Equal(observations, batch.Observations);
        Assert.StartsWith(Header + ",geography,qualifier,restated\n", text);
        Assert.Contains(",vn-34,,yes\n", text);
        Assert.EndsWith(",\n", text); // the 2025 target is the unit's own: no mark
    }
}
