using System.Data.Common;
using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using MusicEmotion.Audio;
using MusicEmotion.Inference;
using MusicEmotion.Inference.Onnx;
using MusicEmotion.Library.Catalog;
using MusicEmotion.Library.Feedback;
using MusicEmotion.Library.Storage;

namespace MusicEmotion.Outputs.Api;

/// <summary>
/// POST /feedback: one label in a small JSON body, checked field by field, then taken against the library's
/// analysis and stored in its database (SQLite or PostgreSQL) with <see cref="FeedbackStore.Add"/>. Every check
/// comes before the one insert, so a refused request stores nothing.
/// <code>
/// {"path": "/music/song.flac" | "content_hash": "64 hex digits",
///  "at": 80.5 | "whole_track": true,
///  "arousal": 0.4, "valence": -0.2 | "class": "positive"}
/// </code>
/// 201 with the stored label; 400 for a field that is missing, of the wrong type or out of range (the error names
/// it); 422 for a track the library does not hold (or holds no reading for); 409 for a track whose content is no
/// longer what the library analysed (its file changed or is gone, or a content_hash given with the path differs); 500
/// when the model cannot be run over the track again; 503 when the library itself cannot be read or written.
/// </summary>
public sealed class FeedbackEndpoint(LibraryLocation library)
{
    /// <summary>A label is a few hundred bytes; anything much larger is not one.</summary>
    public const int MaxBodyBytes = 16 * 1024;

    private static readonly HashSet<string> Fields = ["path", "content_hash", "at", "whole_track", "arousal", "valence", "class"];

    public LibraryLocation Library { get; } = library;

    /// <summary>Takes the label in <paramref name="body"/>: the stored label, or why it was refused.</summary>
    public FeedbackAnswer Take(ReadOnlyMemory<byte> body)
    {
        LabelRequest request;
        try
        {
            request = Parse(body);
        }
        catch (BadFieldException error)
        {
            return FeedbackAnswer.Refused(StatusCodes.Status400BadRequest, error.Message);
        }
        try
        {
            FeedbackLabel label;
            using (ILibraryStore store = Library.Open(create: false))
            {
                TrackRecord track = request.Path is { } path ? FeedbackLabeller.TrackAt(store, path) : FeedbackLabeller.TrackWithContent(store, request.ContentHash!);
                if (request.ContentHash is { } hash && !string.Equals(hash, track.File.ContentHash, StringComparison.OrdinalIgnoreCase))
                {
                    return FeedbackAnswer.Refused(StatusCodes.Status409Conflict,
                        $"content_hash {hash[..12]}: the library analysed {track.Path} with content {track.File.ContentHash[..12]}; the track changed, rescan it");
                }
                label = FeedbackLabeller.Label(store, track, request.At, request.Felt, request.Class);
            }
            using FeedbackStore feedback = FeedbackStore.Open(Library);
            return FeedbackAnswer.Stored(feedback.Add(label));
        }
        catch (FeedbackRefusedException error)
        {
            // A refusal is the request's fault; it names the track or the moment.
            int status = error.Problem switch
            {
                FeedbackProblem.BeyondEnd => StatusCodes.Status400BadRequest,
                FeedbackProblem.TrackChanged => StatusCodes.Status409Conflict,
                _ => StatusCodes.Status422UnprocessableEntity,
            };
            return FeedbackAnswer.Refused(status, error.Problem == FeedbackProblem.BeyondEnd ? $"at: {error.Message}" : error.Message);
        }
        catch (Exception error) when (error is AudioInputException or OnnxModelException or InvalidDataException)
        {
            // The track matched its content and the model its SHA-256, yet running the model over it again for the
            // hidden state failed (a decoder missing since the scan, say): the server's trouble, named in one line.
            return FeedbackAnswer.Refused(StatusCodes.Status500InternalServerError, $"running the model over the track again failed: {error.Message}");
        }
        catch (Exception error) when (error is IOException or DbException)
        {
            // The library itself failed (deleted, locked, a full disk): the server's trouble, not the request's.
            return FeedbackAnswer.Refused(StatusCodes.Status503ServiceUnavailable, $"library {Library.Display}: {error.Message}");
        }
    }

