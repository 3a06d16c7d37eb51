using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using MusicEmotion.Cli.Commands.Library;
using MusicEmotion.Inference;
using MusicEmotion.Inference.Models;
using MusicEmotion.Library.Catalog;
using MusicEmotion.Library.Feedback;
using MusicEmotion.Library.Scanning;
using MusicEmotion.Library.Storage;
using MusicEmotion.Outputs.Files;

namespace MusicEmotion.Cli.Commands;

/// <summary>
/// <c>feedback add|list|remove|export</c>: the listener's labels. A label is taken against the track's analysis in
/// the library (so the model's reading at that moment is stored beside it, and calibration needs no audio).
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
            LibraryLocation location = SqliteOnly(library.Location(parse));
            string path = Path.GetFullPath(parse.GetValue(file)!);
            FeedbackLabel label;
            using (ILibraryStore store = location.Open(create: false))
            {
                TrackRecord track = store.FindTrack(path) ?? throw new FileNotFoundException(
                    $"{path}: not in the library {store.Location}; analyse it first with 'musicemotion library scan'", path);
                FileIdentity now = FileIdentities.Identify(path);
                if (!string.Equals(now.ContentHash, track.File.ContentHash, StringComparison.OrdinalIgnoreCase))
                {
                    throw new InvalidDataException(
                        $"{path}: the file changed since the library analysed it (sha256 {now.ContentHash[..12]}, library has {track.File.ContentHash[..12]}); run 'musicemotion library scan' again");
                }
                double? seconds = atText is null ? null : Seconds(atText, track.DurationSeconds);
                AffectPoint reading = seconds is { } s ? ReadingAt(store.Trajectory(track.Id), s, path) : Mean(track, path);
                label = new FeedbackLabel(0, track.File.ContentHash, path, seconds, felt, className?.ToLowerInvariant(), reading, track.ModelSha256,
                    HiddenAt(path, track, seconds));
            }
            using FeedbackStore feedback = FeedbackStore.Open(location.Value);
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
            using FeedbackStore feedback = FeedbackStore.Open(SqliteOnly(library.Location(parse)).Value);
            foreach (FeedbackLabel l in feedback.List())
            {
                string when = l.AtSeconds is { } s ? TimeSpan.FromSeconds(s).ToString(@"m\:ss\.f", CultureInfo.InvariantCulture) : "whole";
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
            using FeedbackStore feedback = FeedbackStore.Open(SqliteOnly(library.Location(parse)).Value);
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
            LibraryLocation location = SqliteOnly(library.Location(parse));
            using FeedbackStore feedback = FeedbackStore.Open(location.Value);
            IReadOnlyList<FeedbackLabel> labels = feedback.List();
            using FileStream stream = OutputFile.Create(parse.GetValue(output)!, "--output", parse.GetValue(force), [location.Value]);
            foreach (FeedbackLabel l in labels)
            {
                using (var json = new Utf8JsonWriter(stream))
                {
                    json.WriteStartObject();
                    json.WriteNumber("id", l.Id);
                    json.WriteString("content_hash", l.ContentHash);
                    json.WriteString("path", l.Path);
                    if (l.AtSeconds is { } s)
                    {
                        json.WriteNumber("at", s);
                    }
                    else
                    {
                        json.WriteNull("at");
                    }
                    json.WriteNumber("felt_arousal", l.Felt.Arousal);
                    json.WriteNumber("felt_valence", l.Felt.Valence);
                    json.WriteString("class", l.Class);
                    json.WriteNumber("reading_arousal", l.Reading.Arousal);
                    json.WriteNumber("reading_valence", l.Reading.Valence);
                    json.WriteString("model_sha256", l.ModelSha256);
                    json.WriteEndObject();
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

    /// <summary>m:ss, h:mm:ss or plain seconds, within the track.</summary>
    private static double Seconds(string text, double duration)
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
        if (seconds > duration)
        {
            throw new UsageException($"--at {text}: beyond the track's end ({duration.ToString("0.0", CultureInfo.InvariantCulture)} s)");
        }
        return seconds;
    }

    /// <summary>The reading of the frame holding that moment (the last frame starting at or before it).</summary>
    private static AffectPoint ReadingAt(IReadOnlyList<TrajectoryPoint> trajectory, double seconds, string path)
    {
        TrajectoryPoint? best = null;
        foreach (TrajectoryPoint p in trajectory)
        {
            if (p.HasReading && (best is null || Math.Abs(p.Time - seconds) < Math.Abs(best.Value.Time - seconds)))
            {
                best = p;
            }
        }
        return best is { } b
            ? new AffectPoint(b.Arousal, b.Valence)
            : throw new InvalidDataException($"{path}: the library has no reading for this track");
    }

    /// <summary>
    /// The model's hidden state at the moment (or its mean over the track), for the head refit: the track is run again
    /// through the model that analysed it (the hash check above says it is the same audio). Null when that model is
    /// no longer installed under its name: the label still serves the affine map.
    /// </summary>
    private static float[]? HiddenAt(string path, TrackRecord track, double? seconds)
    {
        ModelEntry model;
        try
        {
            model = ModelCatalog.Resolve(track.Model);
        }
        catch (FileNotFoundException)
        {
            return null;
        }
        if (!string.Equals(ModelCatalog.Sha256(model.OnnxPath), track.ModelSha256, StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }
        using LoadedModels models = LoadedModels.Load(new ModelRequest
        {
            Model = model.OnnxPath,
            Forecaster = ModelRequest.LinearTrend,
            Engine = EngineOptions.Default with { Engine = EngineKind.Managed },
        });
        IReadOnlyList<HiddenFrame> frames = TrackHiddenStates.ReadAsync(path, models).GetAwaiter().GetResult();
        return seconds is { } s ? TrackHiddenStates.At(frames, s) : TrackHiddenStates.Mean(frames);
    }

    private static AffectPoint Mean(TrackRecord track, string path) =>
        track.Summary?.Mean ?? throw new InvalidDataException($"{path}: the library could not read this track ({track.Error})");

    /// <summary>Labels live in the library's SQLite file; a shared PostgreSQL library does not hold them yet.</summary>
    internal static LibraryLocation SqliteOnly(LibraryLocation location) => location.IsShared
        ? throw new UsageException("--library: feedback is kept in an SQLite library only, not a PostgreSQL one")
        : location;

    private static string F(float x) => x.ToString("+0.00;-0.00", CultureInfo.InvariantCulture);
}
