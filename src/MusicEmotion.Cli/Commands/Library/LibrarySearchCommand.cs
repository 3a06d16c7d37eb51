using System.CommandLine;
using MusicEmotion.Inference;
using MusicEmotion.Library.Search;

namespace MusicEmotion.Cli.Commands.Library;

/// <summary>
/// <c>library search --point A,V</c> (nearest track means) or <c>--profile</c> (tracks, or segments with
/// <c>--duration</c>, whose course follows a drawn profile, by banded DTW with LB_Keogh pruning).
/// </summary>
internal static class LibrarySearchCommand
{
    public static Command Create()
    {
        var library = new LibraryOption();
        var output = new OutputFormatOptions();
        var calibration = new CalibrationOption();
        var point = new Option<string?>("--point") { Description = "arousal,valence in [-1, 1]: tracks whose mean is nearest" };
        var radius = new Option<double?>("--radius") { Description = "With --point: only tracks whose mean lies within this distance" };
        var profile = new Option<string?>("--profile")
        {
            Description = "A drawn course: \"a,v; a,v; ...\" or a CSV file of arousal,valence lines (at least two points)",
        };
        var duration = new Option<double?>("--duration")
        {
            Description = "With --profile: the profile spans this many seconds; find the best segment of each track (default: whole tracks)",
        };
        var command = new Command("search", "Find tracks by a point of the circumplex or by a drawn profile over time");
        command.Options.Add(point);
        command.Options.Add(radius);
        command.Options.Add(profile);
        command.Options.Add(duration);
        calibration.AddTo(command);
        output.AddTo(command);
        library.AddTo(command);
        command.SetAction(parse =>
        {
            var query = Query.From(parse.GetValue(point), parse.GetValue(radius), parse.GetValue(profile), parse.GetValue(duration));
            return output.List(parse, library, query.Profile is null ? "distance" : "dtw", (store, limit) => query.Profile is { } drawn
                ? new ProfileSearch().Search(calibration.Index(parse, store), drawn, limit, query.Duration)
                : PointSearch.Nearest(calibration.Index(parse, store), query.Point, limit, query.Radius));
        });
        return command;
    }

    /// <summary>The checked combination of query options.</summary>
    private sealed record Query(AffectPoint Point, double? Radius, EmotionProfile? Profile, double? Duration)
    {
        public static Query From(string? point, double? radius, string? profile, double? duration)
        {
            if ((point is null) == (profile is null))
            {
                throw new UsageException("library search needs exactly one of --point A,V or --profile PROFILE");
            }
            if (radius is { } r && (point is null || !(r > 0)))
            {
                throw new UsageException($"--radius {r}: expected a positive distance, with --point");
            }
            if (duration is { } d && (profile is null || !(d > 0)))
            {
                throw new UsageException($"--duration {d}: expected a positive number of seconds, with --profile");
            }
            if (point is not null)
            {
                AffectPoint at = EmotionProfile.ParsePoint(point)
                    ?? throw new UsageException($"--point '{point}': expected arousal,valence with both in [-1, 1], e.g. 0.5,-0.2");
                return new Query(at, radius, null, null);
            }
            try
            {
                return new Query(default, null, EmotionProfile.Parse(profile!), duration);
            }
            catch (ArgumentException error)
            {
                // The library says what is wrong with the drawn points; on the command line that is a usage error.
                throw new UsageException(error.Message, error);
            }
        }
    }
}
