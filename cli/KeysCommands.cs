using Analytics.Domain;

namespace Analytics.Cli;

/// <summary>What the keys commands share: where the API is and which key to send.</summary>
internal static class KeyCommandOptions
{
    public static OptionSpec Api => new("api", "URL", Bilingual.T(
        $"API của cụm máy chủ (mặc định: $API_URL, nếu không có thì {ClusterApi.DefaultUrl})", $"the cluster's API (default: $API_URL, else {ClusterApi.DefaultUrl})"));

    public static OptionSpec Key => new("key", "KEY", Bilingual.T("một khóa quản trị (mặc định: $ANALYTICS_KEY)", "an admin key (default: $ANALYTICS_KEY)"));

    public static async Task<int> RunAsync(CommandOptions options, CliConsole console, string command,
        Func<ClusterApi, Task<int>> run, bool needsKey = true)
    {
        var baseAddress = ClusterApi.ResolveBaseAddress(options.Value("api"), console.Environment);
        var key = ClusterApi.ResolveKey(options.Value("key"), console.Environment);
        if (needsKey && key is null)
            throw new UsageException(Bilingual.T(
                "lệnh này cần một khóa quản trị: --key KEY hoặc ANALYTICS_KEY (khóa đầu tiên: ./analytics keys create --role admin --bootstrap)",
                "this needs an admin key: --key KEY or ANALYTICS_KEY (the first one: ./analytics keys create --role admin --bootstrap)"));
        using var http = console.CreateHttpClient(baseAddress);
        ClusterApi.UseKey(http, key);
        try
        {
            return await run(new ClusterApi(http, console.RetryDelays));
        }
        catch (ClusterUnreachableException e)
        {
            await console.Error.WriteLineAsync($"analytics {command}: {e.Message}");
            return ExitCodes.ClusterUnreachable;
        }
    }

    public static async Task<int> RefusedAsync(CliConsole console, string command, ApiProblem problem)
    {
        await console.Error.WriteLineAsync(Bilingual.T(
            $"analytics {command}: cụm máy chủ từ chối ({(int)problem.Status}): {problem}", $"analytics {command}: the cluster refused ({(int)problem.Status}): {problem}"));
        return ExitCodes.DataErrors;
    }
}

/// <summary><c>./analytics keys create --role writer --name "Sở TT&amp;TT Bình Thuận"</c>: a new key, printed once.</summary>
public sealed class KeysCreateCommand : ICommand
{
    public string Name => "keys create";

    public string Summary => Bilingual.T(
        "tạo một khóa API (đọc, ghi hoặc quản trị); khóa chỉ hiện một lần",
        "create an API key (reader, writer or admin); it is shown once");

    public CommandHelp Help => new(
        "--role reader|writer|admin --name NAME [--key ADMIN-KEY] [--api URL] | --role admin --bootstrap --name NAME [--data-dir DIR]",
        Bilingual.T(
            """
            Tạo một khóa và in ra một lần: hãy cất nó ở nơi người dùng khóa giữ các bí mật; cụm máy chủ chỉ giữ SHA-256 của
            khóa và không thể hiện lại. Khóa ghi (writer) nạp số liệu (lệnh 'import'); khóa quản trị (admin) còn định nghĩa chỉ
            tiêu, huấn luyện lại, quản lý khóa và đọc nhật ký kiểm toán. Tạo khóa cần một khóa quản trị.
            Khóa quản trị đầu tiên: trên máy của silo, bằng tài khoản chạy silo, thêm --bootstrap. Lệnh đọc mã dùng một lần
            mà silo ghi vào thư mục dữ liệu của nó (bootstrap-token, chỉ tài khoản đó đọc được) và chỉ dùng được khi cụm
            máy chủ chưa có khóa quản trị nào.
            """,
            """
            Creates a key and prints it once: store it where its user keeps secrets; the cluster keeps only its SHA-256 and
            cannot show it again. Writers load figures (import); admins also define indicators, retrain, manage keys and
            read the audit trail. Creating a key needs an admin key.
            The first admin key: on the silo's machine, as the account that runs the silo, add --bootstrap. It reads the
            one-time token the silo wrote to its data folder (bootstrap-token, readable only by that account) and works
            only while the cluster has no admin key.
            """),
        [
            new("role", "ROLE", Bilingual.T("reader (đọc), writer (ghi) hoặc admin (quản trị)", "reader, writer or admin")),
            new("name", "NAME", Bilingual.T(
                "khóa của ai, ví dụ \"Sở TT&TT Bình Thuận\" (nhật ký kiểm toán ghi tên này)",
                "whose key it is, e.g. \"Sở TT&TT Bình Thuận\" (the audit trail names it)")),
            new("bootstrap", null, Bilingual.T("tạo khóa quản trị đầu tiên bằng mã dùng một lần của silo", "create the first admin key with the silo's one-time token")),
            new("data-dir", "DIR", Bilingual.T("với --bootstrap: ", "with --bootstrap: ") + BackupCommand.DataDirOption),
            KeyCommandOptions.Key,
            KeyCommandOptions.Api,
        ],
        Bilingual.T(
            "Thay khóa: tạo một khóa mới cùng tên, chuyển bên gửi sang khóa mới, rồi thu hồi khóa cũ.",
            "Rotate a key: create a new one with the same name, switch the sender to it, then revoke the old one."));

