using MusicEmotion.Native.OnnxRuntime;

namespace MusicEmotion.Inference.OnnxRuntime;

/// <summary>
/// Checks a loaded model against the project's model contract (docs/DESIGN.md, "Model contract") and reads the sizes
/// the engine needs from it. Every rejection is one line that names the file, the tensor and what was expected.
/// </summary>
internal static class OrtModelContract
{
    public const string Mel = "mel";
    public const string HiddenIn = "h_in";
    public const string CellIn = "c_in";
    public const string Av = "av";
    public const string HiddenOut = "h_out";
    public const string CellOut = "c_out";
    public const string History = "history";
    public const string Next = "next";

    public const int Frames = 44;
    public const int Bands = 128;

    /// <summary>
    /// An emotion model: stateful (mel [1,44,128], h_in/c_in [L,1,H] -> av [1,2], h_out/c_out [L,1,H]) or
    /// stateless (mel [N,44,128] -> av [N,2]).
    /// </summary>
    public static ModelSignature ReadEmotion(OnnxSession session, string path)
    {
        OnnxTensorSpec mel = Require(session.Inputs, Mel, "input", path);
        ExpectFloat(mel, path);
        if (mel.Shape.Count != 3 || !FitsBatchOfOne(mel.Shape[0]) || mel.Shape[1] != Frames || mel.Shape[2] != Bands)
        {
            throw Reject(path, $"input '{Mel}' is {mel.ShapeText}, expected [*,{Frames},{Bands}] ({Frames} time steps of {Bands} mel bands)");
        }
        ExpectPairs(Require(session.Outputs, Av, "output", path), path);

        bool stateful = session.Inputs.Any(i => i.Name == HiddenIn);
        string[] expectedInputs = stateful ? [Mel, HiddenIn, CellIn] : [Mel];
        RejectUnknown(session.Inputs, expectedInputs, "input", path);
        if (!stateful)
        {
            return new ModelSignature(Frames, Bands, 0, 0);
        }
        OnnxTensorSpec hiddenIn = Require(session.Inputs, HiddenIn, "input", path);
        (int layers, int hidden) = ReadState(hiddenIn, path);
        foreach (OnnxTensorSpec state in new[]
                 {
                     Require(session.Inputs, CellIn, "input", path),
                     Require(session.Outputs, HiddenOut, "output", path),
                     Require(session.Outputs, CellOut, "output", path),
                 })
        {
            if (ReadState(state, path) != (layers, hidden))
            {
                throw Reject(path, $"'{state.Name}' is {state.ShapeText}, expected [{layers},1,{hidden}] like '{HiddenIn}'");
            }
        }
        return new ModelSignature(Frames, Bands, layers, hidden);
    }

    /// <summary>
    /// A forecaster: history [N,T,2] -> next [N,2] (one point, the paper's) or history [1,T,2] -> next [1,S,2].
    /// Returns the history length T and the shape to bind 'next' to for a batch of one.
    /// </summary>
    public static (int HistoryLength, long[] NextShape) ReadForecaster(OnnxSession session, string path, int horizons)
    {
        OnnxTensorSpec history = Require(session.Inputs, History, "input", path);
        ExpectFloat(history, path);
        if (history.Shape.Count != 3 || !FitsBatchOfOne(history.Shape[0]) || history.Shape[1] <= 0 || history.Shape[2] != 2)
        {
            throw Reject(path, $"input '{History}' is {history.ShapeText}, expected [*,T,2] (T past (arousal, valence) readings)");
        }
        RejectUnknown(session.Inputs, [History], "input", path);
        OnnxTensorSpec next = Require(session.Outputs, Next, "output", path);
        ExpectFloat(next, path);
        long[] nextShape = next.Shape.Count switch
        {
            2 when FitsBatchOfOne(next.Shape[0]) && next.Shape[1] == 2 => [1, 2],
            3 when FitsBatchOfOne(next.Shape[0]) && next.Shape[2] == 2 && next.Shape[1] != 0 => [1, next.Shape[1] < 0 ? horizons : next.Shape[1], 2],
            _ => throw Reject(path, $"output '{Next}' is {next.ShapeText}, expected [*,2] or [*,S,2]"),
        };
        long steps = nextShape.Length == 2 ? 1 : nextShape[1];
        if (steps != horizons)
        {
            throw Reject(path, $"output '{Next}' {next.ShapeText} predicts {steps} point(s), but {horizons} horizon(s) were given");
        }
        return ((int)history.Shape[1], nextShape);
    }

    private static (int Layers, int Hidden) ReadState(OnnxTensorSpec state, string path)
    {
        ExpectFloat(state, path);
        if (state.Shape.Count != 3 || state.Shape[0] <= 0 || state.Shape[1] != 1 || state.Shape[2] <= 0)
        {
            throw Reject(path, $"'{state.Name}' is {state.ShapeText}, expected [layers,1,hidden] with fixed sizes");
        }
        return ((int)state.Shape[0], (int)state.Shape[2]);
    }

    private static bool FitsBatchOfOne(long dimension) => dimension is 1 or < 0;

    private static OnnxTensorSpec Require(IReadOnlyList<OnnxTensorSpec> specs, string name, string kind, string path) =>
        specs.FirstOrDefault(s => s.Name == name)
        ?? throw Reject(path, $"no {kind} named '{name}' (the model has {Describe(specs)})");

    private static void RejectUnknown(IReadOnlyList<OnnxTensorSpec> specs, string[] expected, string kind, string path)
    {
        OnnxTensorSpec? unknown = specs.FirstOrDefault(s => !expected.Contains(s.Name));
        if (unknown is not null)
        {
            throw Reject(path, $"unexpected {kind} '{unknown.Name}' {unknown.ShapeText}; expected {kind}s {string.Join(", ", expected)}");
        }
    }

    private static void ExpectFloat(OnnxTensorSpec spec, string path)
    {
        if (spec.ElementType != OnnxElementType.Float)
        {
            throw Reject(path, $"'{spec.Name}' holds {spec.ElementType}, expected float32");
        }
    }

    private static void ExpectPairs(OnnxTensorSpec av, string path)
    {
        ExpectFloat(av, path);
        if (av.Shape.Count != 2 || !FitsBatchOfOne(av.Shape[0]) || av.Shape[1] != 2)
        {
            throw Reject(path, $"output '{Av}' is {av.ShapeText}, expected [*,2] (arousal, valence)");
        }
    }

    private static string Describe(IReadOnlyList<OnnxTensorSpec> specs) =>
        specs.Count == 0 ? "none" : string.Join(", ", specs.Select(s => $"'{s.Name}' {s.ShapeText}"));

    private static InvalidDataException Reject(string path, string what) => new($"{path}: {what}");
}
