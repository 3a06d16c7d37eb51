namespace MusicEmotion.Audio.Decoding;

/// <summary>Opens an audio file for reading, turning the ways a path can be wrong into one-line input errors.</summary>
public static class AudioFilePath
{
    /// <summary>A read-only stream over <paramref name="path"/>, or an <see cref="AudioInputException"/> saying why not.</summary>
    public static FileStream OpenRead(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        if (Directory.Exists(path))
        {
            throw new AudioInputException(path, "is a directory; expected an audio file");
        }
        try
        {
            return new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 4096, FileOptions.SequentialScan);
        }
        catch (FileNotFoundException e)
        {
            throw new AudioInputException(path, "no such file", e);
        }
        catch (DirectoryNotFoundException e)
        {
            throw new AudioInputException(path, "no such file (its folder does not exist)", e);
        }
        catch (UnauthorizedAccessException e)
        {
            throw new AudioInputException(path, "permission denied; expected a readable audio file", e);
        }
        catch (IOException e)
        {
            throw new AudioInputException(path, $"cannot be opened: {e.Message}", e);
        }
    }
}
