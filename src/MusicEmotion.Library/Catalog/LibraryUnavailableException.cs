namespace MusicEmotion.Library.Catalog;

/// <summary>
/// The library could not be reached or written (a PostgreSQL server that does not answer, a full disk): a runtime
/// failure (exit code 1), not a fault of the data, so nothing in the database is touched or lost.
/// </summary>
public sealed class LibraryUnavailableException : IOException
{
    public LibraryUnavailableException(string message) : base(message)
    {
    }

    public LibraryUnavailableException()
    {
    }

    public LibraryUnavailableException(string message, Exception inner) : base(message, inner)
    {
    }
}
