using System.Runtime.ExceptionServices;
using MusicEmotion.Native.Posix;

namespace MusicEmotion.Pipeline.Sources;

/// <summary>
/// Where and how the live path's one thread runs (capture drain, framing, features, inference): on one core,
/// so the scheduler never migrates it and its caches stay warm, and at real-time priority if asked, so other
/// threads' time slices do not stand between a block's arrival and its reading.
/// </summary>
public sealed record DspThreadOptions
{
    /// <summary>The CPU the thread is pinned to; null leaves it to the scheduler.</summary>
    public int? Cpu { get; init; }

    /// <summary>Real-time scheduling (<see cref="ThreadScheduling.RealtimeDescription"/>) instead of ordinary.</summary>
    public bool Realtime { get; init; }

    /// <summary>Whether the pin is the default one: when the OS refuses it, the thread runs unpinned and says so.</summary>
    public bool DefaultPin { get; init; }

    /// <summary>Told when a default pin could not be had (the CLI prints it on stderr).</summary>
    public Action<string>? Notice { get; init; }

    /// <summary>Pinned to the last CPU this process may use, ordinary priority: what live runs with unless told otherwise.</summary>
    public static DspThreadOptions Default => new()
    {
        Cpu = ThreadAffinity.Supported ? ThreadAffinity.LastAllowedCpu() : null,
        DefaultPin = true,
    };

    /// <summary>The thread's setting in words, for banners and stats.</summary>
    public string Describe() =>
        (Cpu is { } cpu ? $"pinned to CPU {cpu}" : "unpinned") + ", " + (Realtime ? ThreadScheduling.RealtimeDescription : "ordinary priority");

    /// <summary>
    /// Tries the settings on a short-lived thread, so a refused priority or a CPU the process may not use is a
    /// one-line error before any audio is captured rather than a failed session.
    /// </summary>
    public void Verify()
    {
        ExceptionDispatchInfo? failure = null;
        var probe = new Thread(() =>
        {
            try
            {
                Apply(tell: false);
            }
            catch (Exception error)
            {
                failure = ExceptionDispatchInfo.Capture(error);
            }
        }) { IsBackground = true, Name = "dsp settings probe" };
        probe.Start();
        probe.Join();
        failure?.Throw();
    }

    /// <summary>Pins and raises the calling thread as configured.</summary>
    public void ApplyToCurrentThread() => Apply(tell: true);

    // The probe keeps quiet about a refused default pin: the pump thread says it once, when it happens for real.
    private void Apply(bool tell)
    {
        if (Cpu is { } cpu)
        {
            try
            {
                ThreadAffinity.PinCurrentThread(cpu);
            }
            catch (ArgumentOutOfRangeException refused) when (DefaultPin)
            {
                if (tell)
                {
                    Notice?.Invoke($"the live thread runs unpinned: {refused.Message.ReplaceLineEndings(" ")}");
                }
            }
        }
        if (Realtime)
        {
            ThreadScheduling.MakeCurrentThreadRealtime();
        }
    }
}