    private static LabelRequest Parse(ReadOnlyMemory<byte> body)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(body);
        }
        catch (JsonException error)
        {
            throw new BadFieldException($"body: not JSON ({error.Message}); expected an object such as {{\"path\": ..., \"at\": 80, \"arousal\": 0.4, \"valence\": -0.2}}");
        }
        using (document)
        {
            JsonElement root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                throw new BadFieldException($"body: a JSON {root.ValueKind.ToString().ToLowerInvariant()}; expected an object with path or content_hash, at or whole_track, and arousal and valence or class");
            }
            foreach (JsonProperty property in root.EnumerateObject())
            {
                if (!Fields.Contains(property.Name))
                {
                    throw new BadFieldException($"{property.Name}: not a field of a label; expected {string.Join(", ", Fields)}");
                }
            }
            string? path = Text(root, "path");
            string? hash = Text(root, "content_hash");
            if (path is null && hash is null)
            {
                throw new BadFieldException("path: missing; expected path (a track in the library) or content_hash (its SHA-256)");
            }
            if (hash is not null && !(hash.Length == 64 && hash.All(char.IsAsciiHexDigit)))
            {
                throw new BadFieldException($"content_hash '{hash}': expected 64 hexadecimal digits (SHA-256)");
            }
            double? at = Number(root, "at");
            bool whole = root.TryGetProperty("whole_track", out JsonElement w) && w.ValueKind switch
            {
                JsonValueKind.True => true,
                JsonValueKind.False or JsonValueKind.Null => false,
                _ => throw new BadFieldException("whole_track: expected true or false"),
            };
            if (whole == (at is not null))
            {
                throw new BadFieldException("at: expected either at (seconds into the track) or \"whole_track\": true");
            }
            if (at is { } s && !(s >= 0))
            {
                throw new BadFieldException(string.Create(CultureInfo.InvariantCulture, $"at {s}: expected seconds from 0 to the track's end"));
            }
            string? className = Text(root, "class");
            double? arousal = Number(root, "arousal");
            double? valence = Number(root, "valence");
            AffectPoint felt;
            if (className is not null)
            {
                if (arousal is not null || valence is not null)
                {
                    throw new BadFieldException("class: give class or arousal and valence, not both");
                }
                if (!FeedbackClasses.Names.Contains(className, StringComparer.OrdinalIgnoreCase))
                {
                    throw new BadFieldException($"class '{className}': expected one of {string.Join(", ", FeedbackClasses.Names)}");
                }
                felt = FeedbackClasses.PointOf(className);
            }
            else
            {
                felt = new AffectPoint(OnCircumplex("arousal", arousal), OnCircumplex("valence", valence));
            }
            return new LabelRequest(path, hash?.ToLowerInvariant(), at, felt, className);
        }
    }

    private static float OnCircumplex(string field, double? value) => value switch
    {
        null => throw new BadFieldException($"{field}: missing; expected arousal and valence in [-1, 1], or a class"),
        >= -1 and <= 1 => (float)value.Value,
        _ => throw new BadFieldException(string.Create(CultureInfo.InvariantCulture, $"{field} {value}: expected a value in [-1, 1]")),
    };

    private static string? Text(JsonElement root, string field) =>
        !root.TryGetProperty(field, out JsonElement value) || value.ValueKind == JsonValueKind.Null ? null
        : value.ValueKind == JsonValueKind.String && value.GetString() is { Length: > 0 } text ? text
        : throw new BadFieldException($"{field}: expected a non-empty string");

    private static double? Number(JsonElement root, string field) =>
        !root.TryGetProperty(field, out JsonElement value) || value.ValueKind == JsonValueKind.Null ? null
        : value.ValueKind == JsonValueKind.Number && value.TryGetDouble(out double number) && double.IsFinite(number) ? number
        : throw new BadFieldException($"{field}: expected a number");

    private sealed record LabelRequest(string? Path, string? ContentHash, double? At, AffectPoint Felt, string? Class);

    private sealed class BadFieldException(string message) : Exception(message);
}

/// <summary>What POST /feedback answers: the stored label (201), or a status and a one-line reason.</summary>
public sealed record FeedbackAnswer(int Status, FeedbackLabel? Label, string? Error)
{
    public static FeedbackAnswer Stored(FeedbackLabel label) => new(StatusCodes.Status201Created, label, null);

    public static FeedbackAnswer Refused(int status, string error) => new(status, null, error);
}
