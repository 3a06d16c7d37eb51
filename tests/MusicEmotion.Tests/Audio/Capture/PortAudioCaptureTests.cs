using System.Diagnostics;
using MusicEmotion.Audio;
using MusicEmotion.Audio.Capture;
using MusicEmotion.Native.PortAudio;

namespace MusicEmotion.Tests.Audio.Capture;

/// <summary>Capture through the real PortAudio library from a real PulseAudio server's null-sink monitor.</summary>
[Collection(SoundServerCollection.Name)]
public sealed class PortAudioCaptureTests(PulseAudioServer server)
{
    [SkippableFact]
    public void PortAudioListsThePulseDeviceAsAnInput()
    {
        server.Require();
        using var session = PortAudioSession.Open();
        PortAudioDevice pulse = Assert.Single(session.Devices(), d => d.Name == PortAudioCapture.PulseDevice);
        Assert.True(pulse.IsInput);
        Assert.Equal("ALSA", pulse.HostApiName);
        Assert.Contains(session.HostApis(), api => api.Name == "ALSA" && api.DeviceCount > 0);
        Assert.StartsWith("PortAudio V19", PortAudioSession.VersionText, StringComparison.Ordinal);
    }

    [SkippableFact]
    public void TheCallbackAllocatesNothingOverHundredsOfCallbacks()
    {
        server.Require();
        server.CaptureMonitorOf(PulseAudioServer.Sink48);
        using var capture = PortAudioCapture.Open(new CaptureRequest { Device = "pulse", SampleRate = 48_000 });
        Assert.Equal(new AudioFormat(48_000, 2), capture.Format);
        capture.Start();
        WaitFor(() => capture.Statistics.Blocks > 0, TimeSpan.FromSeconds(10));
        var block = new float[capture.MaxBlockSamples];
        var clock = Stopwatch.StartNew();
        long frames = 0;
        while (clock.Elapsed < TimeSpan.FromSeconds(3))
        {
            while (capture.TryRead(block, out int length, out _))
            {
                frames += length / 2;
            }
            Thread.Sleep(20);
        }
        capture.Stop();

        CaptureStatistics stats = capture.Statistics;
        Assert.True(stats.MeasuredCallbacks >= 100, $"only {stats.MeasuredCallbacks} callbacks were measured");
        Assert.Equal(0, stats.CallbackAllocatedBytes);
        Assert.Equal(0, stats.Overruns);
        Assert.True(frames >= 48_000, $"only {frames} frames arrived in 3 s");
        Assert.Equal(CaptureState.Running, capture.Poll());
    }

    [SkippableFact]
    public void TheAllocationCheckSeesACallbackThatAllocates()
    {
        server.Require();
        using var session = PortAudioSession.Open();
        PortAudioDevice pulse = session.Devices().Single(d => d.Name == PortAudioCapture.PulseDevice);
        var target = new CopyingTarget();
        using (var stream = session.OpenInput(new PortAudioInputSettings(pulse.Index, 2, 48_000, 480, 0.01), target))
        {
            stream.Start();
            WaitFor(() => stream.MeasuredCallbacks >= 20, TimeSpan.FromSeconds(5));
            stream.Stop();
            Assert.True(stream.CallbackAllocatedBytes >= stream.MeasuredCallbacks * 480 * 2 * sizeof(float));
        }
        Assert.NotNull(target.Last);
    }

    [SkippableFact]
    public void AFullRingCountsOverrunsWhileTheCallbackKeepsRunning()
    {
        server.Require();
        server.CaptureMonitorOf(PulseAudioServer.Sink48);
        using var capture = PortAudioCapture.Open(new CaptureRequest { Device = "pulse", SampleRate = 48_000, RingSeconds = 0.1 });
        capture.Start();
        // Nobody reads: the ring fills within a fraction of a second, and every block after that is an overrun.
        WaitFor(() => capture.Statistics.Blocks > 0, TimeSpan.FromSeconds(5));
        Thread.Sleep(1500);
        CaptureStatistics stats = capture.Statistics;
        capture.Stop();

        long ringBlocks = capture.Ring.CapacityFrames / 480;
        Assert.True(stats.Blocks >= 100, $"the callback ran only {stats.Blocks} times in 1.5 s");
        Assert.True(stats.Overruns >= stats.Blocks - ringBlocks - 1, $"{stats.Overruns} overruns in {stats.Blocks} callbacks");
        Assert.Equal(stats.Overruns * 480, stats.DroppedFrames);
        Assert.Equal(0, stats.CallbackAllocatedBytes);
    }

