using System.CommandLine;

namespace MusicEmotion.Cli.Commands;

/// <summary>The FILE... argument of commands that read audio files.</summary>
internal static class FileArguments
{
    /// <summary>
    /// One or more files. A token that starts with '-' and is no existing file is a mistyped option, which the
    /// parser would otherwise take for a file name: it is reported as an unknown option (exit code 2).
    /// </summary>
    public static Argument<string[]> Create(string description)
    {
        var files = new Argument<string[]>("files") { Description = description, Arity = ArgumentArity.OneOrMore };
        files.Validators.Add(result =>
        {
            foreach (var token in result.Tokens)
            {
                if (token.Value.StartsWith('-') && !File.Exists(token.Value))
                {
                    result.AddError($"unknown option '{token.Value}'");
                }
            }
        });
        return files;
    }
}
