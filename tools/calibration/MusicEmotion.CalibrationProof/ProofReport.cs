using System.Text;
using System.Text.Json;
using MusicEmotion.Inference.Calibration;

namespace MusicEmotion.CalibrationProof;

/// <summary>Writes the curve as report.json (every draw) and report.md (the tables README quotes, and how they were made).</summary>
internal static class ProofReport
{
    /// <summary>Issue 15's goal: at 20 labels the biased listener's RMSE at least 40 % lower than uncalibrated.</summary>
    private const int GoalLabels = 20;
    private const double GoalReduction = 0.40;

    public static void WriteJson(string path, ProofSetting setting, IReadOnlyList<ProofResult> results)
    {
        using FileStream stream = File.Create(path);
        using var json = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true });
        json.WriteStartObject();
        json.WriteString("model", setting.Models.Model.Name);
        json.WriteString("model_sha256", setting.Models.ModelSha256);
        json.WriteString("engine", $"{setting.Models.Engine.Info.Engine} ({setting.Models.Engine.Info.Provider})");
        WriteCorpus(json, setting);
        json.WriteStartArray("results");
        foreach (ProofResult r in results)
        {
            json.WriteStartObject();
            json.WriteString("listener", r.Listener.Name);
            json.WriteString("bias", r.Listener.Bias);
            json.WriteString("method", r.Method);
            json.WriteNumber("labels", r.Labels);
            WriteAgreement(json, "uncalibrated", r.Uncalibrated);
            json.WriteNumber("mean_rmse", r.MeanRmse);
            json.WriteNumber("sd_rmse", r.SpreadRmse);
            json.WriteNumber("mean_ccc", r.MeanCcc);
            json.WriteNumber("sd_ccc", r.SpreadCcc);
            json.WriteNumber("rmse_reduction", r.Reduction);
            json.WriteNumber("identity_kept", r.IdentityKept);
            json.WriteStartArray("draws");
            foreach (DrawResult d in r.Draws)
            {
                json.WriteStartObject();
                WriteAgreement(json, "calibrated", d.After);
                json.WriteBoolean("kept_identity", d.KeptIdentity);
                json.WriteEndObject();
            }
            json.WriteEndArray();
            json.WriteEndObject();
        }
        json.WriteEndArray();
        json.WriteEndObject();
    }

    public static void WriteMarkdown(string path, ProofSetting setting, IReadOnlyList<ProofResult> results)
    {
        ProofOptions o = setting.Options;
        var md = new StringBuilder();
        md.AppendLine("# Personal calibration on a simulated listener");
        md.AppendLine();
        md.AppendLine("Made by `tools/training/calibration_curve.sh` (issue 15, item 3). Readings: the shipped model "
            + $"`{setting.Models.Model.Name}` (sha256 {setting.Models.ModelSha256[..12]}) run by the product's session "
            + $"(decoder, features) and its {setting.Models.Engine.Info.Engine} engine, frame by frame with state carried, "
            + $"over a fresh synthetic corpus ({Corpus(setting)}). Tracks 1-{o.Train} are the listener's training tracks "
            + $"({setting.TrainFrames} labelled frames to draw labels from), the other {setting.Tracks - o.Train} are held out "
            + $"({setting.HeldOutFrames} frames, every one scored). The listener feels the cue model's ground truth for each frame "
            + "(the annotation the corpus was made with) through a known bias; a label is one frame's felt point, no noise added, "
            + "so the model's own error against the ground truth is the only noise. "
            + $"Each label count is drawn {o.Draws} times at random (the same moments for every listener and method); each draw "
            + "is fitted by the product's calibrator and scored on every held-out frame. RMSE is over both axes; CCC is the mean "
            + "of the arousal and valence CCCs. Mean +- sample standard deviation over the draws; 'kept' counts draws where "
            + "the calibrator kept the uncalibrated readings.");
        md.AppendLine();
        foreach (IGrouping<string, ProofResult> listener in results.GroupBy(r => r.Listener.Name))
        {
            ProofResult first = listener.First();
            md.AppendLine($"## {first.Listener.Name} listener: {first.Listener.Bias}");
            md.AppendLine();
            md.AppendLine($"Uncalibrated: RMSE {first.Uncalibrated.Rmse:0.000}, CCC {first.Uncalibrated.Ccc:0.000} "
                + $"(arousal {first.Uncalibrated.CccArousal:0.000}, valence {first.Uncalibrated.CccValence:0.000}).");
            md.AppendLine();
            md.AppendLine("| method | labels | RMSE | change | worst draw | CCC | kept |");
            md.AppendLine("| --- | --- | --- | --- | --- | --- | --- |");
            foreach (ProofResult r in listener)
            {
                string labels = r.Labels == setting.TrainFrames ? $"all {r.Labels}" : $"{r.Labels}";
                md.AppendLine($"| {r.Method} | {labels} | {r.MeanRmse:0.000} +- {r.SpreadRmse:0.000} | {-r.Reduction:+0%;-0%;0%} | "
                    + $"{r.WorstRmse:0.000} | {r.MeanCcc:0.000} +- {r.SpreadCcc:0.000} | {r.IdentityKept}/{r.Draws.Count} |");
            }
            md.AppendLine();
        }
        md.AppendLine($"'all {setting.TrainFrames}' is the ceiling: the method fitted on every training frame (one fit, cross-validated "
            + "as always), what it can reach on the held-out tracks with this model's errors. A method has no row below the "
            + $"labels the product fits it from (the head refit {HeadRefitCalibrator.MinimumLabels}); below "
            + $"{AffineCalibrator.SlopesFromLabels} labels the affine map fits its offsets only.");
        md.AppendLine();
        md.AppendLine("## Goal");
        md.AppendLine();
        foreach (ProofResult r in results.Where(r => r.Listener != Listener.NoBias && r.Labels == GoalLabels))
        {
            ProofResult ceiling = results.Single(c => c.Listener == r.Listener && c.Method == r.Method && c.Labels == setting.TrainFrames);
            md.AppendLine($"- {r.Method}, {r.Listener.Name} listener, {GoalLabels} labels: RMSE {-r.Reduction:+0.0%;-0.0%} "
                + $"(goal: at least {GoalReduction:0%} lower): {(r.Reduction >= GoalReduction ? "met" : $"missed by {(GoalReduction - r.Reduction) * 100:0.0} points")}; "
                + $"its ceiling is {-ceiling.Reduction:+0.0%;-0.0%}.");
        }
        foreach (IGrouping<string, ProofResult> method in results.Where(r => r.Listener == Listener.NoBias && r.Labels != setting.TrainFrames).GroupBy(r => r.Method))
        {
            double uncalibrated = method.First().Uncalibrated.Rmse;
            double worst = method.Max(r => r.WorstRmse);
            string worse = string.Join(", ", method.Where(r => r.WorstRmse > uncalibrated + 5e-5)
                .Select(r => $"{r.Labels} labels: {r.Draws.Count(d => d.After.Rmse > uncalibrated + 5e-5)}/{r.Draws.Count} draws, mean {-r.Reduction:+0.0%;-0.0%}"));
            md.AppendLine($"- {method.Key}, no-bias listener: worst draw RMSE {worst:0.0000} against {uncalibrated:0.0000} uncalibrated: "
                + (worse.Length == 0 ? "never worse." : $"worse at {worse}."));
        }
        ProofResult? noBias = results.FirstOrDefault(r => r.Listener == Listener.NoBias);
        if (noBias is not null)
        {
            md.AppendLine();
            md.AppendLine($"Why it depends on the listener: the model's own error against the ground truth (the no-bias listener's "
                + $"uncalibrated RMSE, {noBias.Uncalibrated.Rmse:0.000}) stays whatever the correction, and a per-listener "
                + "correction of the readings can take away only the bias's share.");
            foreach (IGrouping<Listener, ProofResult> listener in results.Where(r => r.Listener != Listener.NoBias).GroupBy(r => r.Listener))
            {
                ProofResult best = listener.Where(r => r.Labels == setting.TrainFrames).MinBy(r => r.MeanRmse)!;
                md.AppendLine($"- {listener.Key.Name} listener: uncalibrated {listener.First().Uncalibrated.Rmse:0.000}; fitted on every "
                    + $"training frame the best method ({best.Method}) reaches {best.MeanRmse:0.000} ({-best.Reduction:+0%;-0%}).");
            }
            md.AppendLine();
            md.AppendLine("A 40 % reduction is within reach only where the bias is large beside the model's own error; where it is "
                + "not, no number of labels gets there with this model.");
        }
        File.WriteAllText(path, md.ToString());
    }

    private static string Corpus(ProofSetting setting)
    {
        using JsonDocument corpus = JsonDocument.Parse(File.ReadAllText(Path.Combine(setting.Options.Corpus, "corpus.json")));
        JsonElement root = corpus.RootElement;
        return $"{root.GetProperty("tracks").GetInt32()} tracks of {root.GetProperty("duration_seconds").GetDouble():0} s, "
            + $"seed {root.GetProperty("seed").GetInt32()}, labelled from 5 s on";
    }

    private static void WriteCorpus(Utf8JsonWriter json, ProofSetting setting)
    {
        json.WriteString("corpus", Corpus(setting));
        json.WriteNumber("train_tracks", setting.Options.Train);
        json.WriteNumber("held_out_tracks", setting.Tracks - setting.Options.Train);
        json.WriteNumber("train_frames", setting.TrainFrames);
        json.WriteNumber("held_out_frames", setting.HeldOutFrames);
        json.WriteNumber("draws", setting.Options.Draws);
    }

    private static void WriteAgreement(Utf8JsonWriter json, string name, Agreement a)
    {
        json.WriteStartObject(name);
        json.WriteNumber("rmse", a.Rmse);
        json.WriteNumber("ccc_arousal", a.CccArousal);
        json.WriteNumber("ccc_valence", a.CccValence);
        json.WriteEndObject();
    }
}
