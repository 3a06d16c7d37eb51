using System.Text.Json;
using System.Text.Json.Serialization;

namespace MusicEmotion.Inference.Calibration;

/// <summary>
/// A listener's calibration as a small JSON file with its card: which model it corrects (name and sha256, since a
/// map fitted to one model's readings is wrong for another's), how many labels, the method, and the held-out
/// errors before and after. Lives in the user data folder (profiles/NAME.json): it is personal, not shipped.
/// </summary>
public sealed record CalibrationProfile
{
    public required string Name { get; init; }
    public required string Model { get; init; }
    public required string ModelSha256 { get; init; }
    public required int Labels { get; init; }
    public required string Method { get; init; }
    public required double Lambda { get; init; }
    public required double CvRmseBefore { get; init; }
    public required double CvRmseAfter { get; init; }
    public required AffineCalibration Map { get; init; }

    /// <summary>The refitted output head when the head refit was kept; null for an affine or identity profile.</summary>
    public OutputHead? Head { get; init; }

    /// <summary>The affine map's cross-validated RMSE (null in profiles written before calibrate compared methods).</summary>
    public double? AffineCvRmse { get; init; }

    /// <summary>The head refit's cross-validated RMSE; null when it was not tried (see <see cref="HeadRefitNote"/>).</summary>
    public double? HeadRefitCvRmse { get; init; }

    /// <summary>Labels with a hidden state the head refit was fitted on.</summary>
    public int? HeadRefitLabels { get; init; }

    /// <summary>Why the head refit was not tried, when it was not.</summary>
    public string? HeadRefitNote { get; init; }

    /// <summary>
    /// The engine every session path runs with this profile: the refitted head when there is one (which needs the
    /// engine's state), else the affine map (the identity for a profile that kept the readings).
    /// </summary>
    public IEmotionEngine Apply(IEmotionEngine engine) =>
        Head is { } head ? new RefittedHeadEngine(engine, head) : new CalibratedEngine(engine, Map);

    /// <summary>~/.local/share/musicemotion/profiles on Linux, %LOCALAPPDATA%\musicemotion\profiles on Windows.</summary>
    public static string DefaultFolder => Path.Combine(
        Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData, Environment.SpecialFolderOption.DoNotVerify),
        "musicemotion", "profiles");

    /// <summary>A profile's file: NAME is a plain name (letters, digits, '-', '_'), never a path.</summary>
    public static string PathOf(string name, string? folder = null)
    {
        if (string.IsNullOrEmpty(name) || !name.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_'))
        {
            throw new InvalidDataException($"--profile '{name}': expected a name of letters, digits, '-' or '_'");
        }
        return Path.Combine(folder ?? DefaultFolder, name + ".json");
    }

    public void Save(string path)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        // Written beside and moved into place: a reader never sees half a profile.
        string temporary = path + ".writing";
        File.WriteAllText(temporary, JsonSerializer.Serialize(this, CalibrationProfileJson.Default.CalibrationProfile));
        File.Move(temporary, path, overwrite: true);
    }

    /// <summary>Loads NAME and checks it was made for the model in use; a one-line input error otherwise.</summary>
    public static CalibrationProfile Load(string name, string modelSha256, string? folder = null)
    {
        string path = PathOf(name, folder);
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"{path}: no calibration profile '{name}'; make one with 'musicemotion calibrate --profile {name}'", path);
        }
        CalibrationProfile? profile;
        try
        {
            profile = JsonSerializer.Deserialize(File.ReadAllText(path), CalibrationProfileJson.Default.CalibrationProfile);
        }
        catch (JsonException error)
        {
            throw new InvalidDataException($"{path}: not a calibration profile ({error.Message})");
        }
        if (profile is null)
        {
            throw new InvalidDataException($"{path}: not a calibration profile (empty)");
        }
        if (!string.Equals(profile.ModelSha256, modelSha256, StringComparison.OrdinalIgnoreCase))
        {
            throw new InvalidDataException(
                $"{path}: profile '{name}' was made for model {profile.Model} sha256 {Short(profile.ModelSha256)}, not the model in use ({Short(modelSha256)}); calibrate again for this model");
        }
        return profile;
    }

    private static string Short(string sha) => sha.Length > 12 ? sha[..12] : sha;
}

/// <summary>The profile's JSON, generated at build time (the NativeAOT release build has no reflection-based JSON).</summary>
[JsonSourceGenerationOptions(
    WriteIndented = true, PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals)]
[JsonSerializable(typeof(CalibrationProfile))]
internal sealed partial class CalibrationProfileJson : JsonSerializerContext;
