using MusicEmotion.Inference.Models;

namespace MusicEmotion.CalibrationProof;

/// <summary>One draw of labelled moments: the calibrated agreement on held-out frames, and whether the fit kept the model.</summary>
internal readonly record struct DrawResult(Agreement After, bool KeptIdentity);

/// <summary>One listener, method and label count over all draws, beside the uncalibrated agreement.</summary>
internal sealed record ProofResult(Listener Listener, string Method, int Labels, Agreement Uncalibrated, IReadOnlyList<DrawResult> Draws)
{
    public double MeanRmse => Draws.Average(d => d.After.Rmse);

    public double SpreadRmse => StandardDeviation(Draws.Select(d => d.After.Rmse));

    public double MeanCcc => Draws.Average(d => d.After.Ccc);

    public double SpreadCcc => StandardDeviation(Draws.Select(d => d.After.Ccc));

    /// <summary>Share of the uncalibrated RMSE removed, on average over the draws.</summary>
    public double Reduction => 1 - MeanRmse / Uncalibrated.Rmse;

    public double WorstRmse => Draws.Max(d => d.After.Rmse);

    public int IdentityKept => Draws.Count(d => d.KeptIdentity);

    private static double StandardDeviation(IEnumerable<double> values)
    {
        double[] v = values.ToArray();
        double mean = v.Average();
        return v.Length < 2 ? 0 : Math.Sqrt(v.Sum(x => (x - mean) * (x - mean)) / (v.Length - 1));
    }
}

/// <summary>How the proof was made, for the report's header.</summary>
internal sealed record ProofSetting(ProofOptions Options, LoadedModels Models, int TrainFrames, int HeldOutFrames, int Tracks);
