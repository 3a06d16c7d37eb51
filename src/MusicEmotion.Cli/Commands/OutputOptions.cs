using System.Collections;
using System.CommandLine;
using System.Globalization;
using MusicEmotion.Outputs.Osc;
using MusicEmotion.Outputs.Recording;
using MusicEmotion.Pipeline.Sinks;

namespace MusicEmotion.Cli.Commands;

/// <summary>
/// The outputs every command that makes or replays readings can add beside its console output: OSC
/// (--osc, --osc-prefix, --osc-bundle, --osc-smooth) and a MessagePack recording (--record). A command takes them
/// in two lines: <c>outputs.AddTo(command)</c>, then <c>using OutputSinks sinks = outputs.CreateSinks(parse)</c>
/// and hands <c>sinks</c> to its pipeline with its own.
/// </summary>
internal sealed class OutputOptions
{
    public Option<string[]> Osc { get; } = CreateOscOption();

    public Option<string> OscPrefix { get; } = CreatePrefixOption();

    public Option<string> OscBundle { get; } = new Option<string>("--osc-bundle")
    {
        Description = "on: one time-tagged OSC bundle per reading; off: every message its own datagram",
        DefaultValueFactory = _ => "on",
    }.AcceptOnlyFromAmong("on", "off");

    public Option<double?> OscSmooth { get; } = CreateSmoothOption();

    public Option<string?> Record { get; } = new("--record")
    {
        Description = "Record the session to this MessagePack file (replay it with 'musicemotion replay'); never overwrites",
        HelpName = "FILE.msgpack",
    };

    public void AddTo(Command command)
    {
        command.Options.Add(Osc);
        command.Options.Add(OscPrefix);
        command.Options.Add(OscBundle);
        command.Options.Add(OscSmooth);
        command.Options.Add(Record);
    }

    /// <summary>
    /// The sinks the options ask for (none when none are given). OSC hosts are resolved and the recording file is
    /// created here, before any audio is read; a bad destination or file is a one-line usage error.
    /// </summary>
    /// <param name="parse">The command line.</param>
    /// <param name="report">Gets each sink's end-of-session line; by default stderr, as "musicemotion: ...".</param>
    /// <param name="suggestions">Live next-track suggestions for OSC to send as PREFIX/suggest, or null.</param>
    public OutputSinks CreateSinks(ParseResult parse, Action<string>? report = null, LiveSuggestions? suggestions = null)
    {
        ArgumentNullException.ThrowIfNull(parse);
        report ??= line => Console.Error.WriteLine($"musicemotion: {line}");
        var sinks = new OutputSinks();
        try
        {
            string[] destinations = parse.GetValue(Osc) ?? [];
            if (destinations.Length > 0)
            {
                var options = new OscSinkOptions
                {
                    Prefix = parse.GetValue(OscPrefix)!,
                    Bundle = parse.GetValue(OscBundle) == "on",
                    SmoothingSeconds = parse.GetValue(OscSmooth),
                    Suggestions = suggestions,
                };
                sinks.Add(new OscSink(destinations.Select(OscEndpoint.Parse), options, report));
            }
            if (parse.GetValue(Record) is { } path)
            {
                sinks.Add(RecordingSink.Create(path, report));
            }
            return sinks;
        }
        catch (Exception error) when (error is OscDestinationException or IOException)
        {
            sinks.Dispose();
            throw new UsageException(error.Message, error);
        }
    }

    private static Option<string[]> CreateOscOption()
    {
        var option = new Option<string[]>("--osc")
        {
            Description = "Send every reading over OSC/UDP to HOST:PORT (repeat for several receivers)",
            HelpName = "HOST:PORT",
            AllowMultipleArgumentsPerToken = false,
        };
        option.Validators.Add(result =>
        {
            foreach (string destination in result.GetValueOrDefault<string[]>() ?? [])
            {
                try
                {
                    OscEndpoint.Parse(destination);
                }
                catch (OscDestinationException error)
                {
                    result.AddError(error.Message);
                }
            }
        });
        return option;
    }

    private static Option<string> CreatePrefixOption()
    {
        var option = new Option<string>("--osc-prefix")
        {
            Description = "OSC address prefix of every message",
            HelpName = "/PREFIX",
            DefaultValueFactory = _ => OscSinkOptions.DefaultPrefix,
        };
        option.Validators.Add(result =>
        {
            if (OscSinkOptions.ProblemWithPrefix(result.GetValueOrDefault<string>() ?? "") is { } problem)
            {
                result.AddError(problem);
            }
        });
        return option;
    }

    private static Option<double?> CreateSmoothOption()
    {
        var option = new Option<double?>("--osc-smooth")
        {
            Description = "Also send PREFIX/smooth/... : exponentially smoothed arousal/valence with this time constant (the raw stream is not delayed)",
            HelpName = "SECONDS",
        };
        option.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<double?>() is { } seconds && (!double.IsFinite(seconds) || seconds <= 0 || seconds > 3600))
            {
                result.AddError(string.Create(CultureInfo.InvariantCulture, $"--osc-smooth must be a time constant in seconds, above 0 and at most 3600, not {seconds}"));
            }
        });
        return option;
    }
}

/// <summary>The sinks <see cref="OutputOptions"/> made; disposing them closes sockets and files.</summary>
internal sealed class OutputSinks : IReadOnlyList<IReadingSink>, IDisposable
{
    private readonly List<IReadingSink> _sinks = [];

    public int Count => _sinks.Count;

    public IReadingSink this[int index] => _sinks[index];

    public void Add(IReadingSink sink) => _sinks.Add(sink);

    public IEnumerator<IReadingSink> GetEnumerator() => _sinks.GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    public void Dispose()
    {
        foreach (IDisposable sink in _sinks.OfType<IDisposable>())
        {
            sink.Dispose();
        }
    }
}
