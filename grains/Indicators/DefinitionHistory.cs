using Analytics.Domain;

namespace Analytics.Indicators;

/// <summary>An indicator's definition and the versions it replaced, newest first and bounded.</summary>
internal sealed class DefinitionHistory(string code, TimeProvider clock)
{
    private List<DefinitionVersion> _history = [];

    public IndicatorDefinition? Current { get; private set; }

    public IReadOnlyList<DefinitionVersion> Versions => [.. _history];

    public void Load(IndicatorDefinition? definition, IEnumerable<DefinitionVersion>? history)
    {
        Current = definition;
        _history = [.. history ?? []];
    }

    /// <summary>Takes <paramref name="definition"/>; false when it is the current one already.</summary>
    public bool Define(IndicatorDefinition definition, string? auditId)
    {
        if (definition.Code != code)
            throw new ArgumentException($"Definition for '{definition.Code}' sent to indicator '{code}'.");
        if (Equals(Current, definition)) return false;
        if (Current is { } previous)
        {
            // Bounded: the oldest versions go first; the audit trail keeps every change with its previous definition.
            _history.Insert(0, new DefinitionVersion(previous, clock.GetUtcNow(), auditId));
            if (_history.Count > IIndicatorGrain.MaxHistory) _history.RemoveRange(IIndicatorGrain.MaxHistory, _history.Count - IIndicatorGrain.MaxHistory);
        }
        Current = definition;
        return true;
    }
}
