using System.Globalization;
using Analytics.Presentation.Localization;
using Analytics.Presentation.Maps;
using Analytics.Domain.Geography;
using Analytics.Domain;

namespace Analytics.Presentation.Reports;

/// <summary>
/// The words of the planning reports beyond the shared label catalog (section titles, cover lines, the methodology
/// appendix), in Vietnamese and English. Sentences that carry numbers take them formatted by the caller's locale.
/// </summary>
public sealed class ReportText
{
    private readonly Language _language;

    private ReportText(Language language) => _language = language;

    public static ReportText For(Language language) => language == Language.En ? English : Vietnamese;

    private static readonly ReportText Vietnamese = new(Language.Vi);
    private static readonly ReportText English = new(Language.En);

    private string T(string vi, string en) => _language == Language.En ? en : vi;

    public string ProvinceReportTitle => T("Báo cáo thực hiện mục tiêu", "Target attainment report");
    public string IndicatorReportTitle => T("Báo cáo chỉ tiêu theo đơn vị", "Indicator report by unit");
    public string Scope => T("Phạm vi", "Scope");
    public string ModelVersion => T("Phiên bản mô hình", "Model version");
    public string ModelTrained => T("Mô hình huấn luyện lúc", "Model trained");
    public string Skill => T("Độ tin cậy đo được của mô hình", "Measured skill of the model");
    public string Generated => T("Lập lúc", "Generated");
    public string Summary => T("Tóm tắt tình trạng", "Summary of statuses");
    public string Count => T("Số chỉ tiêu", "Indicators");
    public string Units => T("Số đơn vị", "Units");
    public string IndicatorsWithTarget => T("Các chỉ tiêu có mục tiêu", "Indicators with a target");
    public string NoTargets(int year) => T($"Không có chỉ tiêu nào có mục tiêu cho năm {year}.", $"No indicator has a target for {year}.");
    public string LastFigure => T("Số liệu gần nhất", "Last figure");
    public string LastYear => T("Năm số liệu", "Year of figure");
    public string Low80 => T("Cận dưới 80%", "80% lower");
    public string High80 => T("Cận trên 80%", "80% upper");
    public string Low95 => T("Cận dưới 95%", "95% lower");
    public string High95 => T("Cận trên 95%", "95% upper");
    public string RequiredChange => T("Mức tăng cần/năm", "Yearly change needed");
    public string ObservedChange => T("Mức tăng thực tế/năm", "Yearly change observed");
    public string RequiredVersusObserved => T("Mức thay đổi cần / thực tế mỗi năm", "Yearly change needed / observed");
    public string SpreadOfMethods => T("Biên độ các phương pháp khác", "Spread of the other methods");
    public string SpreadLow => T("Phương pháp khác: thấp nhất", "Other methods: lowest");
    public string SpreadHigh => T("Phương pháp khác: cao nhất", "Other methods: highest");
    public string Method => T("Phương pháp", "Method");
    public string AccuracyForSeriesLikeThis => T("Kiểm định ngược với chuỗi tương tự", "Back-test on series like this");

