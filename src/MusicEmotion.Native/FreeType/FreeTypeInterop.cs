using System.Runtime.InteropServices;

namespace MusicEmotion.Native.FreeType;

/// <summary>
/// The part of the FreeType 2 C API that rasterises a font into glyph bitmaps. The record layouts below
/// mirror FreeType's public headers (freetype.h, ftimage.h) up to the last field the view reads; FT_Long,
/// FT_Pos and FT_Fixed are C <c>long</c>, hence <see cref="CLong"/>, which is 32 bits on Windows.
/// </summary>
public static unsafe partial class FreeTypeInterop
{
    /// <summary>FT_LOAD_RENDER: load the glyph and render it to an 8-bit coverage bitmap.</summary>
    public const int LoadRender = 1 << 2;

    /// <summary>FT_LOAD_TARGET_LIGHT: hint vertically only, keeping the font's own letter shapes.</summary>
    public const int LoadTargetLight = 1 << 16;

    /// <summary>FT_PIXEL_MODE_GRAY: one byte of coverage per pixel.</summary>
    public const byte PixelModeGray = 2;

    [LibraryImport(NativeLibraries.FreeType, EntryPoint = "FT_Init_FreeType")]
    internal static partial int InitFreeType(out IntPtr library);

    [LibraryImport(NativeLibraries.FreeType, EntryPoint = "FT_Done_FreeType")]
    internal static partial int DoneFreeType(IntPtr library);

    [LibraryImport(NativeLibraries.FreeType, EntryPoint = "FT_New_Face", StringMarshalling = StringMarshalling.Utf8)]
    internal static partial int NewFace(IntPtr library, string path, CLong faceIndex, out IntPtr face);

    [LibraryImport(NativeLibraries.FreeType, EntryPoint = "FT_Done_Face")]
    internal static partial int DoneFace(IntPtr face);

    [LibraryImport(NativeLibraries.FreeType, EntryPoint = "FT_Set_Pixel_Sizes")]
    private static partial int SetPixelSizes(IntPtr face, uint width, uint height);

    [LibraryImport(NativeLibraries.FreeType, EntryPoint = "FT_Load_Char")]
    private static partial int LoadChar(IntPtr face, CULong charCode, int loadFlags);

    [LibraryImport(NativeLibraries.FreeType, EntryPoint = "FT_Get_Char_Index")]
    private static partial uint GetCharIndex(IntPtr face, CULong charCode);

    /// <summary>Starts a FreeType library instance.</summary>
    public static SafeFreeTypeLibraryHandle OpenLibrary()
    {
        ThrowIfFailed(InitFreeType(out IntPtr library), "FT_Init_FreeType", "");
        return new SafeFreeTypeLibraryHandle(library);
    }

    /// <summary>Opens the first face of a font file.</summary>
    public static SafeFreeTypeFaceHandle OpenFace(SafeFreeTypeLibraryHandle library, string path)
    {
        ArgumentNullException.ThrowIfNull(library);
        bool added = false;
        library.DangerousAddRef(ref added);
        try
        {
            ThrowIfFailed(NewFace(library.DangerousGetHandle(), path, new CLong(0), out IntPtr face), "FT_New_Face", path);
            var handle = new SafeFreeTypeFaceHandle(face, library);
            added = false;
            return handle;
        }
        finally
        {
            if (added)
            {
                library.DangerousRelease();
            }
        }
    }

    /// <summary>Sets the size glyphs are rendered at, in pixels per em.</summary>
    public static void SetPixelSize(SafeFreeTypeFaceHandle face, int pixels)
    {
        ArgumentNullException.ThrowIfNull(face);
        ThrowIfFailed(SetPixelSizes(face.DangerousGetHandle(), 0, (uint)pixels), "FT_Set_Pixel_Sizes", pixels.ToString(System.Globalization.CultureInfo.InvariantCulture));
    }

    /// <summary>Line metrics of the current pixel size, in pixels.</summary>
    public static FontLineMetrics LineMetrics(SafeFreeTypeFaceHandle face)
    {
        ArgumentNullException.ThrowIfNull(face);
        var record = (FaceRec*)face.DangerousGetHandle();
        SizeMetrics metrics = record->Size->Metrics;
        return new FontLineMetrics(
            FromFixed26_6(metrics.Ascender), FromFixed26_6(metrics.Descender), FromFixed26_6(metrics.Height));
    }

    public static bool HasGlyph(SafeFreeTypeFaceHandle face, int codePoint)
    {
        ArgumentNullException.ThrowIfNull(face);
        return GetCharIndex(face.DangerousGetHandle(), new CULong((uint)codePoint)) != 0;
    }

    /// <summary>
    /// Renders one character at the current size. The returned bitmap points into FreeType's glyph slot and
    /// stays valid only until the next call on this face: copy it out before rendering another.
    /// </summary>
    public static RenderedGlyph RenderGlyph(SafeFreeTypeFaceHandle face, int codePoint)
    {
        ArgumentNullException.ThrowIfNull(face);
        ThrowIfFailed(
            LoadChar(face.DangerousGetHandle(), new CULong((uint)codePoint), LoadRender | LoadTargetLight),
            "FT_Load_Char", $"U+{codePoint:X4}");
        GlyphSlotRec* slot = ((FaceRec*)face.DangerousGetHandle())->Glyph;
        Bitmap bitmap = slot->Bitmap;
        if (bitmap.Rows > 0 && (bitmap.PixelMode != PixelModeGray || bitmap.Pitch < (int)bitmap.Width))
        {
            throw new InvalidOperationException(
                $"FreeType rendered U+{codePoint:X4} in pixel mode {bitmap.PixelMode} with pitch {bitmap.Pitch},"
                + " expected top-down 8-bit gray");
        }
        var pixels = new ReadOnlySpan<byte>(bitmap.Buffer, checked((int)bitmap.Rows * bitmap.Pitch));
        return new RenderedGlyph(
            (int)bitmap.Width, (int)bitmap.Rows, bitmap.Pitch, pixels,
            slot->BitmapLeft, slot->BitmapTop, FromFixed26_6(slot->Advance.X));
    }

