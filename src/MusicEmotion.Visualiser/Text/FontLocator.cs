namespace MusicEmotion.Visualiser.Text;

/// <summary>Finds the TrueType font the view rasterises: DejaVu Sans, wherever the system keeps it.</summary>
public static class FontLocator
{
    public const string FontFile = "DejaVuSans.ttf";

    /// <summary>
    /// The font to use: <paramref name="explicitPath"/> if given, else $MUSICEMOTION_FONT, else DejaVu Sans
    /// from the usual font folders. Throws <see cref="FileNotFoundException"/> saying where it looked and how
    /// to install the font.
    /// </summary>
    public static string Find(string? explicitPath = null)
    {
        string? chosen = string.IsNullOrEmpty(explicitPath) ? Environment.GetEnvironmentVariable("MUSICEMOTION_FONT") : explicitPath;
        if (!string.IsNullOrEmpty(chosen))
        {
            return File.Exists(chosen)
                ? chosen
                : throw new FileNotFoundException($"font {chosen} does not exist: give a TrueType (.ttf) file", chosen);
        }
        var looked = new List<string>();
        foreach (string folder in Folders())
        {
            looked.Add(folder);
            string direct = Path.Combine(folder, FontFile);
            if (File.Exists(direct))
            {
                return direct;
            }
            string? nested = SearchBelow(folder);
            if (nested is not null)
            {
                return nested;
            }
        }
        throw new FileNotFoundException(
            $"font {FontFile} not found (looked under {string.Join(", ", looked)}): install DejaVu Sans"
            + " (Debian/Ubuntu 'apt install fonts-dejavu-core', Fedora 'dnf install dejavu-sans-fonts',"
            + " macOS 'brew install --cask font-dejavu') or set MUSICEMOTION_FONT to a .ttf file",
            FontFile);
    }

    private static IEnumerable<string> Folders()
    {
        string home = Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
        if (OperatingSystem.IsWindows())
        {
            yield return Environment.GetFolderPath(Environment.SpecialFolder.Fonts);
            yield return Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData), "Microsoft", "Windows", "Fonts");
            yield break;
        }
        if (OperatingSystem.IsMacOS())
        {
            yield return Path.Combine(home, "Library", "Fonts");
            yield return "/Library/Fonts";
            yield return "/opt/homebrew/share/fonts";
            yield return "/usr/local/share/fonts";
            yield break;
        }
        yield return "/usr/share/fonts/truetype/dejavu";
        yield return "/usr/share/fonts/TTF";
        yield return "/usr/share/fonts/dejavu-sans-fonts";
        string? dataHome = Environment.GetEnvironmentVariable("XDG_DATA_HOME");
        yield return Path.Combine(string.IsNullOrEmpty(dataHome) ? Path.Combine(home, ".local", "share") : dataHome, "fonts");
        yield return Path.Combine(home, ".fonts");
        yield return "/usr/local/share/fonts";
        yield return "/usr/share/fonts";
    }

    private static string? SearchBelow(string folder)
    {
        if (!Directory.Exists(folder))
        {
            return null;
        }
        try
        {
            var options = new EnumerationOptions { RecurseSubdirectories = true, IgnoreInaccessible = true, MaxRecursionDepth = 4 };
            return Directory.EnumerateFiles(folder, FontFile, options).FirstOrDefault();
        }
        catch (IOException)
        {
            return null;
        }
    }
}
