using MusicEmotion.Inference.Managed;
using MusicEmotion.TestSupport.Onnx;

namespace MusicEmotion.Benchmarks.Inference;

/// <summary>
/// The models the inference benchmarks run: the paper's emotion model from the shared reference data
/// (hidden 20, 4 LSTM layers, stateless) and generated random stateful models of other widths.
/// </summary>
public static class BenchmarkModels
{
    public const string Paper = "paper-h20x4";
    public const string Random32 = "random-h32x2";
    public const string Random64 = "random-h64x2";

    public static LstmNetwork Network(string name) => name switch
    {
        Paper => LstmNetwork.Load(Path.Combine(ReferenceDirectory(), "paper_emotion.onnx")),
        Random32 => LstmNetwork.FromModel(RandomLstmModel.Create(layers: 2, hidden: 32, seed: 32), name),
        Random64 => LstmNetwork.FromModel(RandomLstmModel.Create(layers: 2, hidden: 64, seed: 64), name),
        _ => throw new ArgumentOutOfRangeException(nameof(name), name, "unknown benchmark model"),
    };

    /// <summary>A frame of standard-normal values: what a z-scored log-mel frame looks like to the model.</summary>
    public static float[] ZScoredFrame(int seed)
    {
        var random = new Random(seed);
        var frame = new float[ManagedEmotionEngine.Frames * ManagedEmotionEngine.Bands];
        for (int i = 0; i < frame.Length; i++)
        {
            frame[i] = (float)(Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble()));
        }
        return frame;
    }

    /// <summary>$MUSICEMOTION_REFERENCE, else ../shared/reference beside the repository holding these binaries.</summary>
    private static string ReferenceDirectory()
    {
        string? fromEnv = Environment.GetEnvironmentVariable("MUSICEMOTION_REFERENCE");
        if (!string.IsNullOrEmpty(fromEnv))
        {
            return fromEnv;
        }
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "MusicEmotion.sln")))
            {
                return Path.Combine(dir.FullName, "..", "shared", "reference");
            }
        }
        throw new DirectoryNotFoundException(
            $"the paper model needs the shared reference data: set MUSICEMOTION_REFERENCE (no MusicEmotion.sln above {AppContext.BaseDirectory})");
    }
}
