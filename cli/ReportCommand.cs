using System.Globalization;
using Analytics.Domain;

namespace Analytics.Cli;

/// <summary>
/// <c>./analytics report province 60 --year 2025 --format pdf --out file.pdf</c>: asks the cluster's API for a
/// planning report and writes it to a file. The API composes and renders it; this command only downloads, and shows
/// on stderr that it is waiting when that takes more than a second (a PDF is printed by Chromium on the server).
/// </summary>
public sealed class ReportCommand : ICommand
{
    private static readonly string[] Kinds = ["province", "indicator"];
    private static readonly string[] Formats = ["pdf", "xlsx", "html", "json"];

    public string Name => "report";

    public string Summary => Bilingual.T(
        "tải một báo cáo kế hoạch (tỉnh thành hoặc chỉ tiêu) dạng PDF, Excel hoặc HTML",
        "download a planning report (province or indicator) as PDF, Excel or HTML");

    public CommandHelp Help => new(
        "province|indicator CODE [--year YEAR] [--format pdf|xlsx|html|json] [--lang vi|en] [--geography vn-63|vn-34] [--out FILE] [--api URL]",
        Bilingual.T(
            """
            Ghi một báo cáo kế hoạch của cụm máy chủ ra tệp. "province CODE" báo cáo một đơn vị (mã GSO như 60, hoặc một
            tên) so với các mục tiêu đặt ra cho năm: tình trạng, dự báo với khoảng 80% và 95%, xác suất đạt từng mục tiêu,
            biểu đồ quạt, thứ hạng, độ chính xác của các dự báo trước, nguồn và phương pháp.
            "indicator CODE" báo cáo một chỉ tiêu trên mọi đơn vị: xếp hạng, bản đồ, dự báo và tình trạng của từng đơn vị.
            Báo cáo được viết bằng ngôn ngữ --lang của lệnh.
            """,
            """
            Writes one of the cluster's planning reports to a file. "province CODE" reports one unit (a GSO code such as 60,
            or a name) against the targets set for the year: statuses, projections with 80% and 95% intervals, probability
            of meeting each target, fan charts, ranks, track record of earlier forecasts, sources and methodology.
            "indicator CODE" reports one indicator over every unit: ranking, map, and each unit's projection and status.
            The report is written in the command's --lang.
            """),
        [
            new("year", "YEAR", Bilingual.T("năm mục tiêu (mặc định 2025)", "target year (default 2025)")),
            new("format", "FORMAT", Bilingual.T("pdf (mặc định), xlsx, html hoặc json", "pdf (default), xlsx, html or json")),
            new("geography", "GEO", Bilingual.T(
                "vn-63 hoặc vn-34 (mặc định: địa giới có hiệu lực vào cuối năm)", "vn-63 or vn-34 (default: the geography in force at the end of the year)")),
            new("out", "FILE", Bilingual.T(
                "nơi ghi báo cáo (mặc định: tên API gợi ý, trong thư mục hiện tại)", "where to write the report (default: the name the API suggests, in the current folder)")),
            new("api", "URL", Bilingual.T(
                $"API của cụm máy chủ (mặc định: API_URL, nếu không có thì {ClusterApi.DefaultUrl})", $"the cluster's API (default: API_URL, else {ClusterApi.DefaultUrl})")),
        ],
        Notes: Bilingual.T(
            "Ví dụ: ./analytics report province 60 --year 2025 --format pdf --out binh-thuan-2025.pdf",
            "Example: ./analytics report province 60 --year 2025 --format pdf --out binh-thuan-2025.pdf"),
        Arguments: 2);

