using MusicEmotion.Audio;
using MusicEmotion.Audio.Capture;
using MusicEmotion.Audio.Conversion;
using MusicEmotion.Audio.Decoding;
using MusicEmotion.Inference;
using MusicEmotion.Pipeline;
using MusicEmotion.Pipeline.Sources;
using MusicEmotion.Tests.Audio;
using MusicEmotion.Tests.Audio.Capture;
using MusicEmotion.Tests.Support;
using Xunit.Abstractions;

namespace MusicEmotion.Tests.Pipeline;

/// <summary>
/// The product's main job, end to end against a real sound server: paplay plays a reference excerpt into a
/// PulseAudio null sink, PortAudio captures the sink's monitor through ALSA's 'pulse' device, and the live path
/// (ring, pump, drop-oldest channels, features, stateful engine) must read the emotion the file path reads from the
/// same audio.
/// </summary>
/// <remarks>
/// "The same audio" is made exact: the test keeps the raw blocks the device delivered, finds where the file starts
/// in them, and runs the file path on that many samples of silence followed by the file, so both paths cut frames at
/// the same offsets. When the server plays the file at its own rate it changes nothing (16-bit to float is exact,
/// mono is copied to both channels), so the audio must match sample for sample and the readings to 1e-5 (the
/// reference tolerance of the stateful model; in fact they are identical). When the server resamples (a 44.1 kHz
/// file into a 48 kHz sink), its resampler and the fractional offset change the audio slightly, and the readings are
/// compared with a looser, stated tolerance.
/// </remarks>
[Collection(SoundServerCollection.Name)]
public sealed class LiveCaptureParityTests(PulseAudioServer server, ITestOutputHelper output) : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [SkippableTheory]
    [InlineData(PulseAudioServer.Sink44, 44_100, "frantic.wav")]
    [InlineData(PulseAudioServer.Sink48, 48_000, "sad_48k.wav")]
    public async Task LiveReadingsOfAFilePlayedAtTheDeviceRateMatchTheFilePath(string sink, int rate, string track)
    {
        using var sessions = new LiveSessions(Requires.ReferenceData());
        server.Require();
        string file = sessions.Music(track);
        var (live, captured, summary) = await CaptureWhilePlayingAsync(sessions, file, sink, rate);

        float[] played = Decode(file, rate);
        int offset = FindOffset(captured, played);
        double audioError = MaxDifference(captured.AsSpan(offset, played.Length), played);
        IReadOnlyList<EmotionReading> expected = await sessions.FilePathReadingsAsync(Reconstruct(played, offset, captured.Length, rate));
        int compared = Math.Min(live.Count, expected.Count);
        double readingError = ReadingComparison.MaxDifference(live, expected, compared);
        output.WriteLine($"{track} at {rate} Hz: offset {offset} samples, audio error {audioError}, {compared} readings, max error {readingError}");

        Assert.Null(summary.Error);
        Assert.Equal(0, summary.Counters.TotalDrops);
        Assert.Equal(0, summary.Counters.CaptureOverruns);
        Assert.Equal(0, audioError);
        Assert.True(compared >= played.Length / (rate / 2), $"only {compared} readings to compare");
        Assert.True(readingError <= 1e-5, $"live and file readings differ by up to {readingError}");
    }

    [SkippableFact]
    public async Task LiveReadingsOfAFileTheServerResamplesStayCloseToTheFilePath()
    {
        using var sessions = new LiveSessions(Requires.ReferenceData());
        server.Require();
        string file = sessions.Music("frantic.wav");
        float[] played = Decode(file, 44_100);
        // A loaded machine can make the server's playback stream underrun: PulseAudio then plays silence and the rest
        // of the file arrives later, so the capture is no longer the file at one offset. That is the server's doing,
        // not the live path's, and it shows as a different offset at the end of the file than at its start; such a
        // capture is taken again (at most three times). Audio lost on the way (the file ending earlier than it started)
        // or any other error fails at once.
        for (int attempt = 1; ; attempt++)
        {
            var (live, captured, summary) = await CaptureWhilePlayingAsync(sessions, file, PulseAudioServer.Sink48, 48_000);

            // Our own resampler brings the capture to 44.1 kHz; the offset is found there, to the nearest sample.
            float[] captured44 = Resample(captured, 48_000);
            int offset = FindOffsetByCorrelation(captured44, played);
            int endOffset = FindEndOffsetByCorrelation(captured44, played, offset);
            if (endOffset > offset && attempt < 3)
            {
                output.WriteLine($"attempt {attempt}: the server's playback slipped (offset {offset} at the start, {endOffset} at the end); capturing again");
                continue;
            }
            Assert.True(Math.Abs(endOffset - offset) <= 1, $"the server's playback slipped in all {attempt} captures (offset {offset} at the start, {endOffset} at the end)");
            IReadOnlyList<EmotionReading> expected = await sessions.FilePathReadingsAsync(Reconstruct(played, offset, captured44.Length, 44_100));
            int compared = Math.Min(live.Count, expected.Count);
            double readingError = ReadingComparison.MaxDifference(live, expected, compared);
            output.WriteLine($"frantic.wav resampled by the server to 48 kHz: offset {offset}, {compared} readings, max error {readingError}");

            Assert.Null(summary.Error);
            Assert.Equal(0, summary.Counters.TotalDrops);
            Assert.True(compared >= 23, $"only {compared} readings to compare");
            // PulseAudio's own resampler (44.1 -> 48 kHz) and ours (back), plus an offset known only to the nearest
            // sample, move the features slightly; through the stateful model that came to 0.014 on a quiet machine.
            // 0.08 leaves room for that while a wrong frame, offset or state (errors of 0.1 to 1) still fails.
            Assert.True(readingError <= 0.08, $"live and file readings differ by up to {readingError}");
            return;
        }
    }

    /// <summary>Captures the sink's monitor through the live path while paplay plays <paramref name="file"/>, plus a second of silence.</summary>
    private async Task<(IReadOnlyList<EmotionReading> Readings, float[] Captured, SessionSummary Summary)> CaptureWhilePlayingAsync(
        LiveSessions sessions, string file, string sink, int rate)
    {
        server.CaptureMonitorOf(sink);
        var recording = new RecordingCapture(PortAudioCapture.Open(new CaptureRequest { Device = "pulse", SampleRate = rate }));
        Assert.Equal(new AudioFormat(rate, 2), recording.Format);
        var collector = new CollectingSink();
        using var source = new CaptureFrameSource(() => recording);
        using var stop = new CancellationTokenSource();
        Task<SessionSummary> run = LiveSessions.RunAsync(sessions.Tracker(), source, PipelineOptions.Live, collector, stop.Token);
        // A sound server may take a second to start delivering; the file must start after the capture has.
        for (int waited = 0; recording.Statistics.Blocks == 0; waited += 20)
        {
            Assert.True(waited < 10_000, "the capture delivered nothing for 10 s");
            await Task.Delay(20);
        }
        await Task.Delay(300);
        using (var player = server.Play(AfterSilence(file), sink))
        {
            await player.WaitForExitAsync();
            Assert.Equal(0, player.ExitCode);
        }
        await Task.Delay(1000);
        await stop.CancelAsync();
        SessionSummary summary = await run;
        return (collector.Readings, recording.Left(), summary);
    }

    /// <summary>
    /// The file as 16-bit PCM after half a second of silence: PulseAudio ramps the first milliseconds of every new
    /// stream in, and that ramp must fall on the silence, not on the music the paths are compared on.
    /// </summary>
    private string AfterSilence(string file)
    {
        using IAudioSource source = AudioFile.Open(file);
        float[] music = TestWav.ReadAll(source);
        var samples = new short[source.Format.SampleRate / 2 + music.Length];
        for (int i = 0; i < music.Length; i++)
        {
            samples[source.Format.SampleRate / 2 + i] = checked((short)(music[i] * 32768));
        }
        return _folder.Write("played.wav", TestWav.Pcm16(source.Format.SampleRate, 1, samples));
    }

    private static float[] Decode(string file, int expectedRate)
    {
        using IAudioSource source = AudioFile.Open(file);
        Assert.Equal(new AudioFormat(expectedRate, 1), source.Format);
        return TestWav.ReadAll(source);
    }

    private static float[] Resample(float[] samples, int rate)
    {
        using var folder = new TempFolder();
        string path = folder.Write("capture.wav", TestWav.Float32(rate, 1, samples));
        return TestWav.ReadAll(new MonoResamplingSource(AudioFile.Open(path)));
    }

    /// <summary>Where the file's first sample lies in the capture: it is not zero, and the capture is exact silence before it.</summary>
    private static int FindOffset(float[] captured, float[] played)
    {
        int firstPlayed = Array.FindIndex(played, s => s != 0);
        int firstCaptured = Array.FindIndex(captured, s => s != 0);
        Assert.True(firstCaptured >= firstPlayed, "nothing was captured");
        return firstCaptured - firstPlayed;
    }

    /// <summary>The lag (near the first sound) at which a second of the file correlates best with the capture.</summary>
    private static int FindOffsetByCorrelation(float[] captured, float[] played)
    {
        int estimate = FindOffset(captured.Select(s => Math.Abs(s) < 1e-4f ? 0f : s).ToArray(), played.Select(s => Math.Abs(s) < 1e-4f ? 0f : s).ToArray());
        int window = Math.Min(44_100, played.Length);
        int best = estimate;
        double bestScore = double.MinValue;
        for (int lag = Math.Max(0, estimate - 400); lag <= estimate + 400 && lag + window <= captured.Length; lag++)
        {
            double score = 0;
            for (int i = 0; i < window; i++)
            {
                score += captured[lag + i] * played[i];
            }
            if (score > bestScore)
            {
                (best, bestScore) = (lag, score);
            }
        }
        return best;
    }

    /// <summary>Where the file's last second lies in the capture, searched near where an unbroken playback puts it.</summary>
    private static int FindEndOffsetByCorrelation(float[] captured, float[] played, int offset)
    {
        // A tenth of a second of music is plenty to place the end, and keeps the search over half a second of lags cheap.
        int window = Math.Min(4_410, played.Length);
        int start = played.Length - window;
        int best = offset;
        double bestScore = double.MinValue;
        for (int lag = Math.Max(0, offset - 4_410); lag <= offset + 22_050 && lag + start + window <= captured.Length; lag++)
        {
            double score = 0;
            for (int i = 0; i < window; i++)
            {
                score += captured[lag + start + i] * played[start + i];
            }
            if (score > bestScore)
            {
                (best, bestScore) = (lag, score);
            }
        }
        return best;
    }

    private static double MaxDifference(ReadOnlySpan<float> a, ReadOnlySpan<float> b)
    {
        double worst = 0;
        for (int i = 0; i < a.Length; i++)
        {
            worst = Math.Max(worst, Math.Abs(a[i] - b[i]));
        }
        return worst;
    }

    /// <summary>A WAV of <paramref name="offset"/> samples of silence, then the file, then silence to the capture's length.</summary>
    private string Reconstruct(float[] played, int offset, int length, int rate)
    {
        var samples = new float[Math.Max(length, offset + played.Length)];
        played.CopyTo(samples, offset);
        return _folder.Write($"reconstructed-{offset}.wav", TestWav.Float32(rate, 1, samples));
    }

    /// <summary>The real capture, passed through untouched, keeping a copy of every block the pump reads.</summary>
    private sealed class RecordingCapture(PortAudioCapture inner) : ICaptureStream
    {
        private readonly List<float> _interleaved = [];

        public string Name => inner.Name;

        public SourceKind Kind => inner.Kind;

        public AudioFormat Format => inner.Format;

        public TimeSpan BlockDuration => inner.BlockDuration;

        public int MaxBlockSamples => inner.MaxBlockSamples;

        public CaptureStatistics Statistics => inner.Statistics;

        public Exception? Failure => inner.Failure;

        public bool HasBlock => inner.HasBlock;

        public void Start() => inner.Start();

        public void Stop() => inner.Stop();

        public CaptureState Poll() => inner.Poll();

        public bool TryRead(Span<float> destination, out int length, out long capturedTicks)
        {
            if (!inner.TryRead(destination, out length, out capturedTicks))
            {
                return false;
            }
            lock (_interleaved)
            {
                _interleaved.AddRange(destination[..length]);
            }
            return true;
        }

        /// <summary>The left channel; the right must be the same, since the server copied mono to both.</summary>
        public float[] Left()
        {
            lock (_interleaved)
            {
                var left = new float[_interleaved.Count / 2];
                int differing = 0;
                for (int i = 0; i < left.Length; i++)
                {
                    left[i] = _interleaved[2 * i];
                    differing += left[i] == _interleaved[2 * i + 1] ? 0 : 1;
                }
                Assert.Equal(0, differing);
                return left;
            }
        }

        public void Dispose() => inner.Dispose();
    }
}
