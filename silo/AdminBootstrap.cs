using System.Security.Cryptography;
using Analytics.Hosting;
using Analytics.Keys;

namespace Analytics.Silo;

/// <summary>
/// The way to the first admin key. While the cluster has no admin key, every silo that starts writes a one-time
/// token to <c>{data dir}/bootstrap-token</c>, readable only by the account that runs the silo (mode 0600), and
/// offers its SHA-256 to the key registry. <c>./analytics keys create --role admin --bootstrap</c>, run on that
/// machine by that account, sends the token and gets the first admin key. So the first admin is whoever can read
/// the silo's files, not whoever reaches the API first; once an admin key exists, tokens are refused and the file
/// is removed at the next start.
/// </summary>
public sealed class AdminBootstrap(ClusterSettings settings, IGrainFactory grains, ILogger<AdminBootstrap> log) : IStartupTask
{
    public const string TokenFile = "bootstrap-token";

    public async Task Execute(CancellationToken cancellationToken)
    {
        try
        {
            await OfferAsync();
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or OrleansException or TimeoutException)
        {
            // Serving goes on without it; the next start offers a token again.
            log.LogWarning(ex, "Could not offer a bootstrap token for the first admin key");
        }
    }

    private async Task OfferAsync()
    {
        var path = Path.Combine(settings.DataDir, TokenFile);
        var registry = grains.GetGrain<IKeyRegistryGrain>(IKeyRegistryGrain.Key);
        if (await registry.HasAdminAsync())
        {
            if (File.Exists(path)) File.Delete(path);
            return;
        }
        var token = Convert.ToHexString(RandomNumberGenerator.GetBytes(32)).ToLowerInvariant();
        Directory.CreateDirectory(settings.DataDir);
        // Written to a new file created 0600 and then moved over any old one, so the token is never readable by others.
        var temporary = $"{path}.{Guid.NewGuid():n}.new"; // silos sharing a data folder each write their own, then move
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows()) options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        await using (var file = new StreamWriter(temporary, System.Text.Encoding.ASCII, options)) await file.WriteAsync(token);
        File.Move(temporary, path, overwrite: true);
        if (!await registry.OfferBootstrapAsync(SHA256.HashData(System.Text.Encoding.ASCII.GetBytes(token))))
        {
            File.Delete(path); // an admin key appeared meanwhile
            return;
        }
        log.LogWarning(
            "No admin key exists yet. On this machine, as this user, create one with: ./analytics keys create --role admin --bootstrap --name \"NAME\" (the one-time token is in {Path})",
            path);
    }
}
