using System.Text.Json;
using System.Text.RegularExpressions;

namespace Analytics.Monitoring.Tests.Support;

/// <summary>
/// The parts of a Grafana dashboard JSON the tests need: rows, panels with their Prometheus queries, and template
/// variables, with Grafana's substitution of <c>$var</c>, <c>${var}</c> and <c>${var:format}</c> in queries.
/// </summary>
public sealed partial class GrafanaDashboard
{
    private GrafanaDashboard(JsonElement root, IReadOnlyList<Panel> panels, IReadOnlyList<Variable> variables)
    {
        Root = root;
        Panels = panels;
        Variables = variables;
    }

    public JsonElement Root { get; }

    /// <summary>Every panel but rows, in order, each with the title of the row it sits under.</summary>
    public IReadOnlyList<Panel> Panels { get; }

    public IReadOnlyList<Variable> Variables { get; }

    public IEnumerable<string> RowTitles => Root.GetProperty("panels").EnumerateArray()
        .Where(p => p.GetProperty("type").GetString() == "row")
        .Select(p => p.GetProperty("title").GetString() ?? "");

    public sealed record Panel(int Id, string Title, string Type, string Row, IReadOnlyList<Query> Queries, JsonElement Json);

    public sealed record Query(string RefId, string Expr, bool Instant);

    /// <summary>A template variable: for query variables, <see cref="Query"/> is the label_values(...) text.</summary>
    public sealed record Variable(string Name, string Type, string? Query, bool IncludeAll, string? AllValue, IReadOnlyList<string> Current);

    public static GrafanaDashboard Load(string path)
    {
        var root = JsonDocument.Parse(File.ReadAllText(path)).RootElement.Clone();
        var panels = new List<Panel>();
        var row = "";
        foreach (var panel in root.GetProperty("panels").EnumerateArray())
        {
            if (Str(panel, "type") == "row")
            {
                row = Str(panel, "title") ?? "";
                // A collapsed row keeps its panels inside it.
                if (panel.TryGetProperty("panels", out var inner))
                    foreach (var p in inner.EnumerateArray()) panels.Add(ReadPanel(p, row));
                continue;
            }
            panels.Add(ReadPanel(panel, row));
        }

        var variables = new List<Variable>();
        if (root.TryGetProperty("templating", out var templating) && templating.TryGetProperty("list", out var list))
        {
            foreach (var v in list.EnumerateArray())
            {
                var query = v.TryGetProperty("query", out var q)
                    ? q.ValueKind == JsonValueKind.Object ? Str(q, "query") : q.ValueKind == JsonValueKind.String ? q.GetString() : null
                    : null;
                var current = new List<string>();
                if (v.TryGetProperty("current", out var c) && c.TryGetProperty("value", out var value))
                {
                    if (value.ValueKind == JsonValueKind.Array) current.AddRange(value.EnumerateArray().Select(x => x.GetString() ?? ""));
                    else if (value.ValueKind == JsonValueKind.String) current.Add(value.GetString() ?? "");
                }
                variables.Add(new Variable(
                    Str(v, "name") ?? "", Str(v, "type") ?? "", query,
                    v.TryGetProperty("includeAll", out var all) && all.ValueKind == JsonValueKind.True,
                    Str(v, "allValue"), current));
            }
        }
        return new GrafanaDashboard(root, panels, variables);
    }

    private static Panel ReadPanel(JsonElement panel, string row)
    {
        var queries = new List<Query>();
        if (panel.TryGetProperty("targets", out var targets))
        {
            foreach (var t in targets.EnumerateArray())
            {
                if (t.TryGetProperty("hide", out var hide) && hide.ValueKind == JsonValueKind.True) continue;
                var expr = Str(t, "expr");
                if (string.IsNullOrWhiteSpace(expr)) continue;
                queries.Add(new Query(Str(t, "refId") ?? "?", expr,
                    t.TryGetProperty("instant", out var instant) && instant.ValueKind == JsonValueKind.True));
            }
        }
        return new Panel(panel.TryGetProperty("id", out var id) ? id.GetInt32() : 0,
            Str(panel, "title") ?? "(untitled)", Str(panel, "type") ?? "", row, queries, panel.Clone());
    }

    private static string? Str(JsonElement e, string name) =>
        e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;

    /// <summary>label_values(label) or label_values(selector, label).</summary>
    public static (string? Selector, string Label)? ParseLabelValues(string? query)
    {
        if (query is null) return null;
        var m = LabelValues().Match(query.Trim());
        if (!m.Success) return null;
        return (m.Groups["selector"].Success ? m.Groups["selector"].Value.Trim() : null, m.Groups["label"].Value);
    }

    [GeneratedRegex(@"^label_values\(\s*(?:(?<selector>.+),\s*)?(?<label>[a-zA-Z_][a-zA-Z0-9_]*)\s*\)$")]
    private static partial Regex LabelValues();

    /// <summary>
    /// What Grafana sends for a variable: the single value, or for several values or "All" the regex
    /// alternation (or the variable's allValue when "All" is selected and it has one).
    /// </summary>
    public static string ValueFor(Variable variable, IReadOnlyList<string> options)
    {
        var selected = variable.Current.Where(v => v is not ("" or "$__all")).ToList();
        var all = variable.Current.Contains("$__all") || selected.Count == 0 && variable.IncludeAll;
        if (all && variable.IncludeAll)
            return variable.AllValue ?? Alternation(options);
        var chosen = selected.Where(options.Contains).ToList();
        if (chosen.Count == 0) chosen = options.Take(1).ToList();
        return chosen.Count == 1 ? chosen[0] : Alternation(chosen);
    }

    private static string Alternation(IEnumerable<string> values) => "(" + string.Join("|", values.Select(Regex.Escape)) + ")";

    /// <summary>Replaces $name, ${name} and ${name:format} of the given variables; names are matched whole.</summary>
    public static string Substitute(string expr, IReadOnlyDictionary<string, string> values) =>
        VariableReference().Replace(expr, m =>
        {
            var name = m.Groups["braced"].Success ? m.Groups["braced"].Value : m.Groups["plain"].Value;
            return values.TryGetValue(name, out var value) ? value : m.Value;
        });

    /// <summary>Variable references left in an expression after substitution.</summary>
    public static IEnumerable<string> Unresolved(string expr) => VariableReference().Matches(expr).Select(m => m.Value);

    [GeneratedRegex(@"\$\{(?<braced>[A-Za-z_][A-Za-z0-9_]*)(?::[A-Za-z]+)?\}|\$(?<plain>[A-Za-z_][A-Za-z0-9_]*)")]
    private static partial Regex VariableReference();
}