    public Task<int> RunAsync(CommandOptions options, CliConsole console, CancellationToken cancellationToken)
    {
        var role = options.Value("role") ?? throw new UsageException(Bilingual.T("cần có --role reader|writer|admin", "--role reader|writer|admin is required"));
        var name = options.Value("name") ?? throw new UsageException(Bilingual.T("cần có --name NAME (khóa của ai)", "--name NAME is required (whose key it is)"));
        var bootstrap = options.Value("bootstrap") is not null;
        string? token = null, tokenFile = null;
        if (bootstrap)
        {
            if (!role.Equals("admin", StringComparison.OrdinalIgnoreCase)) throw new UsageException(Bilingual.T("--bootstrap tạo khóa quản trị đầu tiên: hãy dùng --role admin", "--bootstrap creates the first admin key: use --role admin"));
            var file = tokenFile = Path.Combine(BackupCommand.LocateDataDirectory(options.Value("data-dir"), console), "bootstrap-token");
            if (!File.Exists(file))
                throw new UsageException(Bilingual.T(
                    $"không có {file}: silo ghi tệp này khi cụm máy chủ chưa có khóa quản trị (đây có phải máy và thư mục dữ liệu của silo? --data-dir DIR). " +
                    "Nếu đã có khóa quản trị, hãy nhờ người giữ khóa đó tạo khóa cho bạn.",
                    $"no {file}: the silo writes it while the cluster has no admin key (is this the silo's machine and data folder? --data-dir DIR). " +
                    "If an admin key exists, ask its holder to create yours."));
            try
            {
                token = File.ReadAllText(file).Trim();
            }
            catch (UnauthorizedAccessException)
            {
                throw new UsageException(Bilingual.T($"không đọc được {file}: hãy chạy lệnh bằng tài khoản chạy silo", $"cannot read {file}: run this as the account that runs the silo"));
            }
        }

        return KeyCommandOptions.RunAsync(options, console, Name, async api =>
        {
            var answer = token is not null
                ? await api.BootstrapKeyAsync(name, token, cancellationToken)
                : await api.CreateKeyAsync(name, role, cancellationToken);
            if (answer.Problem is { } problem) return await KeyCommandOptions.RefusedAsync(console, Name, problem);
            var key = answer.Value!;
            if (tokenFile is not null) TryDelete(tokenFile); // spent: the registry accepts no token once an admin key exists
            await console.Out.WriteLineAsync(key.Key);
            await console.Error.WriteLineAsync(Bilingual.T(
                $"Đã tạo khóa {key.Role} {key.Id} cho '{key.Name}'. Dòng trên là khóa, chỉ hiện lần này: hãy cất ngay " +
                "(gửi nó trong tiêu đề X-Api-Key, hoặc đưa cho ./analytics bằng --key / ANALYTICS_KEY).",
                $"Created {key.Role} key {key.Id} for '{key.Name}'. The line above is the key, shown this once: store it now " +
                "(send it as the X-Api-Key header, or pass it to ./analytics as --key / ANALYTICS_KEY)."));
            return ExitCodes.Ok;
        }, needsKey: !bootstrap);
    }

