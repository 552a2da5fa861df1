using System.Net;
using System.Net.Sockets;

namespace Analytics.Tests.Support;

/// <summary>A loopback port nobody is listening on now, so parallel test clusters never collide.</summary>
public static class FreePorts
{
    public static int Next()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
