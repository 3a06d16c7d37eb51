namespace MusicEmotion.Native.OnnxRuntime;

/// <summary>An ONNX Runtime call failed; the message is ORT's own, the code its OrtErrorCode.</summary>
public sealed class OnnxRuntimeException : Exception
{
    public OnnxRuntimeException(OrtErrorCode code, string message) : base(message) => Code = code;

    public OnnxRuntimeException() => Code = OrtErrorCode.Fail;

    public OnnxRuntimeException(string message) : base(message) => Code = OrtErrorCode.Fail;

    public OnnxRuntimeException(string message, Exception inner) : base(message, inner) => Code = OrtErrorCode.Fail;

    public OrtErrorCode Code { get; }
}

/// <summary>OrtErrorCode of onnxruntime_c_api.h: the kind of failure a status reports.</summary>
public enum OrtErrorCode
{
    Ok = 0,
    Fail = 1,
    InvalidArgument = 2,
    NoSuchFile = 3,
    NoModel = 4,
    EngineError = 5,
    RuntimeException = 6,
    InvalidProtobuf = 7,
    ModelLoaded = 8,
    NotImplemented = 9,
    InvalidGraph = 10,
    EpFail = 11,
}
