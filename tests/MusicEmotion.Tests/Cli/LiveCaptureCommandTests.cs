using System.Text.Json;
using MusicEmotion.Tests.Audio.Capture;
using MusicEmotion.Tests.Support;
using MusicEmotion.Tests.Visualiser.Support;

namespace MusicEmotion.Tests.Cli;

/// <summary>
/// musicemotion devices and live as a user on a Linux desktop runs them, against a real PulseAudio server: the device
/// list, choosing a device and the errors for a wrong choice, no device at all, loopback capture of what plays, and a
/// server that quits mid-session (ending it, with or without the view, or, with --reconnect, waited for).
/// </summary>
[Collection(SoundServerCollection.Name)]
public sealed class LiveCaptureCommandTests(PulseAudioServer server, DisplayFixture display) : IClassFixture<DisplayFixture>
{
    private static readonly TimeSpan Patience = TimeSpan.FromMinutes(2);

    private static readonly Dictionary<string, string?> NoServer = new() { ["PULSE_SERVER"] = "unix:/nonexistent/musicemotion/native" };

    [SkippableFact]
    public void DevicesListsThePulseDeviceMarksTheDefaultAndFindsTheLoopbackQuietly()
    {
        server.Require();
        using var cli = LiveCli.Run(Server(), Patience, "devices");

        Assert.True(cli.ExitCode == 0, cli.Stderr);
        string listing = string.Join('\n', cli.Stdout);
        Assert.StartsWith("PortAudio V19", listing, StringComparison.Ordinal);
        Assert.Matches(@"\n\s+\d+\s+pulse\s+ALSA\s+\d+\s+\d+ Hz", listing);
        Assert.Matches(@"\n\s+\d+\s+default\s+ALSA\s+\d+\s+\d+ Hz\s+\*", listing);
        Assert.Contains($"loopback: --loopback captures '{PulseAudioServer.Sink44}.monitor' through the 'pulse' device", listing, StringComparison.Ordinal);
        // What ALSA and JACK print while PortAudio probes stays out of the way.
        Assert.DoesNotContain("ALSA lib", cli.Stderr + listing, StringComparison.Ordinal);
        Assert.DoesNotContain("jack", cli.Stderr, StringComparison.OrdinalIgnoreCase);
    }

    [SkippableFact]
    public void WithoutAnyInputDevicesListsNoneAndLiveSaysWhatToDo()
    {
        server.Require();
        using var devices = LiveCli.Run(NoServer, Patience, "devices");
        using var live = LiveCli.Run(NoServer, Patience, ["live", .. LiveCommandTests.Model(Requires.ReferenceData())]);

        Assert.Equal(0, devices.ExitCode);
        Assert.Contains("no input devices: connect a microphone or line input, or start the sound server", string.Join('\n', devices.Stdout), StringComparison.Ordinal);
        Assert.Contains("loopback: not available: no PulseAudio or PipeWire server answered", string.Join('\n', devices.Stdout), StringComparison.Ordinal);
        Assert.Equal(3, live.ExitCode);
        Assert.StartsWith("musicemotion: audio input: no input device found (PortAudio lists none", live.Stderr, StringComparison.Ordinal);
    }

    [SkippableTheory]
    [InlineData("focusrite", @"^musicemotion: audio input: no input device matches 'focusrite'; input devices: \d+ 'pulse' \(ALSA\), \d+ 'default' \(ALSA\)$")]
    [InlineData("ul", @"^musicemotion: audio input: 'ul' matches several input devices: \d+ 'pulse' \(ALSA\), \d+ 'default' \(ALSA\); give the index or more of the name$")]
    [InlineData("99", @"^musicemotion: device 99: no such device; input devices: \d+ 'pulse' \(ALSA\), \d+ 'default' \(ALSA\)$")]
    public void AWrongDeviceIsAOneLineErrorListingTheInputs(string device, string message)
    {
        server.Require();
        using var live = LiveCli.Run(Server(), Patience, ["live", "--device", device, .. LiveCommandTests.Model(Requires.ReferenceData())]);
        Assert.Equal(3, live.ExitCode);
        Assert.Matches(message, live.Stderr.Trim());
    }

