using MusicEmotion.Inference;
using MusicEmotion.Pipeline;
using MusicEmotion.Pipeline.Sinks;

namespace MusicEmotion.Outputs.Osc;

/// <summary>
/// Sends every reading over OSC to one or more destinations, for the tools installations already run
/// (TouchDesigner, Max/MSP, Resolume, Processing, Unity). Under the prefix (default /emotion):
/// <code>
/// /arousal f   /valence f   /av ff (arousal, valence)   /quadrant s   /label s
/// /forecast ff... (arousal, valence of each forecast point, nearest first)   /level f (linear RMS, 0..1)
/// /smooth/arousal f   /smooth/valence f   /smooth/av ff   (only with smoothing on)
/// </code>
/// With live suggestions (<see cref="OscSinkOptions.Suggestions"/>), each new ranking also sends PREFIX/suggest s f
/// (the top track's path and cost) as a datagram of its own, untagged, after the reading's messages.
/// A frame without a reading (unusable audio) sends only /label "unknown" and /level. In bundle mode all of a
/// reading's messages travel in one bundle whose time tag is the frame's start on the wall clock: the session's
/// start time plus the frame's stream time. Live, that instant has passed by the time the reading is made, so
/// receivers act on arrival; a file analysed faster than real time is tagged ahead, and receivers that schedule
/// bundles (liblo, SuperCollider) play it at the music's pace. Smoothing is computed beside the raw values and
/// sent with them, so it never delays the raw stream. Sending allocates nothing and never blocks; refused
/// datagrams are counted and reported when the session ends.
/// </summary>
public sealed class OscSink : IReadingSink, IDisposable
{
    // Enough for every message of a reading with the longest prefix the options allow and an 8-point forecast.
    private const int PacketBytes = 4096;

    private static readonly string[] ForecastTags = [.. Enumerable.Range(0, EmotionReading.MaxForecastSteps + 1).Select(n => new string('f', 2 * n))];

    private readonly OscSender _sender;
    private readonly OscSinkOptions _options;
    private readonly Action<string>? _report;
    private readonly string[] _addresses;
    private readonly byte[] _packet = new byte[PacketBytes];

    // A path can be up to PATH_MAX (4096 bytes on Linux) on its own.
    private readonly byte[] _suggestPacket = new byte[2 * PacketBytes];
    private readonly string _suggestAddress;
    private IReadOnlyList<Suggestion>? _sentRanking;
    private AffectSmoother _smoother;
    private DateTimeOffset _sessionStart;
    private long _sentAtStart;
    private long _errorsAtStart;
    private long _readings;

    /// <param name="destinations">Where to send (HOST:PORT each); hosts are resolved here, once.</param>
    /// <param name="options">Prefix, bundling and smoothing.</param>
    /// <param name="report">Gets one line at the end of each session: what was sent and what the network refused.</param>
    /// <exception cref="OscDestinationException">A destination's host cannot be resolved.</exception>
    public OscSink(IEnumerable<OscEndpoint> destinations, OscSinkOptions options, Action<string>? report = null)
    {
        _options = options ?? throw new ArgumentNullException(nameof(options));
        _sender = new OscSender(destinations);
        _report = report;
        _addresses = [.. Enum.GetValues<Message>().Select(m => options.Prefix + Suffix(m))];
        if (options.SmoothingSeconds is { } seconds)
        {
            _smoother = new AffectSmoother(seconds);
        }
        _suggestAddress = options.Prefix + "/suggest";
        Name = "osc " + string.Join(", ", _sender.Destinations);
    }

    private enum Message
    {
        Arousal,
        Valence,
        Av,
        Quadrant,
        Label,
        Forecast,
        Level,
        SmoothArousal,
        SmoothValence,
        SmoothAv,
    }

    public string Name { get; }

    public OscSender Sender => _sender;

    public void Start(SessionInfo session)
    {
        ArgumentNullException.ThrowIfNull(session);
        _sessionStart = session.StartedUtc;
        _smoother.Reset();
        _sentAtStart = _sender.PacketsSent;
        _errorsAtStart = _sender.SendErrors;
        _readings = 0;
        _sentRanking = null;
    }

    public void Write(in EmotionReading reading)
    {
        AffectPoint smooth = _options.SmoothingSeconds is null ? default : _smoother.Add(reading.Point, reading.StartTime);
        if (_options.Bundle)
        {
            var packet = new OscPacketWriter(_packet);
            packet.BeginBundle(TimeTagOf(reading));
            for (var message = Message.Arousal; message <= Message.SmoothAv; message++)
            {
                WriteMessage(ref packet, message, reading, smooth);
            }
            _sender.Send(packet.Finish());
        }
        else
        {
            for (var message = Message.Arousal; message <= Message.SmoothAv; message++)
            {
                var packet = new OscPacketWriter(_packet);
                if (WriteMessage(ref packet, message, reading, smooth))
                {
                    _sender.Send(packet.Finish());
                }
            }
        }
        _readings++;
        SendSuggestion();
    }

