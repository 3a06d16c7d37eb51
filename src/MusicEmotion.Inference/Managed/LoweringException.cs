namespace MusicEmotion.Inference.Managed;

/// <summary>
/// A node the lowering cannot turn into the managed network; caught where the node is known and rethrown as an
/// <see cref="Onnx.OnnxModelException"/> that names the file and the node.
/// </summary>
internal sealed class LoweringException(string message) : Exception(message);
