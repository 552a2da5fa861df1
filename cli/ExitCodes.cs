using Analytics.Domain;

namespace Analytics.Cli;

/// <summary>What the process exit code tells a script (documented in the README and in every --help).</summary>
public static class ExitCodes
{
    public const int Ok = 0;

    /// <summary>The input has bad rows (or the cluster rejected some): nothing of that input was applied.</summary>
    public const int DataErrors = 1;

    /// <summary>The command line is wrong: unknown command or option, missing value, a file that does not exist.</summary>
    public const int Usage = 2;

    /// <summary>The cluster's API could not be reached, or did not answer as the API does.</summary>
    public const int ClusterUnreachable = 3;

    /// <summary>Ctrl+C (128 + SIGINT, as shells report it).</summary>
    public const int Interrupted = 130;

    public static string Summary => Bilingual.T(
        "Mã thoát: 0 thành công, 1 lỗi dữ liệu, 2 lỗi cách dùng, 3 không kết nối được cụm máy chủ.",
        "Exit codes: 0 ok, 1 data errors, 2 usage errors, 3 cluster unreachable.");
}