    [SkippableFact]
    public void LoopbackHearsWhatTheMachinePlays()
    {
        string reference = Requires.ReferenceData();
        server.Require();
        using var live = LiveCli.Start(Server(), ["live", "--loopback", "--format", "jsonl", "--duration", "6", .. LiveCommandTests.Model(reference)]);
        live.WaitForLines(1, Patience);
        using (var player = server.Play(Path.Combine(reference, "music", "frantic.wav"), PulseAudioServer.Sink44))
        {
            live.WaitForExit(Patience);
            player.Kill();
        }

        Assert.True(live.ExitCode == 0, live.Stderr);
        Assert.Contains("listening to device", live.Stderr, StringComparison.Ordinal);
        double[] levels = live.Stdout.Select(line => JsonDocument.Parse(line).RootElement.GetProperty("rms").GetDouble()).ToArray();
        Assert.True(levels.Length >= 8, $"{levels.Length} readings in 6 s");
        Assert.Equal(0, levels[0]);
        Assert.True(levels.Count(level => level > 0.01) >= 4, $"the music was not heard: rms {string.Join(", ", levels)}");
    }

    [SkippableTheory]
    [InlineData(false)]
    [InlineData(true)]
    public void AServerThatQuitsEndsTheSessionWithAClearMessageAfterDeliveringEveryReading(bool view)
    {
        server.Require();
        Dictionary<string, string?> environment = Server();
        string[] viewOption = [];
        if (view)
        {
            display.Require();
            environment["DISPLAY"] = display.Display;
            viewOption = ["--view"];
        }
        using var live = LiveCli.Start(environment, ["live", "--device", "pulse", .. viewOption, "--format", "jsonl", .. LiveCommandTests.Model(Requires.ReferenceData())]);
        try
        {
            live.WaitForLines(2, Patience);
            server.Kill();
            // Under the view nobody closes the window: the failure must.
            live.WaitForExit(Patience);
        }
        finally
        {
            server.Restart();
        }

        Assert.True(live.ExitCode == 1, $"exit {live.ExitCode}: {live.Stderr}");
        // One line says what happened to the device and that every reading before it was delivered.
        string error = Assert.Single(live.Stderr.Split('\n'), line => line.Contains("'pulse': ", StringComparison.Ordinal));
        Assert.Matches(@"^musicemotion: device \d+ 'pulse': (the stream stopped: the device was unplugged, or its sound server quit|delivered no audio for 3 s)", error);
        Assert.EndsWith($"; the session ended early; the {live.Stdout.Count} readings made before were delivered", error.TrimEnd(), StringComparison.Ordinal);
        Assert.Equal(Enumerable.Range(0, live.Stdout.Count).Select(i => (long)i), live.Stdout.Select(Sequence));
    }

    [SkippableFact]
    public void WithReconnectASessionOutlivesTheServerAndContinuesItsStream()
    {
        server.Require();
        using var live = LiveCli.Start(Server(), ["live", "--device", "pulse", "--reconnect", "--format", "jsonl", .. LiveCommandTests.Model(Requires.ReferenceData())]);
        int before;
        try
        {
            live.WaitForLines(2, Patience);
            server.Kill();
            Thread.Sleep(2500);
            before = live.Stdout.Count;
        }
        finally
        {
            server.Restart();
        }
        live.WaitForLines(before + 3, Patience);
        live.Signal("INT");
        live.WaitForExit(Patience);

        Assert.True(live.ExitCode == 0, live.Stderr);
        Assert.Contains("; reconnecting", live.Stderr, StringComparison.Ordinal);
        Assert.Contains("musicemotion: reconnected to 'pulse'", live.Stderr, StringComparison.Ordinal);
        long[] sequence = live.Stdout.Select(Sequence).ToArray();
        Assert.Equal(sequence.Order(), sequence);
        Assert.Equal(sequence.Length, sequence.Distinct().Count());
    }

    private Dictionary<string, string?> Server() => new() { ["PULSE_SERVER"] = server.Address };

    private static long Sequence(string line) => JsonDocument.Parse(line).RootElement.GetProperty("seq").GetInt64();
}
