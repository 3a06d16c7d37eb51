using System.Globalization;
using MusicEmotion.Audio;
using MusicEmotion.Inference;

namespace MusicEmotion.Outputs.Formats;

/// <summary>
/// Readings as CSV (RFC 4180): one header, then one row per reading. Forecast points get a column pair each,
/// named by their horizon (forecast_1.0s_arousal, ...); flags are joined with '|'. Rows are formatted into a
/// reused buffer, so writing one allocates nothing.
/// </summary>
public sealed class ReadingCsv
{
    private readonly TextWriter _writer;
    private readonly IReadOnlyList<double> _horizonSeconds;
    private readonly char[] _buffer = new char[64];

    public ReadingCsv(TextWriter writer, IReadOnlyList<double> horizonSeconds)
    {
        _writer = writer ?? throw new ArgumentNullException(nameof(writer));
        _horizonSeconds = horizonSeconds ?? throw new ArgumentNullException(nameof(horizonSeconds));
    }

    public void WriteHeader()
    {
        _writer.Write("file,seq,t,arousal,valence,quadrant,label,intensity,rms,flags");
        foreach (double horizon in _horizonSeconds)
        {
            string h = horizon.ToString("0.0##", CultureInfo.InvariantCulture);
            _writer.Write($",forecast_{h}s_arousal,forecast_{h}s_valence");
        }
        _writer.WriteLine();
    }

    public void WriteRow(in EmotionReading reading, string source)
    {
        WriteField(source);
        _writer.Write(',');
        WriteNumber(reading.Sequence);
        _writer.Write(',');
        WriteNumber(reading.StartTime, "0.###");
        _writer.Write(',');
        WriteNumber(reading.Point.Arousal);
        _writer.Write(',');
        WriteNumber(reading.Point.Valence);
        _writer.Write(',');
        _writer.Write(reading.HasPoint ? reading.Quadrant.Name() : "");
        _writer.Write(',');
        _writer.Write(reading.Label);
        _writer.Write(',');
        WriteNumber(reading.Intensity);
        _writer.Write(',');
        WriteNumber(reading.Rms);
        _writer.Write(',');
        bool first = true;
        foreach (var (flag, name) in FrameFlagNames.All)
        {
            if ((reading.Flags & flag) != 0)
            {
                if (!first)
                {
                    _writer.Write('|');
                }
                _writer.Write(name);
                first = false;
            }
        }
        ReadOnlySpan<AffectPoint> forecast = reading.ForecastSpan;
        for (int i = 0; i < _horizonSeconds.Count; i++)
        {
            _writer.Write(',');
            if (i < forecast.Length)
            {
                WriteNumber(forecast[i].Arousal);
            }
            _writer.Write(',');
            if (i < forecast.Length)
            {
                WriteNumber(forecast[i].Valence);
            }
        }
        _writer.WriteLine();
    }

    /// <summary>Quotes a field only when it needs it (comma, quote or line break), doubling inner quotes.</summary>
    private void WriteField(string value)
    {
        if (value.AsSpan().IndexOfAny(",\"\r\n") < 0)
        {
            _writer.Write(value);
            return;
        }
        _writer.Write('"');
        _writer.Write(value.Replace("\"", "\"\"", StringComparison.Ordinal));
        _writer.Write('"');
    }

    private void WriteNumber(float value)
    {
        if (float.IsFinite(value) && value.TryFormat(_buffer, out int written, "0.######", CultureInfo.InvariantCulture))
        {
            _writer.Write(_buffer, 0, written);
        }
    }

    private void WriteNumber(double value, string format)
    {
        if (value.TryFormat(_buffer, out int written, format, CultureInfo.InvariantCulture))
        {
            _writer.Write(_buffer, 0, written);
        }
    }

    private void WriteNumber(long value)
    {
        if (value.TryFormat(_buffer, out int written, default, CultureInfo.InvariantCulture))
        {
            _writer.Write(_buffer, 0, written);
        }
    }
}
