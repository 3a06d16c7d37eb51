using System.Text;
using MusicEmotion.Inference;
using MusicEmotion.Outputs.MessagePack;
using MusicEmotion.Outputs.Recording;
using MusicEmotion.Pipeline;
using MusicEmotion.Pipeline.Diagnostics;
using MusicEmotion.Tests.Support;

namespace MusicEmotion.Tests.Outputs;

/// <summary>
/// Recording and reading back: every field survives, every reading is on disk as soon as it is written, a file
/// cut anywhere reads back every complete reading with a note, and files that are not recordings say so.
/// </summary>
public sealed class RecordingTests
{
    [Fact]
    public void EveryFieldOfTheHeaderAndReadingsIsReadBack()
    {
        SessionInfo session = SampleReadings.Session();
        IReadOnlyList<EmotionReading> readings = SampleReadings.Readings(30);
        (byte[] bytes, _) = RecordedReadings.Record((session, readings));

        Recording recording = RecordingReader.Read(bytes, "set.msgpack");

        Assert.Null(recording.Problem);
        RecordedSession recorded = Assert.Single(recording.Sessions);
        RecordedReadings.AssertSameSession(session, recorded.Header);
        RecordedReadings.AssertSameReadings(readings, recorded.Readings);
    }

    [Fact]
    public void EachReadingIsInTheFileAsSoonAsItIsWritten()
    {
        using var folder = new TempFolder();
        string path = folder.File("live.msgpack");
        IReadOnlyList<EmotionReading> readings = SampleReadings.Readings(12);
        using (var sink = RecordingSink.Create(path))
        {
            sink.Start(SampleReadings.Session());
            for (int i = 0; i < readings.Count; i++)
            {
                sink.Write(readings[i]);

                // Read by another handle while the recorder is still open, as after a crash right now.
                Recording sofar = RecordingReader.Read(path);
                Assert.Null(sofar.Problem);
                Assert.Equal(i + 1, Assert.Single(sofar.Sessions).Readings.Count);
            }
        }
    }

    [Fact]
    public void AFileCutAnywhereGivesEveryReadingCompleteBeforeTheCut()
    {
        (byte[] bytes, List<long> ends) = RecordedReadings.Record((SampleReadings.Session(), SampleReadings.Readings(8)));

        for (int cut = 1; cut < bytes.Length; cut++)
        {
            Recording recording = RecordingReader.Read(bytes.AsMemory(0, cut), "cut.msgpack");

            int complete = ends.Count(end => end <= cut) - 1;
            bool atABoundary = ends.Contains(cut);
            Assert.Equal(Math.Max(complete, 0), recording.ReadingCount);
            Assert.Equal(complete >= 0 ? 1 : 0, recording.Sessions.Count);
            Assert.Equal(!atABoundary, recording.IsTruncated);
            if (!atABoundary)
            {
                Assert.StartsWith("cut.msgpack: ends at byte ", recording.Problem, StringComparison.Ordinal);
                Assert.DoesNotContain('\n', recording.Problem!);
            }
        }
    }

    [Fact]
    public void SessionsRecordedOneAfterAnotherReadBackInOrder()
    {
        SessionInfo first = SampleReadings.Session("a.wav");
        SessionInfo second = SampleReadings.Session("b.flac", forecastSteps: 2) with { StartedUtc = SampleReadings.Start.AddMinutes(3) };
        (byte[] bytes, _) = RecordedReadings.Record((first, SampleReadings.Readings(3)), (second, SampleReadings.Readings(5)));

        Recording recording = RecordingReader.Read(bytes, "two.msgpack");

        Assert.Null(recording.Problem);
        Assert.Equal([3, 5], recording.Sessions.Select(s => s.Readings.Count));
        RecordedReadings.AssertSameSession(first, recording.Sessions[0].Header);
        RecordedReadings.AssertSameSession(second, recording.Sessions[1].Header);
    }

