using Microsoft.Win32.SafeHandles;

namespace MusicEmotion.Native.FreeType;

/// <summary>An FT_Library; released with FT_Done_FreeType once every face opened from it is released.</summary>
public sealed class SafeFreeTypeLibraryHandle : SafeHandleZeroOrMinusOneIsInvalid
{
    public SafeFreeTypeLibraryHandle()
        : base(ownsHandle: true)
    {
    }

    internal SafeFreeTypeLibraryHandle(IntPtr library)
        : base(ownsHandle: true) => SetHandle(library);

    protected override bool ReleaseHandle() => FreeTypeInterop.DoneFreeType(handle) == 0;
}

/// <summary>
/// An FT_Face. It holds a reference on its library so that, whatever order the two are disposed or
/// finalised in, the face is always done before the library.
/// </summary>
public sealed class SafeFreeTypeFaceHandle : SafeHandleZeroOrMinusOneIsInvalid
{
    private readonly SafeFreeTypeLibraryHandle? _library;

    public SafeFreeTypeFaceHandle()
        : base(ownsHandle: true)
    {
    }

    /// <param name="face">The face.</param>
    /// <param name="library">The library, on which the caller has already called DangerousAddRef.</param>
    internal SafeFreeTypeFaceHandle(IntPtr face, SafeFreeTypeLibraryHandle library)
        : base(ownsHandle: true)
    {
        SetHandle(face);
        _library = library;
    }

    protected override bool ReleaseHandle()
    {
        bool done = FreeTypeInterop.DoneFace(handle) == 0;
        _library?.DangerousRelease();
        return done;
    }
}
