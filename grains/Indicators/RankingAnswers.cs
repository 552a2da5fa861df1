using Analytics.Domain;

namespace Analytics.Indicators;

/// <summary>Rankings answered since the leaderboard last changed: analysts ask the same few questions over and over.</summary>
internal sealed class RankingAnswers
{
    // Bounded: a cache, not a second copy of every question.
    private const int Capacity = 256;

    private readonly Dictionary<(int? Year, ObservationKind Kind, string Provinces, int? Top), Ranking> _answers = [];

    public void Clear() => _answers.Clear();

    public Ranking GetOrAdd(RankingQuery query, Func<RankingQuery, Ranking> rank)
    {
        var key = (query.Year, query.Kind, Field(query), query.Top);
        if (!_answers.TryGetValue(key, out var ranking))
        {
            if (_answers.Count >= Capacity) _answers.Clear();
            _answers[key] = ranking = rank(query);
        }
        return ranking;
    }

    /// <summary>The provinces of a question, with the lifetimes that limit them, as one string key.</summary>
    private static string Field(RankingQuery query) => query.Lifetimes is not { } lifetimes
        ? string.Join(',', query.Provinces)
        : string.Join(',', query.Provinces.Select((p, i) => lifetimes[i] == YearSpan.Always ? p : $"{p}:{lifetimes[i].First}-{lifetimes[i].Last}"));
}
