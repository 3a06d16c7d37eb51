using MusicEmotion.Inference;
using MusicEmotion.Visualiser.Style;

namespace MusicEmotion.Tests.Visualiser;

/// <summary>
/// Colour-vision deficiency is simulated with Machado, Oliveira and Fernandes (2009) matrices at full
/// severity, applied in linear RGB; colours are compared by their CIELAB distance (delta E 1976).
/// </summary>
public sealed class ViewPaletteTests
{
    private const double Distinct = 30;

    private static readonly (string Name, double[,] Matrix)[] Deficiencies =
    [
        ("protanopia", new[,] { { 0.152286, 1.052583, -0.204868 }, { 0.114503, 0.786281, 0.099216 }, { -0.003882, -0.048116, 1.051998 } }),
        ("deuteranopia", new[,] { { 0.367322, 0.860646, -0.227968 }, { 0.280085, 0.672501, 0.047413 }, { -0.011820, 0.042940, 0.968881 } }),
        ("tritanopia", new[,] { { 1.255528, -0.076749, -0.178779 }, { -0.078411, 0.930809, 0.147602 }, { 0.004733, 0.691367, 0.303900 } }),
    ];

    [Fact]
    public void ColourBlindSafeQuadrantsStayApartUnderEveryCommonDeficiency()
    {
        Rgba[] hues = [.. Enum.GetValues<Quadrant>().Select(ViewPalette.ColourBlindSafe.QuadrantColour)];
        foreach ((string name, double[,] matrix) in Deficiencies)
        {
            for (int i = 0; i < hues.Length; i++)
            {
                for (int j = i + 1; j < hues.Length; j++)
                {
                    double d = DeltaE(Simulate(hues[i], matrix), Simulate(hues[j], matrix));
                    Assert.True(d >= Distinct, $"{name}: quadrant colours {hues[i]} and {hues[j]} are only {d:0.0} apart");
                }
            }
        }
    }

    [Fact]
    public void ColourBlindSafeValenceEndsStayApart()
    {
        ViewPalette palette = ViewPalette.ColourBlindSafe;
        foreach ((string name, double[,] matrix) in Deficiencies)
        {
            double d = DeltaE(Simulate(palette.ValenceColour(-1), matrix), Simulate(palette.ValenceColour(1), matrix));
            Assert.True(d >= 2 * Distinct, $"{name}: the valence scale's ends are only {d:0.0} apart");
        }
    }

    [Fact]
    public void TheSimulationItselfMergesRedAndGreenForDeuteranopes()
    {
        // The check above can fail: a plain red against a green of similar lightness collapses under it.
        double[,] deuteranopia = Deficiencies[1].Matrix;
        double d = DeltaE(Simulate(Rgba.Parse("#D03030"), deuteranopia), Simulate(Rgba.Parse("#5A9A20"), deuteranopia));
        Assert.True(d < Distinct, $"red and green stay {d:0.0} apart under simulated deuteranopia");
    }

    [Fact]
    public void ValenceScaleRunsThroughNeutralAndColoursPointsByMode()
    {
        ViewPalette palette = ViewPalette.Standard;
        Assert.Equal(palette.ValenceColour(0), palette.PointColour(new AffectPoint(0.9f, 0), ColourMode.Valence));
        Assert.Equal(palette.QuadrantColour(Quadrant.PassiveNegative), palette.PointColour(new AffectPoint(-0.2f, -0.3f), ColourMode.Quadrant));
        Assert.Equal(palette.ValenceColour(1), palette.ValenceColour(5));
        Assert.Equal(palette.ValenceColour(0), palette.ValenceColour(float.NaN));
    }

    [Fact]
    public void ParsesAndPrintsHexColours()
    {
        Assert.Equal(new Rgba(1, 0, 0.2f, 1), Rgba.Parse("#FF0033"));
        Assert.Equal("#FF003380", Rgba.Parse("FF003380").ToString());
        var error = Assert.Throws<FormatException>(() => Rgba.Parse("#12"));
        Assert.Contains("#12", error.Message, StringComparison.Ordinal);
    }

    private static double[] Simulate(Rgba colour, double[,] m)
    {
        double[] rgb = [Linear(colour.R), Linear(colour.G), Linear(colour.B)];
        var result = new double[3];
        for (int r = 0; r < 3; r++)
        {
            result[r] = Math.Clamp((m[r, 0] * rgb[0]) + (m[r, 1] * rgb[1]) + (m[r, 2] * rgb[2]), 0, 1);
        }
        return Lab(result);
    }

    private static double Linear(float c) => c <= 0.04045 ? c / 12.92 : Math.Pow((c + 0.055) / 1.055, 2.4);

    /// <summary>Linear sRGB to CIELAB, D65 white.</summary>
    private static double[] Lab(double[] rgb)
    {
        double x = ((0.4124 * rgb[0]) + (0.3576 * rgb[1]) + (0.1805 * rgb[2])) / 0.95047;
        double y = (0.2126 * rgb[0]) + (0.7152 * rgb[1]) + (0.0722 * rgb[2]);
        double z = ((0.0193 * rgb[0]) + (0.1192 * rgb[1]) + (0.9505 * rgb[2])) / 1.08883;
        static double F(double t) => t > 0.008856 ? Math.Cbrt(t) : (7.787 * t) + (16.0 / 116);
        return [(116 * F(y)) - 16, 500 * (F(x) - F(y)), 200 * (F(y) - F(z))];
    }

    private static double DeltaE(double[] a, double[] b) =>
        Math.Sqrt(Math.Pow(a[0] - b[0], 2) + Math.Pow(a[1] - b[1], 2) + Math.Pow(a[2] - b[2], 2));
}
