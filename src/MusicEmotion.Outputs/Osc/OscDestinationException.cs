namespace MusicEmotion.Outputs.Osc;

/// <summary>An OSC destination (HOST:PORT) that cannot be used: malformed, a bad port, an unknown host.</summary>
public sealed class OscDestinationException(string message) : Exception(message);
