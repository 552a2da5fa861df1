using Analytics.Audit;
using Analytics.Contracts;
using Analytics.Domain;
using Analytics.Domain.Geography;
using Analytics.Domain.Quality;
using Analytics.Indicators;
using Analytics.Presentation.Localization;
using Analytics.Quality;

namespace Analytics.Api.Queries;

/// <summary>
/// The quality rules (docs/quality.md) run over what the cluster stores, and the stewards' follow-up of what they
/// flag. An indicator's flags are computed from its grain's yearly figures (and its wholes', for a part above its
/// whole; a share's count and denominator) and kept in the <see cref="AnswerCache"/> until one of those indicators changes, so asking again, or asking
/// about every indicator, costs no more reads. Marks live in <see cref="IQualityMarksGrain"/>; each is an audit entry.
/// </summary>
public sealed class QualityQueries(CatalogCache catalog, AnswerCache answers, IGrainFactory grains, IndicatorRelations relations, AuditTrail audit)
{
    public const int DefaultLimit = 100;
    public const int MaxLimit = 1_000;

    /// <summary>Indicators whose figures are read at once when flags of many are asked for: the silo keeps serving others meanwhile.</summary>
    private const int ReadsAtOnce = 4;

    /// <summary>One indicator's checkable figures (the yearly actual, else the estimate) and the flags on them.</summary>
    public sealed class IndicatorFlags(IReadOnlyDictionary<FigureRef, (ObservationKind Kind, double Value)> figures, IReadOnlyList<QualityFlag> flags)
    {
        public IReadOnlyDictionary<FigureRef, (ObservationKind Kind, double Value)> Figures { get; } = figures;

        public IReadOnlyList<QualityFlag> Flags { get; } = flags;

        public ILookup<FigureRef, QualityFlag> ByFigure { get; } = flags.ToLookup(f => f.Figure);
    }

    /// <summary>The flags on one indicator's stored figures, from the cache while none of the indicators they read has changed.</summary>
    public Task<IndicatorFlags> FlagsAsync(CatalogView view, string indicator)
    {
        var related = relations.ReadWith(indicator).Where(code => view.Indicators.TryGet(code, out _)).ToList();
        return answers.GetOrFetchAsync(new AnswerCache.QualityKey(indicator, view.Snapshot.Version), related, () => ComputeAsync(view, indicator, related));
    }

    private async Task<IndicatorFlags> ComputeAsync(CatalogView view, string indicator, IReadOnlyList<string> related)
    {
        var read = await ReadAsync([indicator, .. related]);
        var figures = new Dictionary<FigureRef, (ObservationKind Kind, double Value)>();
        var all = new List<QualityFigure>();
        foreach (var (code, summaries) in read)
            foreach (var (figure, kind) in Checked(code, summaries))
            {
                all.Add(figure);
                if (code == indicator) figures[figure.Ref] = (kind, figure.Value);
            }
        var flags = new QualityCheck(relations, view.Gazetteer).Run(all).Where(f => f.Indicator == indicator).ToList();
        return new IndicatorFlags(figures, flags);
    }

    /// <summary>
    /// The flags on <paramref name="figures"/> (a batch's, once stored), as <see cref="FlagsAsync"/> would give them, read
    /// afresh and checked over only what they depend on (<see cref="QualityCheck.CheckStored"/>): their series, their
    /// indicators' other provinces in the years around theirs, the wholes and counts they are read with. Each indicator
    /// is read once however many of the batch's indicators read it; nothing is kept.
    /// </summary>
    public async Task<IReadOnlyList<QualityFlag>> FlagsOnAsync(CatalogView view, IReadOnlyCollection<FigureRef> figures)
    {
        var touched = figures.Select(f => f.Indicator).Distinct(StringComparer.Ordinal).ToList();
        var codes = touched.Concat(touched.SelectMany(relations.ReadWith).Where(code => view.Indicators.TryGet(code, out _)))
            .Distinct(StringComparer.Ordinal).ToList();
        var read = await ReadAsync(codes);
        return new QualityCheck(relations, view.Gazetteer).CheckStored(read.SelectMany(r => Checked(r.Code, r.Summaries).Select(c => c.Figure)), figures);
    }

