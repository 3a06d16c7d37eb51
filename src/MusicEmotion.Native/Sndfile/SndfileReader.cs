using System.Runtime.InteropServices;

namespace MusicEmotion.Native.Sndfile;

/// <summary>
/// A file opened for reading through libsndfile (FLAC, OGG/Vorbis, Opus, MP3, AIFF, CAF, W64, compressed WAV...),
/// decoded to interleaved float. Integer formats come back scaled by libsndfile's default normalisation
/// (sample / 2^(bits-1)), the same scale the managed WAV decoder uses.
/// </summary>
public sealed class SndfileReader : IDisposable
{
    /// <summary>SF_COUNT_MAX: what libsndfile reports as the length of a stream it cannot measure.</summary>
    private const long UnknownLength = long.MaxValue;

    private readonly SndfileHandle _handle;
    private string? _pendingError;

    private SndfileReader(SndfileHandle handle, SfInfo info)
    {
        _handle = handle;
        SampleRate = info.SampleRate;
        Channels = info.Channels;
        Format = info.Format;
        Frames = info.Frames is >= 0 and < UnknownLength ? info.Frames : null;
        ContainerName = FormatName(handle, info.Format & SndfileInterop.FormatTypeMask);
        EncodingName = FormatName(handle, info.Format & SndfileInterop.FormatSubtypeMask);
    }

    /// <summary>
    /// Opens <paramref name="path"/>. Throws <see cref="NativeLibraryMissingException"/> when libsndfile is not
    /// installed and <see cref="SndfileException"/> (with libsndfile's reason) when it cannot read the file.
    /// </summary>
    public static SndfileReader Open(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        NativeLibraries.Load(NativeLibraries.Sndfile);
        var info = default(SfInfo);
        SndfileHandle handle = OperatingSystem.IsWindows()
            ? SndfileInterop.OpenWide(path, SndfileInterop.ModeRead, ref info)
            : SndfileInterop.Open(path, SndfileInterop.ModeRead, ref info);
        if (handle.IsInvalid)
        {
            handle.Dispose();
            throw new SndfileException(Text(SndfileInterop.OpenErrorText(IntPtr.Zero)));
        }
        if (info.Channels <= 0 || info.SampleRate <= 0)
        {
            handle.Dispose();
            throw new SndfileException($"libsndfile reported {info.Channels} channels at {info.SampleRate} Hz");
        }
        return new SndfileReader(handle, info);
    }

    /// <summary>The libsndfile version string, e.g. "libsndfile-1.2.2".</summary>
    public static string Version
    {
        get
        {
            NativeLibraries.Load(NativeLibraries.Sndfile);
            return Text(SndfileInterop.VersionString());
        }
    }

    public int SampleRate { get; }

    public int Channels { get; }

    /// <summary>The raw SF_FORMAT_* code: container in the high word, encoding in the low word.</summary>
    public int Format { get; }

    /// <summary>Length in sample frames; null when libsndfile cannot tell (a stream without a length).</summary>
    public long? Frames { get; }

    /// <summary>libsndfile's name for the container, e.g. "FLAC (Free Lossless Audio Codec)".</summary>
    public string ContainerName { get; }

    /// <summary>libsndfile's name for the encoding, e.g. "Signed 16 bit PCM" or "Vorbis".</summary>
    public string EncodingName { get; }

    /// <summary>
    /// Decodes up to <c>interleaved.Length / Channels</c> whole frames and returns how many it wrote; 0 at the end.
    /// When the decoder fails (a corrupt or truncated stream), the frames it decoded before failing are returned
    /// first and the next call throws <see cref="SndfileException"/>, so nothing decoded is lost.
    /// </summary>
    public unsafe long ReadFrames(Span<float> interleaved)
    {
        ObjectDisposedException.ThrowIf(_handle.IsClosed, this);
        if (_pendingError is not null)
        {
            throw new SndfileException(_pendingError);
        }
        long wanted = interleaved.Length / Channels;
        if (wanted == 0)
        {
            return 0;
        }
        long got;
        fixed (float* destination = interleaved)
        {
            got = SndfileInterop.ReadFramesFloat(_handle, destination, wanted);
        }
        if (got < wanted && SndfileInterop.Error(_handle) != 0)
        {
            _pendingError = Text(SndfileInterop.ErrorText(_handle));
            if (got <= 0)
            {
                throw new SndfileException(_pendingError);
            }
        }
        return Math.Max(got, 0);
    }

    public void Dispose() => _handle.Dispose();

    private static unsafe string FormatName(SndfileHandle handle, int format)
    {
        var query = new SfFormatInfo { Format = format };
        int status = SndfileInterop.Command(handle, SndfileInterop.CommandGetFormatInfo, &query, sizeof(SfFormatInfo));
        return status == 0 && query.Name != IntPtr.Zero ? Text(query.Name) : $"format 0x{format:X8}";
    }

    private static string Text(IntPtr utf8) => Marshal.PtrToStringUTF8(utf8) ?? "";
}
