namespace MusicEmotion.Native.OnnxRuntime;

/// <summary>
/// The ORT objects a process needs once: the environment every session is created in (ORT keeps one per
/// process; its logging and thread pools live there) and the description of plain CPU memory that tensors over
/// managed buffers are made with. Both live until the process ends, because a session or tensor may outlive any
/// owner we could give them.
/// </summary>
internal static unsafe class OrtProcessObjects
{
    private static readonly Lazy<OrtHandle<OrtEnv>> SharedEnv = new(CreateEnv);
    private static readonly Lazy<OrtHandle<OrtMemoryInfo>> SharedCpuMemory = new(CreateCpuMemory);

    public static OrtHandle<OrtEnv> Env => SharedEnv.Value;

    public static OrtHandle<OrtMemoryInfo> CpuMemory => SharedCpuMemory.Value;

    private static OrtHandle<OrtEnv> CreateEnv()
    {
        OrtEnv* env;
        // Warnings would go to stderr unasked (ORT prints, for example, every initializer it drops); failures
        // still reach the caller through the returned statuses.
        fixed (byte* logId = "musicemotion"u8) // u8 literals are stored with a terminating zero
        {
            OnnxRuntimeInterop.ThrowIfFailed(OnnxRuntimeInterop.Api->CreateEnv(OrtLoggingLevel.Error, logId, &env));
        }
        return new OrtHandle<OrtEnv>(env, OnnxRuntimeInterop.Api->ReleaseEnv);
    }

    private static OrtHandle<OrtMemoryInfo> CreateCpuMemory()
    {
        OrtMemoryInfo* info;
        OnnxRuntimeInterop.ThrowIfFailed(
            OnnxRuntimeInterop.Api->CreateCpuMemoryInfo(OrtAllocatorType.Device, OrtMemType.Default, &info));
        return new OrtHandle<OrtMemoryInfo>(info, OnnxRuntimeInterop.Api->ReleaseMemoryInfo);
    }
}
