using System.Buffers;
using System.Buffers.Binary;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using MusicEmotion.Audio;
using MusicEmotion.Audio.Decoding;
using MusicEmotion.Bench.Files;
using MusicEmotion.Features;
using MusicEmotion.Inference;
using MusicEmotion.Inference.Onnx;
using MusicEmotion.Inference.Models;
using MusicEmotion.Library.Search;
using MusicEmotion.Outputs.Formats;
using MusicEmotion.Tests.Audio;
using MusicEmotion.Tests.Outputs;
using MusicEmotion.Tests.Support;

namespace MusicEmotion.Tests.Fuzz;

/// <summary>
/// The inputs the fuzz harness found that ended in something other than a one-line error (tools/fuzz/run.sh,
/// README's Reliability section), each kept small and inline, with the error each must give now.
/// </summary>
public sealed class FuzzRegressionTests
{
    private const string Name = "found.npy";

    [Fact]
    public void NpyDataCutShortIsATruncationErrorNotEndOfStream()
    {
        byte[] npy = Npy("{'descr': '<f4', 'fortran_order': False, 'shape': (2, 4), }", dataBytes: 8);
        Assert.Equal($"{Name}: truncated: shape (2, 4) needs 32 bytes of float32 data but the file holds 8", NpyError(npy));
    }

    [Fact]
    public void NpyShapeThatIsNotNumbersIsAFormatErrorNamingIt()
    {
        byte[] npy = Npy("{'descr': '<f4', 'fortran_order': False, 'shape': (15 2), }", dataBytes: 120);
        Assert.Equal($"{Name}: .npy shape (15 2) has 15 2 where a dimension (0 or more) was expected", NpyError(npy));
        Assert.Contains("-3", NpyError(Npy("{'descr': '<f4', 'fortran_order': False, 'shape': (-3, 2), }", 24)), StringComparison.Ordinal);
    }

    [Fact]
    public void NpyShapeOfTenBillionValuesAllocatesNothingForThem()
    {
        byte[] npy = Npy("{'descr': '<f4', 'fortran_order': False, 'shape': (100000, 100000), }", dataBytes: 16);
        long before = GC.GetAllocatedBytesForCurrentThread();
        string error = NpyError(npy);
        Assert.InRange(GC.GetAllocatedBytesForCurrentThread() - before, 0, 64 * 1024);
        Assert.Equal($"{Name}: truncated: shape (100000, 100000) needs 40000000000 bytes of float32 data but the file holds 16", error);
    }

    [Fact]
    public void NpyHeaderLengthBeyondTheFileAllocatesNothingForIt()
    {
        byte[] npy = Npy("{'descr': '<f4', 'fortran_order': False, 'shape': (2,), }", dataBytes: 8);
        BinaryPrimitives.WriteUInt16LittleEndian(npy.AsSpan(8), 0xff76);
        long before = GC.GetAllocatedBytesForCurrentThread();
        Assert.Equal($"{Name}: truncated .npy header: expected 65398 header bytes after the preamble", NpyError(npy));
        Assert.InRange(GC.GetAllocatedBytesForCurrentThread() - before, 0, 16 * 1024);
    }

    [Fact]
    public void NpyHeaderQuotedInAnErrorIsOneLine()
    {
        byte[] npy = Npy("{'desc: '<f4', 'fortran_order': False, 'shape': (15, 2), }   \u0001\r\n\n", dataBytes: 120);
        Assert.Equal($"{Name}: expected little-endian float32 ('<f4'), header is {{'desc: '<f4', 'fortran_order': False, 'shape': (15, 2), }}   ?", NpyError(npy));
    }

    [Fact]
    public void AModelCardWithABrokenLiteralGivesOneShortLine()
    {
        using var folder = new TempFolder();
        string card = folder.Write("broken.json", Encoding.UTF8.GetBytes("{\n  \"name\": \"x\",\n  \"state\": nu\u00efl,\n  \"labels\": [\n    \"arousal\",\n    \"valence\"\n  ]\n}\n"));
        string error = Assert.Throws<InvalidDataException>(() => ModelCard.Read(card)).Message;
        Assert.StartsWith($"{card}: not a valid model card: ", error, StringComparison.Ordinal);
        Assert.EndsWith("at line 3, byte 14 ($.state)", error, StringComparison.Ordinal);
        AssertOneShortLine(error);
    }

