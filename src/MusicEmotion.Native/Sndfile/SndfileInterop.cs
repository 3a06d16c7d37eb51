using System.Runtime.InteropServices;

namespace MusicEmotion.Native.Sndfile;

/// <summary>
/// The part of libsndfile's C API (sndfile.h, 1.0.x and later) that reading needs. Only <see cref="SndfileReader"/>
/// calls it; everything above speaks spans and exceptions.
/// </summary>
internal static partial class SndfileInterop
{
    /// <summary>SFM_READ: open for reading only.</summary>
    public const int ModeRead = 0x10;

    /// <summary>SFC_GET_FORMAT_INFO: fills an <see cref="SfFormatInfo"/> for the format it names.</summary>
    public const int CommandGetFormatInfo = 0x1028;

    /// <summary>SF_FORMAT_TYPEMASK: the container part of <see cref="SfInfo.Format"/> (WAV, FLAC, OGG...).</summary>
    public const int FormatTypeMask = 0x0FFF0000;

    /// <summary>SF_FORMAT_SUBMASK: the encoding part of <see cref="SfInfo.Format"/> (PCM_16, VORBIS...).</summary>
    public const int FormatSubtypeMask = 0x0000FFFF;

    [LibraryImport(NativeLibraries.Sndfile, EntryPoint = "sf_open", StringMarshalling = StringMarshalling.Utf8)]
    public static partial SndfileHandle Open(string path, int mode, ref SfInfo info);

    /// <summary>The Windows entry point that takes a UTF-16 path, so names outside the ANSI code page open.</summary>
    [LibraryImport(NativeLibraries.Sndfile, EntryPoint = "sf_wchar_open", StringMarshalling = StringMarshalling.Utf16)]
    public static partial SndfileHandle OpenWide(string path, int mode, ref SfInfo info);

    [LibraryImport(NativeLibraries.Sndfile, EntryPoint = "sf_readf_float")]
    public static unsafe partial long ReadFramesFloat(SndfileHandle file, float* interleaved, long frames);

    [LibraryImport(NativeLibraries.Sndfile, EntryPoint = "sf_close")]
    public static partial int Close(IntPtr file);

    /// <summary>sf_error: 0 when the last operation on <paramref name="file"/> succeeded.</summary>
    [LibraryImport(NativeLibraries.Sndfile, EntryPoint = "sf_error")]
    public static partial int Error(SndfileHandle file);

    /// <summary>sf_strerror: a static string owned by the library (never freed here).</summary>
    [LibraryImport(NativeLibraries.Sndfile, EntryPoint = "sf_strerror")]
    public static partial IntPtr ErrorText(SndfileHandle file);

    /// <summary>sf_strerror(NULL): why the last failed sf_open failed.</summary>
    [LibraryImport(NativeLibraries.Sndfile, EntryPoint = "sf_strerror")]
    public static partial IntPtr OpenErrorText(IntPtr noFile);

    [LibraryImport(NativeLibraries.Sndfile, EntryPoint = "sf_command")]
    public static unsafe partial int Command(SndfileHandle file, int command, void* data, int dataSize);

    [LibraryImport(NativeLibraries.Sndfile, EntryPoint = "sf_version_string")]
    public static partial IntPtr VersionString();
}

/// <summary>SF_INFO: what sf_open reports about a file (and, for writing, what the caller asks for).</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct SfInfo
{
    /// <summary>sf_count_t (64-bit on every platform libsndfile supports).</summary>
    public long Frames;
    public int SampleRate;
    public int Channels;
    public int Format;
    public int Sections;
    public int Seekable;
}

/// <summary>SF_FORMAT_INFO: a format code and the library's static name and extension strings for it.</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct SfFormatInfo
{
    public int Format;
    public IntPtr Name;
    public IntPtr Extension;
}
