using Fathom.Reading.Extraction.Blocks;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Trainers.FastTree;

namespace Fathom.Training;

/// <summary>One training example: a feature vector, its label and its weight.</summary>
internal sealed class Example
{
    public bool Label { get; set; }

    public float Weight { get; set; }

    public float[] Features { get; set; } = [];
}

/// <summary>Trains ML.NET FastTree binary classifiers and turns them into the engine's <see cref="TreeEnsemble"/> text form.</summary>
internal sealed class FastTreeModels(int trees, int leaves, int minLeaf, double learningRate, double featureFraction = 1, double baggingFraction = 1)
{
    private readonly MLContext ml = new(seed: 1);

    /// <summary>Trains on <paramref name="examples"/> and returns the ensemble's text form under <paramref name="label"/>.</summary>
    public string Train(IReadOnlyList<Example> examples, int width, string label, float threshold = 0)
    {
        var schema = SchemaDefinition.Create(typeof(Example));
        schema[nameof(Example.Features)].ColumnType = new VectorDataViewType(NumberDataViewType.Single, width);
        var data = ml.Data.LoadFromEnumerable(examples, schema);
        var trainer = ml.BinaryClassification.Trainers.FastTree(new FastTreeBinaryTrainer.Options
        {
            LabelColumnName = nameof(Example.Label),
            FeatureColumnName = nameof(Example.Features),
            ExampleWeightColumnName = nameof(Example.Weight),
            NumberOfTrees = trees,
            NumberOfLeaves = leaves,
            MinimumExampleCountPerLeaf = minLeaf,
            LearningRate = learningRate,
            FeatureFraction = featureFraction,

            // Stochastic boosting: each tree learns from a fresh sample of the examples (1: every example, no bagging).
            BaggingSize = baggingFraction < 1 ? 1 : 0,
            BaggingExampleFraction = baggingFraction,
            NumberOfThreads = 2,
        });
        var model = trainer.Fit(data);
        var ensemble = model.Model.SubModel.TrainedTreeEnsemble;
        var list = new List<(int[], float[], int[], int[], float[], float)>();
        for (var t = 0; t < ensemble.Trees.Count; t++)
        {
            var tree = ensemble.Trees[t];
            if (tree.CategoricalSplitFlags.Any(c => c))
            {
                throw new InvalidOperationException("A tree split on a categorical feature; the engine evaluates numerical splits only.");
            }

            list.Add((tree.NumericalSplitFeatureIndexes.ToArray(), tree.NumericalSplitThresholds.ToArray(), tree.LeftChild.ToArray(), tree.RightChild.ToArray(), tree.LeafValues.Select(v => (float)v).ToArray(), (float)ensemble.TreeWeights[t]));
        }

        if (ensemble.Bias != 0)
        {
            list.Add(([], [], [], [], [(float)ensemble.Bias], 1f));
        }

        var text = new StringWriter();
        TreeEnsemble.WriteAll(text, [(label, threshold, list)]);
        Check(model, data, text.ToString());
        return text.ToString();
    }

    /// <summary>The engine's evaluation must give ML.NET's own scores: checked on the first examples.</summary>
    private static void Check(ITransformer model, IDataView data, string text)
    {
        var ensemble = TreeEnsemble.ReadAll(new StringReader(text)).Single();
        var scored = model.Transform(data);
        var scores = scored.GetColumn<float>("Score").Take(2000).ToArray();
        var features = scored.GetColumn<float[]>(nameof(Example.Features)).Take(2000).ToArray();
        for (var i = 0; i < scores.Length; i++)
        {
            var mine = ensemble.Score(features[i]);
            if (Math.Abs(mine - scores[i]) > 1e-3 * Math.Max(1, Math.Abs(scores[i])))
            {
                throw new InvalidOperationException($"The exported trees score {mine} where ML.NET scores {scores[i]} (example {i}).");
            }
        }
    }
}
