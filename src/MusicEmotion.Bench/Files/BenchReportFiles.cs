using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using MessagePack;
using MusicEmotion.Inference.Models;
using MusicEmotion.Outputs.MessagePack;

namespace MusicEmotion.Bench.Files;

/// <summary>
/// Bench reports as files, the format chosen by the extension: .json (indented, snake_case names, the one
/// <c>bench --compare</c> reads back), .csv (one row per stage, for spreadsheets) and .msgpack (the JSON's
/// tree as MessagePack, same names).
/// </summary>
public static class BenchReportFiles
{
    /// <summary>The extensions <see cref="Write"/> knows.</summary>
    public static IReadOnlyList<string> Extensions { get; } = [".json", ".csv", ".msgpack"];

    /// <summary>Throws a one-line <see cref="ArgumentException"/> unless <paramref name="path"/> ends in a known extension.</summary>
    public static void CheckExtension(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        if (!Extensions.Contains(Path.GetExtension(path).ToLowerInvariant()))
        {
            throw new ArgumentException($"--out {path}: expected a file ending in {string.Join(", ", Extensions)}");
        }
    }

    public static void Write(BenchReport report, string path)
    {
        ArgumentNullException.ThrowIfNull(report);
        CheckExtension(path);
        switch (Path.GetExtension(path).ToLowerInvariant())
        {
            case ".json":
                File.WriteAllBytes(path, ToJson(report));
                break;
            case ".csv":
                File.WriteAllText(path, ToCsv(report), new UTF8Encoding(encoderShouldEmitUTF8Identifier: false));
                break;
            default:
                File.WriteAllBytes(path, ToMessagePack(report));
                break;
        }
    }

    public static byte[] ToJson(BenchReport report) => JsonSerializer.SerializeToUtf8Bytes(report, BenchReportJson.Default.BenchReport);

    /// <summary>A report written as JSON; a file that is not one throws <see cref="InvalidDataException"/> naming it.</summary>
    public static BenchReport ReadJson(string path)
    {
        byte[] bytes = File.ReadAllBytes(path);
        try
        {
            return JsonSerializer.Deserialize(bytes, BenchReportJson.Default.BenchReport) is { Stages: not null, Setup: not null } report
                ? report
                : throw new InvalidDataException($"{path}: not a bench report (no stages or setup)");
        }
        catch (JsonException error)
        {
            throw new InvalidDataException($"{path}: not a bench report written by 'musicemotion bench --out FILE.json' ({JsonProblem.Describe(error)})", error);
        }
    }

    /// <summary>RFC 4180 CSV: a header, then one row per stage with the run's setup repeated on each row.</summary>
    public static string ToCsv(BenchReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var csv = new StringBuilder();
        csv.AppendLine("stage,count,min_us,p10_us,median_us,p90_us,p99_us,p99_9_us,max_us,mean_us,stddev_us,"
            + "engine,provider,model,forecaster,input,frames_per_second,allocated_bytes_per_frame,cpu,created_utc");
        foreach (StageStatistics s in report.Stages)
        {
            string[] fields =
            [
                s.Stage, Number(s.Count), Number(s.MinUs), Number(s.P10Us), Number(s.MedianUs), Number(s.P90Us), Number(s.P99Us),
                Number(s.P999Us), Number(s.MaxUs), Number(s.MeanUs), Number(s.StdDevUs),
                report.Setup.Engine, report.Setup.Provider, report.Setup.Model, report.Setup.Forecaster, report.Setup.Input,
                Number(report.Throughput.FramesPerSecond), Number(report.Resources.AllocatedBytesPerFrame), report.Machine.Cpu,
                report.CreatedUtc.ToString("O", CultureInfo.InvariantCulture),
            ];
            csv.AppendJoin(',', fields.Select(Field)).Append('\n');
        }
        return csv.ToString();
    }

    /// <summary>The JSON's tree as MessagePack: maps with the same names, integers where the JSON has them.</summary>
    public static byte[] ToMessagePack(BenchReport report)
    {
        using JsonDocument document = JsonDocument.Parse(ToJson(report));
        var buffer = new ArrayBufferWriter<byte>();
        var writer = new MessagePackWriter(buffer);
        ToValue(document.RootElement).WriteTo(ref writer);
        writer.Flush();
        return buffer.WrittenSpan.ToArray();
    }

    private static MessagePackValue ToValue(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.Object => MessagePackValue.Map(element.EnumerateObject()
            .Select(p => KeyValuePair.Create(MessagePackValue.From(p.Name), ToValue(p.Value))).ToArray()),
        JsonValueKind.Array => MessagePackValue.Array(element.EnumerateArray().Select(ToValue).ToArray()),
        JsonValueKind.String => MessagePackValue.From(element.GetString()!),
        JsonValueKind.Number => element.TryGetInt64(out long integer) ? MessagePackValue.From(integer) : MessagePackValue.From(element.GetDouble()),
        JsonValueKind.True => MessagePackValue.True,
        JsonValueKind.False => MessagePackValue.False,
        _ => MessagePackValue.Nil,
    };

    private static string Number(double value) => value.ToString("R", CultureInfo.InvariantCulture);

    private static string Number(long value) => value.ToString(CultureInfo.InvariantCulture);

    private static string Field(string value) =>
        value.AsSpan().IndexOfAny(",\"\r\n") >= 0 ? $"\"{value.Replace("\"", "\"\"", StringComparison.Ordinal)}\"" : value;
}

/// <summary>The report's JSON, generated at build time (the NativeAOT release build has no reflection-based JSON).</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower, WriteIndented = true)]
[JsonSerializable(typeof(BenchReport))]
internal sealed partial class BenchReportJson : JsonSerializerContext;
