using System.Diagnostics;

namespace MusicEmotion.Tests.Support;

/// <summary>
/// A real, tiny file system (a tmpfs of one 4 KiB page, the least a tmpfs holds), so an output that fills it fails
/// part-way as on a full disk: the write gets ENOSPC from the kernel, not a simulated error. Mounting needs root,
/// which CI runs as.
/// </summary>
internal sealed class FullDisk : IDisposable
{
    private FullDisk(string path) => Path = path;

    /// <summary>The mounted folder.</summary>
    public string Path { get; }

    /// <summary>Mounts the tmpfs; skips (fails in CI) where mounting is not allowed.</summary>
    public static FullDisk Mount()
    {
        Requires.That(OperatingSystem.IsLinux(), "Linux (a tmpfs to fill)");
        string path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "musicemotion-full-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(path);
        bool mounted = Run("mount", "-t", "tmpfs", "-o", "size=4k", "tmpfs", path) == 0;
        if (!mounted)
        {
            Directory.Delete(path);
        }
        Requires.That(mounted, "permission to mount a small tmpfs (root)");
        return new FullDisk(path);
    }

    public string File(string name) => System.IO.Path.Combine(Path, name);

    public void Dispose()
    {
        Run("umount", Path);
        Directory.Delete(Path, recursive: true);
    }

    private static int Run(string program, params string[] arguments)
    {
        using Process process = ExternalProgram.Start(program, arguments, null);
        process.WaitForExit();
        return process.ExitCode;
    }
}