    /// <summary>"2 figures, 5 years ahead: 0.9× naive's error, 80% interval held 83%": the method's record for such series.</summary>
    public string Accuracy(ProjectionAccuracy a, ReaderLocale locale) => T(
        $"{a.Length} số liệu, trước {a.Horizon} năm: sai số {locale.Number(a.RelativeError, 2)}× cách giữ nguyên; khoảng 80% đúng {locale.PercentOfFraction(a.Coverage80, 0)}",
        $"{a.Length} figures, {(a.Horizon == 1 ? "1 year" : $"{a.Horizon} years")} ahead: {locale.Number(a.RelativeError, 2)}× naive's error; 80% interval held {locale.PercentOfFraction(a.Coverage80, 0)}");
    public string Reason => T("Lý do", "Reason");
    public string Ranks => T("Thứ hạng trong cả nước", "Rank among all units");
    public string RankedUnits => T("Số đơn vị được xếp hạng", "Units ranked");
    public string RankOf(string rank, int of) => T($"{rank}/{of}", $"{rank} of {of}");
    public string Charts => T("Biểu đồ dự báo", "Forecast charts");
    public string MergedUnit => T("Đơn vị hợp nhất", "Merged unit");
    public string MergedSince(string date) => T($"Hình thành từ {date} do hợp nhất các tỉnh:", $"Formed on {date} from the provinces:");
    public string HowCarried => T("Cách tính số liệu", "How figures were carried");
    public string CarriedFigures => T("Số liệu suy ra", "Derived figures");
    public string Notes => T("Ghi chú", "Notes");
    public string Sources => T("Nguồn số liệu và trích dẫn", "Sources and quotes");
    public string TrackRecord => T("Kết quả các dự báo trước đây", "Track record of earlier forecasts");
    public string TrackRecordIntro => T(
        "Với các năm mục tiêu đã qua và đã có số liệu thực hiện: đạt hay không đạt, và các dự báo đưa ra trước khi có số liệu sai lệch bao nhiêu.",
        "For target years that have passed with their actuals in: achieved or missed, and how far the forecasts made before the actual was known were from it.");
    public string NoTrackRecord => T("Chưa có năm mục tiêu nào đã qua có cả dự báo trước đó và số liệu thực hiện.",
        "No target year has passed with both an earlier forecast and its actual yet.");
    public string Actual => T("Thực hiện", "Actual");
    public string ActualArrived => T("Số liệu thực hiện có lúc", "Actual received");
    public string Outcome => T("Kết quả", "Outcome");
    public string Achieved => T("Đạt", "Achieved");
    public string Missed => T("Không đạt", "Missed");
    public string Issued => T("Dự báo lập lúc", "Forecast issued");
    public string Forecast => T("Dự báo", "Forecast");
    public string Error => T("Sai số (dự báo − thực hiện)", "Error (forecast − actual)");
    public string Ranking => T("Bảng xếp hạng", "Ranking");
    public string RankingYear(int year) => T($"Xếp hạng theo số liệu năm {year}", $"Ranked on the figures of {year}");
    public string ProjectionsByProbability => T("Dự báo của các đơn vị, theo xác suất đạt mục tiêu", "Every unit's projection, by probability of meeting the target");
    public string Methodology => T("Phụ lục: phương pháp", "Appendix: methodology");
    public string Field => T("Mục", "Item");
    public string Text => T("Nội dung", "Text");
    public string Code => T("Mã", "Code");
    public string None => T("không có", "none");
    public string Cover => T("Tổng quan", "Overview");

    /// <summary>"Tỉnh/thành phố (63 đơn vị, đến 30/6/2025)" or "34 units (from 1 July 2025)".</summary>
    public string GeographyName(Geography geography) => geography == Geography.Vn63
        ? T("63 tỉnh, thành phố (đến 30/6/2025)", "63 provinces (until 30 June 2025)")
        : T("34 tỉnh, thành phố (từ 01/7/2025)", "34 units (from 1 July 2025)");

    public string ScopeLine(string unit, string geography, int year) =>
        T($"{unit} · {geography} · mục tiêu năm {year}", $"{unit} · {geography} · targets for {year}");

