using System.CommandLine;
using System.Threading.Channels;
using MusicEmotion.Audio;
using MusicEmotion.Audio.Framing;
using MusicEmotion.Features;
using MusicEmotion.Outputs.Files;
using MusicEmotion.Pipeline.Sources;

namespace MusicEmotion.Cli.Commands;

/// <summary>
/// <c>musicemotion features FILE... --out DIR</c>: the log-mel features exactly as the engine sees them (before the
/// z-score), for the training tools, so training and serving share one implementation. Writes
/// DIR/&lt;stem&gt;.logmel.npy, float32 [frames, 128, 44] (the layout of the reference fixtures), and
/// DIR/&lt;stem&gt;.times.npy, float32 [frames], each frame's start in seconds.
/// </summary>
internal static class FeaturesCommand
{
    private const string LogMelExtension = ".logmel.npy", TimesExtension = ".times.npy";

    public static Command Create()
    {
        var files = FileArguments.Create("Audio files");
        var output = new Option<string>("--out", "-o") { Description = "Folder for the .npy files (created if missing)", Required = true };
        var force = new Option<bool>("--force") { Description = "Replace .npy files that exist" };
        var verbose = new Option<bool>("--verbose") { Description = "Stack traces on errors" };
        var command = new Command("features", "Write log-mel features (.npy) of audio files for training tools");
        command.Arguments.Add(files);
        command.Options.Add(output);
        command.Options.Add(force);
        command.Options.Add(verbose);
        command.SetAction(parse => Run(parse.GetValue(files)!, parse.GetValue(output)!, parse.GetValue(force), parse.GetValue(verbose)));
        return command;
    }

    private static int Run(string[] files, string outputDirectory, bool force, bool verbose)
    {
        CheckOutputs(files, outputDirectory, force);
        Directory.CreateDirectory(outputDirectory);
        var extractor = new FeatureExtractor();
        int exit = ExitCodes.Ok;
        foreach (string file in files)
        {
            try
            {
                var (frames, tail) = Extract(file, outputDirectory, extractor);
                Console.Error.WriteLine(
                    $"{file}: {frames} frames -> {Path.Combine(outputDirectory, Stem(file))}{LogMelExtension}"
                    + (tail > 0 ? $" (last {tail / (double)FrameLayout.SampleRate:0.00} s, shorter than a frame, not included)" : ""));
            }
            catch (Exception error) when (CliErrors.ExitCodeOf(error) == ExitCodes.BadInput)
            {
                exit = CliErrors.Report(error, verbose);
            }
        }
        return exit;
    }

    /// <summary>Every output is checked before the first file is read: a refusal costs no work and replaces nothing.</summary>
    private static void CheckOutputs(string[] files, string outputDirectory, bool force)
    {
        if (File.Exists(outputDirectory))
        {
            throw new UsageException($"--out {outputDirectory}: is a file; expected a folder for the .npy files");
        }
        foreach (var stems in files.GroupBy(Stem))
        {
            if (stems.Count() > 1)
            {
                throw new UsageException(
                    $"{string.Join(" and ", stems)} would both be written to {Path.Combine(outputDirectory, stems.Key)}.logmel.npy; analyse them into different folders");
            }
            foreach (string extension in (string[])[LogMelExtension, TimesExtension])
            {
                OutputFile.Check(Path.Combine(outputDirectory, stems.Key + extension), "--out", force, files);
            }
        }
    }

    private static string Stem(string file) => Path.GetFileNameWithoutExtension(file);

    private static (int Frames, long Tail) Extract(string file, string outputDirectory, FeatureExtractor extractor)
    {
        using var source = new FileFrameSource(file);
        string stem = Path.Combine(outputDirectory, Stem(file));
        var pool = new FramePool<AudioFrame>(() => new AudioFrame());
        var channel = Channel.CreateBounded<AudioFrame>(new BoundedChannelOptions(4) { SingleReader = true, SingleWriter = true });
        Task producer = Task.Run(async () =>
        {
            try
            {
                await source.RunAsync(channel.Writer, pool, CancellationToken.None).ConfigureAwait(false);
                channel.Writer.Complete();
            }
            catch (Exception error)
            {
                channel.Writer.Complete(error);
            }
        });
        var features = new FeatureFrame(extractor.Settings);
        var times = new List<float>();
        using (var logMel = new NpyRowWriter(stem + LogMelExtension, extractor.Settings.MelBands, extractor.Settings.Frames))
        {
            // Frames already written stay written if the file turns out broken midway: nothing computed is lost.
            foreach (AudioFrame frame in channel.Reader.ReadAllAsync().ToBlockingEnumerable())
            {
                extractor.Extract(frame, features);
                pool.Return(frame);
                logMel.Append(features.LogMel);
                times.Add((float)features.StartTime);
            }
        }
        NpyFile.Write(stem + TimesExtension, times.ToArray(), times.Count);
        producer.GetAwaiter().GetResult();
        return (times.Count, source.TailSamples);
    }
}
