namespace MusicEmotion.Audio.Capture;

/// <summary>What the user asked to capture from (the live command's --device, --loopback, --process, --rate, --channels, --buffer-ms).</summary>
public sealed record CaptureRequest
{
    /// <summary>A device index or part of its name; null for the default input.</summary>
    public string? Device { get; init; }

    /// <summary>Capture what the machine plays: the monitor of the default output.</summary>
    public bool Loopback { get; init; }

    /// <summary>Capture what one program (and its child processes) plays, by name or id: WASAPI process loopback, Windows only.</summary>
    public string? Process { get; init; }

    /// <summary>
    /// The rate to ask for; null for the device's own. An unsupported rate falls back to the device's. (PortAudio; WASAPI
    /// shared mode captures at the engine's mix format.)
    /// </summary>
    public int? SampleRate { get; init; }

    /// <summary>Channels to capture, at most the device's; they are averaged to mono.</summary>
    public int Channels { get; init; } = 2;

    /// <summary>Audio per callback: the one delay capture adds before a frame can complete.</summary>
    public double BufferMilliseconds { get; init; } = 10;

    /// <summary>Seconds of audio the ring holds while the pump is busy; beyond that, blocks are dropped (overruns).</summary>
    public double RingSeconds { get; init; } = 2;

    /// <summary>Hide what the host libraries print while PortAudio probes devices.</summary>
    public bool Quiet { get; init; } = true;
}
