namespace MusicEmotion.Outputs.MessagePack;

/// <summary>
/// The input is not valid MessagePack, is not the type asked for, breaks a <see cref="MessagePackLimits"/>
/// limit, or ends inside a value. <see cref="Offset"/> is the byte where the offending value starts.
/// </summary>
public sealed class MessagePackFormatException : Exception
{
    public MessagePackFormatException(long offset, string problem, bool isTruncated = false)
        : base($"MessagePack at byte {offset}: {problem}")
    {
        Offset = offset;
        IsTruncated = isTruncated;
    }

    /// <summary>Byte offset, from the start of the input, of the value that could not be read.</summary>
    public long Offset { get; }

    /// <summary>
    /// True when the input simply ends inside this value: what came before it is intact, so a recording cut
    /// off by a crash is read up to here.
    /// </summary>
    public bool IsTruncated { get; }
}
