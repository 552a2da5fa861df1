using System.Net;
using System.Net.Sockets;

namespace Analytics.Tests.Support;

/// <summary>
/// Loopback ports for the servers tests start, each handed out once per test process. Taken from below the kernel's
/// ephemeral range where it can: a port found free there can later be taken only by another listener, whereas an
/// ephemeral one (what binding port 0 gives) can be taken by any outgoing connection before the server binds it —
/// "address already in use" on busy runs, when many connections come and go.
/// </summary>
public static class FreePorts
{
    private const int Lowest = 10_000;
    private static readonly HashSet<int> Given = [];
    private static readonly int EphemeralLow = ReadEphemeralLow();

    public static int Next()
    {
        lock (Given)
        {
            if (EphemeralLow - Lowest >= 1_000)
            {
                for (var attempt = 0; attempt < 200; attempt++)
                {
                    var port = Random.Shared.Next(Lowest, EphemeralLow);
                    if (Given.Add(port) && IsFree(port)) return port;
                }
            }
            while (true)
            {
                var port = AnyFree();
                if (Given.Add(port)) return port;
            }
        }
    }

    private static bool IsFree(int port)
    {
        try
        {
            using var listener = new TcpListener(IPAddress.Loopback, port);
            listener.Start();
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    private static int AnyFree()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>The first port the kernel gives outgoing connections (Linux; elsewhere no range is assumed, and ports come from the kernel).</summary>
    private static int ReadEphemeralLow()
    {
        try
        {
            var range = File.ReadAllText("/proc/sys/net/ipv4/ip_local_port_range").Split((char[])['\t', ' ', '\n'], StringSplitOptions.RemoveEmptyEntries);
            return int.Parse(range[0], System.Globalization.CultureInfo.InvariantCulture);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException or IndexOutOfRangeException)
        {
            return Lowest;
        }
    }
}
