using System.Security.Cryptography;
using MusicEmotion.Library.Catalog;

namespace MusicEmotion.Library.Scanning;

/// <summary>How a scan recognises a file: size and modification time cheaply, the content hash when they change.</summary>
public static class FileIdentities
{
    /// <summary>The hash recorded for a file that could not be read: the analysis will record why.</summary>
    public const string Unreadable = "unreadable";

    public static (long Size, long ModifiedUnixMs) Stat(string path)
    {
        var info = new FileInfo(path);
        return (info.Length, new DateTimeOffset(info.LastWriteTimeUtc).ToUnixTimeMilliseconds());
    }

    /// <summary>SHA-256 of the content, streamed; <see cref="Unreadable"/> when it cannot be read.</summary>
    public static FileIdentity Identify(string path)
    {
        var (size, modified) = Stat(path);
        string hash;
        try
        {
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.SequentialScan);
            hash = Convert.ToHexStringLower(SHA256.HashData(stream));
        }
        catch (Exception error) when (error is IOException or UnauthorizedAccessException)
        {
            hash = Unreadable;
        }
        return new FileIdentity(path, size, modified, hash);
    }
}
