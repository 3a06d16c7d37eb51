using MusicEmotion.Inference;
using MusicEmotion.Inference.Calibration;
using MusicEmotion.Library.Feedback;

namespace MusicEmotion.CalibrationProof;

/// <summary>What one fit hands back: the correction to apply to held-out frames, and whether it kept the model as it is.</summary>
internal readonly record struct Fitted(Func<HiddenFrame, AffectPoint> Correct, bool KeptIdentity);

/// <summary>A calibration method as the product fits it, from labelled moments (the frame, what the listener felt).</summary>
/// <param name="Name">The method's name in the report.</param>
/// <param name="MinimumLabels">The fewest labels the product fits it from; fewer are not tried.</param>
/// <param name="Fit">Fits it on labelled moments.</param>
internal sealed record Method(string Name, int MinimumLabels, Func<IReadOnlyList<(TruthFrame Moment, AffectPoint Felt)>, Fitted> Fit)
{
    /// <summary>The methods compared, for a model with <paramref name="modelHead"/>.</summary>
    public static IReadOnlyList<Method> For(OutputHead modelHead) => [Affine, HeadRefit(modelHead), Chosen(modelHead)];

    public static Method Affine { get; } = new("affine", AffineCalibrator.MinimumLabels, labels =>
    {
        AffineFit fit = AffineCalibrator.Fit(Samples(labels));
        AffineCalibration map = fit.Map;
        return new Fitted(frame => map.Apply(frame.Reading), double.IsPositiveInfinity(fit.Lambda));
    });

    /// <summary>The head refit alone, on the shipped model's head.</summary>
    public static Method HeadRefit(OutputHead modelHead) => new("head refit", HeadRefitCalibrator.MinimumLabels, labels =>
    {
        HeadRefitFit fit = HeadRefitCalibrator.Fit(Samples(labels), modelHead);
        OutputHead head = fit.Head;
        return new Fitted(frame => head.Apply(frame.Hidden), double.IsPositiveInfinity(fit.Lambda));
    });

    /// <summary>What <c>calibrate</c> keeps: the better of the two by cross-validated error, or the identity.</summary>
    public static Method Chosen(OutputHead modelHead) => new("calibrate's choice", AffineCalibrator.MinimumLabels, labels =>
    {
        CalibrationChoice choice = CalibrationChoice.Fit(Samples(labels), modelHead);
        return new Fitted(frame => choice.Apply(frame.Reading, frame.Hidden), choice.Method == CalibrationMethod.Identity);
    });

    /// <summary>The labels as <c>calibrate</c> sees them, each naming its track as a label's content hash does.</summary>
    private static List<CalibrationSample> Samples(IReadOnlyList<(TruthFrame Moment, AffectPoint Felt)> labels) =>
        labels.Select(l => new CalibrationSample(l.Moment.Frame.Reading, l.Felt, l.Moment.Frame.Hidden, $"song {l.Moment.Song}")).ToList();
}