    [SkippableFact]
    public void AnExceptionInTheCallbackNeverReachesPortAudioItAbortsTheStreamAndIsKept()
    {
        server.Require();
        using var session = PortAudioSession.Open();
        PortAudioDevice pulse = session.Devices().Single(d => d.Name == PortAudioCapture.PulseDevice);
        using var stream = session.OpenInput(new PortAudioInputSettings(pulse.Index, 2, 44_100, 441, 0.01), new ThrowingTarget());
        stream.Start();
        WaitFor(() => stream.HasFinished, TimeSpan.FromSeconds(5));

        Assert.IsType<InvalidDataException>(stream.Fault);
        Assert.Equal("the target refuses the block", stream.Fault!.Message);
        Assert.False(stream.IsActive);
    }

    [SkippableFact]
    public void AnUnsupportedRateFallsBackToTheDevicesOwnAndSaysSo()
    {
        server.Require();
        using var capture = PortAudioCapture.Open(new CaptureRequest { Device = "pulse", SampleRate = 1_000_000 });
        int native = (int)capture.Device.DefaultSampleRate;
        Assert.Equal(native, capture.Format.SampleRate);
        string notice = Assert.Single(capture.Notices);
        Assert.StartsWith($"device {capture.Device.Index} 'pulse': 1000000 Hz is not supported (", notice, StringComparison.Ordinal);
        Assert.EndsWith($"); capturing at its default {native} Hz", notice, StringComparison.Ordinal);
    }

    [SkippableFact]
    public void AFormatTheDeviceRefusesIsAPortAudioErrorWithItsText()
    {
        server.Require();
        using var session = PortAudioSession.Open();
        PortAudioDevice pulse = session.Devices().Single(d => d.Name == PortAudioCapture.PulseDevice);
        var error = Assert.Throws<PortAudioException>(() =>
            session.OpenInput(new PortAudioInputSettings(pulse.Index, pulse.MaxInputChannels + 1, 44_100, 441, 0.01), new ThrowingTarget()));
        Assert.Equal(PortAudioError.InvalidChannelCount, error.Error);
        Assert.Equal("PortAudio could not open the stream: Invalid number of channels", error.Message);
        Assert.NotNull(session.CheckInputFormat(pulse.Index, pulse.MaxInputChannels + 1, 44_100));
        Assert.Null(session.CheckInputFormat(pulse.Index, 2, 44_100));
    }

    [SkippableFact]
    public void ADeviceWhoseServerQuitsIsReportedAsFailedWithItsName()
    {
        server.Require();
        server.CaptureMonitorOf(PulseAudioServer.Sink44);
        try
        {
            using var capture = PortAudioCapture.Open(new CaptureRequest { Device = "pulse" });
            capture.Start();
            WaitFor(() => capture.Statistics.Blocks > 10, TimeSpan.FromSeconds(5));
            server.Kill();
            WaitFor(() => capture.Poll() == CaptureState.Failed, TimeSpan.FromSeconds(10));

            Assert.IsType<AudioInputException>(capture.Failure);
            Assert.Matches(
                @"^device \d+ 'pulse': (the stream stopped: the device was unplugged, or its sound server quit|delivered no audio for 3 s)$",
                capture.Failure!.Message);
        }
        finally
        {
            server.Restart();
        }
    }

    private static void WaitFor(Func<bool> condition, TimeSpan timeout)
    {
        var clock = Stopwatch.StartNew();
        while (!condition())
        {
            Assert.True(clock.Elapsed < timeout, $"gave up waiting after {timeout.TotalSeconds} s");
            Thread.Sleep(20);
        }
    }

    /// <summary>Breaks the real-time rule on purpose: copies every block into a new array.</summary>
    private sealed class CopyingTarget : ICaptureTarget
    {
        public float[]? Last { get; private set; }

        public void Write(ReadOnlySpan<float> interleaved, long capturedTicks) => Last = interleaved.ToArray();
    }

    private sealed class ThrowingTarget : ICaptureTarget
    {
        private static readonly InvalidDataException Refusal = new("the target refuses the block");

        public void Write(ReadOnlySpan<float> interleaved, long capturedTicks) => throw Refusal;
    }
}
