using System.CommandLine;
using System.Globalization;
using MusicEmotion.Cli.Commands.Library;
using MusicEmotion.Inference.Calibration;
using MusicEmotion.Inference.Models;
using MusicEmotion.Library.Feedback;
using MusicEmotion.Outputs.Files;

namespace MusicEmotion.Cli.Commands;

/// <summary>
/// <c>calibrate --profile NAME</c>: fits the listener's correction from the labels taken with the model in use and
/// writes it as a profile with its card. Only the labels' stored readings are used: no audio is read.
/// </summary>
internal static class CalibrateCommand
{
    public static Command Create()
    {
        var library = new LibraryOption();
        var profile = new Option<string>("--profile") { Description = "The profile's name (letters, digits, '-', '_')", Required = true };
        var model = new Option<string>("--model", "-m")
        {
            Description = "The emotion model the profile corrects (name or .onnx path)",
            DefaultValueFactory = _ => ModelCatalog.DefaultEmotionModel,
        };
        var force = new Option<bool>("--force") { Description = "Replace the profile if it exists" };
        var command = new Command("calibrate", "Fit a personal calibration profile from your feedback labels");
        command.Options.Add(profile);
        command.Options.Add(model);
        command.Options.Add(force);
        library.AddTo(command);
        command.SetAction(parse =>
        {
            string name = parse.GetValue(profile)!;
            string path = CalibrationProfile.PathOf(name);
            OutputFile.Check(path, "--profile", parse.GetValue(force), []);
            ModelEntry entry = ModelCatalog.Resolve(parse.GetValue(model)!);
            string sha = ModelCatalog.Sha256(entry.OnnxPath);
            List<CalibrationSample> samples;
            using (FeedbackStore feedback = FeedbackStore.Open(FeedbackCommand.SqliteOnly(library.Location(parse)).Value))
            {
                samples = feedback.List()
                    .Where(l => string.Equals(l.ModelSha256, sha, StringComparison.OrdinalIgnoreCase))
                    .Select(l => new CalibrationSample(l.Reading, l.Felt))
                    .ToList();
            }
            AffineFit fit = AffineCalibrator.Fit(samples);
            var card = new CalibrationProfile
            {
                Name = name,
                Model = entry.Name,
                ModelSha256 = sha,
                Labels = fit.Labels,
                Method = double.IsPositiveInfinity(fit.Lambda) ? "identity (no map beat the uncalibrated readings)" : "affine ridge toward identity",
                Lambda = fit.Lambda,
                CvRmseBefore = fit.CvRmseBefore,
                CvRmseAfter = fit.CvRmseAfter,
                Map = fit.Map,
            };
            card.Save(path);
            Console.Out.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{path}: {card.Method}, {fit.Labels} labels, {fit.Folds}-fold CV RMSE {fit.CvRmseBefore:0.000} -> {fit.CvRmseAfter:0.000} (lambda {fit.Lambda:0.###})"));
            return ExitCodes.Ok;
        });
        return command;
    }
}
