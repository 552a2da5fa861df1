namespace Analytics.Domain.Geography;

/// <summary>A member province's own latest yearly figure (its actual, else its estimate).</summary>
public sealed record MemberFigure(AdministrativeUnit Member, int Year, ObservationKind Kind, double Value);

/// <summary>
/// A unit's latest figure of an indicator as a profile shows it: <see cref="Current"/>, the latest year with a unit value
/// (reported, or carried from its members), and the value before it; each member's own latest figure; and, when the
/// members have a later figure than the unit's value (or the unit has none), that later year's carried figure
/// (<see cref="NotCarried"/>), whose reason says why it gives no unit value (a member missing, a rank).
/// </summary>
public sealed record UnitLatest(
    CarriedFigure? Current, ObservationKind CurrentKind, CarriedFigure? Previous, IReadOnlyList<MemberFigure> Members, CarriedFigure? NotCarried)
{
    /// <summary>Members with a figure in the current value, of all members (a value reported for the unit itself covers them all).</summary>
    public (int Covered, int Of) Coverage(AdministrativeUnit unit) => Current switch
    {
        null => (0, unit.Members.Count),
        { Origin: FigureOrigin.Reported } => (unit.Members.Count, unit.Members.Count),
        var f => (f.Members.Count(m => m.Value is not null), unit.Members.Count),
    };
}

