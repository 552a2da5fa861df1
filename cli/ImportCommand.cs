using Analytics.Domain.Quality;
using Analytics.Domain;
using Analytics.Domain.Geography;
using Analytics.Formats;

namespace Analytics.Cli;

/// <summary>
/// <c>./analytics import --file F.csv</c> or <c>--gso DIR</c>: checks every input against the running cluster's own
/// catalog (so indicators defined in the cluster count), sends nothing if any row is bad, then defines the indicators
/// GSO tables derive and sends the observations in batches with a progress bar.
/// </summary>
public sealed class ImportCommand : ICommand
{
    public string Name => "import";

    public string Summary => Bilingual.T(
        "kiểm tra tệp số liệu hoặc bảng GSO theo danh mục của cụm máy chủ, rồi nạp vào",
        "check observation files or GSO tables against the cluster's catalog, then load them");

    public CommandHelp Help => new(
        "--file FILE.csv | --gso PATH [--api URL] [--key KEY] [--batch-size N]",
        Bilingual.T(
            """
            Đọc các đầu vào và kiểm tra từng dòng theo tỉnh thành và chỉ tiêu của cụm máy chủ (GET /api/provinces,
            /api/indicators). Có dòng sai: mỗi vấn đề được in dưới dạng 'TỆP dòng N, cột: lý do' và không gửi gì đi.
            Nếu không, các bảng GSO định nghĩa chỉ tiêu của chúng trước (POST /api/indicators), rồi mọi số liệu được gửi
            tới POST /api/observations theo từng lô. Nhập lại cùng số liệu không thay đổi gì.
            """,
            """
            Reads the inputs and checks every row against the cluster's provinces and indicators (GET /api/provinces,
            /api/indicators). Any bad row: every problem is printed as 'FILE line N, field: reason' and nothing is sent.
            Otherwise GSO tables first define their indicators (POST /api/indicators), then all observations go to
            POST /api/observations in batches. Importing the same data again changes nothing.
            """),
        [
            new("file", "FILE.csv", Bilingual.T("một tệp số liệu (định dạng: data/README.md)", "an observation file (format: data/README.md)"), Repeatable: true),
            new("gso", "PATH", Bilingual.T("một tệp xuất PX-Web của GSO (CSV), hoặc một thư mục chứa chúng", "a GSO PX-Web export (CSV), or a folder of them"), Repeatable: true),
            new("api", "URL", Bilingual.T(
                $"API của cụm máy chủ (mặc định: $API_URL, nếu không có thì {ClusterApi.DefaultUrl})",
                $"the cluster's API (default: $API_URL, else {ClusterApi.DefaultUrl})")),
            new("batch-size", "N", Bilingual.T(
                $"số lượng số liệu trong mỗi yêu cầu (mặc định {ObservationUpload.DefaultBatchSize:N0})",
                $"observations per request (default {ObservationUpload.DefaultBatchSize:N0})")),
            new("key", "KEY", Bilingual.T(
                "khóa ghi (khóa quản trị khi bảng GSO định nghĩa chỉ tiêu); mặc định: $ANALYTICS_KEY",
                "a writer key (an admin key when GSO tables define indicators); default: $ANALYTICS_KEY")),
        ],
        Bilingual.T(
            "Lô mà cụm máy chủ không xác nhận được (503) sẽ được gửi lại; nếu việc nhập dừng giữa chừng, chạy lại là an toàn.",
            "A batch the cluster cannot confirm (503) is retried; if the import stops part-way, running it again is safe."));

