namespace Analytics.Cli;

/// <summary>What the keys commands share: where the API is and which key to send.</summary>
internal static class KeyCommandOptions
{
    public static readonly OptionSpec Api = new("api", "URL", $"the cluster's API (default: $API_URL, else {ClusterApi.DefaultUrl})");
    public static readonly OptionSpec Key = new("key", "KEY", "an admin key (default: $ANALYTICS_KEY)");

    public static async Task<int> RunAsync(CommandOptions options, CliConsole console, string command,
        Func<ClusterApi, Task<int>> run, bool needsKey = true)
    {
        var baseAddress = ClusterApi.ResolveBaseAddress(options.Value("api"), console.Environment);
        var key = ClusterApi.ResolveKey(options.Value("key"), console.Environment);
        if (needsKey && key is null) throw new UsageException("this needs an admin key: --key KEY or ANALYTICS_KEY (the first one: ./analytics keys create --role admin --bootstrap)");
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
        await console.Error.WriteLineAsync($"analytics {command}: the cluster refused ({(int)problem.Status}): {problem}");
        return ExitCodes.DataErrors;
    }
}

/// <summary><c>./analytics keys create --role writer --name "Sở TT&amp;TT Bình Thuận"</c>: a new key, printed once.</summary>
public sealed class KeysCreateCommand : ICommand
{
    public string Name => "keys create";

    public string Summary => "create an API key (reader, writer or admin); it is shown once";

    public CommandHelp Help { get; } = new(
        "--role reader|writer|admin --name NAME [--key ADMIN-KEY] [--api URL] | --role admin --bootstrap --name NAME [--data-dir DIR]",
        """
        Creates a key and prints it once: store it where its user keeps secrets; the cluster keeps only its SHA-256 and
        cannot show it again. Writers load figures (import); admins also define indicators, retrain, manage keys and
        read the audit trail. Creating a key needs an admin key.
        The first admin key: on the silo's machine, as the account that runs the silo, add --bootstrap. It reads the
        one-time token the silo wrote to its data folder (bootstrap-token, readable only by that account) and works
        only while the cluster has no admin key.
        """,
        [
            new("role", "ROLE", "reader, writer or admin"),
            new("name", "NAME", "whose key it is, e.g. \"Sở TT&TT Bình Thuận\" (the audit trail names it)"),
            new("bootstrap", null, "create the first admin key with the silo's one-time token"),
            new("data-dir", "DIR", "with --bootstrap: the silo's data folder (default: ANALYTICS_DATA_DIR, else the repository's .data)"),
            KeyCommandOptions.Key,
            KeyCommandOptions.Api,
        ],
        "Rotate a key: create a new one with the same name, switch the sender to it, then revoke the old one.");

    public Task<int> RunAsync(CommandOptions options, CliConsole console, CancellationToken cancellationToken)
    {
        var role = options.Value("role") ?? throw new UsageException("--role reader|writer|admin is required");
        var name = options.Value("name") ?? throw new UsageException("--name NAME is required (whose key it is)");
        var bootstrap = options.Value("bootstrap") is not null;
        string? token = null, tokenFile = null;
        if (bootstrap)
        {
            if (!role.Equals("admin", StringComparison.OrdinalIgnoreCase)) throw new UsageException("--bootstrap creates the first admin key: use --role admin");
            var file = tokenFile = Path.Combine(BackupCommand.LocateDataDirectory(options.Value("data-dir"), console), "bootstrap-token");
            if (!File.Exists(file))
                throw new UsageException($"no {file}: the silo writes it while the cluster has no admin key (is this the silo's machine and data folder? --data-dir DIR). " +
                                         "If an admin key exists, ask its holder to create yours.");
            try
            {
                token = File.ReadAllText(file).Trim();
            }
            catch (UnauthorizedAccessException)
            {
                throw new UsageException($"cannot read {file}: run this as the account that runs the silo");
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
            await console.Error.WriteLineAsync(
                $"Created {key.Role} key {key.Id} for '{key.Name}'. The line above is the key, shown this once: store it now " +
                "(send it as the X-Api-Key header, or pass it to ./analytics as --key / ANALYTICS_KEY).");
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

    public string Summary => "list the API keys (id, name, role, created, revoked); never their secrets";

    public CommandHelp Help { get; } = new("[--key ADMIN-KEY] [--api URL]", "Lists every key the cluster knows, revoked ones too.",
        [KeyCommandOptions.Key, KeyCommandOptions.Api]);

    public Task<int> RunAsync(CommandOptions options, CliConsole console, CancellationToken cancellationToken) =>
        KeyCommandOptions.RunAsync(options, console, Name, async api =>
        {
            var answer = await api.ListKeysAsync(cancellationToken);
            if (answer.Problem is { } problem) return await KeyCommandOptions.RefusedAsync(console, Name, problem);
            foreach (var k in answer.Value!)
                await console.Out.WriteLineAsync($"{k.Id}  {k.Role,-6}  {k.CreatedAt:yyyy-MM-dd HH:mm}  {(k.RevokedAt is { } r ? $"revoked {r:yyyy-MM-dd HH:mm}" : "active"),-24}  {k.Name}");
            return ExitCodes.Ok;
        });
}

/// <summary><c>./analytics keys revoke ID</c>: the key is refused from then on.</summary>
public sealed class KeysRevokeCommand : ICommand
{
    public string Name => "keys revoke";

    public string Summary => "revoke an API key by its id (keys list shows ids)";

    public CommandHelp Help { get; } = new("ID [--key ADMIN-KEY] [--api URL]",
        "Revokes the key: every API process refuses it within 5 s (the one that revoked it at once). Revoked keys stay listed.",
        [new("id", "ID", "the key's id (12 hex digits; may be given without --id)", Positional: true), KeyCommandOptions.Key, KeyCommandOptions.Api]);

    public Task<int> RunAsync(CommandOptions options, CliConsole console, CancellationToken cancellationToken)
    {
        var id = options.Value("id") ?? throw new UsageException("which key? ./analytics keys revoke ID (./analytics keys list shows ids)");
        return KeyCommandOptions.RunAsync(options, console, Name, async api =>
        {
            var answer = await api.RevokeKeyAsync(id, cancellationToken);
            if (answer.Problem is { } problem) return await KeyCommandOptions.RefusedAsync(console, Name, problem);
            await console.Out.WriteLineAsync($"Revoked {answer.Value!.Role} key {answer.Value.Id} ('{answer.Value.Name}').");
            return ExitCodes.Ok;
        });
    }
}
