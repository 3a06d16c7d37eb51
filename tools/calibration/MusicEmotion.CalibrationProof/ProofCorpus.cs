using System.Globalization;
using MusicEmotion.Inference;
using MusicEmotion.Inference.Models;
using MusicEmotion.Library.Feedback;

namespace MusicEmotion.CalibrationProof;

/// <summary>One analysed frame of a corpus track with the cue model's ground truth for it.</summary>
internal readonly record struct TruthFrame(int Song, HiddenFrame Frame, AffectPoint Truth);

/// <summary>
/// The synthetic corpus (tools/training/generate_corpus.py, DEAM's layout) read back: each track analysed by the
/// product's session and engine, each frame paired with the annotation of the 0.5 s frame that ends where it ends.
/// </summary>
internal static class ProofCorpus
{
    private const string AnnotationFolder = "annotations/annotations averaged per song/dynamic (per second annotations)";

    public static async Task<List<TruthFrame>> LoadAsync(string folder, LoadedModels models)
    {
        Dictionary<int, Dictionary<int, float>> arousal = Annotations(Path.Combine(folder, AnnotationFolder, "arousal.csv"));
        Dictionary<int, Dictionary<int, float>> valence = Annotations(Path.Combine(folder, AnnotationFolder, "valence.csv"));
        var frames = new List<TruthFrame>();
        foreach (int song in arousal.Keys.Order())
        {
            string wav = Path.Combine(folder, "MEMD_audio", $"{song}.wav");
            foreach (HiddenFrame frame in await TrackHiddenStates.ReadAsync(wav, models).ConfigureAwait(false))
            {
                int endMs = (int)Math.Round((frame.Time + FrameSeconds) * 1000);
                if (arousal[song].TryGetValue(endMs, out float a) && valence[song].TryGetValue(endMs, out float v))
                {
                    frames.Add(new TruthFrame(song, frame, new AffectPoint(a, v)));
                }
            }
            Console.Error.Write($"\ranalysed {song}/{arousal.Count} tracks");
        }
        Console.Error.WriteLine();
        return frames;
    }

    private const double FrameSeconds = 0.5;

    /// <summary>song_id, sample_5000ms, ...: one row per song, one column per labelled frame end.</summary>
    private static Dictionary<int, Dictionary<int, float>> Annotations(string path)
    {
        string[] lines = File.ReadAllLines(path);
        int[] endMs = lines[0].Split(',').Skip(1).Select(c => int.Parse(c["sample_".Length..^"ms".Length], CultureInfo.InvariantCulture)).ToArray();
        var songs = new Dictionary<int, Dictionary<int, float>>();
        foreach (string line in lines.Skip(1).Where(l => l.Length > 0))
        {
            string[] cells = line.Split(',');
            var values = new Dictionary<int, float>();
            for (int k = 0; k < endMs.Length; k++)
            {
                values[endMs[k]] = float.Parse(cells[k + 1], CultureInfo.InvariantCulture);
            }
            songs[int.Parse(cells[0], CultureInfo.InvariantCulture)] = values;
        }
        return songs;
    }
}