    private Task<(string Code, IReadOnlyList<SeriesSummary> Summaries)[]> ReadAsync(IEnumerable<string> codes) =>
        Task.WhenAll(codes.Select(async code => (Code: code, Summaries: await grains.GetGrain<IIndicatorGrain>(code).GetSummariesAsync())));

    /// <summary>The figures of an indicator the rules check: each province's yearly actual, else its estimate.</summary>
    private static IEnumerable<(QualityFigure Figure, ObservationKind Kind)> Checked(string code, IReadOnlyList<SeriesSummary> summaries)
    {
        foreach (var s in summaries)
            foreach (var year in s.Values.Where(v => v.Kind is ObservationKind.Actual or ObservationKind.Estimate && double.IsFinite(v.Value)).GroupBy(v => v.Year))
            {
                // The actual where there is one: an estimate is checked only while no actual exists (as in a batch).
                var v = year.OrderBy(v => v.Kind == ObservationKind.Actual ? 0 : 1).First();
                yield return (new QualityFigure(s.Province, code, v.Year, v.Value), v.Kind);
            }
    }

    /// <summary>The flags of one indicator, or of all, that match the filters, most severe first, one page of them.</summary>
    public async Task<QueryResult<QualityPageDto>> ListAsync(
        string? indicator, string? province, int? year, string? rule, string? state, string? geography, string? severity, int? limit, string? after)
    {
        var view = await catalog.GetForReadAsync();
        if (indicator is not null && !view.Indicators.TryGet(indicator, out _)) return QueryProblems.NoIndicator(indicator);
        if (QueryProblems.CheckYear(year) is { } badYear) return badYear;
        QualityRule? ruleFilter = null;
        if (rule is not null)
        {
            if (!QualityRules.TryParse(rule, out var r))
                return new QueryProblem(ProblemKind.Invalid, Bilingual.T(
                    $"Không có quy tắc '{InputLimits.Echo(rule)}': dùng {string.Join(", ", QualityRules.All.Select(x => x.ToCode()))}.",
                    $"Unknown rule '{InputLimits.Echo(rule)}': use {string.Join(", ", QualityRules.All.Select(x => x.ToCode()))}."));
            ruleFilter = r;
        }
        QualityState? stateFilter = null;
        if (state is not null)
        {
            if (!QualityStates.TryParse(state, out var s)) return UnknownState(state, Enum.GetValues<QualityState>());
            stateFilter = s;
        }
        QualitySeverity? severityFilter = null;
        if (severity is not null)
        {
            if (!QualitySeverities.TryParse(severity, out var s))
                return new QueryProblem(ProblemKind.Invalid, Bilingual.T(
                    $"Không có mức '{InputLimits.Echo(severity)}': dùng high, medium, low hoặc explained.",
                    $"Unknown severity '{InputLimits.Echo(severity)}': use high, medium, low or explained."));
            severityFilter = s;
        }
        Geography? geographyFilter = null;
        if (geography is not null)
        {
            if (!Geography.TryParse(geography, out var g)) return QueryProblems.UnknownGeography(geography);
            geographyFilter = g;
        }
        string? territory = null;
        if (province is not null && TerritoryOf(view, province, year, geographyFilter, out territory) is { } unknown) return unknown;
        var take = limit ?? DefaultLimit;
        if (take is < 1 or > MaxLimit)
            return new QueryProblem(ProblemKind.Invalid, Bilingual.T($"limit phải từ 1 đến {MaxLimit}, không phải {take}.", $"limit must be 1..{MaxLimit}, not {take}."));
        var skip = 0;
        if (after is not null && (!int.TryParse(after, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out skip)))
            return new QueryProblem(ProblemKind.Invalid, Bilingual.T(
                $"after phải là next của trang trước (một số), không phải '{InputLimits.Echo(after)}'.",
                $"after must be the previous page's next (a number), not '{InputLimits.Echo(after)}'."));

        var codes = indicator is not null ? [indicator] : view.Indicators.All.Select(d => d.Code).ToList();
        var flags = new Dictionary<string, IndicatorFlags>(StringComparer.Ordinal);
        await Parallel.ForEachAsync(codes, new ParallelOptions { MaxDegreeOfParallelism = ReadsAtOnce }, async (code, _) =>
        {
            var f = await FlagsAsync(view, code);
            lock (flags) flags[code] = f;
        });
        var marks = await grains.GetGrain<IQualityMarksGrain>(IQualityMarksGrain.Key).GetAsync(indicator);

        var items = Items(flags, marks)
            .Where(i => territory is null || i.Territory == territory)
            .Where(i => year is null || i.Year == year)
            .Where(i => ruleFilter is null || i.Rule == ruleFilter)
            .Where(i => stateFilter is null || i.State == stateFilter)
            .Where(i => severityFilter is null || i.Severity == severityFilter)
            .Select(i => (Item: i, Unit: UnitOf(view.Gazetteer, i.Territory, i.Year, geographyFilter)))
            .Where(x => geographyFilter is null || x.Unit is not null)
            .OrderByDescending(x => x.Item.Severity)
            .ThenBy(x => x.Item.Indicator, StringComparer.Ordinal).ThenBy(x => x.Item.Territory, StringComparer.Ordinal)
            .ThenBy(x => x.Item.Year).ThenBy(x => x.Item.Rule)
            .ToList();
        var byRule = items.GroupBy(x => x.Item.Rule).OrderBy(g => g.Key)
            .Select(g => new QualityCountDto(g.Key.ToCode(), g.Key.Words().ForReader(), g.Count())).ToList();
        var page = items.Skip(skip).Take(take).Select(x => ToDto(view, x.Item, x.Unit)).ToList();
        return new QualityPageDto(items.Count, byRule, page, skip + page.Count < items.Count ? (skip + page.Count).ToString(System.Globalization.CultureInfo.InvariantCulture) : null);
    }

