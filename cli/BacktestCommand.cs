using Analytics.Domain;
using Analytics.Formats;
using Analytics.Ml;

namespace Analytics.Cli;

/// <summary>
/// <c>./analytics backtest</c>: fits every forecasting method on the years up to an origin and scores the years
/// after it, for every series with at least four points. Offline: reads files, talks to no cluster.
/// </summary>
public sealed class BacktestCommand : ICommand
{
    public string Name => "backtest";

    public string Summary => Bilingual.T(
        "chấm điểm mọi phương pháp dự báo trên các năm và các bảng giữ lại (relMAE, OWA, MASE, MSIS, độ phủ)",
        "score every forecasting method on held-out years and held-out tables (relMAE, OWA, MASE, MSIS, coverage)");

    public CommandHelp Help => new(
        "--input FILE.csv|GSO-DIR [--origin YEAR] [--horizons 1-5] [--folds 3] [--threads N] [--json OUT.json] [--markdown OUT.md] [--data DIR]",
        Bilingual.T(
            """
            Khớp mọi phương pháp (naive, drift, escap-twlr, damped-trend, bounded-trend, ses, holt, theta, mlnet-global và
            production) trên các năm của mỗi chuỗi tính đến năm gốc (chuỗi có ít nhất 4 năm như vậy), dự báo các năm sau
            năm gốc, và chấm điểm hai lần: trong mẫu (một mô hình khớp trên mọi bảng) và để riêng cả bảng (các bảng được
            chia vào --folds phần, mỗi phần được chấm bởi một mô hình chỉ khớp trên các phần còn lại: trọng số, bộ kết hợp,
            hiệu chỉnh và mọi thứ). Điểm: relMAE (trung bình nhân theo chuỗi của MAE / MAE của naive, chỉ số chính), OWA so
            với naive, MASE (thang đo của mỗi chuỗi không nhỏ hơn một đơn vị độ phân giải của nó và một phần tư thang đo
            giữa các tỉnh của chỉ tiêu), MSIS (95%, như M4), tổn thất pinball, sMAPE, và tần suất khoảng 80% và 95% chứa
            giá trị thực tế; tổng thể, theo tầm dự báo, theo độ dài lịch sử, và trên mỗi chuỗi cắt còn 2, 3 và 4 số liệu
            cuối. Khoảng dự báo và phần pha trộn của production chỉ được khớp trên các năm trước năm gốc.
            Các dòng của bảng GSO không phải tỉnh thành là cảnh báo, không phải lỗi.
            """,
            """
            Fits every method (naive, drift, escap-twlr, damped-trend, bounded-trend, ses, holt, theta, mlnet-global and
            production) on each series' years up to the origin (series with at least 4 of them), forecasts the origin's
            following years, and scores them twice: in-sample (one model fitted on every table) and leaving whole tables
            out (the tables dealt into --folds folds, each scored by a model fitted on the other folds only: weights,
            combiner, calibrations and all). Scores: relMAE (geometric mean over series of MAE / naive's MAE, the
            headline), OWA against naive, MASE (each series' scale floored at one unit of its resolution and at a quarter
            of its indicator's cross-province scale), MSIS (95%, as in M4), pinball loss, sMAPE, and how often the 80%
            and 95% intervals held the actual; overall, by horizon, by length of history, and on every series cut to its
            last 2, 3 and 4 figures. Intervals and the production blend are fitted on years before the origin only.
            Rows of a GSO table that are no province are warnings, not errors.
            """),
        [
            new("input", "PATH", Bilingual.T(
                "một tệp số liệu (định dạng data/README.md), một tệp xuất PX-Web của GSO, hoặc một thư mục chứa chúng",
                "an observation file (data/README.md format), a GSO PX-Web export, or a folder of them"), Repeatable: true),
            new("origin", "YEAR", Bilingual.T("năm cuối cùng các phương pháp được thấy (mặc định 2011)", "last year the methods may see (default 2011)")),
            new("horizons", "H", Bilingual.T("các năm sau năm gốc cần chấm: '1-5' hoặc '1,2,5' (mặc định 1-5)", "years after the origin to score: '1-5' or '1,2,5' (default 1-5)")),
            new("folds", "K", Bilingual.T("số phần chia bảng cho điểm để riêng bảng (mặc định 3; 2..10)", "folds of tables for the leave-tables-out scores (default 3; 2..10)")),
            new("threads", "N", Bilingual.T("số luồng dùng để huấn luyện và chấm điểm (mặc định: mọi lõi)", "threads training and scoring may use (default: every core)")),
            new("json", "FILE", Bilingual.T("ghi báo cáo dạng JSON", "write the report as JSON")),
            new("markdown", "FILE", Bilingual.T("ghi báo cáo dạng bảng Markdown", "write the report as a Markdown table")),
            new("data", "DIR", Bilingual.T(
                "thư mục có provinces.csv, provinces_2025.csv và indicators.csv (mặc định: data/ của kho mã)",
                "folder with provinces.csv, provinces_2025.csv and indicators.csv (default: the repository's data/)")),
        ]);