    public async Task<int> RunAsync(CommandOptions options, CliConsole console, CancellationToken cancellationToken)
    {
        if (options.Arguments.Count < 2)
            throw new UsageException(Bilingual.T("hãy nói báo cáo nào: 'province CODE' hoặc 'indicator CODE'", "say which report: 'province CODE' or 'indicator CODE'"));
        var (kind, code) = (options.Arguments[0].ToLowerInvariant(), options.Arguments[1]);
        if (!Kinds.Contains(kind))
            throw new UsageException(Bilingual.T(
                $"không có báo cáo '{options.Arguments[0]}': dùng province hoặc indicator", $"unknown report '{options.Arguments[0]}': use province or indicator"));
        var format = (options.Value("format") ?? "pdf").ToLowerInvariant();
        if (!Formats.Contains(format))
            throw new UsageException(Bilingual.T($"không có định dạng '{format}': dùng {string.Join(", ", Formats)}", $"unknown format '{format}': use {string.Join(", ", Formats)}"));
        var query = new List<string> { "format=" + format };
        if (options.Value("year") is { } year)
        {
            if (!int.TryParse(year, NumberStyles.None, CultureInfo.InvariantCulture, out _)) throw new UsageException(Bilingual.T($"--year phải là một năm, ví dụ 2025, không phải '{year}'", $"--year must be a year such as 2025, not '{year}'"));
            query.Add("year=" + year);
        }
        // The run's language (--lang, else ANALYTICS_LANG, else vi) is the report's; named in the query as the report's address.
        query.Add("lang=" + (Bilingual.ReaderIsEnglish ? "en" : "vi"));
        if (options.Value("geography") is { } geography) query.Add("geography=" + Uri.EscapeDataString(geography));
        var path = $"api/reports/{kind}/{Uri.EscapeDataString(code)}?{string.Join("&", query)}";

        var baseAddress = ClusterApi.ResolveBaseAddress(options.Value("api"), console.Environment);
        using var http = console.CreateHttpClient(baseAddress);
        var api = new ClusterApi(http, console.RetryDelays);
        var started = console.Time.GetTimestamp();
        ApiResult<Download> result;
        try
        {
            result = await WithProgressAsync(api.DownloadAsync(path, cancellationToken), $"{kind} {code}", format, console, cancellationToken);
        }
        catch (ClusterUnreachableException e)
        {
            await console.Error.WriteLineAsync($"analytics report: {e.Message}");
            return ExitCodes.ClusterUnreachable;
        }
        if (result.Problem is { } problem)
        {
            await console.Error.WriteLineAsync($"analytics report: {problem}");
            return (int)problem.Status >= 500 ? ExitCodes.ClusterUnreachable : ExitCodes.Usage;
        }

        var download = result.Value!.Value;
        var file = options.Value("out") ?? download.FileName ?? $"report-{kind}-{code}.{format}";
        try
        {
            await File.WriteAllBytesAsync(file, download.Content, cancellationToken);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            await console.Error.WriteLineAsync(Bilingual.T($"analytics report: không ghi được {file}: {e.Message}", $"analytics report: cannot write {file}: {e.Message}"));
            return ExitCodes.DataErrors;
        }
        var seconds = console.Time.GetElapsedTime(started).TotalSeconds;
        await console.Out.WriteLineAsync(Bilingual.T(
            $"Đã ghi {file} ({download.Content.Length / 1024.0:0.#} kB, {format}) trong {seconds:0.0} giây.",
            $"Wrote {file} ({download.Content.Length / 1024.0:0.#} kB, {format}) in {seconds:0.0} s."));
        return ExitCodes.Ok;
    }

    /// <summary>
    /// Waits for the download; once it has taken a second, says so on stderr and, every few seconds after, how long it
    /// has been (a quick report prints only its result).
    /// </summary>
    private static async Task<T> WithProgressAsync<T>(Task<T> work, string what, string format, CliConsole console, CancellationToken ct)
    {
        var started = console.Time.GetTimestamp();
        var wait = TimeSpan.FromSeconds(1);
        var shown = false;
        while (true)
        {
            var tick = Task.Delay(wait, console.Time, ct);
            if (await Task.WhenAny(work, tick) == work) break;
            var elapsed = console.Time.GetElapsedTime(started);
            await console.Error.WriteLineAsync(shown
                ? Bilingual.T($"  vẫn đang chờ… {elapsed.TotalSeconds:0} giây", $"  still waiting… {elapsed.TotalSeconds:0} s")
                : Bilingual.T($"analytics report: cụm máy chủ đang chuẩn bị báo cáo {what} ({format})…", $"analytics report: preparing the {what} report ({format}) on the cluster…"));
            shown = true;
            wait = TimeSpan.FromSeconds(5);
        }
        return await work;
    }
}
