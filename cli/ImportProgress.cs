using Analytics.Domain;

namespace Analytics.Cli;

/// <summary>
/// Progress of an import on stderr, shown only once the import has run for <see cref="Threshold"/> (a quick import
/// prints just its summary). On a terminal, a bar redrawn in place a few times a second:
/// <c>[#########.....................] 12,000/68,000 observations 4,100/s</c>; otherwise (a log, a pipe) a plain
/// line at most once a second. In the language of the run that made it (the timer's thread does not carry it).
/// </summary>
public sealed class ImportProgress : IDisposable
{
    public static readonly TimeSpan Threshold = TimeSpan.FromSeconds(1);
    private const int BarWidth = 30;

    private readonly TextWriter _writer;
    private readonly bool _interactive;
    private readonly TimeProvider _time;
    private readonly long _started;
    private readonly long _total;
    private readonly Lock _gate = new();
    private readonly ITimer? _redraw;
    private readonly bool _english = Bilingual.ReaderIsEnglish;
    private long _done;
    private TimeSpan? _lastPlain;
    private int _lastWidth;
    private bool _finished;

    public ImportProgress(TextWriter writer, bool interactive, TimeProvider time, long total)
    {
        _writer = writer;
        _interactive = interactive;
        _time = time;
        _total = total;
        _started = time.GetTimestamp();
        // The bar also moves while a batch is in flight, so a slow first batch still shows it after a second.
        if (interactive) _redraw = time.CreateTimer(_ => Draw(), null, TimeSpan.FromMilliseconds(250), TimeSpan.FromMilliseconds(250));
    }

    public TimeSpan Elapsed => _time.GetElapsedTime(_started);

    /// <summary>Whether anything has been written (the bar or a line).</summary>
    public bool Shown { get; private set; }

    public void Advance(int observations)
    {
        Interlocked.Add(ref _done, observations);
        Draw();
    }

    /// <summary>Ends the bar's line, so whatever is printed next starts on a fresh one.</summary>
    public void Finish()
    {
        _redraw?.Dispose();
        lock (_gate)
        {
            if (_finished) return;
            _finished = true;
            if (_interactive && Shown)
            {
                Render();
                _writer.WriteLine();
                _writer.Flush();
            }
        }
    }

    public void Dispose() => Finish();

    private void Draw()
    {
        lock (_gate)
        {
            if (_finished) return;
            var elapsed = Elapsed;
            if (elapsed < Threshold) return;
            if (_interactive) Render();
            else if (_lastPlain is null || elapsed - _lastPlain >= Threshold)
            {
                _lastPlain = elapsed;
                _writer.WriteLine(Text(elapsed, bar: false));
                _writer.Flush();
                Shown = true;
            }
        }
    }

    private void Render()
    {
        var text = Text(Elapsed, bar: true);
        _writer.Write('\r');
        _writer.Write(text.PadRight(_lastWidth));
        _writer.Flush();
        _lastWidth = text.Length;
        Shown = true;
    }

    /// <summary>The progress text at a moment: bar (or not), counts, rate.</summary>
    private string Text(TimeSpan elapsed, bool bar)
    {
        var done = Interlocked.Read(ref _done);
        var fraction = _total == 0 ? 1 : Math.Clamp((double)done / _total, 0, 1);
        var filled = (int)Math.Round(fraction * BarWidth);
        var rate = elapsed.TotalSeconds > 0 ? done / elapsed.TotalSeconds : 0;
        using var language = Bilingual.Reading(_english);
        var counts = Bilingual.T($"{done:N0}/{_total:N0} số liệu {rate:N0}/giây", $"{done:N0}/{_total:N0} observations {rate:N0}/s");
        return bar ? $"[{new string('#', filled)}{new string('.', BarWidth - filled)}] {counts}" : counts;
    }
}
