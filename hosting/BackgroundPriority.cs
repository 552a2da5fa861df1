using System.Runtime.InteropServices;

namespace Analytics.Hosting;

/// <summary>
/// Lowers the calling thread's scheduling priority (nice 10) for long CPU-bound background work such as training the
/// forecasting model: on a small machine it would otherwise take a whole core from the queries being served at the
/// same time. Linux only (a per-thread nice value); elsewhere, and where the call is refused, nothing changes.
/// </summary>
public static class BackgroundPriority
{
    private const int Nice = 10;

    public static void LowerCurrentThread()
    {
        if (!OperatingSystem.IsLinux()) return;
        try
        {
            _ = SetPriority(0 /* PRIO_PROCESS: with a thread id, that thread */, GetThreadId(), Nice);
        }
        catch (Exception ex) when (ex is DllNotFoundException or EntryPointNotFoundException)
        {
            // An unusual libc: the work simply runs at normal priority.
        }
    }

    [DllImport("libc", EntryPoint = "setpriority")]
    private static extern int SetPriority(int which, int who, int priority);

    [DllImport("libc", EntryPoint = "gettid")]
    private static extern int GetThreadId();
}
