using System.Runtime.InteropServices;

namespace MusicEmotion.Native.PortAudio;

/// <summary>
/// The part of PortAudio v19's C API (portaudio.h) that listing devices and capturing need. Only the types of this
/// folder call it; everything above speaks records, spans and exceptions. C's <c>unsigned long</c> (sample format,
/// flags, frame counts) is 64-bit on Linux and macOS but 32-bit on Windows, hence <see cref="CULong"/>.
/// </summary>
internal static unsafe partial class PortAudioInterop
{
    /// <summary>paNoDevice.</summary>
    public const int NoDevice = -1;

    /// <summary>paFloat32: 32-bit float samples, interleaved.</summary>
    public const uint Float32 = 0x1;

    /// <summary>paClipOff: input needs no clipping, and skipping it saves the host a pass over every buffer.</summary>
    public const uint ClipOff = 0x1;

    /// <summary>paInputOverflow (callback status): the host dropped input before this callback.</summary>
    public const uint InputOverflow = 0x2;

    /// <summary>paContinue / paAbort: what a stream callback returns.</summary>
    public const int Continue = 0;
    public const int Abort = 2;

    [LibraryImport(NativeLibraries.PortAudio, EntryPoint = "Pa_Initialize")]
    public static partial int Initialize();

    [LibraryImport(NativeLibraries.PortAudio, EntryPoint = "Pa_Terminate")]
    public static partial int Terminate();

    /// <summary>A static string owned by the library.</summary>
    [LibraryImport(NativeLibraries.PortAudio, EntryPoint = "Pa_GetVersionText")]
    public static partial IntPtr GetVersionText();

    /// <summary>A static string owned by the library.</summary>
    [LibraryImport(NativeLibraries.PortAudio, EntryPoint = "Pa_GetErrorText")]
    public static partial IntPtr GetErrorText(int error);

    [LibraryImport(NativeLibraries.PortAudio, EntryPoint = "Pa_GetLastHostErrorInfo")]
    public static partial PaHostErrorInfo* GetLastHostErrorInfo();

    [LibraryImport(NativeLibraries.PortAudio, EntryPoint = "Pa_GetHostApiCount")]
    public static partial int GetHostApiCount();

    [LibraryImport(NativeLibraries.PortAudio, EntryPoint = "Pa_GetDefaultHostApi")]
    public static partial int GetDefaultHostApi();

    [LibraryImport(NativeLibraries.PortAudio, EntryPoint = "Pa_GetHostApiInfo")]
    public static partial PaHostApiInfo* GetHostApiInfo(int hostApi);

    [LibraryImport(NativeLibraries.PortAudio, EntryPoint = "Pa_GetDeviceCount")]
    public static partial int GetDeviceCount();

    [LibraryImport(NativeLibraries.PortAudio, EntryPoint = "Pa_GetDefaultInputDevice")]
    public static partial int GetDefaultInputDevice();

    [LibraryImport(NativeLibraries.PortAudio, EntryPoint = "Pa_GetDeviceInfo")]
    public static partial PaDeviceInfo* GetDeviceInfo(int device);

    /// <summary>0 (paFormatIsSupported) or the error that opening such a stream would give.</summary>
    [LibraryImport(NativeLibraries.PortAudio, EntryPoint = "Pa_IsFormatSupported")]
    public static partial int IsFormatSupported(PaStreamParameters* input, PaStreamParameters* output, double sampleRate);

    [LibraryImport(NativeLibraries.PortAudio, EntryPoint = "Pa_OpenStream")]
    public static partial int OpenStream(
        out PortAudioStreamHandle stream,
        PaStreamParameters* input,
        PaStreamParameters* output,
        double sampleRate,
        CULong framesPerBuffer,
        CULong flags,
        delegate* unmanaged[Cdecl]<void*, void*, CULong, PaStreamCallbackTimeInfo*, CULong, void*, int> callback,
        void* userData);

    [LibraryImport(NativeLibraries.PortAudio, EntryPoint = "Pa_SetStreamFinishedCallback")]
    public static partial int SetStreamFinishedCallback(PortAudioStreamHandle stream, delegate* unmanaged[Cdecl]<void*, void> callback);

    [LibraryImport(NativeLibraries.PortAudio, EntryPoint = "Pa_CloseStream")]
    public static partial int CloseStream(IntPtr stream);

    [LibraryImport(NativeLibraries.PortAudio, EntryPoint = "Pa_StartStream")]
    public static partial int StartStream(PortAudioStreamHandle stream);

    /// <summary>Stops after the buffers already handed to the callback have been processed.</summary>
    [LibraryImport(NativeLibraries.PortAudio, EntryPoint = "Pa_StopStream")]
    public static partial int StopStream(PortAudioStreamHandle stream);

    /// <summary>Stops at once, discarding pending buffers.</summary>
    [LibraryImport(NativeLibraries.PortAudio, EntryPoint = "Pa_AbortStream")]
    public static partial int AbortStream(PortAudioStreamHandle stream);

    /// <summary>1 while callbacks run, 0 once stopped (by us, by paAbort, or because the host failed), negative on error.</summary>
    [LibraryImport(NativeLibraries.PortAudio, EntryPoint = "Pa_IsStreamActive")]
    public static partial int IsStreamActive(PortAudioStreamHandle stream);

    [LibraryImport(NativeLibraries.PortAudio, EntryPoint = "Pa_GetStreamInfo")]
    public static partial PaStreamInfo* GetStreamInfo(PortAudioStreamHandle stream);
}

/// <summary>PaHostApiInfo.</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct PaHostApiInfo
{
    public int StructVersion;
    public int Type;
    public IntPtr Name;
    public int DeviceCount;
    public int DefaultInputDevice;
    public int DefaultOutputDevice;
}

/// <summary>PaDeviceInfo (struct version 2).</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct PaDeviceInfo
{
    public int StructVersion;
    public IntPtr Name;
    public int HostApi;
    public int MaxInputChannels;
    public int MaxOutputChannels;
    public double DefaultLowInputLatency;
    public double DefaultLowOutputLatency;
    public double DefaultHighInputLatency;
    public double DefaultHighOutputLatency;
    public double DefaultSampleRate;
}

/// <summary>PaStreamParameters.</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct PaStreamParameters
{
    public int Device;
    public int ChannelCount;
    public CULong SampleFormat;
    public double SuggestedLatency;
    public IntPtr HostApiSpecificStreamInfo;
}

/// <summary>PaStreamCallbackTimeInfo, in the stream's own clock (seconds).</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct PaStreamCallbackTimeInfo
{
    public double InputBufferAdcTime;
    public double CurrentTime;
    public double OutputBufferDacTime;
}

/// <summary>PaStreamInfo: what the host actually granted.</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct PaStreamInfo
{
    public int StructVersion;
    public double InputLatency;
    public double OutputLatency;
    public double SampleRate;
}

/// <summary>PaHostErrorInfo: the host API's own code and text behind paUnanticipatedHostError.</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct PaHostErrorInfo
{
    public int HostApiType;
    public CLong ErrorCode;
    public IntPtr ErrorText;
}