    /// <summary>One flag on a figure, with where its follow-up stands.</summary>
    private sealed record Item(
        string Territory, string Indicator, int Year, ObservationKind Kind, double Value, QualityRule Rule, QualitySeverity Severity,
        double Score, double Threshold, double? ExpectedLow, double? ExpectedHigh, Words Reason, QualityState State, QualityMark? Mark);

    /// <summary>
    /// Every flag with its state: the mark's while the figure is the one marked, open otherwise; and a marked flag the
    /// rules no longer raise on a figure sent since (or withdrawn) is listed as corrected, as it stood when marked.
    /// </summary>
    private static IEnumerable<Item> Items(IReadOnlyDictionary<string, IndicatorFlags> flags, IReadOnlyList<QualityMark> marks)
    {
        var markOf = marks.ToDictionary(m => m.Figure);
        foreach (var (_, indicator) in flags)
            foreach (var f in indicator.Flags)
            {
                var (kind, value) = indicator.Figures[f.Figure];
                var mark = markOf.GetValueOrDefault(f.Figure);
                var state = StateOf(mark, kind, value);
                yield return new Item(f.Province, f.Indicator, f.Year, kind, value, f.Rule, f.Severity, f.Score, f.Threshold, f.ExpectedLow, f.ExpectedHigh,
                    f.Explanation is { } e ? Bilingual.Both($"{f.Reason.Vi} ({e.Vi})", $"{f.Reason.En} ({e.En})") : f.Reason, state, mark);
            }
        foreach (var m in marks)
        {
            if (!flags.TryGetValue(m.Indicator, out var indicator)) continue;
            var now = indicator.Figures.TryGetValue(m.Figure, out var figure) ? figure : ((ObservationKind Kind, double Value)?)null;
            if (now is { } same && same.Kind == m.Kind && same.Value.Equals(m.Value)) continue; // not sent again: nothing corrected
            var raised = indicator.ByFigure[m.Figure].Select(f => f.Rule).ToHashSet();
            foreach (var old in m.Flags.Where(o => !raised.Contains(o.Rule)))
                yield return new Item(m.Province, m.Indicator, m.Year, now?.Kind ?? m.Kind, now?.Value ?? m.Value, old.Rule, old.Severity, old.Score, old.Threshold,
                    old.ExpectedLow, old.ExpectedHigh, Bilingual.Both(old.ReasonVi, old.ReasonEn), QualityState.Corrected, m);
        }
    }

    /// <summary>A mark holds while the figure is the one it was about; a new figure opens the flag again.</summary>
    private static QualityState StateOf(QualityMark? mark, ObservationKind kind, double value) =>
        mark is not null && mark.Kind == kind && mark.Value.Equals(value) ? mark.State : QualityState.Open;

