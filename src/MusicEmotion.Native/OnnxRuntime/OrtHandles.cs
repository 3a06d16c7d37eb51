using Microsoft.Win32.SafeHandles;

namespace MusicEmotion.Native.OnnxRuntime;

/// <summary>
/// An owned pointer to one of ORT's opaque objects (env, session options, session, run options, value, memory
/// info), released through the matching Release function of the table.
/// </summary>
internal unsafe class OrtHandle<T> : SafeHandleZeroOrMinusOneIsInvalid
    where T : unmanaged
{
    private readonly delegate* unmanaged[Cdecl]<T*, void> _release;

    public OrtHandle(T* pointer, delegate* unmanaged[Cdecl]<T*, void> release) : base(ownsHandle: true)
    {
        _release = release;
        SetHandle((nint)pointer);
    }

    /// <summary>
    /// The raw pointer for a native call. The owner keeps this handle alive across the call and does not
    /// dispose it concurrently (none of the wrappers is meant to be shared between threads).
    /// </summary>
    public T* Pointer => (T*)handle;

    protected override bool ReleaseHandle()
    {
        _release((T*)handle);
        return true;
    }
}

/// <summary>
/// An OrtIoBinding. It refers to its session's state, so it holds a reference on the session handle: the session
/// is released only after the binding, whatever order Dispose or the finalizers run in.
/// </summary>
internal sealed unsafe class OrtIoBindingHandle : OrtHandle<OrtIoBinding>
{
    private readonly OrtHandle<OrtSession> _session;

    public OrtIoBindingHandle(OrtIoBinding* pointer, OrtHandle<OrtSession> session)
        : base(pointer, OnnxRuntimeInterop.Api->ReleaseIoBinding)
    {
        bool added = false;
        session.DangerousAddRef(ref added);
        _session = session;
    }

    protected override bool ReleaseHandle()
    {
        base.ReleaseHandle();
        _session.DangerousRelease();
        return true;
    }
}
