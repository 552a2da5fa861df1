using Analytics.Domain.Quality;

namespace Analytics.Quality;

[GenerateSerializer]
public sealed class QualityMarksState
{
    [Id(0)] public Dictionary<string, QualityMark> Marks { get; set; } = [];
}

/// <summary>The follow-up marks (see <see cref="IQualityMarksGrain"/>). Not reentrant: marks are rare, each one small write.</summary>
public sealed class QualityMarksGrain(
    [PersistentState("quality-marks", StorageNames.Default)] IPersistentState<QualityMarksState> state) : Grain, IQualityMarksGrain
{
    public async Task<bool> SetAsync(IReadOnlyList<QualityMark> marks)
    {
        var next = new Dictionary<string, QualityMark>(state.State.Marks, StringComparer.Ordinal);
        foreach (var mark in marks) next[KeyOf(mark.Figure)] = mark;
        if (next.Count > IQualityMarksGrain.MaxMarks) return false;
        await state.ReplaceAsync(new QualityMarksState { Marks = next });
        return true;
    }

    public Task<IReadOnlyList<QualityMark>> GetAsync(string? indicator) =>
        Task.FromResult<IReadOnlyList<QualityMark>>([.. state.State.Marks.Values.Where(m => indicator is null || m.Indicator == indicator)]);

    private static string KeyOf(FigureRef f) => $"{f.Province}/{f.Indicator}/{f.Year}";
}