    /// <summary>
    /// The unit a figure stored under <paramref name="territory"/> for <paramref name="year"/> belongs to: in the geography
    /// asked, if it held figures then (a 2025 figure of Hà Nội is in both), else the one in force at the end of the year.
    /// </summary>
    public static AdministrativeUnit? UnitOf(Gazetteer gazetteer, string territory, int year, Geography? geography)
    {
        if (geography is { } g)
            return gazetteer.ByTerritory(g, territory) is { } u && u.HoldsFiguresFor(new ReportingPeriod(year)) ? u : null;
        var atEnd = Geography.AtEndOf(year);
        return gazetteer.ByTerritory(atEnd, territory) ?? gazetteer.ByTerritory(atEnd == Geography.Vn63 ? Geography.Vn34 : Geography.Vn63, territory);
    }

    private static QualityItemDto ToDto(CatalogView view, Item i, AdministrativeUnit? unit)
    {
        var d = view.Indicators.Find(i.Indicator);
        return new QualityItemDto(
            unit?.Code ?? i.Territory, unit?.NameVi ?? i.Territory, unit?.Geography ?? Geography.AtEndOf(i.Year), i.Territory,
            i.Indicator, d is null ? i.Indicator : Bilingual.T(d.NameVi, d.NameEn), i.Year, i.Kind, i.Value,
            i.Rule.ToCode(), i.Rule.Words().ForReader(), i.Severity.ToCode(), i.Score, i.Threshold, i.ExpectedLow, i.ExpectedHigh,
            i.Reason.ForReader(), i.State.ToCode(),
            i.Mark is { } m ? new QualityMarkDto(m.State.ToCode(), m.Reason, m.By, m.At, m.Value, m.AuditId) : null);
    }

    /// <summary>
    /// A writer marks a flagged figure reviewed, confirmed (a reason is required) or open again. Refused, with nothing
    /// changed, when the request is incomplete or names a figure no rule flags. The mark is an audit entry first.
    /// </summary>
    public async Task<QueryResult<QualityMarkResult>> MarkAsync(QualityMarkRequest request, AuditActor actor)
    {
        if (request.Indicator is not { Length: > 0 } indicator) return Required("indicator");
        if (request.Province is not { Length: > 0 } province) return Required("province");
        if (request.Year is not { } year) return Required("year");
        if (request.State is not { Length: > 0 } stateText) return Required("state");
        var settable = new[] { QualityState.Open, QualityState.Reviewed, QualityState.Confirmed };
        if (!QualityStates.TryParse(stateText, out var state) || !settable.Contains(state)) return UnknownState(stateText, settable);
        var reason = string.IsNullOrWhiteSpace(request.Reason) ? null : request.Reason.Trim();
        if (state == QualityState.Confirmed && reason is null)
            return new QueryProblem(ProblemKind.Invalid, Bilingual.T(
                "reason là bắt buộc khi xác nhận (confirmed): hãy ghi vì sao số liệu đúng (ví dụ: khu công nghiệp mới đi vào hoạt động).",
                "reason is required to confirm: say why the figure is real (a new industrial park opened, say)."));
        if ((InputLimits.TooLong("reason", reason, InputLimits.QuoteLength) ?? InputLimits.ControlCharacter("reason", reason)) is { } bad)
            return new QueryProblem(ProblemKind.Invalid, bad + ".");
        ObservationKind? kind = null;
        if (request.Kind is { } k)
        {
            if (!ObservationKinds.TryParse(k, out var parsed)) return QueryProblems.UnknownKind(k);
            if (parsed is not (ObservationKind.Actual or ObservationKind.Estimate))
                return new QueryProblem(ProblemKind.Invalid, Bilingual.T(
                    $"Chỉ số liệu thực hiện (actual) hoặc ước tính (estimate) được kiểm tra, không phải '{InputLimits.Echo(k)}'.",
                    $"Only actual and estimate figures are checked, not '{InputLimits.Echo(k)}'."));
            kind = parsed;
        }
        if (QueryProblems.CheckYear(year) is { } badYear) return badYear;
        Geography? geography = null;
        if (request.Geography is { } geographyText)
        {
            if (!Geography.TryParse(geographyText, out var g)) return QueryProblems.UnknownGeography(geographyText);
            geography = g;
        }

        var view = await catalog.GetAsync();
        if (!view.Indicators.TryGet(indicator, out _)) return QueryProblems.NoIndicator(indicator);
        if (TerritoryOf(view, province, year, geography, out var territory) is { } unknown) return unknown;
        var figure = new FigureRef(territory, indicator, year);
        var flags = await FlagsAsync(view, indicator);
        var raised = flags.ByFigure[figure].ToList();
        if (raised.Count == 0 || (kind is { } asked && flags.Figures[figure].Kind != asked))
            return new QueryProblem(ProblemKind.NotFound, Bilingual.T(
                $"Không quy tắc nào gắn cờ số liệu {(kind is { } x ? x.Words() + " " : "")}{territory}/{indicator} năm {year}: chỉ đánh dấu được số liệu bị gắn cờ (GET /api/quality).",
                $"No rule flags the {(kind is { } y ? y.ToCode() + " " : "")}figure {territory}/{indicator} {year}: only flagged figures can be marked (GET /api/quality)."));
        var (figureKind, value) = flags.Figures[figure];

        var auditId = await audit.RecordAsync(AuditTrail.Entry(AuditAction.QualityMarked, actor, audit.Now) with
        {
            Indicators = [indicator],
            Provinces = [territory],
            Detail = $"{figure} {figureKind.ToCode()} {value.ToString(System.Globalization.CultureInfo.InvariantCulture)}: {state.ToCode()}" +
                     $" ({string.Join(", ", raised.Select(f => f.Rule.ToCode()).Distinct())}){(reason is null ? "" : ": " + reason)}",
        });
        var mark = new QualityMark(territory, indicator, year, figureKind, state, reason, value, actor.KeyName ?? actor.KeyId, audit.Now, auditId,
            [.. raised.Select(Marked)]);
        if (!await grains.GetGrain<IQualityMarksGrain>(IQualityMarksGrain.Key).SetAsync([mark]))
            return new QueryProblem(ProblemKind.Conflict, Bilingual.T(
                $"Đã có {IQualityMarksGrain.MaxMarks:N0} số liệu được đánh dấu, mức tối đa: không ghi thêm được.",
                $"{IQualityMarksGrain.MaxMarks:N0} figures are marked, the most held: no more can be marked."));
        // Training leaves out flagged figures no steward confirmed: a confirmation given or taken back changes what it reads.
        await grains.GetGrain<Analytics.Forecasting.IForecastModelGrain>(Analytics.Forecasting.IForecastModelGrain.Key).NotifyDataChangedAsync();
        return new QualityMarkResult(territory, indicator, year, figureKind, state.ToCode(), reason, auditId);
    }

