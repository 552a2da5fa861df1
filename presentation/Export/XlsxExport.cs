using System.Globalization;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;

namespace Analytics.Presentation.Export;

/// <summary>
/// An Excel workbook, one sheet per table, written with the Open XML SDK: numbers stored as numbers with number
/// formats, header row bold and frozen, an autofilter over the table, column widths from the content. Text is
/// always a string cell (never a formula element), so nothing from data is evaluated; text that would become a
/// formula if re-typed also carries the quote-prefix style, so editing the cell in Excel keeps it text.
/// </summary>
public static class XlsxExport
{
    public const string ContentType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

    private const int MaxCellText = 32767;

    public static byte[] ToBytes(params ExportTable[] tables) => ToBytes((IReadOnlyList<ExportTable>)tables);

    public static byte[] ToBytes(IReadOnlyList<ExportTable> tables)
    {
        using var buffer = new MemoryStream();
        Write(buffer, tables);
        return buffer.ToArray();
    }

    public static void Write(Stream output, IReadOnlyList<ExportTable> tables)
    {
        ArgumentNullException.ThrowIfNull(tables);
        if (tables.Count == 0) throw new ArgumentException("A workbook needs at least one table.", nameof(tables));
        foreach (var table in tables) table.Validate();

        // Build in memory first: the package needs a seekable stream, and the caller's may be a response body.
        using var buffer = new MemoryStream();
        using (var document = SpreadsheetDocument.Create(buffer, SpreadsheetDocumentType.Workbook))
        {
            var workbookPart = document.AddWorkbookPart();
            var styles = new StyleSheetBuilder();
            var strings = new SharedStrings();
            var sheets = new Sheets();
            var definedNames = new DefinedNames();
            var sheetNames = UniqueSheetNames(tables.Select(t => t.Name));
            for (var i = 0; i < tables.Count; i++)
            {
                var worksheetPart = workbookPart.AddNewPart<WorksheetPart>();
                var lastCell = WriteSheet(worksheetPart, tables[i], styles, strings, selected: i == 0);
                sheets.Append(new Sheet { Id = workbookPart.GetIdOfPart(worksheetPart), SheetId = (uint)(i + 1), Name = sheetNames[i] });
                // Excel records an autofilter's range as this hidden name; without it some versions repair the file.
                definedNames.Append(new DefinedName($"'{sheetNames[i].Replace("'", "''")}'!$A$1:{Absolute(lastCell)}")
                    { Name = "_xlnm._FilterDatabase", LocalSheetId = (uint)i, Hidden = true });
            }
            workbookPart.Workbook = new Workbook(sheets, definedNames);
            var stylesPart = workbookPart.AddNewPart<WorkbookStylesPart>();
            stylesPart.Stylesheet = styles.Build();
            var stringsPart = workbookPart.AddNewPart<SharedStringTablePart>();
            stringsPart.SharedStringTable = strings.Build();
        }
        buffer.Position = 0;
        buffer.CopyTo(output);
    }

    private static string WriteSheet(WorksheetPart part, ExportTable table, StyleSheetBuilder styles, SharedStrings strings, bool selected)
    {
        var columnCount = Math.Max(1, table.Columns.Count);
        var widths = new double[columnCount];
        var data = new SheetData();

        var header = new Row { RowIndex = 1 };
        for (var c = 0; c < table.Columns.Count; c++)
        {
            header.Append(TextCell(Reference(c, 1), table.Columns[c].Header, styles.Header, strings));
            widths[c] = Math.Max(widths[c], table.Columns[c].Header.Length * 1.1 + 2);
        }
        data.Append(header);

        for (var r = 0; r < table.Rows.Count; r++)
        {
            var rowIndex = (uint)(r + 2);
            var row = new Row { RowIndex = rowIndex };
            for (var c = 0; c < table.Columns.Count; c++)
            {
                var (cell, shownLength) = DataCell(Reference(c, rowIndex), table.Rows[r][c], table.Columns[c], styles, strings);
                if (cell is not null) row.Append(cell);
                widths[c] = Math.Max(widths[c], shownLength + 2);
            }
            data.Append(row);
        }

        var lastCell = Reference(columnCount - 1, (uint)(table.Rows.Count + 1));
        var columns = new Columns();
        for (var c = 0; c < columnCount; c++)
            columns.Append(new Column { Min = (uint)(c + 1), Max = (uint)(c + 1), Width = Math.Clamp(Math.Round(widths[c], 1), 6, 60), CustomWidth = true });

        var view = new SheetView { WorkbookViewId = 0, TabSelected = selected };
        // VerticalSplit is the XML ySplit: the rows above it (the header) stay in view.
        view.Append(new Pane { VerticalSplit = 1D, TopLeftCell = "A2", ActivePane = PaneValues.BottomLeft, State = PaneStateValues.Frozen });
        view.Append(new Selection { Pane = PaneValues.BottomLeft, ActiveCell = "A2", SequenceOfReferences = new ListValue<StringValue> { InnerText = "A2" } });
        part.Worksheet = new Worksheet(
            new SheetViews(view),
            new SheetFormatProperties { DefaultRowHeight = 15 },
            columns,
            data,
            new AutoFilter { Reference = $"A1:{lastCell}" });
        return lastCell;
    }

    private static (Cell? Cell, double ShownLength) DataCell(string reference, object? value, ExportColumn column, StyleSheetBuilder styles, SharedStrings strings)
    {
        if (value is null) return (null, 0);
        if (column.Kind == ColumnKind.Date && FormulaSafety.AsDate(value) is { } date)
        {
            return (new Cell
            {
                CellReference = reference, StyleIndex = styles.Date,
                CellValue = new CellValue(date.ToOADate().ToString("R", CultureInfo.InvariantCulture)), DataType = CellValues.Number,
            }, 10);
        }
        if (column.Kind is not (ColumnKind.Text or ColumnKind.Date) && FormulaSafety.AsNumber(value) is { } number)
        {
            // A figure carries its indicator's precision; Excel shows it with each user's own separators.
            var decimals = value is Figure { Decimals: { } own } ? own : column.Decimals;
            var style = column.Kind switch
            {
                ColumnKind.Integer => styles.Integer,
                ColumnKind.Year => styles.Plain,
                ColumnKind.Percent => styles.Percent(decimals),
                _ => styles.Decimal(decimals),
            };
            var shown = column.Kind == ColumnKind.Percent ? number * 100 : number;
            var length = Math.Round(shown, column.Kind is ColumnKind.Integer or ColumnKind.Year ? 0 : Math.Clamp(decimals, 0, 10))
                .ToString("N" + (column.Kind is ColumnKind.Integer or ColumnKind.Year ? 0 : Math.Clamp(decimals, 0, 10)), CultureInfo.InvariantCulture).Length + 1;
            return (new Cell
            {
                CellReference = reference, StyleIndex = style,
                CellValue = new CellValue(number.ToString("R", CultureInfo.InvariantCulture)), DataType = CellValues.Number,
            }, length);
        }
        var text = FormulaSafety.AsText(value);
        return (TextCell(reference, text, FormulaSafety.LooksLikeFormula(text) ? styles.QuotedText : styles.Text, strings), Math.Min(text.Length, 60) * 1.1);
    }

    private static Cell TextCell(string reference, string text, uint style, SharedStrings strings) => new()
    {
        CellReference = reference,
        StyleIndex = style,
        DataType = CellValues.SharedString,
        CellValue = new CellValue(strings.IndexOf(Clean(text)).ToString(CultureInfo.InvariantCulture)),
    };

    /// <summary>XML forbids most control characters, and a cell holds at most 32,767 characters.</summary>
    private static string Clean(string text)
    {
        var cleaned = new string(text.Where(ch => ch >= ' ' || ch is '\t' or '\n' or '\r').ToArray());
        return cleaned.Length > MaxCellText ? cleaned[..MaxCellText] : cleaned;
    }

    internal static string Reference(int column, uint row) => ColumnName(column) + row.ToString(CultureInfo.InvariantCulture);

    private static string Absolute(string reference)
    {
        var split = reference.IndexOfAny("0123456789".ToCharArray());
        return "$" + reference[..split] + "$" + reference[split..];
    }

    private static string ColumnName(int index)
    {
        var name = "";
        for (var n = index + 1; n > 0; n = (n - 1) / 26) name = (char)('A' + (n - 1) % 26) + name;
        return name;
    }

    /// <summary>Sheet names: at most 31 characters, none of : \ / ? * [ ], no edge apostrophes, unique ignoring case.</summary>
    internal static IReadOnlyList<string> UniqueSheetNames(IEnumerable<string> names)
    {
        var used = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var result = new List<string>();
        foreach (var raw in names)
        {
            var name = new string((raw ?? "").Where(ch => ch is not (':' or '\\' or '/' or '?' or '*' or '[' or ']') && !char.IsControl(ch)).ToArray()).Trim().Trim('\'');
            if (name.Length == 0) name = "Sheet";
            if (name.Length > 31) name = name[..31];
            var candidate = name;
            for (var n = 2; !used.Add(candidate); n++)
            {
                var suffix = $" ({n})";
                candidate = (name.Length + suffix.Length > 31 ? name[..(31 - suffix.Length)] : name) + suffix;
            }
            result.Add(candidate);
        }
        return result;
    }

    private sealed class SharedStrings
    {
        private readonly Dictionary<string, int> _index = new(StringComparer.Ordinal);
        private readonly List<string> _strings = [];

        public int IndexOf(string text)
        {
            if (_index.TryGetValue(text, out var i)) return i;
            _index[text] = _strings.Count;
            _strings.Add(text);
            return _strings.Count - 1;
        }

        public SharedStringTable Build()
        {
            var table = new SharedStringTable { Count = (uint)_strings.Count, UniqueCount = (uint)_strings.Count };
            foreach (var text in _strings)
                table.Append(new SharedStringItem(new Text(text) { Space = SpaceProcessingModeValues.Preserve }));
            return table;
        }
    }

    /// <summary>Cell formats, created on demand; number formats are Excel's, shown in each reader's own separators.</summary>
    private sealed class StyleSheetBuilder
    {
        private readonly List<CellFormat> _formats = [];
        private readonly List<NumberingFormat> _numberFormats = [];
        private readonly Dictionary<string, uint> _byKey = [];

        public StyleSheetBuilder()
        {
            Plain = Add("plain", 0, 0);        // index 0: the default format
            Header = Add("header", 0, 1);
            Text = Add("text", 49, 0);         // 49 = "@", text
            QuotedText = Add("quoted", 49, 0, quotePrefix: true);
            Integer = Add("integer", 3, 0);    // 3 = "#,##0"
            Date = Add("date", Custom("yyyy-mm-dd"), 0);
        }

        public uint Plain { get; }
        public uint Header { get; }
        public uint Text { get; }
        public uint QuotedText { get; }
        public uint Integer { get; }
        public uint Date { get; }

        public uint Decimal(int decimals)
        {
            decimals = Math.Clamp(decimals, 0, 10);
            return decimals == 0 ? Integer : Add("decimal" + decimals, Custom("#,##0." + new string('0', decimals)), 0);
        }

        public uint Percent(int decimals)
        {
            decimals = Math.Clamp(decimals, 0, 10);
            return Add("percent" + decimals, decimals == 0 ? 9u : Custom("0." + new string('0', decimals) + "%"), 0);
        }

        private uint Custom(string code)
        {
            var existing = _numberFormats.FirstOrDefault(f => f.FormatCode?.Value == code);
            if (existing is not null) return existing.NumberFormatId!.Value;
            var id = (uint)(164 + _numberFormats.Count);   // custom format ids start at 164
            _numberFormats.Add(new NumberingFormat { NumberFormatId = id, FormatCode = code });
            return id;
        }

        private uint Add(string key, uint numberFormat, uint font, bool quotePrefix = false)
        {
            if (_byKey.TryGetValue(key, out var index)) return index;
            var format = new CellFormat { NumberFormatId = numberFormat, FontId = font, FillId = 0, BorderId = 0, FormatId = 0 };
            if (numberFormat != 0) format.ApplyNumberFormat = true;
            if (font != 0) format.ApplyFont = true;
            if (quotePrefix) format.QuotePrefix = true;
            _formats.Add(format);
            index = (uint)(_formats.Count - 1);
            _byKey[key] = index;
            return index;
        }

        public Stylesheet Build()
        {
            var stylesheet = new Stylesheet();
            if (_numberFormats.Count > 0)
                stylesheet.Append(new NumberingFormats(_numberFormats.Select(f => (NumberingFormat)f.CloneNode(true))) { Count = (uint)_numberFormats.Count });
            stylesheet.Append(
                new Fonts(
                    new Font(new FontSize { Val = 11 }, new FontName { Val = "Calibri" }),
                    new Font(new Bold(), new FontSize { Val = 11 }, new FontName { Val = "Calibri" })) { Count = 2 },
                new Fills(
                    new Fill(new PatternFill { PatternType = PatternValues.None }),
                    new Fill(new PatternFill { PatternType = PatternValues.Gray125 })) { Count = 2 },
                new Borders(new Border(new LeftBorder(), new RightBorder(), new TopBorder(), new BottomBorder(), new DiagonalBorder())) { Count = 1 },
                new CellStyleFormats(new CellFormat { NumberFormatId = 0, FontId = 0, FillId = 0, BorderId = 0 }) { Count = 1 },
                new CellFormats(_formats.Select(f => (CellFormat)f.CloneNode(true))) { Count = (uint)_formats.Count },
                new CellStyles(new CellStyle { Name = "Normal", FormatId = 0, BuiltinId = 0 }) { Count = 1 });
            return stylesheet;
        }
    }
}
