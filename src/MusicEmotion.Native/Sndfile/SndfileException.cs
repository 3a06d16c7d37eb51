namespace MusicEmotion.Native.Sndfile;

/// <summary>libsndfile refused a file or failed while decoding it; the message is the library's own reason.</summary>
public sealed class SndfileException : Exception
{
    public SndfileException()
    {
    }

    public SndfileException(string message) : base(message)
    {
    }

    public SndfileException(string message, Exception inner) : base(message, inner)
    {
    }
}
