using System.Diagnostics;
using System.Globalization;

namespace MusicEmotion.Inference.OnnxRuntime;

/// <summary>
/// Resolves <see cref="OrtProvider.Auto"/>: loads the model on every provider that starts on this OS, times a
/// few runs on each (after the loader's warm-up, so first-run costs do not count) and keeps the fastest. Which
/// provider wins depends on the model and the machine: for a small LSTM the CPU often beats a GPU, whose
/// per-run launch and copy costs outweigh the arithmetic.
/// </summary>
internal static class OrtProviderChoice
{
    /// <summary>The loaded model, the provider it runs on, and (for auto) a note saying what was measured.</summary>
    public static (T Model, OrtProvider Provider, string Note) Load<T>(
        OrtEngineOptions options, Func<OrtProvider, T> load, Action<T> run)
        where T : class, IDisposable
    {
        if (options.Provider != OrtProvider.Auto)
        {
            return (load(options.Provider), options.Provider, "");
        }
        T? best = null;
        OrtProvider bestProvider = OrtProvider.Cpu;
        double bestMicroseconds = double.PositiveInfinity;
        var timings = new List<(OrtProvider Provider, double Microseconds)>();
        var unavailable = new List<string>();
        foreach (OrtProvider provider in OrtProviders.ForThisPlatform)
        {
            T candidate;
            try
            {
                candidate = load(provider);
            }
            catch (OrtProviderUnavailableException error)
            {
                unavailable.Add($"{provider.Name()} unavailable: {error.Reason}");
                continue;
            }
            double microseconds = Time(candidate, run, Math.Max(1, options.AutoTimingSteps));
            timings.Add((provider, microseconds));
            if (microseconds < bestMicroseconds)
            {
                best?.Dispose();
                (best, bestProvider, bestMicroseconds) = (candidate, provider, microseconds);
            }
            else
            {
                candidate.Dispose();
            }
        }
        IEnumerable<string> measured = timings
            .OrderBy(t => t.Microseconds)
            .Select(t => string.Create(CultureInfo.InvariantCulture, $"{t.Provider.Name()} {t.Microseconds:0} us/step")
                         + (t.Provider == bestProvider ? " (chosen)" : ""));
        string note = "auto: " + string.Join("; ", measured.Concat(unavailable));
        // The CPU provider always starts, and a model it cannot load has already thrown: best is set.
        return (best!, bestProvider, note);
    }

    private static double Time<T>(T model, Action<T> run, int steps)
    {
        long start = Stopwatch.GetTimestamp();
        for (int i = 0; i < steps; i++)
        {
            run(model);
        }
        return Stopwatch.GetElapsedTime(start).TotalMicroseconds / steps;
    }
}
