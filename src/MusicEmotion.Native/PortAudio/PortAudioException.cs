using System.Runtime.InteropServices;

namespace MusicEmotion.Native.PortAudio;

/// <summary>A PortAudio call failed; the message is PortAudio's text, with the host API's own when it gave one.</summary>
public sealed class PortAudioException : Exception
{
    public PortAudioException(PortAudioError error, string message) : base(message) => Error = error;

    public PortAudioException() => Error = PortAudioError.InternalError;

    public PortAudioException(string message) : base(message) => Error = PortAudioError.InternalError;

    public PortAudioException(string message, Exception inner) : base(message, inner) => Error = PortAudioError.InternalError;

    public PortAudioError Error { get; }

    /// <summary>Throws for any code but paNoError.</summary>
    internal static void ThrowIfFailed(int code, string operation)
    {
        if (code < 0)
        {
            throw new PortAudioException((PortAudioError)code, $"{operation}: {Describe(code)}");
        }
    }

    /// <summary>PortAudio's text for <paramref name="code"/>, with the host's details for an unanticipated host error.</summary>
    internal static unsafe string Describe(int code)
    {
        string text = Marshal.PtrToStringUTF8(PortAudioInterop.GetErrorText(code)) ?? $"error {code}";
        if ((PortAudioError)code == PortAudioError.UnanticipatedHostError && PortAudioInterop.GetLastHostErrorInfo() is var host
            && host != null && Marshal.PtrToStringUTF8(host->ErrorText) is { Length: > 0 } hostText)
        {
            text = $"{text} ({hostText.Trim()}, code {host->ErrorCode.Value})";
        }
        return text;
    }
}

/// <summary>PaErrorCode of portaudio.h.</summary>
public enum PortAudioError
{
    NoError = 0,
    NotInitialized = -10000,
    UnanticipatedHostError = -9999,
    InvalidChannelCount = -9998,
    InvalidSampleRate = -9997,
    InvalidDevice = -9996,
    InvalidFlag = -9995,
    SampleFormatNotSupported = -9994,
    BadIODeviceCombination = -9993,
    InsufficientMemory = -9992,
    BufferTooBig = -9991,
    BufferTooSmall = -9990,
    NullCallback = -9989,
    BadStreamPtr = -9988,
    TimedOut = -9987,
    InternalError = -9986,
    DeviceUnavailable = -9985,
    IncompatibleHostApiSpecificStreamInfo = -9984,
    StreamIsStopped = -9983,
    StreamIsNotStopped = -9982,
    InputOverflowed = -9981,
    OutputUnderflowed = -9980,
    HostApiNotFound = -9979,
    InvalidHostApi = -9978,
}
