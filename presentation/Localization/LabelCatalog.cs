using System.Collections.Frozen;
using Analytics.Domain;

namespace Analytics.Presentation.Localization;

/// <summary>Words of the pages and reports. Indicator and unit names are data and never come from here.</summary>
public enum Label
{
    Rank, Unit, Value, Change, RankChange, Target, TargetYear, Status, Year, Kind, Indicator, Source, Quote,
    Projection, Interval80, Interval95, Probability, Derived, DerivedNote, New, Unchanged, UpPlaces, DownPlaces,
    NoData, NotRanked, Legend, Forecast, OtherMethods, Trend, Region, Geography, Download, DataAsOf, Map,
    Attribution, Members, Successor, Revisions, Flagged,
}

/// <summary>The label words in one language; <see cref="For"/> gives the catalog of each.</summary>
public sealed class LabelCatalog
{
    private readonly FrozenDictionary<Label, string> _labels;
    private readonly FrozenDictionary<AttainmentStatus, string> _statuses;
    private readonly FrozenDictionary<ObservationKind, string> _kinds;

    private LabelCatalog(Language language, Dictionary<Label, string> labels,
        Dictionary<AttainmentStatus, string> statuses, Dictionary<ObservationKind, string> kinds)
    {
        Language = language;
        // Every key must have a word: a missing one is a bug found at start-up, not a blank cell in a report.
        foreach (var label in Enum.GetValues<Label>())
            if (!labels.ContainsKey(label)) throw new InvalidOperationException($"No {language} word for label {label}.");
        foreach (var status in Enum.GetValues<AttainmentStatus>())
            if (!statuses.ContainsKey(status)) throw new InvalidOperationException($"No {language} word for status {status}.");
        foreach (var kind in Enum.GetValues<ObservationKind>())
            if (!kinds.ContainsKey(kind)) throw new InvalidOperationException($"No {language} word for kind {kind}.");
        _labels = labels.ToFrozenDictionary();
        _statuses = statuses.ToFrozenDictionary();
        _kinds = kinds.ToFrozenDictionary();
    }

    public Language Language { get; }

    public string this[Label label] => _labels[label];

    public string Status(AttainmentStatus status) => _statuses[status];

    public string Kind(ObservationKind kind) => _kinds[kind];

    public static LabelCatalog For(Language language) => language == Language.En ? English : Vietnamese;

    public static LabelCatalog Vietnamese { get; } = new(Language.Vi,
        new()
        {
            [Label.Rank] = "Hạng", [Label.Unit] = "Đơn vị", [Label.Value] = "Giá trị", [Label.Change] = "Thay đổi",
            [Label.RankChange] = "Thay đổi hạng", [Label.Target] = "Mục tiêu", [Label.TargetYear] = "Năm mục tiêu",
            [Label.Status] = "Tình trạng", [Label.Year] = "Năm", [Label.Kind] = "Loại số liệu",
            [Label.Indicator] = "Chỉ tiêu", [Label.Source] = "Nguồn", [Label.Quote] = "Trích dẫn",
            [Label.Projection] = "Dự báo", [Label.Interval80] = "Khoảng 80%", [Label.Interval95] = "Khoảng 95%",
            [Label.Probability] = "Xác suất đạt mục tiêu", [Label.Derived] = "suy ra",
            [Label.DerivedNote] = "Giá trị suy ra từ số liệu của các tỉnh thành viên",
            [Label.New] = "mới", [Label.Unchanged] = "không đổi", [Label.UpPlaces] = "tăng {0} bậc",
            [Label.DownPlaces] = "giảm {0} bậc", [Label.NoData] = "Không có số liệu",
            [Label.NotRanked] = "Không xếp hạng", [Label.Legend] = "Chú giải", [Label.Forecast] = "Dự báo",
            [Label.OtherMethods] = "Phương pháp khác", [Label.Trend] = "Xu hướng", [Label.Region] = "Vùng",
            [Label.Geography] = "Địa giới", [Label.Download] = "Tải xuống", [Label.DataAsOf] = "Số liệu tính đến",
            [Label.Map] = "Bản đồ", [Label.Attribution] = "Nguồn bản đồ", [Label.Members] = "Tỉnh thành viên",
            [Label.Successor] = "Đơn vị kế thừa", [Label.Revisions] = "Điều chỉnh",
            [Label.Flagged] = "Số liệu bị gắn cờ chất lượng",
        },
        new()
        {
            [AttainmentStatus.Achieved] = "Đã đạt", [AttainmentStatus.OnTrack] = "Đúng tiến độ",
            [AttainmentStatus.AtRisk] = "Có nguy cơ", [AttainmentStatus.OffTrack] = "Chậm tiến độ",
            [AttainmentStatus.Regressing] = "Đi lùi", [AttainmentStatus.Unknown] = "Chưa xác định",
        },
        new()
        {
            [ObservationKind.Actual] = "Thực hiện", [ObservationKind.Estimate] = "Ước tính", [ObservationKind.Plan] = "Kế hoạch",
            [ObservationKind.Target] = "Mục tiêu", [ObservationKind.Baseline] = "Cơ sở",
        });

    public static LabelCatalog English { get; } = new(Language.En,
        new()
        {
            [Label.Rank] = "Rank", [Label.Unit] = "Unit", [Label.Value] = "Value", [Label.Change] = "Change",
            [Label.RankChange] = "Rank change", [Label.Target] = "Target", [Label.TargetYear] = "Target year",
            [Label.Status] = "Status", [Label.Year] = "Year", [Label.Kind] = "Kind", [Label.Indicator] = "Indicator",
            [Label.Source] = "Source", [Label.Quote] = "Quote", [Label.Projection] = "Projection",
            [Label.Interval80] = "80% interval", [Label.Interval95] = "95% interval",
            [Label.Probability] = "Probability of meeting the target", [Label.Derived] = "derived",
            [Label.DerivedNote] = "Value derived from the member provinces' figures",
            [Label.New] = "new", [Label.Unchanged] = "unchanged", [Label.UpPlaces] = "up {0} places",
            [Label.DownPlaces] = "down {0} places", [Label.NoData] = "No data", [Label.NotRanked] = "Not ranked",
            [Label.Legend] = "Legend", [Label.Forecast] = "Forecast", [Label.OtherMethods] = "Other methods",
            [Label.Trend] = "Trend", [Label.Region] = "Region", [Label.Geography] = "Geography",
            [Label.Download] = "Download", [Label.DataAsOf] = "Data as of", [Label.Map] = "Map",
            [Label.Attribution] = "Map data", [Label.Members] = "Member provinces", [Label.Successor] = "Successor",
            [Label.Revisions] = "Revisions", [Label.Flagged] = "Flagged by the quality checks",
        },
        new()
        {
            [AttainmentStatus.Achieved] = "Achieved", [AttainmentStatus.OnTrack] = "On track",
            [AttainmentStatus.AtRisk] = "At risk", [AttainmentStatus.OffTrack] = "Off track",
            [AttainmentStatus.Regressing] = "Regressing", [AttainmentStatus.Unknown] = "Unknown",
        },
        new()
        {
            [ObservationKind.Actual] = "Actual", [ObservationKind.Estimate] = "Estimate", [ObservationKind.Plan] = "Plan",
            [ObservationKind.Target] = "Target", [ObservationKind.Baseline] = "Baseline",
        });
}
