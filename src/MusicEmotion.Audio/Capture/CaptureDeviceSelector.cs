using System.Globalization;
using MusicEmotion.Native.PortAudio;

namespace MusicEmotion.Audio.Capture;

/// <summary>
/// Turns --device (an index, or part of a name) into one input device, or a one-line error that lists the
/// candidates. A name matches exactly (ignoring case) before it matches as a part, so "pulse" picks 'pulse' even
/// when another device's name contains it.
/// </summary>
public static class CaptureDeviceSelector
{
    /// <summary>How error messages name the input: there is no device name to give when none was found.</summary>
    public const string InputName = "audio input";

    public static PortAudioDevice Select(IReadOnlyList<PortAudioDevice> devices, string? request)
    {
        ArgumentNullException.ThrowIfNull(devices);
        var inputs = devices.Where(d => d.IsInput).ToList();
        if (string.IsNullOrWhiteSpace(request))
        {
            return Default(inputs);
        }
        request = request.Trim();
        if (int.TryParse(request, NumberStyles.None, CultureInfo.InvariantCulture, out int index))
        {
            return ByIndex(devices, inputs, index);
        }
        IReadOnlyList<PortAudioDevice> matches = MatchName(inputs, request, d => d.Name);
        return matches.Count switch
        {
            1 => matches[0],
            0 => throw new AudioInputException(InputName, $"no input device matches '{request}'; {Listing(inputs)}"),
            _ => throw new AudioInputException(
                InputName, $"'{request}' matches several input devices: {Describe(matches)}; give the index or more of the name"),
        };
    }

    /// <summary>
    /// The devices whose name is <paramref name="request"/> (ignoring case), or else those whose name contains it:
    /// how every capture backend matches --device against its own device names.
    /// </summary>
    public static IReadOnlyList<T> MatchName<T>(IReadOnlyList<T> devices, string request, Func<T, string> name)
    {
        ArgumentNullException.ThrowIfNull(devices);
        ArgumentNullException.ThrowIfNull(name);
        var exact = devices.Where(d => string.Equals(name(d), request, StringComparison.OrdinalIgnoreCase)).ToList();
        return exact.Count > 0 ? exact : devices.Where(d => name(d).Contains(request, StringComparison.OrdinalIgnoreCase)).ToList();
    }

    /// <summary>"input devices: 0 'pulse' (ALSA), 1 'default' (ALSA)", or why there are none.</summary>
    public static string Listing(IReadOnlyList<PortAudioDevice> inputs) =>
        inputs.Count == 0 ? "PortAudio lists no input device" : $"input devices: {Describe(inputs)}";

    private static PortAudioDevice Default(List<PortAudioDevice> inputs)
    {
        if (inputs.Count == 0)
        {
            throw new AudioInputException(
                InputName,
                "no input device found (PortAudio lists none: connect a microphone or line input, or start the sound server,"
                + " e.g. PulseAudio or PipeWire); or analyse a file with --input FILE");
        }
        return inputs.FirstOrDefault(d => d.IsDefaultInput)
            ?? throw new AudioInputException(InputName, $"there is no default input device; choose one with --device ({Listing(inputs)})");
    }

    private static PortAudioDevice ByIndex(IReadOnlyList<PortAudioDevice> devices, List<PortAudioDevice> inputs, int index)
    {
        PortAudioDevice? device = devices.FirstOrDefault(d => d.Index == index);
        if (device is null)
        {
            throw new AudioInputException($"device {index}", $"no such device; {Listing(inputs)}");
        }
        if (!device.IsInput)
        {
            throw new AudioInputException($"device {device}", $"has no input channels (it is an output); {Listing(inputs)}");
        }
        return device;
    }

    private static string Describe(IEnumerable<PortAudioDevice> devices) =>
        string.Join(", ", devices.Select(d => $"{d.Index} '{d.Name}' ({d.HostApiName})"));
}
