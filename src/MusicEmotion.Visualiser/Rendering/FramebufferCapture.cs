using MusicEmotion.Visualiser.Imaging;
using Silk.NET.OpenGL;

namespace MusicEmotion.Visualiser.Rendering;

/// <summary>Reads the bound read framebuffer back into an image, once the GPU has finished drawing it.</summary>
internal static class FramebufferCapture
{
    public static unsafe RgbaImage Read(GL gl, int width, int height)
    {
        var pixels = new byte[checked(width * height * 4)];
        gl.Finish();
        gl.PixelStore(PixelStoreParameter.PackAlignment, 1);
        fixed (byte* p = pixels)
        {
            gl.ReadPixels(0, 0, (uint)width, (uint)height, PixelFormat.Rgba, PixelType.UnsignedByte, p);
        }
        return RgbaImage.FromFramebuffer(width, height, pixels);
    }
}
