using MusicEmotion.Audio;
using MusicEmotion.Audio.Capture;

namespace MusicEmotion.Tests.Audio.Capture;

public sealed class LoopbackMonitorTests
{
    [Fact]
    public void TheDefaultSinkIsReadFromPactlInfo()
    {
        const string info = """
            Server String: /run/user/1000/pulse/native
            Server Name: PulseAudio (on PipeWire 1.0.5)
            Default Sink: alsa_output.pci-0000_00_1f.3.analog-stereo
            Default Source: alsa_input.pci-0000_00_1f.3.analog-stereo
            """;
        Assert.Equal("alsa_output.pci-0000_00_1f.3.analog-stereo", LoopbackMonitor.ParseDefaultSink(info));
    }

    [Fact]
    public void AServerWithoutADefaultSinkIsReportedAsNoLoopback()
    {
        var error = Assert.Throws<AudioInputException>(() => LoopbackMonitor.ParseDefaultSink("Server Name: pulseaudio\nDefault Sink: \n"));
        Assert.Equal("--loopback: not available: the sound server reports no default output", error.Message);
    }
}