    private static void TryDelete(string file)
    {
        try { File.Delete(file); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }
}

/// <summary><c>./analytics keys list</c>: every key without its secret.</summary>
public sealed class KeysListCommand : ICommand
{
    public string Name => "keys list";

    public string Summary => Bilingual.T(
        "liệt kê các khóa API (mã, tên, vai trò, ngày tạo, ngày thu hồi); không bao giờ hiện bí mật của chúng",
        "list the API keys (id, name, role, created, revoked); never their secrets");

    public CommandHelp Help => new("[--key ADMIN-KEY] [--api URL]",
        Bilingual.T("Liệt kê mọi khóa cụm máy chủ biết, cả các khóa đã thu hồi.", "Lists every key the cluster knows, revoked ones too."),
        [KeyCommandOptions.Key, KeyCommandOptions.Api]);

    public Task<int> RunAsync(CommandOptions options, CliConsole console, CancellationToken cancellationToken) =>
        KeyCommandOptions.RunAsync(options, console, Name, async api =>
        {
            var answer = await api.ListKeysAsync(cancellationToken);
            if (answer.Problem is { } problem) return await KeyCommandOptions.RefusedAsync(console, Name, problem);
            foreach (var k in answer.Value!)
                await console.Out.WriteLineAsync($"{k.Id}  {k.Role,-6}  {k.CreatedAt:yyyy-MM-dd HH:mm}  {(k.RevokedAt is { } r ? Bilingual.T($"thu hồi {r:yyyy-MM-dd HH:mm}", $"revoked {r:yyyy-MM-dd HH:mm}") : Bilingual.T("đang dùng", "active")),-24}  {k.Name}");
            return ExitCodes.Ok;
        });
}

/// <summary><c>./analytics keys revoke ID</c>: the key is refused from then on.</summary>
public sealed class KeysRevokeCommand : ICommand
{
    public string Name => "keys revoke";

    public string Summary => Bilingual.T("thu hồi một khóa API theo mã của nó (lệnh 'keys list' hiện các mã)", "revoke an API key by its id (keys list shows ids)");

    public CommandHelp Help => new("ID [--key ADMIN-KEY] [--api URL]",
        Bilingual.T(
            "Thu hồi khóa: mọi tiến trình API từ chối nó trong vòng 5 giây (tiến trình thu hồi thì từ chối ngay). Khóa đã thu hồi vẫn được liệt kê.",
            "Revokes the key: every API process refuses it within 5 s (the one that revoked it at once). Revoked keys stay listed."),
        [
            new("id", "ID", Bilingual.T("mã của khóa (12 chữ số thập lục phân; có thể cho mà không cần --id)", "the key's id (12 hex digits; may be given without --id)"), Positional: true),
            KeyCommandOptions.Key,
            KeyCommandOptions.Api,
        ]);

    public Task<int> RunAsync(CommandOptions options, CliConsole console, CancellationToken cancellationToken)
    {
        var id = options.Value("id") ?? throw new UsageException(Bilingual.T(
            "khóa nào? ./analytics keys revoke ID (./analytics keys list hiện các mã)", "which key? ./analytics keys revoke ID (./analytics keys list shows ids)"));
        return KeyCommandOptions.RunAsync(options, console, Name, async api =>
        {
            var answer = await api.RevokeKeyAsync(id, cancellationToken);
            if (answer.Problem is { } problem) return await KeyCommandOptions.RefusedAsync(console, Name, problem);
            var revoked = answer.Value!;
            await console.Out.WriteLineAsync(Bilingual.T(
                $"Đã thu hồi khóa {revoked.Role} {revoked.Id} ('{revoked.Name}').", $"Revoked {revoked.Role} key {revoked.Id} ('{revoked.Name}')."));
            return ExitCodes.Ok;
        });
    }
}
