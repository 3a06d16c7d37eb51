namespace MusicEmotion.Outputs.Api;

/// <summary>The API cannot listen where it was asked to: the port is taken, the address is not this machine's, or
/// the address is not loopback and remote access was not allowed. The message says which and what to do.</summary>
public sealed class ApiStartException(string message, Exception? inner = null) : Exception(message, inner);