    /// <summary>
    /// The figures of an accepted batch whose <c>confirmed</c> column says why they are real: those a rule flags in the
    /// stored data are marked confirmed with that reason, by the batch's sender, in one audit entry.
    /// </summary>
    public async Task ConfirmAsync(IReadOnlyList<(Observation Figure, string Reason)> confirmed, AuditActor actor, string batchAuditId)
    {
        if (confirmed.Count == 0) return;
        var view = await catalog.GetAsync();
        var marks = new List<QualityMark>();
        foreach (var byIndicator in confirmed.GroupBy(c => c.Figure.Indicator))
        {
            var flags = await FlagsAsync(view, byIndicator.Key);
            foreach (var (o, reason) in byIndicator)
            {
                var figure = new FigureRef(o.Province, o.Indicator, o.Year);
                var raised = flags.ByFigure[figure].ToList();
                if (raised.Count == 0) continue;
                var (kind, value) = flags.Figures[figure];
                if (kind != o.Kind) continue;
                marks.Add(new QualityMark(o.Province, o.Indicator, o.Year, kind, QualityState.Confirmed, reason, value,
                    actor.KeyName ?? actor.KeyId, audit.Now, null, [.. raised.Select(Marked)]));
            }
        }
        if (marks.Count == 0) return;
        var auditId = await audit.RecordAsync(AuditTrail.Entry(AuditAction.QualityMarked, actor, audit.Now) with
        {
            Indicators = [.. marks.Select(m => m.Indicator).Distinct().Order(StringComparer.Ordinal)],
            Provinces = [.. marks.Select(m => m.Province).Distinct().Order(StringComparer.Ordinal)],
            Detail = $"{marks.Count} figures confirmed in the confirmed column of batch {batchAuditId}",
        });
        await grains.GetGrain<IQualityMarksGrain>(IQualityMarksGrain.Key).SetAsync([.. marks.Select(m => m with { AuditId = auditId })]);
    }

