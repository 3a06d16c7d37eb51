namespace MusicEmotion.Inference.Onnx;

/// <summary>
/// A model file that cannot be read, or that the managed engine cannot run. The message is one line that
/// starts with the file and says what was found and what was expected.
/// </summary>
public sealed class OnnxModelException : Exception
{
    public OnnxModelException(string modelSource, string problem, Exception? innerException = null)
        : base($"{modelSource}: {problem}", innerException)
    {
        ModelSource = modelSource;
    }

    /// <summary>The file (or in-memory name) of the model.</summary>
    public string ModelSource { get; }
}
