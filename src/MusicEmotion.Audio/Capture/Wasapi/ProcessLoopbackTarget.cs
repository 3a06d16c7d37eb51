using System.ComponentModel;
using System.Diagnostics;
using System.Globalization;

namespace MusicEmotion.Audio.Capture.Wasapi;

/// <summary>
/// Turns --process NAME|PID into the running process whose audio (with its child processes') process loopback
/// captures. Plain process lookup, so it is tested on every OS; only the capture itself is Windows's.
/// </summary>
public static class ProcessLoopbackTarget
{
    public const string OptionName = "--process";

    /// <summary>Why --process cannot run here: the one line a non-Windows user gets.</summary>
    public const string OnlyOnWindows =
        OptionName + " is Windows-only: it captures one program's audio through WASAPI process loopback (Windows 10 version"
        + " 2004 or later); on Linux and macOS use --loopback for everything the machine plays";

    /// <summary>
    /// The process a PID or a name (with or without ".exe", any case) names. Several processes of one name (a
    /// browser's) give the one started first, normally the root of their tree, with a notice saying so.
    /// </summary>
    public static (int Id, string Name) Find(string request, ICollection<string> notices)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(notices);
        string wanted = request.Trim();
        if (int.TryParse(wanted, NumberStyles.None, CultureInfo.InvariantCulture, out int id))
        {
            try
            {
                using Process process = Process.GetProcessById(id);
                return (id, process.ProcessName);
            }
            catch (ArgumentException)
            {
                throw new AudioInputException($"{OptionName} {id}", "no running process has this id");
            }
        }
        if (wanted.EndsWith(".exe", StringComparison.OrdinalIgnoreCase))
        {
            wanted = wanted[..^4];
        }
        Process[] found = Process.GetProcessesByName(wanted);
        try
        {
            if (found.Length == 0)
            {
                throw new AudioInputException(
                    $"{OptionName} {request.Trim()}", "no running process has this name; give its executable's name (e.g. spotify) or its id");
            }
            Process first = found.OrderBy(StartTime).ThenBy(p => p.Id).First();
            if (found.Length > 1)
            {
                notices.Add(string.Create(
                    CultureInfo.InvariantCulture,
                    $"{found.Length} processes are named '{wanted}'; capturing {first.Id}, the first started, with its child processes"));
            }
            return (first.Id, first.ProcessName);
        }
        finally
        {
            foreach (Process process in found)
            {
                process.Dispose();
            }
        }
    }

    /// <summary>A process whose start time cannot be read (another user's) sorts last.</summary>
    private static DateTime StartTime(Process process)
    {
        try
        {
            return process.StartTime;
        }
        catch (Exception error) when (error is Win32Exception or InvalidOperationException or NotSupportedException)
        {
            return DateTime.MaxValue;
        }
    }
}
