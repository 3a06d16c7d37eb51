using System.Text.Json;

namespace MusicEmotion.Inference.Models;

/// <summary>
/// A <see cref="JsonException"/> as one short line for an error message. System.Text.Json quotes the offending
/// token, which in a corrupt file can run for pages and across lines; this keeps the reason's first line, cut
/// short, and says where in the file it is.
/// </summary>
public static class JsonProblem
{
    private const int ReasonLength = 100;

    public static string Describe(JsonException error)
    {
        ArgumentNullException.ThrowIfNull(error);
        string reason = error.Message;
        int details = reason.IndexOf(" Path: ", StringComparison.Ordinal);
        reason = details >= 0 ? reason[..details] : reason;
        reason = string.Concat(reason.Select(c => char.IsControl(c) ? ' ' : c));
        if (reason.Length > ReasonLength)
        {
            reason = reason[..ReasonLength] + "...";
        }
        string where = error.LineNumber is { } line
            ? $" at line {line + 1}, byte {error.BytePositionInLine + 1}{(string.IsNullOrEmpty(error.Path) ? "" : $" ({error.Path})")}"
            : "";
        return reason + where;
    }
}