    [Fact]
    public void AnEmptyFileOrOneThatIsNotARecordingSaysSo()
    {
        Assert.Equal("x.msgpack: is empty; expected a MusicEmotion recording", RecordingReader.Read(Array.Empty<byte>(), "x.msgpack").Problem);

        Recording wav = RecordingReader.Read("RIFF\x24\0\0\0WAVEfmt "u8.ToArray(), "song.wav");
        Assert.Empty(wav.Sessions);
        Assert.Equal(
            "song.wav at byte 0: not a MusicEmotion recording: it does not start with a header map (format 'musicemotion-recording')",
            wav.Problem);

        Recording json = RecordingReader.Read(Encoding.UTF8.GetBytes("{\"seq\": 1}"), "readings.json");
        Assert.False(json.IsTruncated);
        Assert.StartsWith("readings.json at byte 0: not a MusicEmotion recording", json.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void AnotherFormatOrANewerVersionIsRefusedByName()
    {
        Assert.Equal(
            "other.msgpack at byte 0: not a MusicEmotion recording: its header's format is 'other-format', expected 'musicemotion-recording'",
            RecordingReader.Read(Encode(Header("other-format", 1)), "other.msgpack").Problem);
        Assert.Equal(
            "new.msgpack at byte 0: recording format version 2 is newer than this build reads (version 1); update musicemotion",
            RecordingReader.Read(Encode(Header(RecordingFormat.FormatName, 2)), "new.msgpack").Problem);
    }

    [Fact]
    public void AWrongValueUnderAKnownKeyNamesTheReadingAndTheKeyAndKeepsWhatCameBefore()
    {
        MessagePackValue bad = Map(("seq", MessagePackValue.From(2L)), ("t", MessagePackValue.From(1.0)), ("arousal", MessagePackValue.From("high")));
        byte[] bytes = [.. RecordedReadings.Record((SampleReadings.Session(), SampleReadings.Readings(2))).Bytes, .. Encode(bad)];

        Recording recording = RecordingReader.Read(bytes, "bad.msgpack");

        Assert.Equal(2, recording.ReadingCount);
        Assert.False(recording.IsTruncated);
        Assert.EndsWith("reading #3: 'arousal' must be a number or nil, not a string; the 2 readings before it are intact", recording.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void KeysAReaderDoesNotKnowAreSkippedAndMissingOptionalOnesDefault()
    {
        MessagePackValue minimal = Map(
            ("seq", MessagePackValue.From(7L)), ("t", MessagePackValue.From(3L)), ("arousal", MessagePackValue.From(0.5)),
            ("valence", MessagePackValue.From(-0.25f)), ("mood_v2", MessagePackValue.Array(MessagePackValue.From("later"))));
        byte[] bytes = [.. Encode(Header(RecordingFormat.FormatName, 1)), .. Encode(minimal)];

        Recording recording = RecordingReader.Read(bytes, "minimal.msgpack");

        Assert.Null(recording.Problem);
        EmotionReading reading = Assert.Single(recording.Sessions[0].Readings);
        Assert.Equal((7L, 3.0, new AffectPoint(0.5f, -0.25f)), (reading.Sequence, reading.StartTime, reading.Point));
        Assert.Equal((Quadrant.ActiveNegative, Circumplex.Label(reading.Point), 0), (reading.Quadrant, reading.Label, reading.ForecastCount));
        Assert.Equal(default, reading.Timeline);
    }

    [Fact]
    public void AnExistingFileIsNeverOverwritten()
    {
        using var folder = new TempFolder();
        string path = folder.Write("set.msgpack", [1, 2, 3]);

        var error = Assert.Throws<IOException>(() => RecordingSink.Create(path));

        Assert.Equal($"{path}: already exists; recordings are never overwritten, choose another name", error.Message);
        Assert.Equal([1, 2, 3], File.ReadAllBytes(path));
    }

    [Fact]
    public void TheEndOfASessionReportsWhatWasRecorded()
    {
        var lines = new List<string>();
        using var sink = new RecordingSink(new MemoryStream(), "set.msgpack", ownsOutput: true, lines.Add);
        sink.Start(SampleReadings.Session());
        sink.Write(SampleReadings.Reading(0));
        sink.Write(SampleReadings.Reading(1));
        sink.Complete(new SessionSummary { Counters = new PipelineCounters(), Latency = new LatencyReport() });

        Assert.Equal(["record set.msgpack: 2 readings recorded"], lines);
    }

    [Fact]
    public void RecordingAReadingToAFileAllocatesNothing()
    {
        using var folder = new TempFolder();
        IReadOnlyList<EmotionReading> readings = SampleReadings.Readings(14);
        using var sink = RecordingSink.Create(folder.File("alloc.msgpack"));
        sink.Start(SampleReadings.Session());

        Allocations.AssertNonePerCall(i => sink.Write(readings[i % readings.Count]), calls: 5_000);
    }

    private static MessagePackValue Header(string format, int version) => Map(
        ("format", MessagePackValue.From(format)), ("version", MessagePackValue.From((long)version)), ("forecast_s", MessagePackValue.Array()));

    private static MessagePackValue Map(params (string Key, MessagePackValue Value)[] entries) =>
        MessagePackValue.Map([.. entries.Select(e => KeyValuePair.Create(MessagePackValue.From(e.Key), e.Value))]);

    private static byte[] Encode(MessagePackValue value) => MessagePackBytes.Encode(value);
}