    [Fact]
    public void ABenchReportWithABrokenLiteralGivesOneShortLine()
    {
        using var folder = new TempFolder();
        string report = folder.Write("broken.json", Encoding.UTF8.GetBytes("{\n  \"setup\": {\n    \"realtime\": fallse,\n    \"load_threads\": 0,\n    \"scheduling\": \"normal\"\n  }\n}\n"));
        string error = Assert.Throws<InvalidDataException>(() => BenchReportFiles.ReadJson(report)).Message;
        Assert.StartsWith($"{report}: not a bench report written by 'musicemotion bench --out FILE.json' (", error, StringComparison.Ordinal);
        Assert.Contains("at line 3, byte", error, StringComparison.Ordinal);
        AssertOneShortLine(error);
    }

    [Fact]
    public void AProfilePointWithControlCharactersIsQuotedOnOneLine()
    {
        string inline = Assert.Throws<ArgumentException>(() => EmotionProfile.Parse("# calm\r to tense; -0.9,0.5; 0,0")).Message;
        Assert.Equal("--profile: point 1 '# calm? to tense' is not valid; expected arousal,valence with both in [-1, 1]", inline);

        using var folder = new TempFolder();
        string csv = folder.Write("profile.csv", Encoding.UTF8.GetBytes("0.1,0.2\n\u001b[2J0.3,0.4\n"));
        string file = Assert.Throws<InvalidDataException>(() => EmotionProfile.Parse(csv)).Message;
        Assert.Equal($"{csv}: line 2 '?[2J0.3,0.4' is not valid; expected arousal,valence with both in [-1, 1]", file);
    }

    /// <summary>
    /// A float WAV whose samples are finite but huge (1e30) has an infinite RMS; JSON has no infinity, so the
    /// reading's JSON failed (POST /analyze answered 500, analyze --format jsonl failed). It is null now.
    /// </summary>
    [Fact]
    public void AReadingWithAnInfiniteRmsOrForecastIsWrittenAsJsonWithNulls()
    {
        EmotionReading reading = SampleReadings.Reading(3);
        reading.Rms = float.PositiveInfinity;
        reading.Forecast[0] = new AffectPoint(float.NegativeInfinity, float.NaN);
        var buffer = new ArrayBufferWriter<byte>();
        using (var json = new Utf8JsonWriter(buffer))
        {
            ReadingJson.Write(json, reading, source: null, [0.5, 1.0, 1.5, 2.0]);
        }
        JsonNode written = JsonNode.Parse(buffer.WrittenSpan)!;
        Assert.Null(written["rms"]);
        Assert.Null(written["forecast"]![0]![0]);
        Assert.Null(written["forecast"]![0]![1]);
    }

    /// <summary>
    /// A 385-byte upload whose header claimed 8 960 896 Hz made POST /analyze build a 114 MB resampler table and
    /// take 2.6 s (2 GHz would not have fit in memory); rates above 768 kHz are refused by the header parser now.
    /// </summary>
    [Theory]
    [InlineData(8_960_896)]
    [InlineData(int.MaxValue)]
    public void AWavHeaderClaimingAnAbsurdSampleRateIsRefusedBeforeAnythingIsBuilt(int sampleRate)
    {
        byte[] wav = TestWav.Riff(TestWav.Chunk("fmt ", TestWav.Format(1, 1, sampleRate, 16)), TestWav.Chunk("data", new byte[200]));
        var error = Assert.Throws<AudioInputException>(() => new WavFileSource(new MemoryStream(wav), "claims.wav"));
        Assert.Equal($"claims.wav: the 'fmt ' chunk declares a sample rate of {sampleRate} Hz; expected 1 to 768000 Hz", error.Message);
    }

