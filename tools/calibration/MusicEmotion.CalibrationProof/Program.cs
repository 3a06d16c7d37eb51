using System.Globalization;
using MusicEmotion.CalibrationProof;
using MusicEmotion.Inference;
using MusicEmotion.Inference.Calibration;
using MusicEmotion.Inference.Managed;
using MusicEmotion.Inference.Models;

// The simulated-listener proof of issue 15: readings from the shipped model through the product's session and
// managed engine, labels from a listener whose perception is the cue model's ground truth through a known bias,
// fits by the product's calibrators, errors on held-out tracks. tools/training/calibration_curve.sh runs it.
CultureInfo.DefaultThreadCurrentCulture = CultureInfo.InvariantCulture;
CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;
var options = ProofOptions.Parse(args);
if (options is null)
{
    Console.Error.WriteLine("usage: CalibrationProof --corpus DIR --model ONNX --train N --out DIR [--draws 64] [--labels 5,10,20,50] [--force]");
    return 2;
}
foreach (string report in new[] { "report.json", "report.md" }.Select(f => Path.Combine(options.Out, f)))
{
    if (File.Exists(report) && !options.Force)
    {
        Console.Error.WriteLine($"{report}: exists; pass --force to replace it");
        return 1;
    }
}

using LoadedModels models = LoadedModels.Load(new ModelRequest
{
    Model = options.Model,
    Forecaster = ModelRequest.LinearTrend,
    Engine = EngineOptions.Default with { Engine = EngineKind.Managed },
});
OutputHead modelHead = OutputHead.Of(LstmNetwork.Load(models.Model.OnnxPath))
    ?? throw new InvalidDataException($"{models.Model.OnnxPath}: the head is not one dense layer and tanh; the head refit cannot run");
List<TruthFrame> frames = await ProofCorpus.LoadAsync(options.Corpus, models);
TruthFrame[] train = frames.Where(f => f.Song <= options.Train).ToArray();
TruthFrame[] heldOut = frames.Where(f => f.Song > options.Train).ToArray();
Console.Error.WriteLine($"{train.Length} training frames, {heldOut.Length} held-out frames");

var results = new List<ProofResult>();
foreach (Listener listener in Listener.All)
{
    AffectPoint[] felt = heldOut.Select(f => listener.Perceive(f.Truth)).ToArray();
    Agreement uncalibrated = Agreement.Of(heldOut.Select(f => f.Frame.Reading).ToArray(), felt);
    foreach (Method method in Method.For(modelHead))
    {
        foreach (int labels in options.Labels.Where(l => l >= method.MinimumLabels))
        {
            var draws = new List<DrawResult>();
            for (int draw = 0; draw < options.Draws; draw++)
            {
                // The same moments for every listener and method at one (labels, draw): the comparison is paired.
                var random = new Random(1000 * labels + draw);
                var moments = train.OrderBy(_ => random.Next()).Take(labels)
                    .Select(f => (f, listener.Perceive(f.Truth))).ToList();
                Fitted fitted = method.Fit(moments);
                Agreement after = Agreement.Of(heldOut.Select(f => fitted.Correct(f.Frame)).ToArray(), felt);
                draws.Add(new DrawResult(after, fitted.KeptIdentity));
            }
            results.Add(new ProofResult(listener, method.Name, labels, uncalibrated, draws));
            Console.Error.WriteLine($"{listener.Name} {method.Name} {labels} labels: RMSE {uncalibrated.Rmse:0.000} -> {draws.Average(d => d.After.Rmse):0.000}");
        }
        // The ceiling: every training frame labelled, what the method can reach at best with this model's errors.
        Fitted all = method.Fit(train.Select(f => (f, listener.Perceive(f.Truth))).ToList());
        Agreement ceiling = Agreement.Of(heldOut.Select(f => all.Correct(f.Frame)).ToArray(), felt);
        results.Add(new ProofResult(listener, method.Name, train.Length, uncalibrated, [new DrawResult(ceiling, all.KeptIdentity)]));
        Console.Error.WriteLine($"{listener.Name} {method.Name} all {train.Length} training frames: RMSE {uncalibrated.Rmse:0.000} -> {ceiling.Rmse:0.000}");
    }
}
Directory.CreateDirectory(options.Out);
var setting = new ProofSetting(options, models, train.Length, heldOut.Length, frames.Select(f => f.Song).Distinct().Count());
ProofReport.WriteJson(Path.Combine(options.Out, "report.json"), setting, results);
ProofReport.WriteMarkdown(Path.Combine(options.Out, "report.md"), setting, results);
Console.Error.WriteLine($"{options.Out}: report.md, report.json");
return 0;
