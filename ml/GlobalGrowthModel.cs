using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Trainers.FastTree;

namespace Analytics.Ml;

/// <summary>
/// The panel model behind <c>mlnet-global</c>: boosted tree ensembles trained by ML.NET FastTree
/// across every series of every province and indicator (the served model the mean of a few, each on part of the
/// indicators, folded into one ensemble), predicting the target year's value as a change, in units of the series' scale
/// (mean absolute yearly change), from the damped trend's forecast for that year (or from the last value: see
/// <see cref="GlobalModelOptions.LabelFromDampedTrend"/>), from scale-free
/// features (<see cref="GrowthFeatures"/>). After training the trees are copied out of ML.NET into
/// plain arrays: evaluation is then a few hundred comparisons, allocation-free and safe for any
/// number of concurrent callers (ML.NET's PredictionEngine is neither).
/// </summary>
internal sealed class GlobalGrowthModel(GlobalGrowthModel.Tree[] trees, double bias, int trainedRows, int cutoffYear, double robustScale,
    bool fromDampedTrend)
{
    private readonly Tree[] _trees = trees;

    /// <summary>The trees predict the change from the damped trend's forecast, not from the last value.</summary>
    internal bool FromDampedTrend => fromDampedTrend;

    internal IReadOnlyList<Tree> Trees => _trees;
    internal double Bias => bias;
    internal double RobustScale => robustScale;

    public int TrainedRows { get; } = trainedRows;

    /// <summary>No year after this one was seen in training.</summary>
    public int CutoffYear { get; } = cutoffYear;

    public int TreeCount => _trees.Length;

    /// <summary>Scale-free predicted change for a feature row.</summary>
    public double Predict(ReadOnlySpan<float> features) => RobustLabel.Back(RawScore(features), robustScale);

    /// <summary>The ensemble's output before undoing the label squeeze: what ML.NET calls the score.</summary>
    internal double RawScore(ReadOnlySpan<float> features)
    {
        var sum = bias;
        foreach (var tree in _trees) sum += tree.Evaluate(features);
        return sum;
    }

    /// <summary>
    /// Forecast path for steps 1..prepared.MaxStep: the trees' change in units of scale, added to the damped trend's
    /// forecast (or the last value); a series that never changed stays where it is.
    /// </summary>
    public double[] Path(PreparedSeries prepared)
    {
        var s = prepared.Series;
        var path = new double[prepared.MaxStep];
        if (s.Scale <= 0 || _trees.Length == 0) { Array.Fill(path, s.Last); return path; }
        Span<float> f = stackalloc float[GrowthFeatures.Count];
        for (var h = 1; h <= prepared.MaxStep; h++)
        {
            GrowthFeatures.Compute(prepared, h, f);
            path[h - 1] = s.Clamp(LabelBase(prepared, h, fromDampedTrend) + s.Scale * Predict(f));
        }
        return path;
    }

    /// <summary>What the label is counted from: the damped trend's forecast <paramref name="step"/> years on, or the last value.</summary>
    internal static double LabelBase(PreparedSeries prepared, int step, bool fromDampedTrend) =>
        fromDampedTrend ? prepared.StatisticalPath(StatisticalMethods.DampedIndex)[step - 1] : prepared.Series.Last;

    /// <summary>
    /// Trains on the rows whose target year is at most <paramref name="cutoffYear"/> (and whose origin
    /// is inside the training window before it): such a model has seen nothing after the cutoff. With more than one
    /// of <paramref name="bags"/>, the mean of that many ensembles, each on its own share of the indicators.
    /// </summary>
    public static GlobalGrowthModel Train(GlobalTrainingRows all, int cutoffYear, GlobalModelOptions options, int bags = 1)
    {
        var rows = all.Rows.Where(r => r.TargetYear <= cutoffYear && r.OriginYear >= cutoffYear - options.TrainingWindowYears).ToList();
        if (rows.Count < 200)
            return new GlobalGrowthModel([], 0, rows.Count, cutoffYear, options.RobustLabelScale, options.LabelFromDampedTrend);
        if (bags <= 1) return TrainOne(rows, cutoffYear, options);

        // Bagging: each copy learns from its own share of the indicators, and their scores are averaged, so a new table
        // is forecast by models that each left some indicators out. The mean of the ensembles' scores is itself one
        // ensemble (every leaf and the bias divided by the bag count).
        var trees = new List<Tree>();
        var bias = 0.0;
        for (var b = 0; b < bags; b++)
        {
            var bag = rows.Where(r => InBag(r.Group, b, options.BagIndicatorShare)).ToList();
            var one = TrainOne(bag.Count >= 200 ? bag : rows, cutoffYear, options);
            bias += one.Bias / bags;
            trees.AddRange(one._trees.Select(t => t.Scaled(1.0 / bags)));
        }
        return new GlobalGrowthModel([.. trees], bias, rows.Count, cutoffYear, options.RobustLabelScale, options.LabelFromDampedTrend);
    }

    /// <summary>A stable pseudo-random choice of the indicators in bag <paramref name="bag"/>, so training is reproducible.</summary>
    internal static bool InBag(string group, int bag, double share)
    {
        var hash = 2166136261u;
        foreach (var ch in group) hash = (hash ^ ch) * 16777619u;
        hash = (hash ^ (uint)(bag + 1)) * 16777619u;
        hash ^= hash >> 15;
        hash *= 2246822519u;
        hash ^= hash >> 13;
        return hash % 1000 < share * 1000;
    }

    private static GlobalGrowthModel TrainOne(List<GlobalTrainingRows.Row> rows, int cutoffYear, GlobalModelOptions options)
    {
        var ml = new MLContext(seed: options.Seed);
        var schema = SchemaDefinition.Create(typeof(GlobalTrainingRows.Row));
        schema[nameof(GlobalTrainingRows.Row.Features)].ColumnType = new VectorDataViewType(NumberDataViewType.Single, GrowthFeatures.Count);
        var data = ml.Data.LoadFromEnumerable(rows, schema);
        var trainer = ml.Regression.Trainers.FastTree(new FastTreeRegressionTrainer.Options
        {
            NumberOfTrees = options.Trees,
            NumberOfLeaves = options.Leaves,
            MinimumExampleCountPerLeaf = options.MinimumRowsPerLeaf,
            LearningRate = options.LearningRate,
            FeatureFraction = options.FeatureFraction,
            MaximumBinCountPerFeature = options.MaximumBins,
            NumberOfThreads = options.Threads,
            Seed = options.Seed,
            FeatureColumnName = nameof(GlobalTrainingRows.Row.Features),
            LabelColumnName = nameof(GlobalTrainingRows.Row.Label),
        });
        var transformer = trainer.Fit(data);
        var ensemble = transformer.Model.TrainedTreeEnsemble;
        var trees = new Tree[ensemble.Trees.Count];
        for (var i = 0; i < trees.Length; i++) trees[i] = Tree.From(ensemble.Trees[i], ensemble.TreeWeights[i]);
        var model = new GlobalGrowthModel(trees, ensemble.Bias, rows.Count, cutoffYear, options.RobustLabelScale, options.LabelFromDampedTrend);
        VerifyAgainstMlNet(ml, transformer, rows, model);
        return model;
    }

    /// <summary>
    /// The copied trees must score exactly as ML.NET does; checked on a sample of training rows after
    /// every training, so an ML.NET upgrade that changes the tree layout fails loudly, not silently.
    /// </summary>
    private static void VerifyAgainstMlNet(MLContext ml, ITransformer transformer, List<GlobalTrainingRows.Row> rows, GlobalGrowthModel model)
    {
        var sample = rows.Where((_, i) => i % Math.Max(1, rows.Count / 200) == 0).Take(200).ToList();
        var schema = SchemaDefinition.Create(typeof(GlobalTrainingRows.Row));
        schema[nameof(GlobalTrainingRows.Row.Features)].ColumnType = new VectorDataViewType(NumberDataViewType.Single, GrowthFeatures.Count);
        var scored = ml.Data.CreateEnumerable<ScoredRow>(transformer.Transform(ml.Data.LoadFromEnumerable(sample, schema)), reuseRowObject: false).ToList();
        for (var i = 0; i < sample.Count; i++)
        {
            var ours = model.RawScore(sample[i].Features);
            if (Math.Abs(ours - scored[i].Score) > 1e-3 * Math.Max(1, Math.Abs(ours)))
                throw new InvalidOperationException($"Copied trees score {ours} where ML.NET scores {scored[i].Score}: the tree layout changed.");
        }
    }

    private sealed class ScoredRow
    {
        public float Score { get; set; }
    }

    /// <summary>One regression tree in arrays: inner node i goes left when feature[i] &lt;= threshold[i]; negative child ~k is leaf k.</summary>
    internal sealed class Tree(int[] left, int[] right, int[] feature, float[] threshold, double[] leaves)
    {
        internal int[] Left => left;
        internal int[] Right => right;
        internal int[] Feature => feature;
        internal float[] Threshold => threshold;
        internal double[] Leaves => leaves;

        public static Tree From(RegressionTree tree, double weight)
        {
            for (var i = 0; i < tree.NumberOfNodes; i++)
                if (tree.CategoricalSplitFlags[i]) throw new NotSupportedException("Categorical splits are not expected.");
            var leaves = new double[tree.LeafValues.Count];
            for (var i = 0; i < leaves.Length; i++) leaves[i] = tree.LeafValues[i] * weight;
            return new Tree(tree.LeftChild.ToArray(), tree.RightChild.ToArray(),
                tree.NumericalSplitFeatureIndexes.ToArray(), tree.NumericalSplitThresholds.ToArray(), leaves);
        }

        /// <summary>The same tree with every leaf multiplied by <paramref name="factor"/>.</summary>
        public Tree Scaled(double factor) => new(left, right, feature, threshold, [.. leaves.Select(v => v * factor)]);

        public double Evaluate(ReadOnlySpan<float> x)
        {
            if (left.Length == 0) return leaves.Length > 0 ? leaves[0] : 0;
            var node = 0;
            while (node >= 0) node = x[feature[node]] <= threshold[node] ? left[node] : right[node];
            return leaves[~node];
        }
    }
}