    /// <summary>Sends the top suggestion once per ranking: the ranking is a new list each time, so a reference test is enough.</summary>
    private void SendSuggestion()
    {
        IReadOnlyList<Suggestion>? ranking = _options.Suggestions?.Ranked;
        if (ranking is null || ReferenceEquals(ranking, _sentRanking) || ranking.Count == 0)
        {
            return;
        }
        _sentRanking = ranking;
        var packet = new OscPacketWriter(_suggestPacket);
        packet.BeginMessage(_suggestAddress, "sf");
        packet.Write(ranking[0].Path);
        packet.Write((float)ranking[0].Score);
        _sender.Send(packet.Finish());
    }

    public void Complete(SessionSummary summary)
    {
        long sent = _sender.PacketsSent - _sentAtStart;
        long errors = _sender.SendErrors - _errorsAtStart;
        string unit = _options.Bundle ? "bundles" : "messages";
        _report?.Invoke($"{Name}: {_readings} readings, {sent} {unit} sent"
            + (errors == 0 ? ", none refused" : $", {errors} refused by the network (receiver down or buffer full)"));
    }

    public void Dispose() => _sender.Dispose();

    /// <summary>The frame's start on the wall clock: session start + stream time.</summary>
    private OscTimeTag TimeTagOf(in EmotionReading reading) =>
        OscTimeTag.FromDateTimeOffset(_sessionStart.AddTicks((long)Math.Round(reading.StartTime * TimeSpan.TicksPerSecond)));

    /// <summary>Writes one of a reading's messages; false when the reading has nothing for it.</summary>
    private bool WriteMessage(ref OscPacketWriter packet, Message message, in EmotionReading reading, AffectPoint smooth)
    {
        bool smoothing = _options.SmoothingSeconds is not null;
        bool written = message switch
        {
            Message.Label or Message.Level => true,
            Message.Forecast => reading.HasPoint && reading.ForecastCount > 0,
            Message.SmoothArousal or Message.SmoothValence or Message.SmoothAv => reading.HasPoint && smoothing,
            _ => reading.HasPoint,
        };
        if (!written)
        {
            return false;
        }
        string address = _addresses[(int)message];
        switch (message)
        {
            case Message.Arousal:
                WriteFloats(ref packet, address, reading.Point.Arousal);
                break;
            case Message.Valence:
                WriteFloats(ref packet, address, reading.Point.Valence);
                break;
            case Message.Av:
                WriteFloats(ref packet, address, reading.Point.Arousal, reading.Point.Valence);
                break;
            case Message.Quadrant:
                packet.BeginMessage(address, "s");
                packet.Write(reading.Quadrant.Name());
                break;
            case Message.Label:
                packet.BeginMessage(address, "s");
                packet.Write(reading.Label ?? "unknown");
                break;
            case Message.Forecast:
                packet.BeginMessage(address, ForecastTags[reading.ForecastCount]);
                foreach (AffectPoint point in reading.ForecastSpan)
                {
                    packet.Write(point.Arousal);
                    packet.Write(point.Valence);
                }
                break;
            case Message.Level:
                WriteFloats(ref packet, address, reading.Rms);
                break;
            case Message.SmoothArousal:
                WriteFloats(ref packet, address, smooth.Arousal);
                break;
            case Message.SmoothValence:
                WriteFloats(ref packet, address, smooth.Valence);
                break;
            default:
                WriteFloats(ref packet, address, smooth.Arousal, smooth.Valence);
                break;
        }
        return true;
    }

    private static void WriteFloats(ref OscPacketWriter packet, string address, float value)
    {
        packet.BeginMessage(address, "f");
        packet.Write(value);
    }

    private static void WriteFloats(ref OscPacketWriter packet, string address, float first, float second)
    {
        packet.BeginMessage(address, "ff");
        packet.Write(first);
        packet.Write(second);
    }

    private static string Suffix(Message message) => message switch
    {
        Message.Arousal => "/arousal",
        Message.Valence => "/valence",
        Message.Av => "/av",
        Message.Quadrant => "/quadrant",
        Message.Label => "/label",
        Message.Forecast => "/forecast",
        Message.Level => "/level",
        Message.SmoothArousal => "/smooth/arousal",
        Message.SmoothValence => "/smooth/valence",
        _ => "/smooth/av",
    };
}