    /// <summary>
    /// The quality flag of each ranked figure (by value, of actuals or estimates), and with <paramref name="exclude"/> the
    /// figures with an open flag (not explained by a merger) taken out of the ranking, ranks counted again without
    /// them. The marks are read only when a ranked figure is flagged.
    /// </summary>
    public async Task<RankingDto> MarkRankingAsync(RankingDto ranking, CatalogView view, bool exclude, int? top)
    {
        if (ranking.By != "value" || ranking.Kind is not (ObservationKind.Actual or ObservationKind.Estimate))
            return exclude ? ranking with { LeftOut = 0 } : ranking;
        var flags = await FlagsAsync(view, ranking.Indicator);
        FigureRef? FigureOf(RankingRowDto row) =>
            row.Value is not null && row.Origin == FigureOrigin.Reported && view.Gazetteer.Find(ranking.Geography, row.Province) is { } unit
            && flags.Figures.TryGetValue(new FigureRef(unit.TerritoryCode, ranking.Indicator, ranking.Year), out var f) && f.Kind == ranking.Kind
                ? new FigureRef(unit.TerritoryCode, ranking.Indicator, ranking.Year)
                : null;
        var flagged = ranking.Rows.Select(r => (Row: r, Figure: FigureOf(r))).Where(x => x.Figure is { } f && flags.ByFigure[f].Any()).ToList();
        if (flagged.Count == 0) return exclude ? WithRows(ranking, Top(ranking.Rows, top), 0) : ranking;

        var marks = (await grains.GetGrain<IQualityMarksGrain>(IQualityMarksGrain.Key).GetAsync(ranking.Indicator)).ToDictionary(m => m.Figure);
        var quality = new Dictionary<string, FigureQualityDto>(StringComparer.Ordinal);
        var open = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (row, figure) in flagged)
        {
            var worst = WorstFirst(flags.ByFigure[figure!.Value]).First();
            var (kind, value) = flags.Figures[figure.Value];
            var state = StateOf(marks.GetValueOrDefault(figure.Value), kind, value);
            quality[row.Province] = new FigureQualityDto(worst.Rule.ToCode(), worst.Severity.ToCode(), state.ToCode(), worst.Reason.ForReader());
            if (state == QualityState.Open && worst.Severity != QualitySeverity.Explained) open.Add(row.Province);
        }
        var rows = ranking.Rows.Select(r => quality.TryGetValue(r.Province, out var q) ? r with { Quality = q } : r).ToList();
        if (!exclude) return ranking with { Rows = rows };