/// <summary>
/// Labels are squeezed as k·asinh(x/k) before training: linear near zero, logarithmic for the rare
/// jumps of tens of scale units (a redefined indicator, a merged province) that would otherwise
/// dominate squared-error boosting. MASE, the score that matters, is an absolute error.
/// </summary>
internal static class RobustLabel
{
    public static double Forward(double x, double k) => k > 0 ? k * Math.Asinh(x / k) : x;
    public static double Back(double z, double k) => k > 0 ? k * Math.Sinh(Math.Clamp(z / k, -30, 30)) : z;
}

/// <summary>
/// Every (origin, later observed year) pair inside the histories as a training row, built once per
/// training and filtered by cutoff for each model, so the rolling-origin copies of the global model
/// share the feature work.
/// </summary>
internal sealed class GlobalTrainingRows
{
    private GlobalTrainingRows(List<Row> rows) => Rows = rows;

    public List<Row> Rows { get; }

    public static GlobalTrainingRows Build(IReadOnlyList<SeriesHistory> series, int cutoffYear, GlobalModelOptions options, GroupTrends groups)
    {
        var perSeries = new List<Row>[series.Count];
        Parallel.For(0, series.Count, new ParallelOptions { MaxDegreeOfParallelism = options.Threads }, i =>
        {
            var list = new List<Row>();
            var h = series[i];
            // An origin is an observed year with enough history; a label is a later observed year.
            for (var o = GlobalModelOptions.MinimumPoints - 1; o < h.Count - 1; o++)
            {
                var originYear = h.Years[o];
                if (originYear >= cutoffYear) break;
                if (originYear < cutoffYear - options.TrainingWindowYears) continue;
                var past = h.Through(originYear);
                // Some rows hide the indicator's trend, so the model also learns to forecast a series
                // whose indicator has too few provinces (or no data yet for its latest year).
                var group = Dropped(h.Id, originYear, options.GroupDropout) ? null : groups.For(past);
                var prepared = new PreparedSeries(past, options.MaxTrainingStep, group);
                var scale = prepared.Series.Scale;
                if (scale <= 0) continue;
                for (var t = o + 1; t < h.Count; t++)
                {
                    var step = h.Years[t] - originYear;
                    if (h.Years[t] > cutoffYear || step > options.MaxTrainingStep) break;
                    var features = new float[GrowthFeatures.Count];
                    GrowthFeatures.Compute(prepared, step, features);
                    var change = (h.Values[t] - GlobalGrowthModel.LabelBase(prepared, step, options.LabelFromDampedTrend)) / scale;
                    var clip = options.LabelClip + options.LabelClipPerStep * Math.Sqrt(step);
                    list.Add(new Row
                    {
                        Group = h.Group ?? h.Id,
                        OriginYear = originYear,
                        TargetYear = h.Years[t],
                        Features = features,
                        Label = (float)RobustLabel.Forward(Math.Clamp(change, -clip, clip), options.RobustLabelScale),
                    });
                }
            }
            perSeries[i] = list;
        });
        var rows = new List<Row>();
        foreach (var list in perSeries) rows.AddRange(list);
        return new GlobalTrainingRows(rows);
    }

