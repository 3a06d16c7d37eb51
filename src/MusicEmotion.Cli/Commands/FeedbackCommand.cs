using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using MusicEmotion.Cli.Commands.Library;
using MusicEmotion.Cli.Terminal;
using MusicEmotion.Inference;
using MusicEmotion.Library.Catalog;
using MusicEmotion.Library.Feedback;
using MusicEmotion.Library.Storage;
using MusicEmotion.Outputs.Files;

namespace MusicEmotion.Cli.Commands;

/// <summary>
/// <c>feedback add|list|remove|export</c>: the listener's labels. A label is taken against the track's analysis in
/// the library (so the model's reading at that moment, and its hidden state there, are stored beside it, and
/// calibration needs no audio).
/// </summary>
internal static class FeedbackCommand
{
    public static Command Create()
    {
        var command = new Command("feedback", "Record what you feel about a track, for personal calibration");
        command.Subcommands.Add(Add());
        command.Subcommands.Add(List());
        command.Subcommands.Add(Remove());
        command.Subcommands.Add(Export());
        return command;
    }

    private static Command Add()
    {
        var library = new LibraryOption();
        var file = new Argument<string>("file") { Description = "A track already in the library (library scan)" };
        var at = new Option<string?>("--at") { Description = "The moment: m:ss, h:mm:ss or seconds" };
        var wholeTrack = new Option<bool>("--whole-track") { Description = "The label is about the whole track" };
        var arousal = new Option<float?>("--arousal") { Description = "What you feel, in [-1, 1]" };
        var valence = new Option<float?>("--valence") { Description = "What you feel, in [-1, 1]" };
        var kind = new Option<string?>("--class") { Description = $"Instead of a point: {string.Join(", ", FeedbackClasses.Names)}" };
        var command = new Command("add", "Add a label: a point (--arousal, --valence) or a --class, at a moment (--at) or for the --whole-track");
        command.Arguments.Add(file);
        command.Options.Add(at);
        command.Options.Add(wholeTrack);
        command.Options.Add(arousal);
        command.Options.Add(valence);
        command.Options.Add(kind);
        library.AddTo(command);
        command.SetAction(parse =>
        {
            string? className = parse.GetValue(kind);
            AffectPoint felt = Felt(parse.GetValue(arousal), parse.GetValue(valence), className);
            string? atText = parse.GetValue(at);
            bool whole = parse.GetValue(wholeTrack);
            if (whole == (atText is not null))
            {
                throw new UsageException("feedback add: give either --at TIME or --whole-track");
            }
            LibraryLocation location = library.Location(parse);
            string path = Path.GetFullPath(parse.GetValue(file)!);
            FeedbackLabel label;
            using (ILibraryStore store = location.Open(create: false))
            {
                try
                {
                    TrackRecord track = FeedbackLabeller.TrackAt(store, path);
                    label = FeedbackLabeller.Label(store, track, atText is null ? null : Seconds(atText), felt, className);
                }
                catch (FeedbackRefusedException error) when (error.Problem == FeedbackProblem.BeyondEnd)
                {
                    throw new UsageException($"--at {atText}: {error.Message}", error);
                }
            }
            using FeedbackStore feedback = FeedbackStore.Open(location);
            FeedbackLabel stored = feedback.Add(label);
            Console.Out.WriteLine($"label {stored.Id}: felt ({F(felt.Arousal)}, {F(felt.Valence)}), model read ({F(stored.Reading.Arousal)}, {F(stored.Reading.Valence)})");
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command List()
    {
        var library = new LibraryOption();
        var command = new Command("list", "List the labels");
        library.AddTo(command);
        command.SetAction(parse =>
        {
            using FeedbackStore feedback = FeedbackStore.Open(library.Location(parse));
            foreach (FeedbackLabel l in feedback.List())
            {
                string when = l.AtSeconds is { } s ? ClockText.Of(s) : "whole";
                Console.Out.WriteLine($"{l.Id,5}  {when,8}  felt ({F(l.Felt.Arousal)}, {F(l.Felt.Valence)}){(l.Class is null ? "" : " " + l.Class)}  read ({F(l.Reading.Arousal)}, {F(l.Reading.Valence)})  {l.Path}");
            }
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command Remove()
    {
        var library = new LibraryOption();
        var id = new Argument<long>("id") { Description = "The label's id (feedback list)" };
        var command = new Command("remove", "Remove a label");
        command.Arguments.Add(id);
        library.AddTo(command);
        command.SetAction(parse =>
        {
            using FeedbackStore feedback = FeedbackStore.Open(library.Location(parse));
            long which = parse.GetValue(id);
            if (!feedback.Remove(which))
            {
                throw new UsageException($"feedback remove: no label {which}; see 'musicemotion feedback list'");
            }
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command Export()
    {
        var library = new LibraryOption();
        var output = new Option<string>("--output", "-o") { Description = "The JSON Lines file to write", Required = true };
        var force = new Option<bool>("--force") { Description = "Replace the output file if it exists" };
        var command = new Command("export", "Write every label as JSON Lines");
        command.Options.Add(output);
        command.Options.Add(force);
        library.AddTo(command);
        command.SetAction(parse =>
        {
            LibraryLocation location = library.Location(parse);
            using FeedbackStore feedback = FeedbackStore.Open(location);
            IReadOnlyList<FeedbackLabel> labels = feedback.List();
            using FileStream stream = OutputFile.Create(parse.GetValue(output)!, "--output", parse.GetValue(force), [location.Value]);
            foreach (FeedbackLabel l in labels)
            {
                using (var json = new Utf8JsonWriter(stream))
                {
                    FeedbackJson.Write(json, l);
                }
                stream.WriteByte((byte)'\n');
            }
            return ExitCodes.Ok;
        });
        return command;
    }

    /// <summary>The felt point from a point or a class, checked onto the circumplex before anything is opened.</summary>
    private static AffectPoint Felt(float? arousal, float? valence, string? className)
    {
        if (className is not null)
        {
            if (arousal is not null || valence is not null)
            {
                throw new UsageException("feedback add: give --class or --arousal/--valence, not both");
            }
            try
            {
                return FeedbackClasses.PointOf(className);
            }
            catch (InvalidDataException error)
            {
                throw new UsageException(error.Message, error);
            }
        }
        if (arousal is not { } a || valence is not { } v)
        {
            throw new UsageException("feedback add: give both --arousal and --valence, or a --class");
        }
        OnCircumplex("--arousal", a);
        OnCircumplex("--valence", v);
        return new AffectPoint(a, v);
    }

    private static void OnCircumplex(string option, float value)
    {
        if (!(value >= -1f && value <= 1f))
        {
            throw new UsageException($"{option} {value.ToString(CultureInfo.InvariantCulture)}: expected a value in [-1, 1]");
        }
    }

    /// <summary>m:ss, h:mm:ss or plain seconds (the labeller checks it lies within the track).</summary>
    private static double Seconds(string text)
    {
        double seconds = 0;
        foreach (string part in text.Split(':'))
        {
            if (!double.TryParse(part, NumberStyles.Float, CultureInfo.InvariantCulture, out double value) || value < 0)
            {
                throw new UsageException($"--at '{text}': expected m:ss, h:mm:ss or seconds");
            }
            seconds = seconds * 60 + value;
        }
        return seconds;
    }

    private static string F(float x) => x.ToString("+0.00;-0.00", CultureInfo.InvariantCulture);
}
