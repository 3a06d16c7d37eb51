using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using MusicEmotion.Inference;

namespace MusicEmotion.Visualiser.Text;

/// <summary>
/// Builds a line of text into a caller's buffer (usually stack memory) so the per-frame text of the view —
/// values, times, the status line — costs no allocation. Text that does not fit is cut off.
/// </summary>
public ref struct TextBuilder
{
    private readonly Span<char> _buffer;
    private int _length;

    public TextBuilder(Span<char> buffer)
    {
        _buffer = buffer;
        _length = 0;
    }

    public readonly ReadOnlySpan<char> Text => _buffer[.._length];

    [UnscopedRef]
    public ref TextBuilder Append(ReadOnlySpan<char> text)
    {
        int n = Math.Min(text.Length, _buffer.Length - _length);
        text[..n].CopyTo(_buffer[_length..]);
        _length += n;
        return ref this;
    }

    [UnscopedRef]
    public ref TextBuilder Append(char c)
    {
        if (_length < _buffer.Length)
        {
            _buffer[_length++] = c;
        }
        return ref this;
    }

    /// <summary>A number in the given .NET format, invariant culture, a real minus sign for negatives.</summary>
    [UnscopedRef]
    public ref TextBuilder Append(double value, string format)
    {
        if (value < 0 && double.IsFinite(value))
        {
            Append('−');
            value = -value;
        }
        if (value.TryFormat(_buffer[_length..], out int written, format, CultureInfo.InvariantCulture))
        {
            _length += written;
        }
        return ref this;
    }

    /// <summary>A circumplex value with its sign always shown: "+0.42", "−0.31".</summary>
    [UnscopedRef]
    public ref TextBuilder AppendSigned(float value)
    {
        if (!float.IsFinite(value))
        {
            return ref Append("n/a");
        }
        if (value >= 0)
        {
            Append('+');
        }
        return ref Append(value, "0.00");
    }

    [UnscopedRef]
    public ref TextBuilder Append(long value)
    {
        if (value.TryFormat(_buffer[_length..], out int written, default, CultureInfo.InvariantCulture))
        {
            _length += written;
        }
        return ref this;
    }

    /// <summary>A stream time as m:ss.s (or h:mm:ss past the hour).</summary>
    [UnscopedRef]
    public ref TextBuilder AppendTime(double seconds)
    {
        if (!double.IsFinite(seconds) || seconds < 0)
        {
            seconds = 0;
        }
        long tenths = (long)(seconds * 10);
        long minutes = tenths / 600;
        if (minutes >= 60)
        {
            Append(minutes / 60).Append(':');
            AppendTwoDigits(minutes % 60);
        }
        else
        {
            Append(minutes);
        }
        Append(':');
        AppendTwoDigits(tenths / 10 % 60);
        if (minutes < 60)
        {
            Append('.').Append(tenths % 10);
        }
        return ref this;
    }

    private void AppendTwoDigits(long value)
    {
        Append((char)('0' + (value / 10)));
        Append((char)('0' + (value % 10)));
    }
}

/// <summary>The words the view writes for the circumplex.</summary>
public static class ViewWords
{
    /// <summary>A quadrant in words, as the strip writes it.</summary>
    public static string Of(Quadrant quadrant) => quadrant switch
    {
        Quadrant.ActivePositive => "active · positive",
        Quadrant.ActiveNegative => "active · negative",
        Quadrant.PassivePositive => "passive · positive",
        Quadrant.PassiveNegative => "passive · negative",
        _ => "",
    };
}
