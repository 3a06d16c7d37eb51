using System.Diagnostics;
using MusicEmotion.Audio;
using MusicEmotion.Audio.Capture.Wasapi;

namespace MusicEmotion.Tests.Audio.Capture.Wasapi;

/// <summary>--process NAME|PID against the real process table (this test process is the one found).</summary>
public sealed class ProcessLoopbackTargetTests
{
    [Fact]
    public void AnIdFindsItsProcess()
    {
        using Process self = Process.GetCurrentProcess();
        var notices = new List<string>();

        (int id, string name) = ProcessLoopbackTarget.Find(self.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), notices);

        Assert.Equal((self.Id, self.ProcessName), (id, name));
        Assert.Empty(notices);
    }

    [Fact]
    public void ANameFindsARunningProcessOfThatName()
    {
        using Process self = Process.GetCurrentProcess();
        var notices = new List<string>();

        (int id, string name) = ProcessLoopbackTarget.Find(self.ProcessName + ".exe", notices);

        Assert.Equal(self.ProcessName, name);
        using Process found = Process.GetProcessById(id);
        Assert.Equal(self.ProcessName, found.ProcessName);
    }

    [Fact]
    public void AnUnknownNameOrIdIsOneLineNamingIt()
    {
        var byName = Assert.Throws<AudioInputException>(() => ProcessLoopbackTarget.Find("no-such-player-4711", []));
        Assert.Equal(
            "--process no-such-player-4711: no running process has this name; give its executable's name (e.g. spotify) or its id",
            byName.Message);

        var byId = Assert.Throws<AudioInputException>(() => ProcessLoopbackTarget.Find("2147483647", []));
        Assert.Equal("--process 2147483647: no running process has this id", byId.Message);
    }
}
