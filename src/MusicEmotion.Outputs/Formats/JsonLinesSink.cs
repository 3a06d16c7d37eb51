using System.Text.Json;
using MusicEmotion.Inference;
using MusicEmotion.Pipeline;
using MusicEmotion.Pipeline.Sinks;

namespace MusicEmotion.Outputs.Formats;

/// <summary>
/// Writes each reading as one JSON object per line (<see cref="ReadingJson"/>), flushed at once so a consumer
/// reading the stream live sees every reading when it is made.
/// </summary>
public sealed class JsonLinesSink : IReadingSink
{
    private readonly Stream _output;
    private readonly Utf8JsonWriter _writer;
    private readonly LiveSuggestions? _suggestions;
    private IReadOnlyList<double> _horizons = [];
    private string _source = "";

    /// <param name="output">Where the lines go.</param>
    /// <param name="suggestions">Live next-track suggestions to add as "suggest", or null for none.</param>
    public JsonLinesSink(Stream output, LiveSuggestions? suggestions = null)
    {
        _suggestions = suggestions;
        _output = output ?? throw new ArgumentNullException(nameof(output));
        _writer = new Utf8JsonWriter(output);
    }

    public string Name => "jsonl";

    public void Start(SessionInfo session)
    {
        ArgumentNullException.ThrowIfNull(session);
        _source = session.Source;
        _horizons = session.Forecaster.HorizonSeconds;
    }

    public void Write(in EmotionReading reading)
    {
        ReadingJson.Write(_writer, reading, _source, _horizons, _suggestions);
        _writer.Flush();
        _writer.Reset();
        _output.WriteByte((byte)'\n');
        _output.Flush();
    }

    public void Complete(SessionSummary summary) => _output.Flush();
}
