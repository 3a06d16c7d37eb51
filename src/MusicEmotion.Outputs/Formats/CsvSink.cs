using MusicEmotion.Inference;
using MusicEmotion.Pipeline;
using MusicEmotion.Pipeline.Sinks;

namespace MusicEmotion.Outputs.Formats;

/// <summary>Writes readings as CSV rows (<see cref="ReadingCsv"/>); the header once per writer, not per file.</summary>
public sealed class CsvSink(TextWriter output) : IReadingSink
{
    private ReadingCsv? _csv;
    private string _source = "";

    public string Name => "csv";

    public void Start(SessionInfo session)
    {
        ArgumentNullException.ThrowIfNull(session);
        _source = session.Source;
        if (_csv is null)
        {
            _csv = new ReadingCsv(output, session.Forecaster.HorizonSeconds);
            _csv.WriteHeader();
        }
    }

    public void Write(in EmotionReading reading)
    {
        _csv!.WriteRow(reading, _source);
        output.Flush();
    }

    public void Complete(SessionSummary summary) => output.Flush();
}
