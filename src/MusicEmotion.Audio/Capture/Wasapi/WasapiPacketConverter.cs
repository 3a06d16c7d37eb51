using MusicEmotion.Audio.Conversion;
using MusicEmotion.Audio.Decoding;

namespace MusicEmotion.Audio.Capture.Wasapi;

/// <summary>
/// The WASAPI capture callback's work: one packet of device bytes (float32, 16/24/32-bit PCM, any channel count)
/// -> float samples (<see cref="WavSampleConverter"/>, the WAV decoder's scale) -> mono (<see cref="ChannelDownmixer"/>,
/// the pump's mean of channels) -> <see cref="CaptureRing"/>, stamped with the time the packet arrived. Allocation-free
/// and lock-free per packet after construction, so it may run on the audio thread.
/// </summary>
/// <remarks>
/// A packet flagged silent is written as zeros of its length, whatever its bytes hold, as WASAPI asks. A packet
/// flagged as a discontinuity (the audio engine lost audio before it) is counted, as PortAudio's host overflows are,
/// and reported with the capture's statistics. Packets are whole frames in practice, but the conversion does not
/// depend on it: a sample cut by a packet boundary is carried to the next packet, and the downmixer carries a
/// part-frame.
/// </remarks>
public sealed class WasapiPacketConverter
{
    /// <summary>Device samples converted per step; a packet longer than this takes several steps.</summary>
    private const int ChunkFrames = CaptureRing.MaxBlockFrames;

    private readonly CaptureRing _ring;
    private readonly ChannelDownmixer _downmixer;
    private readonly float[] _interleaved;
    private readonly float[] _mono;
    private readonly byte[] _partSample = new byte[8];
    private int _partSampleLength;
    private long _packets;
    private long _discontinuities;
    private long _silentPackets;
    private long _repairedSamples;

    /// <param name="format">The stream's format (<see cref="WasapiPacketFormat.FromWaveFormat"/>).</param>
    /// <param name="ring">A mono ring (see <see cref="CreateRing"/>) the pump reads.</param>
    public WasapiPacketConverter(WasapiPacketFormat format, CaptureRing ring)
    {
        ArgumentNullException.ThrowIfNull(ring);
        if (ring.Channels != 1)
        {
            throw new ArgumentException($"the ring holds {ring.Channels} channels; the converter writes mono", nameof(ring));
        }
        Format = format;
        _ring = ring;
        _downmixer = new ChannelDownmixer(format.Channels);
        _interleaved = new float[ChunkFrames * format.Channels];
        _mono = new float[ChunkFrames + 1];
    }

    /// <summary>A mono ring holding <paramref name="seconds"/> of the stream's audio.</summary>
    public static CaptureRing CreateRing(WasapiPacketFormat format, double seconds) =>
        CaptureRing.For(new AudioFormat(format.SampleRate, 1), seconds);

    public WasapiPacketFormat Format { get; }

    /// <summary>Packets converted so far.</summary>
    public long Packets => Interlocked.Read(ref _packets);

    /// <summary>Packets WASAPI flagged as following lost audio (AUDCLNT_BUFFERFLAGS_DATA_DISCONTINUITY).</summary>
    public long Discontinuities => Interlocked.Read(ref _discontinuities);

    /// <summary>Packets WASAPI flagged silent (AUDCLNT_BUFFERFLAGS_SILENT), written as zeros.</summary>
    public long SilentPackets => Interlocked.Read(ref _silentPackets);

    /// <summary>NaN or infinite float samples replaced with silence.</summary>
    public long RepairedSamples => Interlocked.Read(ref _repairedSamples);

    /// <summary>
    /// Converts one packet into the ring. The bytes are read only during the call (WASAPI's buffer is released after
    /// it). Never blocks; a packet that does not fit in the ring is dropped there and counted as an overrun.
    /// </summary>
    public void Write(ReadOnlySpan<byte> packet, WasapiBufferFlags flags, long capturedTicks)
    {
        Interlocked.Increment(ref _packets);
        if ((flags & WasapiBufferFlags.DataDiscontinuity) != 0)
        {
            Interlocked.Increment(ref _discontinuities);
        }
        bool silent = (flags & WasapiBufferFlags.Silent) != 0;
        if (silent)
        {
            Interlocked.Increment(ref _silentPackets);
        }
        int bytesPerSample = Format.BytesPerSample;
        int pending = 0;
        if (_partSampleLength > 0)
        {
            int take = Math.Min(bytesPerSample - _partSampleLength, packet.Length);
            packet[..take].CopyTo(_partSample.AsSpan(_partSampleLength));
            _partSampleLength += take;
            packet = packet[take..];
            if (_partSampleLength < bytesPerSample)
            {
                return;
            }
            pending = Decode(_partSample.AsSpan(0, bytesPerSample), _interleaved.AsSpan(0, 1), silent);
            _partSampleLength = 0;
        }
        int samples = packet.Length / bytesPerSample;
        for (int done = 0; done < samples;)
        {
            int count = Math.Min(samples - done, _interleaved.Length - pending);
            pending += Decode(packet.Slice(done * bytesPerSample, count * bytesPerSample), _interleaved.AsSpan(pending, count), silent);
            Emit(pending, capturedTicks);
            pending = 0;
            done += count;
        }
        Emit(pending, capturedTicks);
        ReadOnlySpan<byte> rest = packet[(samples * bytesPerSample)..];
        rest.CopyTo(_partSample);
        _partSampleLength = rest.Length;
    }

    /// <summary>Forgets a carried part-sample and part-frame: the stream restarted.</summary>
    public void Reset()
    {
        _partSampleLength = 0;
        _downmixer.Reset();
    }

    private int Decode(ReadOnlySpan<byte> bytes, Span<float> samples, bool silent)
    {
        if (silent)
        {
            samples.Clear();
        }
        else if (WavSampleConverter.Convert(Format.Encoding, bytes, samples) is > 0 and var repaired)
        {
            Interlocked.Add(ref _repairedSamples, repaired);
        }
        return samples.Length;
    }

    private void Emit(int interleavedSamples, long capturedTicks)
    {
        if (interleavedSamples == 0)
        {
            return;
        }
        int mono = _downmixer.Process(_interleaved.AsSpan(0, interleavedSamples), _mono);
        if (mono > 0)
        {
            _ring.TryWrite(_mono.AsSpan(0, mono), capturedTicks);
        }
    }
}
