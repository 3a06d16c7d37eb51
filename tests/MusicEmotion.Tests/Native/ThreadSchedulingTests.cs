using MusicEmotion.Native.Posix;
using MusicEmotion.Tests.Support;

namespace MusicEmotion.Tests.Native;

/// <summary>Real-time scheduling as the kernel sees it: the policy and priority /proc reports for the thread.</summary>
public sealed class ThreadSchedulingTests
{
    /// <summary>SCHED_OTHER and SCHED_FIFO in Linux's sched.h.</summary>
    private const int Ordinary = 0;
    private const int Fifo = 1;

    [SkippableFact]
    public void TheCallingThreadTurnsSchedFifoAndNoOtherThreadDoes()
    {
        Requires.Platform(OperatingSystem.IsLinux(), "Linux only: /proc and SCHED_FIFO");
        Requires.That(Environment.IsPrivilegedProcess, "root, whom the kernel allows real-time scheduling");
        (int Policy, int Priority) before = default, after = default, neighbour = default;
        var thread = new Thread(() =>
        {
            before = Scheduling("thread-self");
            ThreadScheduling.MakeCurrentThreadRealtime();
            after = Scheduling("thread-self");
        });
        thread.Start();
        thread.Join();
        neighbour = Scheduling("self");

        Assert.Equal((Ordinary, 0), before);
        Assert.Equal((Fifo, ThreadScheduling.RealtimePriority), after);
        Assert.Equal((Ordinary, 0), neighbour);
    }

    /// <summary>rt_priority and policy: fields 40 and 41 of /proc/[pid]/stat (proc(5)), counted after the ')' of the name.</summary>
    private static (int Policy, int Priority) Scheduling(string task)
    {
        string stat = File.ReadAllText($"/proc/{task}/stat");
        string[] fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        // fields[0] is field 3 (state).
        return (int.Parse(fields[41 - 3], System.Globalization.CultureInfo.InvariantCulture),
            int.Parse(fields[40 - 3], System.Globalization.CultureInfo.InvariantCulture));
    }
}
