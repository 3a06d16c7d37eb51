using Microsoft.Win32.SafeHandles;

namespace MusicEmotion.Native.Sndfile;

/// <summary>An open SNDFILE*; closing it releases the library's file and decoder state.</summary>
internal sealed class SndfileHandle : SafeHandleZeroOrMinusOneIsInvalid
{
    public SndfileHandle() : base(ownsHandle: true)
    {
    }

    protected override bool ReleaseHandle() => SndfileInterop.Close(handle) == 0;
}
