using System.Net;
using MusicEmotion.Pipeline.Sinks;

namespace MusicEmotion.Outputs.Api;

/// <summary>Where the local API listens and the limits it enforces.</summary>
public sealed record ApiServerOptions
{
    public const int DefaultPort = 8750;

    /// <summary>The address to listen on; only loopback unless <see cref="AllowRemote"/>.</summary>
    public IPAddress Bind { get; init; } = IPAddress.Loopback;

    /// <summary>The TCP port; 0 picks a free one (see <see cref="ApiServer.Address"/>).</summary>
    public int Port
    {
        get;
        init
        {
            ArgumentOutOfRangeException.ThrowIfNegative(value);
            ArgumentOutOfRangeException.ThrowIfGreaterThan(value, IPEndPoint.MaxPort);
            field = value;
        }
    } = DefaultPort;

    /// <summary>Listening beyond this machine must be asked for: the API has no authentication.</summary>
    public bool AllowRemote { get; init; }

    /// <summary>Largest POST /analyze body; larger ones get 413. Default 50 MB (some five minutes of CD-quality WAV).</summary>
    public long MaxUploadBytes
    {
        get;
        init
        {
            ArgumentOutOfRangeException.ThrowIfNegativeOrZero(value);
            field = value;
        }
    } = 50_000_000;

    /// <summary>POST /analyze requests each client address may make per minute; more get 429.</summary>
    public int AnalyzePerMinute
    {
        get;
        init
        {
            ArgumentOutOfRangeException.ThrowIfNegativeOrZero(value);
            field = value;
        }
    } = 30;

    /// <summary>POST /feedback requests each client address may make per minute; more get 429.</summary>
    public int FeedbackPerMinute
    {
        get;
        init
        {
            ArgumentOutOfRangeException.ThrowIfNegativeOrZero(value);
            field = value;
        }
    } = 60;

    /// <summary>Readings queued for a WebSocket client before its oldest are dropped (64 = 32 s of readings).</summary>
    public int ClientQueue
    {
        get;
        init
        {
            ArgumentOutOfRangeException.ThrowIfNegativeOrZero(value);
            field = value;
        }
    } = 64;

    /// <summary>Live next-track suggestions that GET /library/suggest serves; null leaves the endpoint out.</summary>
    public LiveSuggestions? Suggestions { get; init; }

    /// <summary>Where POST /feedback stores labels; null leaves the endpoint out.</summary>
    public FeedbackEndpoint? Feedback { get; init; }
}
