using System.Globalization;

namespace MusicEmotion.Visualiser.Style;

/// <summary>A colour with straight (not premultiplied) alpha, components in [0, 1], sRGB.</summary>
public readonly record struct Rgba(float R, float G, float B, float A = 1f)
{
    /// <summary>Parses "#RRGGBB" or "#RRGGBBAA" (the leading # optional).</summary>
    public static Rgba Parse(string hex)
    {
        ArgumentNullException.ThrowIfNull(hex);
        ReadOnlySpan<char> digits = hex.AsSpan().TrimStart('#');
        if ((digits.Length != 6 && digits.Length != 8)
            || !uint.TryParse(digits, NumberStyles.HexNumber, CultureInfo.InvariantCulture, out uint value))
        {
            throw new FormatException($"colour '{hex}' is not #RRGGBB or #RRGGBBAA");
        }
        if (digits.Length == 6)
        {
            value = (value << 8) | 0xFF;
        }
        return new Rgba(
            ((value >> 24) & 0xFF) / 255f, ((value >> 16) & 0xFF) / 255f, ((value >> 8) & 0xFF) / 255f, (value & 0xFF) / 255f);
    }

    public Rgba WithAlpha(float alpha) => this with { A = alpha };

    /// <summary>Scales the alpha: a fade.</summary>
    public Rgba Faded(float factor) => this with { A = A * factor };

    public static Rgba Lerp(Rgba a, Rgba b, float t) => new(
        a.R + ((b.R - a.R) * t), a.G + ((b.G - a.G) * t), a.B + ((b.B - a.B) * t), a.A + ((b.A - a.A) * t));

    /// <summary>Mixes towards white by <paramref name="amount"/>, keeping alpha.</summary>
    public Rgba Lighter(float amount) => Lerp(this, new Rgba(1, 1, 1, A), amount);

    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture, $"#{To8(R):X2}{To8(G):X2}{To8(B):X2}{To8(A):X2}");

    private static int To8(float v) => (int)MathF.Round(Math.Clamp(v, 0f, 1f) * 255f);
}
