namespace MusicEmotion.Native.OnnxRuntime;

/// <summary>An ONNX Runtime call failed; the message is ORT's own (with any detail it logged), the code its kind.</summary>
public sealed class OnnxRuntimeException : Exception
{
    public OnnxRuntimeException(OrtErrorCode code, string message, Exception inner) : base(message, inner) => Code = code;

    public OnnxRuntimeException() => Code = OrtErrorCode.Fail;

    public OnnxRuntimeException(string message) : base(message) => Code = OrtErrorCode.Fail;

    public OnnxRuntimeException(string message, Exception inner) : base(message, inner) => Code = OrtErrorCode.Fail;

    public OrtErrorCode Code { get; }
}

/// <summary>The kind of failure: a plain failure from ORT, or a provider entry point this library lacks.</summary>
public enum OrtErrorCode
{
    Fail = 1,
    NotImplemented = 9,
}