    /// <summary>A stable pseudo-random choice per (series, origin), so training is reproducible.</summary>
    private static bool Dropped(string id, int originYear, double share)
    {
        if (share <= 0) return false;
        var hash = 2166136261u;
        foreach (var ch in id) hash = (hash ^ ch) * 16777619u;
        hash = (hash ^ (uint)originYear) * 16777619u;
        return hash % 1000 < share * 1000;
    }

    internal sealed class Row
    {
        [NoColumn] public string Group { get; set; } = "";
        [NoColumn] public int OriginYear { get; set; }
        [NoColumn] public int TargetYear { get; set; }
        public float[] Features { get; set; } = [];
        public float Label { get; set; }
    }
}

/// <summary>Settings of the global model; the defaults are the ones measured in docs/forecasting.md.</summary>
public sealed record GlobalModelOptions
{
    internal const int MinimumPoints = 4;

    public int Trees { get; init; } = 150;
    public int Leaves { get; init; } = 10;
    public int MinimumRowsPerLeaf { get; init; } = 50;
    public double LearningRate { get; init; } = 0.15;
    public double FeatureFraction { get; init; } = 0.9;
    public int Seed { get; init; } = 17;

    /// <summary>
    /// Ensembles averaged in the served model, each on its own share of the indicators (<see cref="BagIndicatorShare"/>);
    /// the rolling-origin copies stay single, so the combination and the intervals are chosen as before.
    /// </summary>
    public int ServedBags { get; init; } = 3;

