using System.CommandLine;
using System.Globalization;
using MusicEmotion.Audio;
using MusicEmotion.Audio.Capture;
using MusicEmotion.Cli.Terminal;
using MusicEmotion.Native.PortAudio;
using Spectre.Console;

namespace MusicEmotion.Cli.Commands;

/// <summary>
/// <c>musicemotion devices</c>: what live can listen to: PortAudio's host APIs and input devices (index, name, host
/// API, channels, default rate, the default marked), and whether --loopback would find a monitor source.
/// </summary>
internal static class DevicesCommand
{
    public static Command Create()
    {
        var verbose = new Option<bool>("--verbose") { Description = "Show the sound libraries' own messages while PortAudio probes devices" };
        var command = new Command("devices", "List the audio input devices live can capture from (pick one with live --device)");
        command.Options.Add(verbose);
        command.SetAction(parse => Run(parse.GetValue(verbose)));
        return command;
    }

    private static int Run(bool verbose)
    {
        IReadOnlyList<PortAudioHostApi> hostApis;
        IReadOnlyList<PortAudioDevice> inputs;
        using (var session = PortAudioSession.Open(quiet: !verbose))
        {
            hostApis = session.HostApis();
            inputs = session.Devices().Where(d => d.IsInput).ToList();
        }
        var console = ConsoleOutput.Stdout();
        console.MarkupLine(Markup.Escape(PortAudioSession.VersionText));
        console.MarkupLine(Markup.Escape("host APIs: " + string.Join(", ", hostApis.Select(api =>
            $"{api.Index} {api.Name} ({api.DeviceCount} device{(api.DeviceCount == 1 ? "" : "s")}{(api.IsDefault ? ", default" : "")})"))));
        if (inputs.Count == 0)
        {
            console.MarkupLine(Markup.Escape(
                "no input devices: connect a microphone or line input, or start the sound server (PulseAudio, PipeWire)"));
        }
        else
        {
            var table = new Table().Border(TableBorder.Simple)
                .AddColumn(new TableColumn("index").RightAligned())
                .AddColumn("name")
                .AddColumn("host API")
                .AddColumn(new TableColumn("channels").RightAligned())
                .AddColumn(new TableColumn("default rate").RightAligned())
                .AddColumn("default");
            foreach (PortAudioDevice device in inputs)
            {
                table.AddRow(
                    device.Index.ToString(CultureInfo.InvariantCulture),
                    Markup.Escape(device.Name),
                    Markup.Escape(device.HostApiName),
                    device.MaxInputChannels.ToString(CultureInfo.InvariantCulture),
                    device.DefaultSampleRate.ToString("0", CultureInfo.InvariantCulture) + " Hz",
                    device.IsDefaultInput ? "*" : "");
            }
            console.Write(table);
        }
        console.MarkupLine(Markup.Escape($"loopback: {Loopback(inputs)}"));
        console.MarkupLine(Markup.Escape("pick one with: musicemotion live --device INDEX|NAME (or --loopback)"));
        return ExitCodes.Ok;
    }

    private static string Loopback(IReadOnlyList<PortAudioDevice> inputs)
    {
        try
        {
            string monitor = LoopbackMonitor.FindDefault();
            return inputs.Any(d => d.Name == PortAudioCapture.PulseDevice)
                ? $"--loopback captures '{monitor}' through the '{PortAudioCapture.PulseDevice}' device"
                : $"the output's monitor is '{monitor}', but PortAudio has no '{PortAudioCapture.PulseDevice}' device (apt install libasound2-plugins)";
        }
        catch (AudioInputException error)
        {
            return error.Problem;
        }
    }
}
