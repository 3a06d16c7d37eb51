using MusicEmotion.Pipeline.Sinks;

namespace MusicEmotion.Outputs.Osc;

/// <summary>How readings are laid out as OSC.</summary>
public sealed record OscSinkOptions
{
    public const string DefaultPrefix = "/emotion";

    /// <summary>Long enough for any sensible namespace, short enough that a reading's bundle stays one small datagram.</summary>
    public const int MaxPrefixLength = 200;

    /// <summary>The address every message starts with: "/emotion" gives /emotion/arousal, /emotion/av, ...</summary>
    public string Prefix
    {
        get;
        init
        {
            ArgumentNullException.ThrowIfNull(value);
            field = ProblemWithPrefix(value) is { } problem ? throw new ArgumentException(problem, nameof(value)) : value.TrimEnd('/');
        }
    } = DefaultPrefix;

    /// <summary>Why <paramref name="prefix"/> cannot start OSC addresses, or null when it can (a trailing '/' is dropped).</summary>
    public static string? ProblemWithPrefix(string prefix)
    {
        ArgumentNullException.ThrowIfNull(prefix);
        string trimmed = prefix.TrimEnd('/');
        bool valid = trimmed.Length is > 1 and <= MaxPrefixLength && trimmed[0] == '/'
            && trimmed.All(c => c is > ' ' and < (char)0x7f and not ('#' or ',' or '*' or '?' or '[' or ']' or '{' or '}'));
        return valid
            ? null
            : $"OSC prefix '{prefix}' must start with '/', be at most {MaxPrefixLength} characters, and hold printable ASCII without spaces or any of # , * ? [ ] {{ }}";
    }

    /// <summary>True: one bundle per reading, time-tagged; false: each message its own datagram, untagged.</summary>
    public bool Bundle { get; init; } = true;

    /// <summary>
    /// Time constant in seconds of the smoothed stream under PREFIX/smooth/ (see <see cref="AffectSmoother"/>);
    /// null sends no smoothed stream.
    /// </summary>
    public double? SmoothingSeconds
    {
        get;
        init
        {
            if (value is { } seconds && (!double.IsFinite(seconds) || seconds <= 0))
            {
                throw new ArgumentOutOfRangeException(nameof(value), seconds, "the OSC smoothing time constant must be a positive number of seconds");
            }
            field = value;
        }
    }

    /// <summary>Live next-track suggestions to send as PREFIX/suggest (path, score) each time they are re-ranked; null sends none.</summary>
    public LiveSuggestions? Suggestions { get; init; }
}
