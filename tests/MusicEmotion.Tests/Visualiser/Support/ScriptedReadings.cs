using MusicEmotion.Inference;
using MusicEmotion.Visualiser.Feed;

namespace MusicEmotion.Tests.Visualiser.Support;

/// <summary>Readings a test feeds the view, at the pipeline's 2 Hz.</summary>
public static class ScriptedReadings
{
    public const double Interval = 0.5;

    public static ViewReading At(double seconds, float arousal, float valence, params ForecastPoint[] forecast) =>
        new(seconds, new AffectPoint(arousal, valence), new InputLevel(0.12f, 0.5f), forecast);

    /// <summary>
    /// A piece of music in 30 s: calm and content, building through pleased and happy to excited, a tense
    /// passage, then settling towards sad and tired. A smooth path with a little deterministic wobble,
    /// each reading with a three-step forecast that continues the motion.
    /// </summary>
    public static ViewReading[] Journey(int count = 60)
    {
        var readings = new ViewReading[count];
        for (int i = 0; i < count; i++)
        {
            double t = (i + 1) * Interval;
            (float a, float v) = JourneyPoint(i / (double)(count - 1));
            var forecast = new ForecastPoint[3];
            for (int k = 0; k < 3; k++)
            {
                (float fa, float fv) = JourneyPoint(Math.Min(1, (i + (2 * (k + 1))) / (double)(count - 1)));
                forecast[k] = new ForecastPoint((float)(Interval * (k + 1) * 2), new AffectPoint(fa, fv), 0.05f * (k + 1));
            }
            float level = 0.05f + (0.25f * (a + 1) * 0.5f);
            readings[i] = new ViewReading(t, new AffectPoint(a, v), new InputLevel(level, MathF.Min(1, level * 3.2f)), forecast);
        }
        return readings;
    }

    private static (float Arousal, float Valence) JourneyPoint(double u)
    {
        // Angle sweeps from content (about 320 degrees) round through happy and excited to tense and on
        // to sad and tired, while the intensity swells and fades.
        double angle = (-40 + (u * 290)) * Math.PI / 180;
        double radius = 0.35 + (0.45 * Math.Sin(Math.PI * Math.Min(1, u * 1.1)));
        double wobble = 0.04 * Math.Sin(u * 37);
        return ((float)((radius + wobble) * Math.Sin(angle)), (float)((radius - wobble) * Math.Cos(angle)));
    }
}
