using System.Globalization;
using System.Text.Json.Nodes;
using MusicEmotion.Cli;
using MusicEmotion.Outputs.Osc;
using MusicEmotion.Tests.Outputs;

using MusicEmotion.Tests.Support;

namespace MusicEmotion.Tests.Cli;

/// <summary>
/// The whole path against a real OSC receiver: musicemotion analyze sends to liblo's oscdump, and every address,
/// type tag and value oscdump prints matches the JSON lines the same run printed; the bundles' time tags are the
/// frames' stream times on the session's clock, half a second apart.
/// </summary>
public sealed class OscAnalyzePeerTests : IDisposable
{
    // oscdump prints floats with %f (six decimals, so up to 5e-7 off); the JSON lines carry the shortest text that
    // reads back as the same float, which can itself sit up to half a float step (3e-8 near 0.5) from the value.
    private const double Printed = 5e-7 + 6e-8;

    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [SkippableFact]
    public void OscdumpReceivesWhatAnalyzePrints()
    {
        using ReferenceModels models = ReferenceModels.Load();
        using OscDump dump = OscDump.Start();
        string audio = models.Excerpt("knalgan_theme", 3, _folder);

        CliResult run = CliProcess.Run(["analyze", audio, "-f", "jsonl", "--osc", dump.Endpoint.ToString(), .. CliProcess.Models(models)]);

        Assert.Equal(ExitCodes.Ok, run.ExitCode);
        Assert.Contains($"musicemotion: osc {dump.Endpoint}: 6 readings, 6 bundles sent, none refused", run.StderrLines);
        JsonNode[] readings = [.. run.StdoutLines.Select(line => JsonNode.Parse(line)!)];
        Assert.Equal(6, readings.Length);
        OscTimeTag? first = null;
        foreach (JsonNode reading in readings)
        {
            // Bundles are tagged ahead of the fast analysis; oscdump (liblo) holds each until its time comes.
            OscDumpLine[] lines = [.. Enumerable.Range(0, 7).Select(_ => dump.NextLine())];
            Assert.Equal(
                ["/emotion/arousal f", "/emotion/valence f", "/emotion/av ff", "/emotion/quadrant s", "/emotion/label s", "/emotion/forecast ffffffff", "/emotion/level f"],
                lines.Select(l => $"{l.Address} {l.TypeTags}"));
            Assert.Single(lines.Select(l => l.TimeTag).Distinct());
            OscTimeTag tag = Parse(lines[0].TimeTag);
            first ??= tag;
            double sinceFirst = (tag.ToDateTimeOffset() - first.Value.ToDateTimeOffset()).TotalSeconds;
            Assert.Equal((double)reading["t"]!, sinceFirst, 1e-6);

            Assert.Equal((double)reading["arousal"]!, lines[0].Float(0), Printed);
            Assert.Equal((double)reading["valence"]!, lines[1].Float(0), Printed);
            Assert.Equal((double)reading["arousal"]!, lines[2].Float(0), Printed);
            Assert.Equal((double)reading["valence"]!, lines[2].Float(1), Printed);
            Assert.Equal((string?)reading["quadrant"], lines[3].Arguments[0]);
            Assert.Equal((string?)reading["label"], lines[4].Arguments[0]);
            double[] forecast = [.. reading["forecast"]!.AsArray().SelectMany(p => p!.AsArray().Select(v => (double)v!))];
            Assert.Equal(forecast.Length, lines[5].Arguments.Count);
            for (int i = 0; i < forecast.Length; i++)
            {
                Assert.Equal(forecast[i], lines[5].Float(i), Printed);
            }
            Assert.Equal((double)reading["rms"]!, lines[6].Float(0), Printed);
        }
    }

    private static OscTimeTag Parse(string printed)
    {
        string[] parts = printed.Split('.');
        ulong seconds = ulong.Parse(parts[0], NumberStyles.HexNumber, CultureInfo.InvariantCulture);
        ulong fraction = ulong.Parse(parts[1], NumberStyles.HexNumber, CultureInfo.InvariantCulture);
        return new OscTimeTag((seconds << 32) | fraction);
    }
}
