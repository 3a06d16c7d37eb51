using System.Reflection;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace MusicEmotion.Native;

/// <summary>
/// The one place that knows which native libraries the product binds, what each is called on each OS, where
/// to look for it, and what to tell a user who lacks it. Every <c>[LibraryImport]</c> in this assembly names
/// one of the logical names below; the resolver turns it into a loaded library or a clear error.
/// </summary>
public static class NativeLibraries
{
    public const string OnnxRuntime = "onnxruntime";
    public const string PortAudio = "portaudio";
    public const string Sndfile = "sndfile";
    public const string Glfw = "glfw";
    public const string OpenGL = "GL";
    public const string Egl = "EGL";
    public const string FreeType = "freetype";

    /// <summary>The C library, for the few POSIX calls .NET does not expose (the process environment, descriptors).</summary>
    public const string LibC = "c";

    /// <summary>The ONNX Runtime release the build carries (NuGet Microsoft.ML.OnnxRuntime and .Managed).</summary>
    public const string OnnxRuntimeVersion = "1.32.0";

    /// <summary>
    /// The DirectML build of ONNX Runtime that tools/fetch-onnxruntime.ps1 puts in the cache on Windows (npm
    /// onnxruntime-node ships it; NuGet's Microsoft.ML.OnnxRuntime.DirectML is not served here). Its C API (31) is the
    /// one the 1.32 managed binding asks for.
    /// </summary>
    public const string DirectMLOnnxRuntimeVersion = "1.31.1";

    /// <summary>How a Windows user gets ONNX Runtime: a win-* build carries only the managed binding.</summary>
    public const string FetchDirectMLAdvice =
        "run tools\\fetch-onnxruntime.ps1 (ONNX Runtime " + DirectMLOnnxRuntimeVersion + "'s DirectML build, from npm onnxruntime-node)";

    private static readonly Dictionary<string, LibraryInfo> Known = new(StringComparer.Ordinal)
    {
        [OnnxRuntime] = new(
            Linux: ["libonnxruntime.so.1", "libonnxruntime.so"],
            Windows: ["onnxruntime.dll"],
            MacOS: ["libonnxruntime.1.dylib", "libonnxruntime.dylib"],
            Install: OperatingSystem.IsWindows()
                ? FetchDirectMLAdvice + ", or set MUSICEMOTION_ONNXRUNTIME to an onnxruntime.dll"
                : "the build puts it beside musicemotion.dll (NuGet Microsoft.ML.OnnxRuntime " + OnnxRuntimeVersion
                  + "): build for this platform's RuntimeIdentifier, or set MUSICEMOTION_ONNXRUNTIME to the library file"),
        [PortAudio] = new(
            Linux: ["libportaudio.so.2", "libportaudio.so"],
            Windows: ["portaudio.dll", "libportaudio.dll", "portaudio_x64.dll"],
            MacOS: ["libportaudio.2.dylib", "libportaudio.dylib"],
            Install: "install PortAudio v19: Debian/Ubuntu 'apt install libportaudio2', Fedora 'dnf install portaudio',"
                     + " macOS 'brew install portaudio', Windows: put portaudio.dll next to musicemotion"),
        [Sndfile] = new(
            Linux: ["libsndfile.so.1", "libsndfile.so"],
            Windows: ["sndfile.dll", "libsndfile-1.dll"],
            MacOS: ["libsndfile.1.dylib", "libsndfile.dylib"],
            Install: "install libsndfile for FLAC/OGG/MP3: Debian/Ubuntu 'apt install libsndfile1', Fedora"
                     + " 'dnf install libsndfile', macOS 'brew install libsndfile', Windows: put sndfile.dll next to"
                     + " musicemotion (WAV needs no library)"),
        [Glfw] = new(
            Linux: ["libglfw.so.3", "libglfw.so"],
            Windows: ["glfw3.dll"],
            MacOS: ["libglfw.3.dylib", "libglfw.dylib"],
            Install: "install GLFW 3.3+: Debian/Ubuntu 'apt install libglfw3', macOS 'brew install glfw',"
                     + " Windows: put glfw3.dll next to musicemotion"),
        [OpenGL] = new(
            Linux: ["libGL.so.1", "libGL.so"],
            Windows: ["opengl32.dll"],
            MacOS: ["/System/Library/Frameworks/OpenGL.framework/OpenGL"],
            Install: "install an OpenGL driver: Debian/Ubuntu 'apt install libgl1 libgl1-mesa-dri'"),
        [Egl] = new(
            Linux: ["libEGL.so.1", "libEGL.so"],
            Windows: ["libEGL.dll"],
            MacOS: ["libEGL.dylib"],
            Install: "install EGL for offscreen rendering: Debian/Ubuntu 'apt install libegl1 libegl-mesa0'"),
        [FreeType] = new(
            Linux: ["libfreetype.so.6", "libfreetype.so"],
            Windows: ["freetype.dll"],
            MacOS: ["libfreetype.6.dylib", "libfreetype.dylib"],
            Install: "install FreeType: Debian/Ubuntu 'apt install libfreetype6', macOS 'brew install freetype'"),
        [LibC] = new(
            Linux: ["libc.so.6"],
            Windows: [],
            MacOS: ["/usr/lib/libSystem.B.dylib"],
            Install: "the C library is part of the operating system; only Linux and macOS are served through it"),
    };

