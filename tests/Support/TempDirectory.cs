namespace Analytics.Tests.Support;

/// <summary>A fresh directory under the system temp folder, removed when disposed.</summary>
public sealed class TempDirectory : IDisposable
{
    public string Path { get; } = Directory.CreateDirectory(
        System.IO.Path.Combine(System.IO.Path.GetTempPath(), "analytics-tests", Guid.NewGuid().ToString("n"))).FullName;

    public void Dispose()
    {
        try { Directory.Delete(Path, recursive: true); } catch (IOException) { /* a file still held open; temp is cleaned anyway */ }
    }
}
