using Microsoft.Win32.SafeHandles;

namespace MusicEmotion.Native.PortAudio;

/// <summary>An open PaStream*; closing it stops the stream if it still runs and frees the host's resources.</summary>
internal sealed class PortAudioStreamHandle : SafeHandleZeroOrMinusOneIsInvalid
{
    public PortAudioStreamHandle() : base(ownsHandle: true)
    {
    }

    protected override bool ReleaseHandle() => PortAudioInterop.CloseStream(handle) == 0;
}