    public string SkillLine(ReaderLocale locale, ModelSkill skill) => T(
        $"Kiểm định lùi với gốc thời gian trượt trên {locale.Number(skill.Series)} chuỗi {skill.Dataset}{(skill.LeaveTablesOut ? ", mỗi bảng được dự báo bởi mô hình không học từ bảng đó" : "")}, gốc năm {skill.Origin}, tầm {skill.Horizons} năm, {locale.Number(skill.Points)} điểm: {(skill.RelMae is { } r1 ? $"sai số bằng {locale.Number(r1, 3)} lần phương pháp giữ nguyên giá trị cuối (trung bình nhân), " : "")}MASE bằng {locale.Number(skill.MaseVsNaive, 3)} lần; khoảng 80% chứa giá trị thực {locale.PercentOfFraction(skill.Coverage80)} số lần, khoảng 95% chứa {locale.PercentOfFraction(skill.Coverage95)}.",
        $"Rolling-origin back-test on {locale.Number(skill.Series)} {skill.Dataset} series{(skill.LeaveTablesOut ? ", each table forecast by a model not fitted on it" : "")}, origin {skill.Origin}, horizons {skill.Horizons} years, {locale.Number(skill.Points)} points: {(skill.RelMae is { } r2 ? $"error {locale.Number(r2, 3)} × the naive method's (geometric mean), " : "")}MASE {locale.Number(skill.MaseVsNaive, 3)} × naive's; the 80% interval held the actual {locale.PercentOfFraction(skill.Coverage80)} of the time, the 95% interval {locale.PercentOfFraction(skill.Coverage95)}.");

    public string DerivedFootnote => T(
        "Số liệu đánh dấu “suy ra” không do đơn vị công bố mà được tính từ số liệu của các tỉnh thành viên theo quy tắc tổng hợp của chỉ tiêu.",
        "Figures marked “derived” were not published for the unit; they are computed from the member provinces' figures by the indicator's aggregation rule.");

    /// <summary>The methodology appendix as paragraphs; thresholds and coverage come from the model, formatted here.</summary>
    public IReadOnlyList<(string Heading, string Body)> MethodologyParagraphs(Methodology m, ReaderLocale locale)
    {
        var onTrack = locale.Number(m.OnTrackProbability, 1);
        var atRisk = locale.Number(m.AtRiskProbability, 1);
        var tolerance = locale.Number(m.RegressionTolerance, 1);
        var years = m.PaceWindowYears.ToString(CultureInfo.InvariantCulture);
        var labels = locale.Labels;
        var list = new List<(string, string)>
        {
            (T("Cách xác định tình trạng", "How each status is decided"), T(
                $"Xét theo thứ tự: “{labels.Status(AttainmentStatus.Achieved)}” khi số liệu thực hiện gần nhất đã đạt mục tiêu (≥, hoặc ≤ với chỉ tiêu càng thấp càng tốt); " +
                $"“{labels.Status(AttainmentStatus.Regressing)}” khi chưa đạt và tốc độ thay đổi quan sát trong {years} năm gần nhất đi xa mục tiêu hơn {tolerance} lần mức thay đổi bình quân hằng năm của chuỗi; " +
                $"“{labels.Status(AttainmentStatus.OnTrack)}” khi xác suất đạt mục tiêu ≥ {onTrack}; “{labels.Status(AttainmentStatus.AtRisk)}” khi {atRisk} ≤ xác suất < {onTrack}; " +
                $"“{labels.Status(AttainmentStatus.OffTrack)}” khi xác suất < {atRisk}. Năm mục tiêu đã qua được đánh giá bằng số liệu thực hiện của năm đó (đạt hoặc chậm tiến độ). " +
                $"“{labels.Status(AttainmentStatus.Unknown)}” khi chuỗi không có số liệu để đánh giá.",
                $"In this order: “{labels.Status(AttainmentStatus.Achieved)}” when the latest actual already meets the target (≥, or ≤ when lower is better); " +
                $"“{labels.Status(AttainmentStatus.Regressing)}” when it is not met and the pace observed over the last {years} years moves away from the target by more than {tolerance} × the series' mean yearly change; " +
                $"“{labels.Status(AttainmentStatus.OnTrack)}” when the probability of meeting the target is ≥ {onTrack}; “{labels.Status(AttainmentStatus.AtRisk)}” when {atRisk} ≤ probability < {onTrack}; " +
                $"“{labels.Status(AttainmentStatus.OffTrack)}” when it is < {atRisk}. A target year at or before the last actual is judged on that year's actual (achieved or off track). " +
                $"“{labels.Status(AttainmentStatus.Unknown)}” when the series has no figures to judge from.")),
            (T("Khoảng dự báo và hiệu chỉnh", "Intervals and their calibration"), T(
                "Khoảng 80% và 95% được hiệu chỉnh theo kiểu conformal: với mỗi gốc thời gian trong 8 năm trước mốc huấn luyện, mọi phương pháp dự báo từ số liệu đến gốc đó và được chấm điểm trên các năm sau; " +
                "sai số được chia cho độ biến động gần đây của chuỗi, và khoảng là giá trị dự báo cộng độ biến động nhân các phân vị sai số (10/90% và 2,5/97,5%), giới hạn trong miền giá trị của chỉ tiêu. " +
                "Xác suất đạt mục tiêu được đọc từ chính phân phối dự báo đã hiệu chỉnh này.",
                "The 80% and 95% intervals are calibrated conformally: from each origin in the 8 years before the training cutoff, every method forecasts from the data up to that origin and is scored on the later years; " +
                "errors are divided by the series' recent volatility, and the interval is the point plus that volatility times the error quantiles (10/90% and 2.5/97.5%), clamped to the indicator's bounds. " +
                "The probability of meeting a target is read off the same calibrated predictive distribution.")),
        };
        if (m.Skill is { } s)
        {
            list.Add((T("Độ phủ đo trên các năm giữ lại", "Coverage measured on held-out years"), SkillLine(locale, s) + " " + T(
                $"Mô hình trong kiểm định chỉ thấy số liệu đến năm {s.Origin}; các năm sau đó được giữ lại để chấm điểm.",
                $"The model in the back-test saw nothing after {s.Origin}; the later years were held out for scoring.")));
        }
        if (m.TrainingLeftOut is { } leftOut)
            list.Add((T("Số liệu bị gắn cờ chất lượng", "Figures flagged by the quality rules"), leftOut));
        list.Add((T("Số liệu suy ra của đơn vị hợp nhất", "What “derived” means for merged units"), T(
            "Từ 01/7/2025, 63 tỉnh, thành phố được sắp xếp thành 34 đơn vị. Số liệu được lưu đúng như công bố. Với một năm trước khi hợp nhất, giá trị của đơn vị mới được suy ra " +
            "từ số liệu của các tỉnh thành viên theo quy tắc của chỉ tiêu và được đánh dấu “suy ra” kèm phương pháp: cộng cho số đếm — thiếu số liệu của một tỉnh thành viên thì không có giá trị " +
            "và báo tên tỉnh thiếu; trung bình có trọng số dân số cho tỷ lệ, trọng số là dân số cùng năm, nếu thiếu thì lấy năm gần nhất và ghi rõ năm; " +
            "trung bình không trọng số cho điểm chỉ số tổng hợp như cách đơn vị công bố DTI tính lại kết quả cho 34 đơn vị; thứ hạng không được chuyển. " +
            "Số liệu công bố cho chính đơn vị mới luôn được dùng thay cho số liệu suy ra. Chỉ tiêu kế hoạch được chuyển theo cùng quy tắc; dự báo của đơn vị mới dựa trên chuỗi đã chuyển.",
            "From 1 July 2025 the 63 provinces were reorganised into 34 units. Figures are stored as they were published. For a year before the merger a new unit's value is derived from " +
            "its member provinces' figures by the indicator's rule and marked “derived” with the method: sum for counts — if a member lacks the figure the unit has no value and the missing member is named; " +
            "population-weighted mean for rates and shares, weighted by the members' population of that year, or of the nearest year when that year's is missing (the year used is stated); " +
            "unweighted mean for composite index scores, as the DTI publisher regrouped its results into the 34 units; ranks are not carried. " +
            "A figure reported for the new unit itself always wins over a derived one. Targets are carried by the same rules; a merged unit's forecast runs on its carried history.")));
        return list;
    }
}
