namespace MusicEmotion.Pipeline;

/// <summary>What a full channel does: the one difference between the live path and the file path.</summary>
public enum ChannelPolicy
{
    /// <summary>Files: the producer waits, nothing is lost, the file is read as fast as it is analysed.</summary>
    Wait,

    /// <summary>Live: the oldest item is dropped (and counted) so the newest audio is always what is analysed.</summary>
    DropOldest,
}