    /// <summary>A chunk id of control bytes was quoted raw in the skip error, breaking the line; now it is shown as hex.</summary>
    [Fact]
    public void AChunkIdOfControlBytesIsShownAsHexOnOneLine()
    {
        byte[] wav = TestWav.Riff(TestWav.Chunk("fmt ", TestWav.Format(1, 1, 44_100, 16)), TestWav.Chunk("\nY\0\0", new byte[4], declaredSize: 1_225_765_387));
        var error = Assert.Throws<AudioInputException>(() => new WavFileSource(new MemoryStream(wav), "chunk.wav"));
        Assert.Contains("(while trying to skip the bytes 0A590000 chunk)", error.Message, StringComparison.Ordinal);
        AssertOneShortLine(error.Message);
    }

    /// <summary>
    /// Found by the coverage-guided run (tools/fuzz/run.sh --coverage): a header walking through many small chunks
    /// made two strings per chunk (its id, and the reason for skipping it, built before it was needed), so the
    /// header's allocation grew with the file: 169 KB for a 21 KB mutant of RF64 audio read as chunks, against the
    /// WAV target's flat 128 KB cap. Now the walk allocates nothing per chunk.
    /// </summary>
    [Fact]
    public void AHeaderOfManySmallChunksAllocatesNothingPerChunk()
    {
        byte[] unneeded = TestWav.Chunk("\u0001\u0002ab", []);
        byte[] wav = TestWav.Riff([.. Enumerable.Repeat(unneeded, 20_000), TestWav.Chunk("fmt ", TestWav.Format(1, 1, 44_100, 16)), TestWav.Chunk("data", new byte[200])]);
        WavHeaderParser.Parse(new MemoryStream(wav, writable: false), "chunks.wav");
        var stream = new MemoryStream(wav, writable: false);
        long before = GC.GetAllocatedBytesForCurrentThread();
        WavHeader header = WavHeaderParser.Parse(stream, "chunks.wav");
        Assert.InRange(GC.GetAllocatedBytesForCurrentThread() - before, 0, 4 * 1024);
        Assert.Equal((20_000 * 8) + 12 + 24 + 8, header.DataOffset);
    }

    /// <summary>A tensor name of arbitrary bytes was quoted raw in the reader's error; now control characters are '?'.</summary>
    [Fact]
    public void AnOnnxTensorNameOfControlBytesIsQuotedOnOneLine()
    {
        // ModelProto.graph (7) -> GraphProto.initializer (5) -> TensorProto { dims: [40], data_type: FLOAT, name: "\n\u0001bad" }.
        byte[] tensor = [0x08, 40, 0x10, 1, 0x42, 5, (byte)'\n', 1, (byte)'b', (byte)'a', (byte)'d'];
        byte[] model = [0x3a, (byte)(tensor.Length + 2), 0x2a, (byte)tensor.Length, .. tensor];
        var error = Assert.Throws<OnnxModelException>(() => OnnxModelReader.Parse(model, "names.onnx"));
        Assert.Equal("names.onnx: not a readable ONNX model: tensor '??bad' holds 0 values where its dims need 40", error.Message);
    }

    private static void AssertOneShortLine(string message)
    {
        Assert.DoesNotContain('\n', message);
        Assert.DoesNotContain('\r', message);
        Assert.True(message.Length < 400, message);
    }

    private static string NpyError(byte[] npy) =>
        Assert.Throws<InvalidDataException>(() => NpyFile.Read(new MemoryStream(npy, writable: false), Name)).Message;

    /// <summary>The preamble, <paramref name="header"/> as it is, and <paramref name="dataBytes"/> zero bytes.</summary>
    private static byte[] Npy(string header, int dataBytes)
    {
        byte[] text = Encoding.Latin1.GetBytes(header);
        byte[] npy = new byte[10 + text.Length + dataBytes];
        npy[0] = 0x93;
        "NUMPY"u8.CopyTo(npy.AsSpan(1));
        npy[6] = 1;
        BinaryPrimitives.WriteUInt16LittleEndian(npy.AsSpan(8), (ushort)text.Length);
        text.CopyTo(npy, 10);
        return npy;
    }
}