    private static readonly Lock Gate = new();
    private static readonly Dictionary<string, IntPtr> Loaded = new(StringComparer.Ordinal);
    private static readonly Dictionary<string, string> LoadedFrom = new(StringComparer.Ordinal);

#pragma warning disable CA2255 // A module initializer is the documented way to install a resolver before any P/Invoke.
    [ModuleInitializer]
#pragma warning restore CA2255
    internal static void InstallResolver() =>
        NativeLibrary.SetDllImportResolver(typeof(NativeLibraries).Assembly, Resolve);

    /// <summary>
    /// Cache folder for libraries the project fetches itself (the DirectML build of ONNX Runtime on Windows):
    /// $MUSICEMOTION_CACHE, else $XDG_CACHE_HOME/musicemotion, else ~/.cache/musicemotion
    /// (%LOCALAPPDATA%\musicemotion on Windows).
    /// </summary>
    public static string CacheDirectory
    {
        get
        {
            string? explicitDir = Environment.GetEnvironmentVariable("MUSICEMOTION_CACHE");
            if (!string.IsNullOrEmpty(explicitDir))
            {
                return explicitDir;
            }
            if (OperatingSystem.IsWindows())
            {
                return Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData), "musicemotion");
            }
            string? xdg = Environment.GetEnvironmentVariable("XDG_CACHE_HOME");
            string home = Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
            return Path.Combine(string.IsNullOrEmpty(xdg) ? Path.Combine(home, ".cache") : xdg, "musicemotion");
        }
    }

    /// <summary>Runtime identifier of this process, as the cache lays libraries out (linux-x64, win-x64, osx-arm64...).</summary>
    public static string RuntimeId
    {
        get
        {
            string os = OperatingSystem.IsWindows() ? "win" : OperatingSystem.IsMacOS() ? "osx" : "linux";
            string arch = RuntimeInformation.ProcessArchitecture switch
            {
                Architecture.X64 => "x64",
                Architecture.Arm64 => "arm64",
                var other => other.ToString().ToLowerInvariant(),
            };
            return $"{os}-{arch}";
        }
    }

    /// <summary>
    /// Where tools/fetch-onnxruntime.ps1 puts the DirectML build of ONNX Runtime (onnxruntime.dll, DirectML.dll,
    /// dxcompiler.dll) on Windows: CacheDirectory\onnxruntime\1.31.1\win-x64.
    /// </summary>
    public static string OnnxRuntimeCacheDirectory =>
        Path.Combine(CacheDirectory, "onnxruntime", DirectMLOnnxRuntimeVersion, RuntimeId);

    /// <summary>The file a loaded library came from, as the resolver named it (a bare name when the system loader searched).</summary>
    public static string? LoadedPath(string name)
    {
        lock (Gate)
        {
            return LoadedFrom.GetValueOrDefault(name);
        }
    }

    /// <summary>
    /// Loads <paramref name="name"/> now (or returns the handle loaded before), throwing
    /// <see cref="NativeLibraryMissingException"/> with install advice when it cannot be found.
    /// </summary>
    public static IntPtr Load(string name)
    {
        lock (Gate)
        {
            if (Loaded.TryGetValue(name, out IntPtr handle))
            {
                return handle;
            }
            if (!Known.TryGetValue(name, out LibraryInfo? info))
            {
                throw new ArgumentException($"unknown native library '{name}'", nameof(name));
            }
            var tried = new List<string>();
            foreach (string candidate in Candidates(name, info))
            {
                tried.Add(candidate);
                if (NativeLibrary.TryLoad(candidate, out handle))
                {
                    Loaded[name] = handle;
                    LoadedFrom[name] = candidate;
                    return handle;
                }
            }
            throw new NativeLibraryMissingException(name, info.Install, tried);
        }
    }

    /// <summary>True when the library can be loaded; never throws.</summary>
    public static bool IsAvailable(string name)
    {
        try
        {
            Load(name);
            return true;
        }
        catch (NativeLibraryMissingException)
        {
            return false;
        }
    }

    /// <summary>A loaded library's symbol, or null when it does not export it.</summary>
    public static IntPtr GetExport(string name, string symbol) =>
        NativeLibrary.TryGetExport(Load(name), symbol, out IntPtr address) ? address : IntPtr.Zero;

    /// <summary>The resolver for our assembly and for ONNX Runtime's managed one, whose imports name the same library.</summary>
    internal static IntPtr Resolve(string name, Assembly assembly, DllImportSearchPath? searchPath) =>
        Known.ContainsKey(name) ? Load(name) : IntPtr.Zero;

    /// <summary>
    /// Search order: next to the executable, the project's cache (on Windows, the DirectML build of ONNX Runtime that
    /// tools/fetch-onnxruntime.ps1 fetched: a win-* build carries no onnxruntime.dll of its own), then the system
    /// loader's own search. An explicit file from MUSICEMOTION_&lt;NAME&gt; (e.g. MUSICEMOTION_ONNXRUNTIME) is the only candidate:
    /// a user who names a file means that one, and a library hidden that way lets tests see a machine without it.
    /// </summary>
    private static IEnumerable<string> Candidates(string name, LibraryInfo info)
    {
        string? explicitFile = Environment.GetEnvironmentVariable("MUSICEMOTION_" + name.ToUpperInvariant());
        if (!string.IsNullOrEmpty(explicitFile))
        {
            yield return explicitFile;
            yield break;
        }
        string[] fileNames = OperatingSystem.IsWindows() ? info.Windows : OperatingSystem.IsMacOS() ? info.MacOS : info.Linux;
        foreach (string file in fileNames)
        {
            yield return Path.Combine(AppContext.BaseDirectory, file);
        }
        if (name == OnnxRuntime)
        {
            foreach (string file in fileNames)
            {
                yield return Path.Combine(OnnxRuntimeCacheDirectory, file);
            }
        }
        foreach (string file in fileNames)
        {
            yield return file;
        }
    }

    private sealed record LibraryInfo(string[] Linux, string[] Windows, string[] MacOS, string Install);
}

/// <summary>A native library the requested feature needs is not installed; the message says how to get it.</summary>
public sealed class NativeLibraryMissingException : Exception
{
    public NativeLibraryMissingException(string library, string install, IReadOnlyList<string> tried)
        : base($"native library '{library}' not found: {install}")
    {
        Library = library;
        Tried = tried;
    }

    public NativeLibraryMissingException() => Library = "";

    public NativeLibraryMissingException(string message) : base(message) => Library = "";

    public NativeLibraryMissingException(string message, Exception inner) : base(message, inner) => Library = "";

    public string Library { get; }

    /// <summary>Every file name and path the resolver tried, for --verbose output.</summary>
    public IReadOnlyList<string> Tried { get; } = [];
}
