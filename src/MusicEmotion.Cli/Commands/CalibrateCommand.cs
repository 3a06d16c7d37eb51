using System.CommandLine;
using System.Globalization;
using MusicEmotion.Cli.Commands.Library;
using MusicEmotion.Inference.Calibration;
using MusicEmotion.Inference.Managed;
using MusicEmotion.Inference.Onnx;
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
            using (FeedbackStore feedback = FeedbackStore.Open(library.Location(parse)))
            {
                samples = feedback.List()
                    .Where(l => string.Equals(l.ModelSha256, sha, StringComparison.OrdinalIgnoreCase))
                    .Select(l => new CalibrationSample(l.Reading, l.Felt, l.Hidden, l.ContentHash))
                    .ToList();
            }
            CalibrationChoice fit = CalibrationChoice.Fit(samples, HeadOf(entry));
            var card = new CalibrationProfile
            {
                Name = name,
                Model = entry.Name,
                ModelSha256 = sha,
                Labels = fit.Affine.Labels,
                Method = fit.Method switch
                {
                    CalibrationMethod.Affine when fit.Affine.Slopes => "affine ridge toward identity",
                    CalibrationMethod.Affine => $"offsets only, ridge toward zero (slopes need {AffineCalibrator.SlopesFromLabels} labels)",
                    CalibrationMethod.HeadRefit => "head refit, ridge toward the model's head",
                    _ => "identity (no fit beat the uncalibrated readings)",
                },
                Lambda = fit.Lambda,
                CvRmseBefore = fit.CvRmseBefore,
                CvRmseAfter = fit.CvRmseAfter,
                Map = fit.Method == CalibrationMethod.Affine ? fit.Affine.Map : AffineCalibration.Identity,
                Head = fit.Method == CalibrationMethod.HeadRefit ? fit.HeadRefit!.Head : null,
                AffineCvRmse = fit.Affine.CvRmseAfter,
                HeadRefitCvRmse = fit.HeadRefit?.CvRmseAfter,
                HeadRefitLabels = fit.HeadRefit?.Labels,
                HeadRefitNote = fit.HeadRefitSkipped,
            };
            card.Save(path);
            string head = fit.HeadRefit is { } h ? string.Create(CultureInfo.InvariantCulture, $"{h.CvRmseAfter:0.000}") : $"not tried: {fit.HeadRefitSkipped}";
            Console.Out.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{path}: {card.Method}, {card.Labels} labels, {fit.Affine.Folds}-fold CV RMSE {fit.CvRmseBefore:0.000} -> {fit.CvRmseAfter:0.000} (affine {fit.Affine.CvRmseAfter:0.000}, head refit {head}; lambda {fit.Lambda:0.###})"));
            return ExitCodes.Ok;
        });
        return command;
    }

    /// <summary>The model's output head for the refit, or null when the managed engine cannot lower the model or its head is not dense + tanh.</summary>
    private static OutputHead? HeadOf(ModelEntry entry)
    {
        try
        {
            return OutputHead.Of(LstmNetwork.Load(entry.OnnxPath));
        }
        catch (OnnxModelException)
        {
            return null;
        }
    }
}
