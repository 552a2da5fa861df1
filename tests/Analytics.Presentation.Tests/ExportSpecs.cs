using System.IO.Compression;
using System.Text;
using System.Xml.Linq;
using Analytics.Presentation.Export;
using MiniExcelLibs;

namespace Analytics.Presentation.Tests;

public sealed class ExportSpecs
{
    private static readonly ExportTable Ranking = new("Xếp hạng 2024",
        [
            new ExportColumn("Hạng", ColumnKind.Year), new ExportColumn("Mã", ColumnKind.Text), new ExportColumn("Đơn vị"),
            new ExportColumn("Giá trị", ColumnKind.Decimal, 1), new ExportColumn("Dân số", ColumnKind.Integer),
            new ExportColumn("Xác suất", ColumnKind.Percent, 1), new ExportColumn("Ngày", ColumnKind.Date), new ExportColumn("Trích dẫn"),
        ],
        [
            [1, "01", "Hà Nội", 86.2, 8_435_700, 0.862, new DateOnly(2025, 7, 1), "=1+1"],
            [2, "60", "Bình Thuận", 74.25, 1_266_000, 0.5, new DateOnly(2024, 1, 2), "+SUM(A1:A2)"],
            [2, "68", "Lâm Đồng", -3.5, 1_332_500, null, null, "-2+3"],
            [4, "46", "Thừa Thiên Huế", "–", null, 0.1, null, "@cmd|' /C calc'!A0"],
            [5, "79", "TP. Hồ Chí Minh", 1.5, 9_389_700, 1.0, null, "\tTab, \"quoted\"\r\nline"],
        ]);

    private static string CsvText(ExportTable table)
    {
        var bytes = CsvExport.ToBytes(table);
        Assert.Equal(new byte[] { 0xEF, 0xBB, 0xBF }, bytes[..3]);
        return Encoding.UTF8.GetString(bytes, 3, bytes.Length - 3);
    }

    [Fact]
    public void Csv_has_a_bom_invariant_numbers_and_quoting()
    {
        var lines = CsvText(Ranking).Split("\r\n");
        Assert.Equal("Hạng,Mã,Đơn vị,Giá trị,Dân số,Xác suất,Ngày,Trích dẫn", lines[0]);
        Assert.StartsWith("1,01,Hà Nội,86.2,8435700,0.862,2025-07-01,", lines[1]);
        Assert.StartsWith("2,68,Lâm Đồng,-3.5,1332500,,,", lines[3]);
    }

    [Fact]
    public void Csv_text_that_a_spreadsheet_would_evaluate_gets_an_apostrophe()
    {
        var text = CsvText(Ranking);
        Assert.Contains(",'=1+1\r\n", text);
        Assert.Contains(",'+SUM(A1:A2)\r\n", text);
        Assert.Contains(",'-2+3\r\n", text);
        Assert.Contains(",'@cmd|' /C calc'!A0\r\n", text);
        Assert.Contains(",\"'\tTab, \"\"quoted\"\"\r\nline\"", text);
        // A negative number in a number column is a number, not text.
        Assert.Contains(",-3.5,", text);
    }

    [Fact]
    public void Control_characters_stored_before_they_were_refused_are_replaced_in_a_csv_and_a_report()
    {
        var table = new ExportTable("Trích dẫn", [new ExportColumn("Mã", ColumnKind.Text), new ExportColumn("Trích dẫn")],
            [["01", "NUL\u0000 ESC\u001b[2J BEL\u0007 RLO\u202Eabc"]]);
        var text = CsvText(table);
        foreach (var control in new[] { '\u0000', '\u001b', '\u0007', '\u202E' }) Assert.DoesNotContain(control, text);
        Assert.Contains("NUL\uFFFD ESC\uFFFD[2J BEL\uFFFD RLO\uFFFDabc", text);
        // Tabs and line breaks are text, and stay.
        Assert.Equal("a\tb\r\nc", FormulaSafety.Neutralised("a\tb\r\nc"));
    }

    [Fact]
    public void Xlsx_read_back_holds_numbers_as_numbers_and_formula_like_text_as_text()
    {
        var bytes = XlsxExport.ToBytes(Ranking);
        using var stream = new MemoryStream(bytes);
        var rows = stream.Query(useHeaderRow: true).Cast<IDictionary<string, object?>>().ToList();
        Assert.Equal(5, rows.Count);
        Assert.Equal(86.2, Assert.IsType<double>(rows[0]["Giá trị"]));
        Assert.Equal(8_435_700d, Assert.IsType<double>(rows[0]["Dân số"]));
        Assert.Equal(0.862, Assert.IsType<double>(rows[0]["Xác suất"]));
        Assert.Equal("01", rows[0]["Mã"]);                    // codes keep their leading zero
        Assert.Equal("Thừa Thiên Huế", rows[3]["Đơn vị"]);
        Assert.Equal("–", rows[3]["Giá trị"]);               // a placeholder stays text, not a number
        Assert.Equal("=1+1", rows[0]["Trích dẫn"]);
        Assert.Equal("+SUM(A1:A2)", rows[1]["Trích dẫn"]);
        Assert.Equal("-2+3", rows[2]["Trích dẫn"]);
        Assert.Equal("@cmd|' /C calc'!A0", rows[3]["Trích dẫn"]);
    }