        bool Left(RankingRowDto r) => r.Rank is not null && open.Contains(r.Province);
        var kept = rows.Where(r => r.Rank is not null && !Left(r)).ToList();
        var ranks = Leaderboard.Compete(kept.Select(r => (r.Province, r.Value!.Value)), ranking.Direction).ToDictionary(r => r.Key, r => r.Rank, StringComparer.Ordinal);
        var reranked = kept.Select(r => r with { Rank = ranks[r.Province], RankChange = r.PreviousRank - ranks[r.Province] })
            .OrderBy(r => r.Rank).ToList();
        var leftOut = rows.Where(Left).Select(r => r with
        {
            Rank = null, RankChange = null,
            Reason = Bilingual.T($"không xếp hạng: số liệu bị gắn cờ chất lượng chưa xem ({r.Quality!.Reason})",
                $"left out: the figure has an open quality flag ({r.Quality!.Reason})"),
        });
        return WithRows(ranking, Top([.. reranked, .. leftOut, .. rows.Where(r => r.Rank is null)], top), rows.Count(Left));
    }

    private static RankingDto WithRows(RankingDto ranking, IReadOnlyList<RankingRowDto> rows, int leftOut)
    {
        var ranked = rows.Count(r => r.Rank is not null);
        return ranking with { Rows = rows, Ranked = ranked, Unranked = rows.Count - ranked, LeftOut = leftOut };
    }

    /// <summary>
    /// The flags on a unit's reported yearly points (the actual, or the estimate where no actual exists), with their
    /// follow-up state; the marks are read only when a point is flagged.
    /// </summary>
    public async Task<SeriesDto> MarkSeriesAsync(SeriesDto series, CatalogView view, string territory)
    {
        var flags = await FlagsAsync(view, series.Indicator);
        bool Checked(SeriesPointDto p) =>
            p.Quarter is null && p.Origin == FigureOrigin.Reported && p.Withdrawn is null
            && flags.Figures.TryGetValue(new FigureRef(territory, series.Indicator, p.Year), out var f) && f.Kind == p.Kind;
        var flagged = series.Observations.Where(p => Checked(p) && flags.ByFigure[new FigureRef(territory, series.Indicator, p.Year)].Any()).ToHashSet();
        if (flagged.Count == 0) return series;
        var marks = (await grains.GetGrain<IQualityMarksGrain>(IQualityMarksGrain.Key).GetAsync(series.Indicator)).ToDictionary(m => m.Figure);
        return series with
        {
            Observations = [.. series.Observations.Select(p =>
            {
                if (!flagged.Contains(p)) return p;
                var figure = new FigureRef(territory, series.Indicator, p.Year);
                var state = StateOf(marks.GetValueOrDefault(figure), p.Kind, flags.Figures[figure].Value).ToCode();
                return p with
                {
                    Quality = [.. WorstFirst(flags.ByFigure[figure])
                        .Select(f => new FigureQualityDto(f.Rule.ToCode(), f.Severity.ToCode(), state, f.Reason.ForReader()))],
                };
            })],
        };
    }

    /// <summary>
    /// A figure's flags, the one shown for it first: most severe, then furthest past its threshold. A ranking row and a
    /// series point thus name the same flag, and a report marking the figure from either footnotes it once.
    /// </summary>
    private static IEnumerable<QualityFlag> WorstFirst(IEnumerable<QualityFlag> flags) =>
        flags.OrderByDescending(f => f.Severity).ThenByDescending(f => Math.Abs(f.Score) / Math.Max(f.Threshold, 1e-9)).ThenBy(f => f.Rule);

    /// <summary>A flag as pages, downloads, maps and reports word it (<see cref="FigureFlag"/>).</summary>
    public static FigureFlag Shown(FigureQualityDto q) => new(q.Rule, q.Severity, q.State, q.Reason);

    /// <summary>With a top, the ranked rows up to it and no unranked ones, as a ranking asked with top answers.</summary>
    private static IReadOnlyList<RankingRowDto> Top(IReadOnlyList<RankingRowDto> rows, int? top) =>
        top is { } t ? [.. rows.Where(r => r.Rank is { } rank && rank <= t)] : rows;

    /// <summary>
    /// The territory code figures of <paramref name="text"/> are stored under: a territory code as given ("vn34-68"), else
    /// the unit the code or name means, or the one territory both its readings share (Hà Nội, "01", in either geography).
    /// </summary>
    private static QueryProblem? TerritoryOf(CatalogView view, string text, int? year, Geography? geography, out string territory)
    {
        territory = "";
        if (view.Gazetteer.FindTerritory(text) is { } stored) { territory = stored.TerritoryCode; return null; }
        var resolution = view.Gazetteer.Resolve(text, year, geography);
        var territories = resolution.Readings.Select(u => u.TerritoryCode).Distinct(StringComparer.Ordinal).ToList();
        if (resolution.Unit is { } unit) territory = unit.TerritoryCode;
        else if (territories.Count == 1) territory = territories[0];
        else return QueryProblems.Unresolved(text, resolution);
        return null;
    }

    private static MarkedFlag Marked(QualityFlag f) =>
        new(f.Rule, f.Severity, f.Score, f.Threshold, f.ExpectedLow, f.ExpectedHigh, f.Reason.Vi, f.Reason.En);

    private static QueryProblem Required(string field) =>
        new(ProblemKind.Invalid, Bilingual.T($"{field} là bắt buộc.", $"{field} is required."));

    private static QueryProblem UnknownState(string text, IEnumerable<QualityState> allowed) =>
        new(ProblemKind.Invalid, Bilingual.T(
            $"Không có trạng thái '{InputLimits.Echo(text)}': dùng {string.Join(", ", allowed.Select(s => s.ToCode()))}.",
            $"Unknown state '{InputLimits.Echo(text)}': use {string.Join(", ", allowed.Select(s => s.ToCode()))}."));
}
