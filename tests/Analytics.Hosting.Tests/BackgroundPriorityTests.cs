using Analytics.Hosting;

namespace Analytics.Hosting.Tests;

/// <summary>Training threads give way to the threads serving queries.</summary>
public sealed class BackgroundPriorityTests
{
    /// <summary>The nice value of the calling thread, from /proc (field 19 of its stat line).</summary>
    private static int NiceOfCurrentThread()
    {
        var stat = File.ReadAllText("/proc/thread-self/stat");
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        return int.Parse(fields[19 - 3]); // fields after "pid (comm)" start at field 3
    }

    [Fact]
    public void Lowers_only_the_calling_thread()
    {
        int before = 0, after = 0;
        var worker = new Thread(() =>
        {
            before = NiceOfCurrentThread();
            BackgroundPriority.LowerCurrentThread();
            after = NiceOfCurrentThread();
        });
        worker.Start();
        worker.Join();

        Assert.Equal(before + 10, after);
        Assert.Equal(before, NiceOfCurrentThread());
    }
}
