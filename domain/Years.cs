namespace Analytics.Domain;

/// <summary>The years the product accepts and the target year it assumes when a question names none.</summary>
public static class Years
{
    /// <summary>The earliest year a figure may be for: the oldest GSO tables start in 1995.</summary>
    public const int First = 1990;

    /// <summary>The latest year a figure (a target, a plan) may be for.</summary>
    public const int Last = 2100;

    /// <summary>The target year of the current plans (Resolution 52, the provincial digital-transformation plans).</summary>
    public const int DefaultTarget = 2025;

    /// <summary>"1990..2100", as error messages write the range.</summary>
    public const string Range = "1990..2100";

    public static bool Accepts(int year) => year is >= First and <= Last;
}

/// <summary>The years something existed in: both ends included, an open end is null ("since ever", "still").</summary>
public readonly record struct YearSpan(int? First, int? Last)
{
    public static YearSpan Always { get; } = new(null, null);

    public bool Contains(int year) => (First is not { } first || first <= year) && (Last is not { } last || year <= last);
}
