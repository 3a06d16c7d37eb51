using System.CommandLine;
using System.Threading.Channels;
using MusicEmotion.Audio;
using MusicEmotion.Audio.Framing;
using MusicEmotion.Features;
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
    public static Command Create()
    {
        var files = FileArguments.Create("Audio files");
        var output = new Option<string>("--out", "-o") { Description = "Folder for the .npy files (created if missing)", Required = true };
        var verbose = new Option<bool>("--verbose") { Description = "Stack traces on errors" };
        var command = new Command("features", "Write log-mel features (.npy) of audio files for training tools");
        command.Arguments.Add(files);
        command.Options.Add(output);
        command.Options.Add(verbose);
        command.SetAction(parse => Run(parse.GetValue(files)!, parse.GetValue(output)!, parse.GetValue(verbose)));
        return command;
    }

    private static int Run(string[] files, string outputDirectory, bool verbose)
    {
        Directory.CreateDirectory(outputDirectory);
        var extractor = new FeatureExtractor();
        int exit = ExitCodes.Ok;
        foreach (string file in files)
        {
            try
            {
                var (frames, tail) = Extract(file, outputDirectory, extractor);
                Console.Error.WriteLine(
                    $"{file}: {frames} frames -> {Path.Combine(outputDirectory, Path.GetFileNameWithoutExtension(file))}.logmel.npy"
                    + (tail > 0 ? $" (last {tail / (double)FrameLayout.SampleRate:0.00} s, shorter than a frame, not included)" : ""));
            }
            catch (Exception error) when (CliErrors.ExitCodeOf(error) == ExitCodes.BadInput)
            {
                exit = CliErrors.Report(error, verbose);
            }
        }
        return exit;
    }

    private static (int Frames, long Tail) Extract(string file, string outputDirectory, FeatureExtractor extractor)
    {
        using var source = new FileFrameSource(file);
        string stem = Path.Combine(outputDirectory, Path.GetFileNameWithoutExtension(file));
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
        using (var logMel = new NpyRowWriter(stem + ".logmel.npy", extractor.Settings.MelBands, extractor.Settings.Frames))
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
        NpyFile.Write(stem + ".times.npy", times.ToArray(), times.Count);
        producer.GetAwaiter().GetResult();
        return (times.Count, source.TailSamples);
    }
}
