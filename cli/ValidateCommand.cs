using Analytics.Domain;
using Analytics.Domain.Geography;
using Analytics.Formats;

namespace Analytics.Cli;

/// <summary>
/// <c>./analytics validate --file F.csv</c>: the checks of an import, offline, against the bundled catalog
/// (both geographies: data/provinces.csv and data/provinces_2025.csv; indicators: data/indicators.csv and
/// data/ict/indicators.csv). Nothing is sent anywhere.
/// </summary>
public sealed class ValidateCommand : ICommand
{
    public string Name => "validate";

    public string Summary => Bilingual.T(
        "kiểm tra tệp số liệu (hoặc bảng GSO) ngoại tuyến theo data/; không gửi gì đi",
        "check observation files (or GSO tables) offline against data/; nothing is sent");

    public CommandHelp Help => new(
        "--file FILE.csv | --gso PATH [--data DIR]",
        Bilingual.T(
            """
            Kiểm tra các tệp đúng như 'import' và API kiểm tra (tỉnh thành, chỉ tiêu, con số, năm, quý, loại số liệu,
            giới hạn, dòng trùng mâu thuẫn) và in mỗi vấn đề dưới dạng 'TỆP dòng N, cột: lý do'. Sau đó chạy các quy tắc
            chất lượng trên số liệu của các tệp (giá trị ngoại lai, nhầm đơn vị, gãy chuỗi, phần lớn hơn tổng, dòng sao
            chép) và liệt kê mỗi số liệu đáng ngờ thành một cảnh báo kèm dòng của nó: cảnh báo không chặn việc nhập. Dòng
            nào có cột 'confirmed' giải thích vì sao số liệu là thật thì được liệt kê là đã xác nhận.
            Kiểm tra theo danh mục đi kèm, nên chỉ tiêu chỉ có trong cụm máy chủ thì ở đây là chưa biết.
            """,
            """
            Checks files exactly as 'import' and the API do (provinces, indicators, numbers, years, quarters, kinds,
            bounds, conflicting duplicates) and prints every problem as 'FILE line N, field: reason'. Then runs the
            quality rules on the files' figures (outliers, unit slips, breaks, parts above wholes, copied rows) and
            lists each suspect figure as a warning with its line: warnings do not stop an import. A row whose
            'confirmed' column says why a figure is real is listed as confirmed instead.
            Checks against the bundled catalog, so indicators that exist only in the cluster are unknown here.
            """),
        [
            new("file", "FILE.csv", Bilingual.T("một tệp số liệu (định dạng: data/README.md)", "an observation file (format: data/README.md)"), Repeatable: true),
            new("gso", "PATH", Bilingual.T("một tệp xuất PX-Web của GSO (CSV), hoặc một thư mục chứa chúng", "a GSO PX-Web export (CSV), or a folder of them"), Repeatable: true),
            new("data", "DIR", Bilingual.T(
                "thư mục có provinces.csv, provinces_2025.csv và indicators.csv (mặc định: data/ của kho mã)",
                "folder with provinces.csv, provinces_2025.csv and indicators.csv (default: the repository's data/)")),
        ]);

    /// <summary>How the validator's reason for an indicator it does not know begins (ObservationValidator).</summary>
    private static string UnknownIndicator => Bilingual.T("không có chỉ tiêu", "unknown indicator");

    public async Task<int> RunAsync(CommandOptions options, CliConsole console, CancellationToken cancellationToken)
    {
        var files = options.All("file");
        var gso = options.All("gso");
        InputReport.RequireExisting(files, gso);
        var data = DataDirectory.Locate(options.Value("data"), console.BaseDirectory);

        var layout = new BundleLayout(data);
        Gazetteer provinces;
        IndicatorCatalog catalog;
        try
        {
            provinces = layout.LoadGazetteer();
            catalog = layout.LoadIndicators();
        }
        catch (DataFormatException e)
        {
            await console.Error.WriteLineAsync(Bilingual.T(
                $"analytics validate: danh mục trong {data} bị sai định dạng: {e.Message}", $"analytics validate: the catalog in {data} is malformed: {e.Message}"));
            return ExitCodes.DataErrors;
        }

        var inputs = ImportInputs.Read(files, gso, provinces, catalog);
        await InputReport.WriteWarningsAsync(console.Error, inputs.Warnings);
        var what = InputReport.Describe(inputs.Inputs);
        if (!inputs.IsValid)
        {
            var problems = inputs.Errors.ToList();
            await InputReport.WriteProblemsAsync(console.Error, problems);
            var count = InputReport.Plural(problems.Count, "vấn đề", "problem", "problems");
            var where = InputReport.Where(problems);
            await console.Error.WriteLineAsync(inputs.Inputs.Count == 1
                ? Bilingual.T($"{count} trong {where}; sẽ không nhập gì từ tệp này.", $"{count} in {where}; nothing from it would be imported.")
                : Bilingual.T($"{count} trong {where}; sẽ không nhập gì từ tệp có vấn đề.", $"{count} in {where}; nothing from a file with problems would be imported."));
            if (problems.Any(p => p.Field == "indicator" && p.Reason.StartsWith(UnknownIndicator, StringComparison.Ordinal)))
                await console.Error.WriteLineAsync(Bilingual.T(
                    $"lưu ý: 'validate' chỉ biết các chỉ tiêu của {string.Join(" và ", layout.IndicatorFiles)}; " +
                    "'import' kiểm tra theo danh mục của cụm máy chủ, danh mục này còn có các chỉ tiêu được định nghĩa ở đó (ví dụ khi nhập bảng GSO).",
                    $"note: 'validate' knows the indicators of {string.Join(" and ", layout.IndicatorFiles)} only; " +
                    "'import' checks against the cluster's catalog, which also holds indicators defined there (e.g. by a GSO import)."));
            return ExitCodes.DataErrors;
        }

        await QualityWarnings.WriteAsync(console, QualityWarnings.Of(inputs, provinces, layout.LoadRelations()));
        var repeats = inputs.Rows - inputs.ObservationCount;
        var rows = InputReport.Plural(inputs.Rows, "dòng", "row", "rows");
        var observations = InputReport.Plural(inputs.ObservationCount, "số liệu", "observation", "observations");
        var identical = InputReport.Plural(repeats, "dòng lặp lại giống hệt", "identical repeated row", "identical repeated rows");
        var repeated = repeats == 0 ? "" : Bilingual.T($" ({identical} chỉ tính một lần)", $" ({identical} counted once)");
        var indicators = InputReport.Plural(inputs.DerivedIndicators.Count, "chỉ tiêu", "indicator", "indicators");
        var derived = inputs.DerivedIndicators.Count == 0 ? "" : Bilingual.T($", {indicators} suy ra từ tiêu đề bảng GSO", $", {indicators} derived from GSO titles");
        await console.Out.WriteLineAsync(Bilingual.T(
            $"{what}: {rows}, {observations}{repeated}{derived}; không có vấn đề.",
            $"{what}: {rows}, {observations}{repeated}{derived}; no problems."));
        return ExitCodes.Ok;
    }
}
