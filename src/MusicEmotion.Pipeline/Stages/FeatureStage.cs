using System.Threading.Channels;
using MusicEmotion.Audio;
using MusicEmotion.Audio.Framing;
using MusicEmotion.Features;
using MusicEmotion.Pipeline.Diagnostics;

namespace MusicEmotion.Pipeline.Stages;

/// <summary>Audio frames in, feature frames out: the thin pipeline wrapper around <see cref="FeatureExtractor"/>.</summary>
public sealed class FeatureStage(
    FeatureExtractor extractor,
    FramePool<AudioFrame> audioPool,
    FramePool<FeatureFrame> featurePool,
    PipelineCounters counters)
{
    public async Task RunAsync(ChannelReader<AudioFrame> input, ChannelWriter<FeatureFrame> output)
    {
        try
        {
            await foreach (AudioFrame audio in input.ReadAllAsync().ConfigureAwait(false))
            {
                FeatureFrame features = featurePool.Rent();
                extractor.Extract(audio, features);
                audioPool.Return(audio);
                counters.FrameMade();
                while (!output.TryWrite(features))
                {
                    if (!await output.WaitToWriteAsync().ConfigureAwait(false))
                    {
                        throw new ChannelClosedException();
                    }
                }
            }
            output.TryComplete();
        }
        catch (Exception error)
        {
            output.TryComplete(error);
            throw;
        }
    }
}
