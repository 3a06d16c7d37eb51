using System.Globalization;
using MusicEmotion.Audio.Decoding;

namespace MusicEmotion.Audio.Capture.Wasapi;

/// <summary>
/// The flags IAudioCaptureClient::GetBuffer sets on a packet (AUDCLNT_BUFFERFLAGS_*), with the Windows SDK's values,
/// so NAudio's enum and recorded packets convert by value.
/// </summary>
[Flags]
public enum WasapiBufferFlags
{
    None = 0,

    /// <summary>The packet does not follow the previous one: the audio engine lost audio in between (a glitch).</summary>
    DataDiscontinuity = 0x1,

    /// <summary>Treat the packet as silence, whatever its bytes hold.</summary>
    Silent = 0x2,

    /// <summary>The packet's time stamp is unreliable; the audio itself is fine.</summary>
    TimestampError = 0x4,
}

/// <summary>
/// How the bytes of a WASAPI capture packet are laid out: a stream's WAVEFORMATEX is a WAV file's <c>fmt </c> chunk,
/// so the WAV decoder's reading of it (<see cref="WavHeader.TryGetEncoding"/>) and its sample conversion serve here
/// too. Knows no Windows types, so it is tested on every OS.
/// </summary>
public readonly record struct WasapiPacketFormat(WavSampleEncoding Encoding, int Channels, int SampleRate)
{
    public int BytesPerSample => WavSampleConverter.BytesPerSample(Encoding);

    /// <summary>Bytes of one frame (a sample of every channel): WAVEFORMATEX's nBlockAlign.</summary>
    public int BlockAlign => BytesPerSample * Channels;

    /// <summary>
    /// The format of a stream from its WAVEFORMATEX fields (with the sub-format GUID of a WAVEFORMATEXTENSIBLE), or a
    /// one-line <see cref="AudioInputException"/> naming <paramref name="device"/> when it is not PCM or IEEE float.
    /// </summary>
    public static WasapiPacketFormat FromWaveFormat(
        string device, int formatTag, int channels, int sampleRate, int bitsPerSample, int blockAlign, Guid subFormat = default)
    {
        ArgumentNullException.ThrowIfNull(device);
        if (channels < 1 || sampleRate < 1)
        {
            throw new AudioInputException(device, string.Create(
                CultureInfo.InvariantCulture, $"reports {channels} channel(s) at {sampleRate} Hz; expected at least one channel and a rate"));
        }
        var header = new WavHeader
        {
            FormatTag = (ushort)(formatTag == WavFormatTag.Extensible ? SubFormatCode(subFormat) : formatTag),
            SubFormat = formatTag == WavFormatTag.Extensible ? subFormat : null,
            Channels = channels,
            SampleRate = sampleRate,
            BlockAlign = blockAlign,
            BitsPerSample = bitsPerSample,
            ValidBitsPerSample = bitsPerSample,
            DataOffset = 0,
            DataLength = null,
        };
        if (!header.TryGetEncoding(out WavSampleEncoding encoding, out string problem))
        {
            throw new AudioInputException(device, $"delivers a format this program does not read: {problem}");
        }
        return new WasapiPacketFormat(encoding, channels, sampleRate);
    }

    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture, $"{Encoding}, {Channels} ch, {SampleRate} Hz");

    /// <summary>
    /// KSDATAFORMAT_SUBTYPE_PCM, _IEEE_FLOAT and their kin are a format tag in the first field of one base GUID;
    /// any other sub-format keeps the extensible tag, which <see cref="WavHeader.TryGetEncoding"/> refuses by name.
    /// </summary>
    private static int SubFormatCode(Guid subFormat)
    {
        Span<byte> bytes = stackalloc byte[16];
        subFormat.TryWriteBytes(bytes);
        var onBase = new Guid(BitConverter.ToUInt32(bytes), 0x0000, 0x0010, 0x80, 0x00, 0x00, 0xaa, 0x00, 0x38, 0x9b, 0x71);
        return onBase == subFormat && BitConverter.ToUInt32(bytes) <= ushort.MaxValue ? (int)BitConverter.ToUInt32(bytes) : WavFormatTag.Extensible;
    }
}
