using System.ComponentModel;
using System.Diagnostics;

namespace MusicEmotion.Audio.Capture;

/// <summary>
/// Finds what the machine is playing, as a source to capture: on Linux with PulseAudio or PipeWire (through its
/// PulseAudio server), every output (sink) has a monitor source named "&lt;sink&gt;.monitor". The default sink is
/// asked of the server with its own client (<c>pactl info</c>, which every version has), so no libpulse binding is needed.
/// </summary>
public static class LoopbackMonitor
{
    public const string OptionName = "--loopback";

    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(5);

    /// <summary>The default output's monitor source, or a one-line <see cref="AudioInputException"/> saying why there is none.</summary>
    public static string FindDefault()
    {
        if (!OperatingSystem.IsLinux())
        {
            throw new AudioInputException(
                OptionName,
                "not available on this platform: it needs a PulseAudio or PipeWire monitor source; pick a loopback or"
                + " 'stereo mix' input with --device if your system offers one (see 'musicemotion devices')");
        }
        return ParseDefaultSink(Pactl("info")) + ".monitor";
    }

    /// <summary>The "Default Sink:" line of <c>pactl info</c> (run in the C locale, so the label is English).</summary>
    public static string ParseDefaultSink(string info)
    {
        ArgumentNullException.ThrowIfNull(info);
        foreach (string line in info.Split('\n'))
        {
            const string label = "Default Sink:";
            if (line.StartsWith(label, StringComparison.Ordinal) && line[label.Length..].Trim() is { Length: > 0 } name)
            {
                return name;
            }
        }
        throw new AudioInputException(OptionName, "not available: the sound server reports no default output");
    }

    private static string Pactl(string command)
    {
        var start = new ProcessStartInfo("pactl")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            Environment = { ["LC_ALL"] = "C" },
        };
        start.ArgumentList.Add(command);
        Process process;
        try
        {
            process = Process.Start(start) ?? throw new Win32Exception();
        }
        catch (Win32Exception)
        {
            throw new AudioInputException(
                OptionName,
                "not available: it needs a PulseAudio or PipeWire server and its 'pactl' tool (Debian/Ubuntu: apt install pulseaudio-utils)");
        }
        using (process)
        {
            Task<string> errors = process.StandardError.ReadToEndAsync();
            string output = process.StandardOutput.ReadToEnd();
            if (!process.WaitForExit(Timeout))
            {
                process.Kill();
                throw new AudioInputException(OptionName, "not available: the sound server did not answer 'pactl' in time");
            }
            if (process.ExitCode != 0)
            {
                string reason = errors.Result.ReplaceLineEndings(" ").Trim();
                throw new AudioInputException(
                    OptionName, $"not available: no PulseAudio or PipeWire server answered (pactl {command}: {reason})");
            }
            return output;
        }
    }
}