    /// <summary>Share of the indicators each bag of the served model learns from.</summary>
    public double BagIndicatorShare { get; init; } = 0.7;

    /// <summary>
    /// Threads training may use. All cores for the back-test command; a silo leaves one core to the requests it
    /// keeps serving while it retrains.
    /// </summary>
    public int Threads { get; init; } = Environment.ProcessorCount;

    /// <summary>FastTree bins each feature into at most this many values before growing trees.</summary>
    public int MaximumBins { get; init; } = 255;

    /// <summary>Longest step trained on; longer forecasts reuse its features with the step itself still a feature.</summary>
    public int MaxTrainingStep { get; init; } = 6;

    /// <summary>Only origins this many years before a model's cutoff are used, to keep training fast and recent.</summary>
    public int TrainingWindowYears { get; init; } = 15;

    /// <summary>
    /// The label is the target year's value less the damped trend's forecast for it (in units of scale), so the trees learn
    /// a correction to a sensible forecast rather than the whole change from the last value: on tables the model never
    /// saw, 0.941 → 0.933 × naive (see the sixth round in docs/forecasting.md). False: the change from the last value.
    /// </summary>
    public bool LabelFromDampedTrend { get; init; } = true;

    /// <summary>Labels (changes in units of scale) are clipped to ± (LabelClip + LabelClipPerStep·√step).</summary>
    public double LabelClip { get; init; } = 4;
    public double LabelClipPerStep { get; init; } = 4;

    /// <summary>The k of the k·asinh(x/k) squeeze of labels (0: off).</summary>
    public double RobustLabelScale { get; init; } = 1;

    /// <summary>Give the model the indicator's median trend across provinces (needs <see cref="SeriesHistory.Group"/>).</summary>
    public bool UseGroupTrends { get; init; } = true;

    /// <summary>Share of training rows whose indicator trend is hidden (see <see cref="UseGroupTrends"/>).</summary>
    public double GroupDropout { get; init; } = 0.2;
}
