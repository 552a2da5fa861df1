using System.Collections.Concurrent;

namespace Analytics.Domain;

/// <summary>
/// One shared instance per distinct short text (a unit, a source document name). Every point of every
/// series carries such texts, and each arrives as its own copy from storage or from a message, so tens of thousands of
/// series would otherwise hold tens of thousands of equal strings. Bounded, because unlike
/// <see cref="string.Intern"/> what it holds stays alive: past <see cref="Capacity"/> entries, or for texts longer
/// than <see cref="MaxLength"/>, the text given is returned as it is.
/// </summary>
public sealed class TextPool(int capacity = TextPool.DefaultCapacity, int maxLength = TextPool.DefaultMaxLength)
{
    /// <summary>Room for the units and sources of a large catalogue; about 100 bytes an entry plus the text.</summary>
    public const int DefaultCapacity = 100_000;

    /// <summary>Units and source names are short; a longer text is more likely one of a kind, and is not kept.</summary>
    public const int DefaultMaxLength = 128;

    private readonly ConcurrentDictionary<string, string> _texts = new(StringComparer.Ordinal);

    public int Capacity { get; } = capacity;
    public int MaxLength { get; } = maxLength;

    /// <summary>How many texts the pool holds.</summary>
    public int Count => _texts.Count;

    /// <summary>The pool's instance equal to <paramref name="text"/> (added if there is room), or the text itself.</summary>
    public string? Share(string? text)
    {
        if (text is null) return null;
        if (text.Length == 0) return string.Empty;
        if (text.Length > MaxLength) return text;
        if (_texts.TryGetValue(text, out var shared)) return shared;
        // The count is read without a lock, so a burst may pass the capacity by a few entries: bounded all the same.
        return _texts.Count < Capacity ? _texts.GetOrAdd(text, text) : text;
    }
}
