namespace MusicEmotion.Outputs.Files;

/// <summary>
/// The one rule every command's file outputs follow: an existing file is replaced only when the user asked for it
/// (<c>--force</c>), and an output is never one of the command's own inputs, not even with <c>--force</c> (the
/// input would be destroyed before it was read to the end). Checked before any work starts, so a refusal costs
/// nothing already computed.
/// </summary>
public static class OutputFile
{
    /// <summary>Refuses <paramref name="path"/> when it names an input, or an existing file without <paramref name="force"/>.</summary>
    /// <param name="path">The output file.</param>
    /// <param name="option">The option that named the output (for the message), e.g. "--out".</param>
    /// <param name="force">Whether the user allowed replacing an existing file.</param>
    /// <param name="inputs">Every file the command reads.</param>
    /// <exception cref="OutputRefusedException">The one-line reason, naming the file and what to do.</exception>
    public static void Check(string path, string option, bool force, IEnumerable<string> inputs)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentNullException.ThrowIfNull(inputs);
        string target = Canonical(path);
        foreach (string input in inputs)
        {
            if (string.Equals(Canonical(input), target, StringComparison.Ordinal))
            {
                throw new OutputRefusedException($"{option} {path}: that is an input of this command; choose another output file");
            }
        }
        if (Directory.Exists(path))
        {
            throw new OutputRefusedException($"{option} {path}: is a folder; expected a file name");
        }
        if (File.Exists(path) && !force)
        {
            throw new OutputRefusedException($"{option} {path}: the file exists; pass --force to replace it, or choose another name");
        }
    }

    /// <summary>Opens <paramref name="path"/> for writing after <see cref="Check"/>; replaces it only with <paramref name="force"/>.</summary>
    public static FileStream Create(string path, string option, bool force, IEnumerable<string> inputs)
    {
        Check(path, option, force, inputs);
        return new FileStream(path, force ? FileMode.Create : FileMode.CreateNew, FileAccess.Write, FileShare.Read);
    }

    /// <summary>The absolute path with every link resolved, so that a link to an input is recognised as that input.</summary>
    private static string Canonical(string path)
    {
        string full = Path.GetFullPath(path);
        try
        {
            return File.Exists(full) && new FileInfo(full).ResolveLinkTarget(returnFinalTarget: true) is { } target
                ? Path.GetFullPath(target.FullName)
                : full;
        }
        catch (IOException)
        {
            return full;
        }
    }
}

/// <summary>An output the command will not write (it exists and --force was not given, or it is an input): exit code 2.</summary>
public sealed class OutputRefusedException : Exception
{
    public OutputRefusedException(string message) : base(message)
    {
    }

    public OutputRefusedException()
    {
    }

    public OutputRefusedException(string message, Exception inner) : base(message, inner)
    {
    }
}