    public async Task<int> RunAsync(CommandOptions options, CliConsole console, CancellationToken cancellationToken)
    {
        var files = options.All("file");
        var gso = options.All("gso");
        InputReport.RequireExisting(files, gso);
        var baseAddress = ClusterApi.ResolveBaseAddress(options.Value("api"), console.Environment);
        var batchSize = options.PositiveInt("batch-size", ObservationUpload.DefaultBatchSize);

        using var http = console.CreateHttpClient(baseAddress);
        ClusterApi.UseKey(http, ClusterApi.ResolveKey(options.Value("key"), console.Environment));
        var api = new ClusterApi(http, console.RetryDelays);
        var started = console.Time.GetTimestamp();
        ObservationUpload? upload = null;
        ImportProgress? progress = null;
        try
        {
            var provinces = new Gazetteer(await api.GetUnitsAsync(cancellationToken));
            var known = await api.GetIndicatorsAsync(cancellationToken);
            var inputs = ImportInputs.Read(files, gso, provinces, new IndicatorCatalog(known));
            await InputReport.WriteWarningsAsync(console.Error, inputs.Warnings);
            if (!inputs.IsValid)
            {
                var problems = inputs.Errors.ToList();
                await InputReport.WriteProblemsAsync(console.Error, problems);
                var count = InputReport.Plural(problems.Count, "vấn đề", "problem", "problems");
                var where = InputReport.Where(problems);
                await console.Error.WriteLineAsync(Bilingual.T(
                    $"{count} trong {where}; không gửi gì tới cụm máy chủ.", $"{count} in {where}; nothing was sent to the cluster."));
                return ExitCodes.DataErrors;
            }

            // Suspect figures are listed, never held back: the file's own series and peers are what can be judged here.
            await QualityWarnings.WriteAsync(console, QualityWarnings.Of(inputs, provinces, IndicatorRelations.None));

            if (await DefineIndicatorsAsync(api, inputs.DerivedIndicators, known, console, cancellationToken) is { } failed)
                return failed;

            progress = new ImportProgress(console.Error, console.ErrorIsTerminal, console.Time, inputs.ObservationCount);
            upload = new ObservationUpload(api, batchSize, progress);
            foreach (var input in inputs.Inputs)
            {
                var rejected = await upload.SendAsync(input, cancellationToken);
                if (rejected.Count == 0) continue;
                progress.Finish();
                await InputReport.WriteProblemsAsync(console.Error, rejected);
                await console.Error.WriteLineAsync(Bilingual.T(
                    $"Cụm máy chủ từ chối một lô của {input.Name}; việc nhập dừng tại đó. " +
                    $"{AlreadyApplied(upload)} Hãy sửa tệp rồi nhập lại: số liệu đã lưu được tính là không đổi.",
                    $"The cluster rejected a batch of {input.Name}; the import stopped there. " +
                    $"{AlreadyApplied(upload)} Fix the file and import it again: figures already stored count as unchanged."));
                return ExitCodes.DataErrors;
            }
            progress.Finish();

            var c = upload.Counts;
            var (what, took) = (InputReport.Describe(inputs.Inputs), InputReport.Seconds(console.Time.GetElapsedTime(started)));
            var (received, inserted, unchanged, revised) =
                (InputReport.Number(c.Received), InputReport.Number(c.Inserted), InputReport.Number(c.Unchanged), InputReport.Number(c.Revised));
            await console.Out.WriteLineAsync(Bilingual.T(
                $"Đã nhập {what}: nhận {received}, thêm mới {inserted}, không đổi {unchanged}, điều chỉnh {revised} trong {took}.",
                $"Imported {what}: received {received}, inserted {inserted}, unchanged {unchanged}, revised {revised} in {took}."));
            if (upload.RefusedSeries.Count == 0) return ExitCodes.Ok;
            await InputReport.WriteProblemsAsync(console.Error, upload.RefusedSeries);
            var series = InputReport.Plural(upload.RefusedSeries.Count, "chuỗi", "series", "series");
            await console.Error.WriteLineAsync(Bilingual.T(
                $"Cụm máy chủ từ chối {series}; mọi số liệu khác đã được nhập.", $"The cluster refused {series}; every other figure was imported."));
            return ExitCodes.DataErrors;
        }
        catch (ClusterUnreachableException e)
        {
            progress?.Finish();
            await console.Error.WriteLineAsync($"analytics import: {e.Message}");
            if (upload is { Counts.Received: > 0 })
                await console.Error.WriteLineAsync(Bilingual.T($"{AlreadyApplied(upload)} Nhập lại là an toàn.", $"{AlreadyApplied(upload)} Importing again is safe."));
            return ExitCodes.ClusterUnreachable;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            progress?.Finish();
            var sent = upload is null ? Bilingual.T("Chưa gửi gì.", "Nothing was sent.") : AlreadyApplied(upload);
            await console.Error.WriteLineAsync(Bilingual.T($"analytics import: đã bị ngắt. {sent}", $"analytics import: interrupted. {sent}"));
            return ExitCodes.Interrupted;
        }
    }

    private static string AlreadyApplied(ObservationUpload upload)
    {
        var sent = InputReport.Plural(upload.Counts.Received, "số liệu", "observation", "observations");
        return Bilingual.T($"{sent} gửi trước đó đã được áp dụng.", $"{sent} sent before were applied.");
    }

    private static string Definitions => Bilingual.T("định nghĩa chỉ tiêu", "indicator definitions");

    /// <summary>Defines the GSO-derived indicators the cluster lacks or knows differently; null when that went well.</summary>
    private static async Task<int?> DefineIndicatorsAsync(ClusterApi api, IReadOnlyList<DerivedIndicator> derived,
        IReadOnlyList<IndicatorDefinition> known, CliConsole console, CancellationToken ct)
    {
        var current = known.ToDictionary(d => d.Code, StringComparer.Ordinal);
        var changed = derived.Where(d => !current.TryGetValue(d.Definition.Code, out var k) || k != d.Definition).ToList();
        if (changed.Count == 0) return null;

        var result = await api.DefineIndicatorsAsync([.. changed.Select(d => d.Definition)], ct);
        if (result.Problem is { } problem)
        {
            IEnumerable<FileProblem> problems = problem.Errors.Count > 0
                ? problem.Errors.Select(e => e.Row >= 1 && e.Row <= changed.Count
                    ? new FileProblem(changed[e.Row - 1].Source, null, e.Field,
                        Bilingual.T($"chỉ tiêu {changed[e.Row - 1].Definition.Code}: {e.Reason}", $"indicator {changed[e.Row - 1].Definition.Code}: {e.Reason}"))
                    : new FileProblem(Definitions, null, e.Field, e.Reason))
                : [new FileProblem(Definitions, null, null,
                    Bilingual.T($"cụm máy chủ từ chối chúng ({(int)problem.Status}): {problem}", $"the cluster refused them ({(int)problem.Status}): {problem}"))];
            await InputReport.WriteProblemsAsync(console.Error, problems);
            await console.Error.WriteLineAsync(Bilingual.T(
                "Cụm máy chủ từ chối các định nghĩa chỉ tiêu; không gửi gì đi.", "The cluster refused the indicator definitions; nothing was sent."));
            return ExitCodes.DataErrors;
        }
        var defined = InputReport.Plural(changed.Count, "chỉ tiêu", "indicator", "indicators");
        var codes = InputReport.Some([.. changed.Select(d => d.Definition.Code)]);
        await console.Out.WriteLineAsync(Bilingual.T($"Đã định nghĩa {defined}: {codes}", $"Defined {defined}: {codes}"));
        return null;
    }
}
