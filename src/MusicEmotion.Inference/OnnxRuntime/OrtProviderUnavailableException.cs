namespace MusicEmotion.Inference.OnnxRuntime;

/// <summary>The execution provider asked for cannot start here; the message says which and why.</summary>
public sealed class OrtProviderUnavailableException : Exception
{
    public OrtProviderUnavailableException(OrtProvider provider, string reason, Exception? inner = null)
        : base($"ONNX Runtime provider '{provider.Name()}' is not available: {reason}", inner)
    {
        Provider = provider;
        Reason = reason;
    }

    public OrtProviderUnavailableException() => Reason = "";

    public OrtProviderUnavailableException(string message) : base(message) => Reason = message;

    public OrtProviderUnavailableException(string message, Exception inner) : base(message, inner) => Reason = message;

    public OrtProvider Provider { get; }

    /// <summary>Why, in one line (ORT's own message where ORT gave one).</summary>
    public string Reason { get; }
}
