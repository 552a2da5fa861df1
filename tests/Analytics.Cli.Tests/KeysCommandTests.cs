using Analytics.Cli.Tests.Support;
using Analytics.Tests.Support;

namespace Analytics.Cli.Tests;

/// <summary><c>./analytics keys create|list|revoke</c> and <c>import --key</c> against a real embedded cluster.</summary>
public sealed class KeysCommandTests(CatalogClusterFixture fixture) : IClassFixture<CatalogClusterFixture>, IDisposable
{
    private readonly InputFiles _files = new();

    public void Dispose() => _files.Dispose();

    private Task<CliResult> RunAsync(string? key, params string[] args) => CliRun.RunAsync(fixture.Api, args, key: key);

    [Fact]
    public async Task A_writer_key_is_printed_once_listed_without_its_secret_loads_figures_and_once_revoked_is_refused()
    {
        var code = await fixture.DefineRateAsync();
        var created = await RunAsync(fixture.Cluster.Keys.Admin, "keys", "create", "--role", "writer", "--name", "Sở TT&TT Bình Thuận");
        Assert.True(created.ExitCode == ExitCodes.Ok, created.ToString());
        var key = created.Out.Trim();
        Assert.Matches("^[0-9a-f]{12}\\.[A-Za-z0-9_-]{43}$", key);
        Assert.Contains("shown this once", created.Error);
        var id = key[..12];

        var listed = await RunAsync(fixture.Cluster.Keys.Admin, "keys", "list");
        Assert.Equal(ExitCodes.Ok, listed.ExitCode);
        Assert.Contains(listed.Out.Split('\n'), l => l.StartsWith(id) && l.Contains("writer") && l.Contains("active") && l.EndsWith("Sở TT&TT Bình Thuận"));
        Assert.DoesNotContain(key[13..], listed.Out);

        var file = _files.Csv("figures.csv", $"60,{code},2019,,actual,59,%,report.txt,59");
        var imported = await CliRun.RunAsync(fixture.Api, ["import", "--file", file, "--key", key]);
        Assert.True(imported.ExitCode == ExitCodes.Ok, imported.ToString());

        var revoked = await RunAsync(fixture.Cluster.Keys.Admin, "keys", "revoke", id);
        Assert.True(revoked.ExitCode == ExitCodes.Ok, revoked.ToString());
        Assert.Contains($"Revoked writer key {id}", revoked.Out);

        var again = _files.Csv("again.csv", $"60,{code},2020,,actual,61,%,report.txt,61");
        var refused = await RunAsync(key, "import", "--file", again);
        Assert.Equal(ExitCodes.DataErrors, refused.ExitCode);
        Assert.Contains("revoked", refused.Error);
        Assert.Equal([(2019, "actual", 59.0)], await fixture.SeriesAsync("60", code));
    }

    [Fact]
    public async Task An_import_without_a_key_is_refused_naming_the_role_needed_and_sends_nothing()
    {
        var code = await fixture.DefineRateAsync();
        var file = _files.Csv("figures.csv", $"60,{code},2019,,actual,59,%,report.txt,59");

        var result = await RunAsync(null, "import", "--file", file);

        Assert.Equal(ExitCodes.DataErrors, result.ExitCode);
        Assert.Contains("(401)", result.Error);
        Assert.Contains("role writer", result.Error);
        Assert.Empty(await fixture.SeriesAsync("60", code) ?? []);
    }

    [Fact]
    public async Task Key_commands_need_an_admin_key_and_a_role()
    {
        var noKey = await RunAsync(null, "keys", "list");
        Assert.Equal(ExitCodes.Usage, noKey.ExitCode);
        Assert.Contains("--key KEY or ANALYTICS_KEY", noKey.Error);

        var writer = await RunAsync(fixture.Cluster.Keys.Writer, "keys", "create", "--role", "admin", "--name", "escalation");
        Assert.Equal(ExitCodes.DataErrors, writer.ExitCode);
        Assert.Contains("(403)", writer.Error);

        var badRole = await RunAsync(fixture.Cluster.Keys.Admin, "keys", "create", "--role", "owner", "--name", "x");
        Assert.Equal(ExitCodes.DataErrors, badRole.ExitCode);
        Assert.Contains("reader, writer or admin", badRole.Error);
    }

    [Fact]
    public async Task Bootstrapping_is_refused_once_an_admin_key_exists()
    {
        var result = await RunAsync(null, "keys", "create", "--role", "admin", "--bootstrap", "--name", "late", "--data-dir", fixture.Cluster.DataDir);

        Assert.Equal(ExitCodes.DataErrors, result.ExitCode);
        Assert.Contains("admin key exists", result.Error);
    }
}

/// <summary>The first admin key on a fresh machine, as <c>./run.sh</c> says to make it.</summary>
public sealed class BootstrapCommandTests
{
    [Fact]
    public async Task The_first_admin_key_comes_from_the_silos_token_once()
    {
        using var dir = new TempDirectory();
        await using var cluster = new EmbeddedCluster(dir.Path, bundle: "catalog", makeKeys: false);
        await cluster.StartAsync();
        var api = cluster.Http.BaseAddress!;
        var tokenFile = Path.Combine(dir.Path, "bootstrap-token");
        Assert.True(File.Exists(tokenFile), "the silo wrote the one-time token");
        if (!OperatingSystem.IsWindows())
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(tokenFile));

        var created = await CliRun.RunAsync(api, ["keys", "create", "--role", "admin", "--bootstrap", "--name", "Cục Chuyển đổi số", "--data-dir", dir.Path]);

        Assert.True(created.ExitCode == ExitCodes.Ok, created.ToString());
        Assert.False(File.Exists(tokenFile), "the spent token is removed");
        var listed = await CliRun.RunAsync(api, ["keys", "list"], key: created.Out.Trim());
        Assert.Contains("admin", listed.Out);
        Assert.Contains("Cục Chuyển đổi số", listed.Out);

        var again = await CliRun.RunAsync(api, ["keys", "create", "--role", "admin", "--bootstrap", "--name", "second", "--data-dir", dir.Path]);
        Assert.Equal(ExitCodes.Usage, again.ExitCode);
        Assert.Contains("bootstrap-token", again.Error);
    }
}
