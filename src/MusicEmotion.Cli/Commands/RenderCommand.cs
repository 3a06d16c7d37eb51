using System.CommandLine;
using MusicEmotion.Audio;
using MusicEmotion.Inference.Models;
using MusicEmotion.Outputs.Files;
using MusicEmotion.Pipeline;
using MusicEmotion.Pipeline.Sources;
using MusicEmotion.Visualiser.Feed;
using MusicEmotion.Visualiser.Offscreen;

namespace MusicEmotion.Cli.Commands;

/// <summary>
/// <c>musicemotion render --input FILE --out PNG</c>: analyses a file and draws its whole track on the circumplex,
/// offscreen (EGL on Mesa's surfaceless platform, so no display is needed), with the same renderer and shaders
/// as the live window: for reports, READMEs, and checking a set before playing it.
/// </summary>
internal static class RenderCommand
{
    public static Command Create()
    {
        var input = new Option<string>("--input", "-i") { Description = "Audio file to analyse", Required = true };
        var output = new Option<string>("--out", "-o") { Description = "PNG file to write", Required = true };
        var width = new Option<int>("--width") { Description = "Image width in pixels", DefaultValueFactory = _ => 1920 };
        var height = new Option<int>("--height") { Description = "Image height in pixels", DefaultValueFactory = _ => 1080 };
        var force = new Option<bool>("--force") { Description = "Replace the PNG if it exists" };
        var title = new Option<string?>("--title") { Description = "Title drawn on the image (default: the file name)" };
        var verbose = new Option<bool>("--verbose") { Description = "Stack traces on errors" };
        var inference = new InferenceOptions();
        var view = new ViewWindowOptions();

        var command = new Command("render", "Draw a file's whole track on the circumplex into a PNG, with no display");
        command.Options.Add(input);
        command.Options.Add(output);
        command.Options.Add(force);
        command.Options.Add(width);
        command.Options.Add(height);
        command.Options.Add(title);
        inference.AddTo(command);
        view.AddTo(command, window: false);
        command.Options.Add(verbose);
        command.SetAction(parse =>
        {
            string file = parse.GetValue(input)!;
            string png = parse.GetValue(output)!;
            string heading = parse.GetValue(title) ?? Path.GetFileName(file);
            var options = view.Create(parse, heading) with { Width = parse.GetValue(width), Height = parse.GetValue(height) };
            options.Validate();
            OutputFile.Check(png, "--out", parse.GetValue(force), [file]);
            using LoadedModels models = inference.Load(parse);
            return Render(file, png, heading, options, models);
        });
        return command;
    }

    private static int Render(string file, string png, string title, Visualiser.ViewOptions options, LoadedModels models)
    {
        using var source = new FileFrameSource(file);
        // Room for every reading of the file: the summary draws the whole track.
        var feed = new ViewFeed((int)Math.Clamp((source.ExpectedFrames ?? 0) + 16, 64, 1 << 24));
        var session = new EmotionSession(source, models, [new ViewSink(feed)], PipelineOptions.File);
        SessionSummary summary = session.RunAsync(CancellationToken.None).GetAwaiter().GetResult();
        if (summary.Error is not null)
        {
            throw summary.Error;
        }
        ViewReading[] readings = feed.ToArray();
        string context = TrackSummary.Save(readings, png, title, options, options.Width, options.Height, feed.Status);
        Console.Error.WriteLine(
            $"{png}: {readings.Length} readings of {file} ({readings.Length * FrameLayout.FrameSeconds:0.0} s), {options.Width}x{options.Height}, drawn with {context}");
        return ExitCodes.Ok;
    }
}
