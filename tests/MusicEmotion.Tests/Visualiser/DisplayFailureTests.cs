using MusicEmotion.Native.Posix;
using MusicEmotion.Tests.Visualiser.Support;
using MusicEmotion.Visualiser;
using MusicEmotion.Visualiser.Offscreen;
using MusicEmotion.Visualiser.Rendering;
using MusicEmotion.Visualiser.Window;

namespace MusicEmotion.Tests.Visualiser;

/// <summary>What a user sees when the view cannot run: one clear line saying why and what to do instead.</summary>
[Collection(DisplayCollection.Name)]
public sealed class DisplayFailureTests(DisplayFixture display)
{
    private static readonly ViewOptions Small = new() { Width = 640, Height = 400, VSync = false };

    [SkippableTheory]
    [InlineData(":4711")]
    [InlineData(null)]
    public void WithoutADisplayTheErrorSaysSoAndSuggestsRenderOrHeadlessLive(string? badDisplay)
    {
        display.Require();
        NativeEnvironment.Set("DISPLAY", badDisplay);
        try
        {
            var error = Assert.Throws<DisplayUnavailableException>(() => VisualiserWindow.Open(Small));
            Assert.Contains("no display", error.Message, StringComparison.Ordinal);
            Assert.Contains("musicemotion render", error.Message, StringComparison.Ordinal);
            Assert.Contains("musicemotion live' without --view", error.Message, StringComparison.Ordinal);
            Assert.Contains(badDisplay is null ? "DISPLAY" : badDisplay, error.Message, StringComparison.Ordinal);
        }
        finally
        {
            NativeEnvironment.Set("DISPLAY", display.Display);
        }
        // GLFW was left uninitialised: the next window on the real display opens.
        using VisualiserWindow window = VisualiserWindow.Open(Small);
    }

    [SkippableFact]
    public void AnOpenGLOlderThan33IsRefusedWithTheVersionFound()
    {
        display.Require();
        // Mesa reads this when GLFW connects and creates the context: llvmpipe then offers only OpenGL 3.0.
        NativeEnvironment.Set("MESA_GL_VERSION_OVERRIDE", "3.0");
        try
        {
            var error = Assert.Throws<OpenGLVersionException>(() => VisualiserWindow.Open(Small));
            Assert.Contains("needs OpenGL 3.3", error.Message, StringComparison.Ordinal);
            Assert.Contains("GLFW", error.Message, StringComparison.Ordinal);
            var offscreen = Assert.Throws<OpenGLVersionException>(() => OffscreenRenderer.Create(64, 64, Small));
            Assert.Contains("needs OpenGL 3.3", offscreen.Message, StringComparison.Ordinal);
        }
        finally
        {
            NativeEnvironment.Set("MESA_GL_VERSION_OVERRIDE", null);
        }
        using VisualiserWindow window = VisualiserWindow.Open(Small);
    }

    [SkippableFact]
    public void AShaderThatFailsToCompileIsNamedWithTheDriversLog()
    {
        display.Require();
        string shaders = CopyShaders();
        try
        {
            string broken = Path.Combine(shaders, "sprite.frag");
            File.WriteAllText(broken, File.ReadAllText(broken).Replace("float d = length(vOffset);", "float d = length(vOffset)", StringComparison.Ordinal));
            var error = Assert.Throws<ShaderException>(() => VisualiserWindow.Open(Small with { ShaderDirectory = shaders }));
            Assert.Equal(broken, error.File);
            Assert.Contains(broken, error.Message, StringComparison.Ordinal);
            Assert.Contains("failed to compile", error.Message, StringComparison.Ordinal);
            Assert.False(string.IsNullOrWhiteSpace(error.InfoLog));
            Assert.Contains(error.InfoLog, error.Message, StringComparison.Ordinal);

            string missing = Path.Combine(shaders, "text.vert");
            File.WriteAllText(broken, File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "shaders", "sprite.frag")));
            File.Delete(missing);
            var absent = Assert.Throws<ShaderException>(() => VisualiserWindow.Open(Small with { ShaderDirectory = shaders }));
            Assert.Equal(missing, absent.File);
            Assert.Contains("failed to read", absent.Message, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(shaders, recursive: true);
        }
        using VisualiserWindow window = VisualiserWindow.Open(Small);
    }

    [SkippableFact]
    public void AMissingFontNamesTheFileAndHowToInstallOne()
    {
        display.Require();
        var error = Assert.Throws<FileNotFoundException>(() => VisualiserWindow.Open(Small with { FontPath = "/no/such/font.ttf" }));
        Assert.Contains("/no/such/font.ttf", error.Message, StringComparison.Ordinal);
        using VisualiserWindow window = VisualiserWindow.Open(Small);
    }

    [SkippableFact]
    public void GlCallsFromAnotherThreadAreRefusedBeforeTheyReachTheDriver()
    {
        display.Require();
        using VisualiserWindow window = VisualiserWindow.Open(Small);
        Exception? refused = null;
        var other = new Thread(() => refused = Record.Exception(() => window.RenderFrame(new MusicEmotion.Visualiser.Feed.ViewFeed(), 0)));
        other.Start();
        other.Join();
        Assert.IsType<InvalidOperationException>(refused);
        Assert.Contains("thread that opened it", refused.Message, StringComparison.Ordinal);
        window.RenderFrame(new MusicEmotion.Visualiser.Feed.ViewFeed(), 0);
    }

    private static string CopyShaders()
    {
        string target = Directory.CreateTempSubdirectory("shaders-").FullName;
        foreach (string file in Directory.GetFiles(Path.Combine(AppContext.BaseDirectory, "shaders")))
        {
            File.Copy(file, Path.Combine(target, Path.GetFileName(file)));
        }
        return target;
    }
}
