using MusicEmotion.Inference;

namespace MusicEmotion.CalibrationProof;

/// <summary>How close readings are to what the listener felt: RMSE over both axes (as the calibrator's), CCC per axis.</summary>
internal readonly record struct Agreement(double Rmse, double CccArousal, double CccValence)
{
    public double Ccc => (CccArousal + CccValence) / 2;

    public static Agreement Of(IReadOnlyList<AffectPoint> readings, IReadOnlyList<AffectPoint> felt)
    {
        double sum = 0;
        for (int i = 0; i < readings.Count; i++)
        {
            sum += Square(readings[i].Arousal - felt[i].Arousal) + Square(readings[i].Valence - felt[i].Valence);
        }
        return new Agreement(
            Math.Sqrt(sum / (2.0 * readings.Count)),
            Concordance(readings.Select(p => (double)p.Arousal).ToArray(), felt.Select(p => (double)p.Arousal).ToArray()),
            Concordance(readings.Select(p => (double)p.Valence).ToArray(), felt.Select(p => (double)p.Valence).ToArray()));
    }

    /// <summary>Lin's concordance correlation: 2 cov / (var x + var y + (mean x - mean y)^2).</summary>
    private static double Concordance(double[] x, double[] y)
    {
        double mx = x.Average(), my = y.Average();
        double vx = x.Average(v => Square(v - mx)), vy = y.Average(v => Square(v - my));
        double cov = x.Zip(y, (a, b) => (a - mx) * (b - my)).Average();
        return 2 * cov / (vx + vy + Square(mx - my));
    }

    private static double Square(double x) => x * x;
}