    private static float FromFixed26_6(CLong value) => (float)value.Value / 64f;

    private static void ThrowIfFailed(int error, string function, string subject)
    {
        if (error != 0)
        {
            string what = subject.Length == 0 ? "" : $" for '{subject}'";
            throw new InvalidOperationException($"FreeType {function} failed{what} with error 0x{error:X2}");
        }
    }

    [StructLayout(LayoutKind.Sequential)]
    private struct Generic
    {
        public IntPtr Data;
        public IntPtr Finalizer;
    }

    [StructLayout(LayoutKind.Sequential)]
    private struct BBox
    {
        public CLong XMin;
        public CLong YMin;
        public CLong XMax;
        public CLong YMax;
    }

    /// <summary>FT_FaceRec up to <c>size</c>.</summary>
    [StructLayout(LayoutKind.Sequential)]
    private struct FaceRec
    {
        public CLong NumFaces;
        public CLong FaceIndex;
        public CLong FaceFlags;
        public CLong StyleFlags;
        public CLong NumGlyphs;
        public IntPtr FamilyName;
        public IntPtr StyleName;
        public int NumFixedSizes;
        public IntPtr AvailableSizes;
        public int NumCharmaps;
        public IntPtr Charmaps;
        public Generic Generic;
        public BBox Bbox;
        public ushort UnitsPerEm;
        public short Ascender;
        public short Descender;
        public short Height;
        public short MaxAdvanceWidth;
        public short MaxAdvanceHeight;
        public short UnderlinePosition;
        public short UnderlineThickness;
        public GlyphSlotRec* Glyph;
        public SizeRec* Size;
    }

    /// <summary>FT_Size_Metrics.</summary>
    [StructLayout(LayoutKind.Sequential)]
    private struct SizeMetrics
    {
        public ushort XPpem;
        public ushort YPpem;
        public CLong XScale;
        public CLong YScale;
        public CLong Ascender;
        public CLong Descender;
        public CLong Height;
        public CLong MaxAdvance;
    }

    /// <summary>FT_SizeRec up to <c>metrics</c>.</summary>
    [StructLayout(LayoutKind.Sequential)]
    private struct SizeRec
    {
        public IntPtr Face;
        public Generic Generic;
        public SizeMetrics Metrics;
    }

    [StructLayout(LayoutKind.Sequential)]
    private struct Vector
    {
        public CLong X;
        public CLong Y;
    }

    /// <summary>FT_Glyph_Metrics.</summary>
    [StructLayout(LayoutKind.Sequential)]
    private struct GlyphMetrics
    {
        public CLong Width;
        public CLong Height;
        public CLong HoriBearingX;
        public CLong HoriBearingY;
        public CLong HoriAdvance;
        public CLong VertBearingX;
        public CLong VertBearingY;
        public CLong VertAdvance;
    }

    /// <summary>FT_Bitmap.</summary>
    [StructLayout(LayoutKind.Sequential)]
    private struct Bitmap
    {
        public uint Rows;
        public uint Width;
        public int Pitch;
        public byte* Buffer;
        public ushort NumGrays;
        public byte PixelMode;
        public byte PaletteMode;
        public IntPtr Palette;
    }

    /// <summary>FT_GlyphSlotRec up to <c>bitmap_top</c>.</summary>
    [StructLayout(LayoutKind.Sequential)]
    private struct GlyphSlotRec
    {
        public IntPtr Library;
        public IntPtr Face;
        public IntPtr Next;
        public uint GlyphIndex;
        public Generic Generic;
        public GlyphMetrics Metrics;
        public CLong LinearHoriAdvance;
        public CLong LinearVertAdvance;
        public Vector Advance;
        public int Format;
        public Bitmap Bitmap;
        public int BitmapLeft;
        public int BitmapTop;
    }
}

/// <summary>Ascender (above the baseline, positive), descender (below, negative) and line height, in pixels.</summary>
public readonly record struct FontLineMetrics(float Ascender, float Descender, float LineHeight);

/// <summary>
/// A glyph as FreeType rendered it: an 8-bit coverage bitmap of <see cref="Width"/> x <see cref="Rows"/>
/// (<see cref="Pitch"/> bytes per row) placed <see cref="Left"/> pixels right of the pen and <see cref="Top"/>
/// pixels above the baseline. It points into FreeType's glyph slot, hence a ref struct: it cannot outlive the call.
/// </summary>
public readonly ref struct RenderedGlyph
{
    private readonly ReadOnlySpan<byte> _pixels;

    public RenderedGlyph(int width, int rows, int pitch, ReadOnlySpan<byte> pixels, int left, int top, float advance)
    {
        Width = width;
        Rows = rows;
        Pitch = pitch;
        _pixels = pixels;
        Left = left;
        Top = top;
        Advance = advance;
    }

    public int Width { get; }

    public int Rows { get; }

    public int Pitch { get; }

    public int Left { get; }

    public int Top { get; }

    /// <summary>How far the pen moves after this glyph, in pixels.</summary>
    public float Advance { get; }

    public ReadOnlySpan<byte> Row(int y) => _pixels.Slice(y * Pitch, Width);
}