    [Fact]
    public void Xlsx_has_no_formula_a_bold_frozen_header_an_autofilter_widths_and_number_formats()
    {
        using var zip = new ZipArchive(new MemoryStream(XlsxExport.ToBytes(Ranking)));
        XNamespace ns = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";
        var sheet = XDocument.Load(zip.GetEntry("xl/worksheets/sheet1.xml")!.Open()).Root!;
        Assert.Empty(sheet.Descendants(ns + "f"));                              // no formula anywhere
        var pane = sheet.Descendants(ns + "pane").Single();
        Assert.Equal("1", (string?)pane.Attribute("ySplit"));
        Assert.Equal("frozen", (string?)pane.Attribute("state"));
        Assert.Equal("A1:H6", (string?)sheet.Descendants(ns + "autoFilter").Single().Attribute("ref"));
        Assert.Equal(8, sheet.Descendants(ns + "col").Count());
        Assert.True(sheet.Descendants(ns + "col").All(c => double.Parse((string)c.Attribute("width")!, System.Globalization.CultureInfo.InvariantCulture) >= 6));

        var styles = XDocument.Load(zip.GetEntry("xl/styles.xml")!.Open()).Root!;
        var formats = styles.Element(ns + "cellXfs")!.Elements(ns + "xf").ToList();
        var fonts = styles.Element(ns + "fonts")!.Elements(ns + "font").ToList();
        XElement Style(string cell) => formats[(int?)sheet.Descendants(ns + "c").Single(c => (string?)c.Attribute("r") == cell).Attribute("s") ?? 0];
        Assert.NotNull(fonts[(int)Style("A1").Attribute("fontId")!].Element(ns + "b"));   // header bold
        Assert.Equal("1", (string?)Style("H2").Attribute("quotePrefix"));                   // "=1+1" stays text when edited
        Assert.Null(Style("C2").Attribute("quotePrefix"));
        var numberFormats = styles.Element(ns + "numFmts")!.Elements(ns + "numFmt").ToDictionary(f => (string)f.Attribute("numFmtId")!, f => (string)f.Attribute("formatCode")!);
        Assert.Equal("#,##0.0", numberFormats[(string)Style("D2").Attribute("numFmtId")!]);
        Assert.Equal("0.0%", numberFormats[(string)Style("F2").Attribute("numFmtId")!]);
        Assert.Equal("yyyy-mm-dd", numberFormats[(string)Style("G2").Attribute("numFmtId")!]);
        Assert.Equal("3", (string?)Style("E2").Attribute("numFmtId"));                      // #,##0
    }

    [Fact]
    public void A_workbook_holds_one_sheet_per_table_with_valid_unique_names()
    {
        var summary = new ExportTable("Tóm tắt", [new ExportColumn("Tình trạng"), new ExportColumn("Số", ColumnKind.Integer)], [["Đúng tiến độ", 3], ["Đi lùi", 1]]);
        var longName = new ExportTable("Một tên rất dài hơn ba mươi mốt ký tự: [phụ lục]", [new ExportColumn("A")], [["x"]]);
        var bytes = XlsxExport.ToBytes(Ranking, summary, summary with { Name = "tóm tắt" }, longName);
        using var stream = new MemoryStream(bytes);
        var names = stream.GetSheetNames();
        Assert.Equal(["Xếp hạng 2024", "Tóm tắt", "tóm tắt (2)", "Một tên rất dài hơn ba mươi mốt"], names);
        Assert.All(names, n => Assert.True(n.Length <= 31));
        var rows = stream.Query(useHeaderRow: true, sheetName: "Tóm tắt").Cast<IDictionary<string, object?>>().ToList();
        Assert.Equal(3d, rows[0]["Số"]);
    }

    [Fact]
    public void The_workbook_is_valid_open_xml()
    {
        using var stream = new MemoryStream(XlsxExport.ToBytes(Ranking, Ranking with { Name = "Bản sao" }));
        using var document = DocumentFormat.OpenXml.Packaging.SpreadsheetDocument.Open(stream, false);
        var errors = new DocumentFormat.OpenXml.Validation.OpenXmlValidator().Validate(document)
            .Select(e => $"{e.Part?.Uri} {e.Path?.XPath}: {e.Description}").ToList();
        Assert.True(errors.Count == 0, string.Join("\n", errors));
    }

    [Fact]
    public void A_row_with_the_wrong_number_of_cells_is_refused()
    {
        var bad = new ExportTable("x", [new ExportColumn("A"), new ExportColumn("B")], [["only one"]]);
        var error = Assert.Throws<ArgumentException>(() => XlsxExport.ToBytes(bad));
        Assert.Contains("row 1 has 1 cells for 2 columns", error.Message);
        Assert.Throws<ArgumentException>(() => CsvExport.ToBytes(bad));
    }
}