    public async Task<int> RunAsync(CommandOptions options, CliConsole console, CancellationToken cancellationToken)
    {
        var inputs = options.All("input");
        if (inputs.Count == 0) throw new UsageException(Bilingual.T("cần có --input", "--input is required"));
        var origin = ParseYear(options.Value("origin") ?? "2011");
        var horizons = ParseHorizons(options.Value("horizons") ?? "1-5");
        var folds = ParseCount(options.Value("folds") ?? "3", "folds", 2, 10);
        var threads = options.Value("threads") is { } t ? ParseCount(t, "threads", 1, 256) : Environment.ProcessorCount;
        var files = inputs.Where(File.Exists).Where(f => !LooksLikeGso(f)).ToList();
        var gso = inputs.Where(p => Directory.Exists(p) || (File.Exists(p) && LooksLikeGso(p))).ToList();
        var missing = inputs.Except(files).Except(gso).ToList();
        if (missing.Count > 0)
            throw new UsageException(Bilingual.T($"không có tệp hay thư mục này: {string.Join(", ", missing)}", $"no such file or folder: {string.Join(", ", missing)}"));

        var data = DataDirectory.Locate(options.Value("data"), console.BaseDirectory);
        var layout = new BundleLayout(data);
        var provinces = layout.LoadGazetteer();
        var catalog = layout.LoadIndicators();
        var read = ImportInputs.Read(files, gso, provinces, catalog);
        // Rows that are no province ("Unidentified"), variant region spellings, skipped cells: said, and not fatal.
        await InputReport.WriteWarningsAsync(console.Error, read.Warnings);
        if (!read.IsValid)
        {
            var problems = read.Errors.ToList();
            await InputReport.WriteProblemsAsync(console.Error, problems);
            var found = InputReport.Plural(problems.Count, "vấn đề", "problem", "problems");
            await console.Error.WriteLineAsync(Bilingual.T($"{found}; không kiểm định lại gì.", $"{found}; nothing was back-tested."));
            return ExitCodes.DataErrors;
        }
        foreach (var d in read.DerivedIndicators) catalog.Upsert(d.Definition);

        // A GSO table is one input; its measures are several indicators. Leaving tables out leaves all of them out.
        var tableOf = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var input in read.Inputs)
            foreach (var o in input.Observations) tableOf.TryAdd(o.Observation.Indicator, input.IsGsoTable ? input.Name : o.Observation.Indicator);
        var series = read.Inputs.SelectMany(i => i.Observations).Select(o => o.Observation)
            .GroupBy(o => (o.Province, o.Indicator))
            .Select(g =>
            {
                var definition = catalog.Find(g.Key.Indicator)!;
                var (years, values) = SeriesForecaster.Observed(g.Where(o => o.Quarter is null)
                    .Select(o => new YearValue(o.Year, o.Kind, o.Value)));
                return (years, values, definition, id: SeriesKeys.Of(g.Key.Province, g.Key.Indicator));
            })
            .Where(s => s.years.Count >= 2)
            .Select(s => SeriesForecaster.History(s.id, s.definition.Code, s.years, s.values, s.definition.Min, s.definition.Max, s.definition.Direction))
            .ToList();

        var (count, steps) = (InputReport.Number(series.Count), string.Join(",", horizons));
        await console.Error.WriteLineAsync(Bilingual.T(
            $"Kiểm định lại {count} chuỗi với năm gốc {origin}, tầm dự báo {steps}, trong mẫu và để riêng bảng ({folds} phần)...",
            $"Back-testing {count} series at origin {origin}, horizons {steps}, in-sample and leaving tables out ({folds} folds)..."));
        GeneralisationReport report;
        try
        {
            var training = new ForecastTrainingOptions { GlobalModel = new GlobalModelOptions { Threads = threads } };
            report = Backtester.Evaluate(series, origin, horizons, training, s => s.Group is { } g && tableOf.TryGetValue(g, out var table) ? table : s.Id, folds);
        }
        catch (ArgumentException e)
        {
            await console.Error.WriteLineAsync($"analytics backtest: {e.Message}");
            return ExitCodes.DataErrors;
        }

        if (options.Value("json") is { } json) await File.WriteAllTextAsync(json, report.ToJson(), cancellationToken);
        var markdown = report.ToMarkdown();
        if (options.Value("markdown") is { } md) await File.WriteAllTextAsync(md, markdown, cancellationToken);
        await console.Out.WriteAsync(markdown);
        return ExitCodes.Ok;
    }

    /// <summary>A PX-Web export starts with a quoted title line; an observation file with its header.</summary>
    private static bool LooksLikeGso(string path)
    {
        using var reader = new StreamReader(path);
        var first = reader.ReadLine()?.TrimStart('\uFEFF') ?? "";
        return first.StartsWith('"') && !first.Contains("province", StringComparison.OrdinalIgnoreCase);
    }

    private static int ParseYear(string text) =>
        int.TryParse(text, out var year) && Years.Accepts(year)
            ? year
            : throw new UsageException(Bilingual.T($"--origin phải là một năm trong {Years.Range}, không phải '{text}'", $"--origin must be a year in {Years.Range}, not '{text}'"));

    private static int ParseCount(string text, string name, int min, int max) =>
        int.TryParse(text, out var n) && n >= min && n <= max
            ? n
            : throw new UsageException(Bilingual.T($"--{name} phải là số nguyên trong {min}..{max}, không phải '{text}'", $"--{name} must be a whole number in {min}..{max}, not '{text}'"));

    private static IReadOnlyList<int> ParseHorizons(string text)
    {
        try
        {
            var parts = text.Split('-');
            IReadOnlyList<int> result = parts.Length == 2
                ? Enumerable.Range(int.Parse(parts[0]), int.Parse(parts[1]) - int.Parse(parts[0]) + 1).ToList()
                : text.Split(',').Select(int.Parse).ToList();
            if (result.Count == 0 || result.Any(h => h is < 1 or > 30)) throw new FormatException();
            return result;
        }
        catch (Exception e) when (e is FormatException or OverflowException or ArgumentOutOfRangeException)
        {
            throw new UsageException(Bilingual.T(
                $"--horizons phải có dạng '1-5' hoặc '1,2,5' (năm 1..30), không phải '{text}'", $"--horizons must look like '1-5' or '1,2,5' (years 1..30), not '{text}'"));
        }
    }
}
