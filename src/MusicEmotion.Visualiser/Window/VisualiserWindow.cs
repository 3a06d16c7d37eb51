using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Runtime.ExceptionServices;
using System.Runtime.InteropServices;
using MusicEmotion.Native.Gl;
using MusicEmotion.Native.Glfw;
using MusicEmotion.Visualiser.Feed;
using MusicEmotion.Visualiser.Imaging;
using MusicEmotion.Visualiser.Rendering;

namespace MusicEmotion.Visualiser.Window;

/// <summary>Why <see cref="VisualiserWindow.Run"/> returned.</summary>
public enum ViewExit
{
    /// <summary>The user closed the window (or pressed Esc/Q, or another thread called RequestClose).</summary>
    WindowClosed,

    /// <summary>The cancellation token fired (the pipeline ended or the program is stopping).</summary>
    Cancelled,
}

/// <summary>
/// The live view: a GLFW window with an OpenGL 3.3 core context that draws the latest readings of a
/// <see cref="ViewFeed"/> at the display's refresh rate. Open it, then call <see cref="Run"/> on the same
/// thread (the render thread; on macOS that must be the main thread). The pipeline publishes to the feed
/// from its own thread and is never blocked by the view. Everything except <see cref="RequestClose"/> must
/// be called on the render thread.
/// </summary>
public sealed class VisualiserWindow : IDisposable
{
    private const int KeyQueueLength = 32;

    /// <summary>An error raised inside a GLFW callback on this thread, waiting to be rethrown.</summary>
    [ThreadStatic]
    private static Exception? _callbackError;

    private readonly int _renderThread;
    private readonly ViewOptions _options;
    private readonly GlInterop _gl;
    private readonly CircumplexRenderer _renderer;
    private readonly FeedFollower _follower;
    private readonly int[] _pendingKeys = new int[KeyQueueLength];
    private IntPtr _window;
    private GCHandle _self;
    private int _pendingKeyCount;
    private int _windowedX;
    private int _windowedY;
    private int _windowedWidth;
    private int _windowedHeight;

    private VisualiserWindow(ViewOptions options, IntPtr window, GlInterop gl)
    {
        _renderThread = Environment.CurrentManagedThreadId;
        _options = options;
        _window = window;
        _gl = gl;
        Settings = options.Settings;
        _follower = new FeedFollower(options.StripSeconds, options.TransitionSeconds);
        _renderer = new CircumplexRenderer(gl, options);
    }

    /// <summary>What the view shows; keys change it, and so may the caller between frames.</summary>
    public ViewSettings Settings { get; set; }

    /// <summary>The context's GL_VERSION and GL_RENDERER, for the log.</summary>
    public string GlDescription => $"OpenGL {_gl.GetString(GlInterop.Version)} on {_gl.GetString(GlInterop.Renderer)}";

    public bool IsFullscreen => GlfwInterop.GetWindowMonitor(Handle) != IntPtr.Zero;

    /// <summary>Framebuffer size in pixels (larger than the window size on high-DPI screens).</summary>
    public (int Width, int Height) FramebufferSize
    {
        get
        {
            GlfwInterop.GetFramebufferSize(Handle, out int width, out int height);
            return (width, height);
        }
    }

    /// <summary>True once the user or <see cref="RequestClose"/> asked the window to close.</summary>
    public bool CloseRequested => GlfwInterop.WindowShouldClose(Handle) != 0;

    /// <summary>The layout of the last frame: where the circle and strip were drawn.</summary>
    public ViewLayout Layout => _renderer.Layout;

    /// <summary>Where the affect terms were placed in the last frame.</summary>
    public ReadOnlySpan<TermLabel> Terms => _renderer.Terms;

    private IntPtr Handle => _window != IntPtr.Zero ? _window : throw new ObjectDisposedException(nameof(VisualiserWindow));

    /// <summary>
    /// Opens the window on the calling thread. Throws <see cref="DisplayUnavailableException"/> with no
    /// display, <see cref="OpenGLVersionException"/> without OpenGL 3.3 core, <see cref="ShaderException"/>
    /// when a shader fails, <see cref="FileNotFoundException"/> without a font.
    /// </summary>
    public static unsafe VisualiserWindow Open(ViewOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        GlfwSession.Acquire();
        IntPtr window = IntPtr.Zero;
        try
        {
            IntPtr monitor = options.Fullscreen ? PickMonitor(options.Monitor) : IntPtr.Zero;
            int width = options.Width, height = options.Height;
            if (monitor != IntPtr.Zero)
            {
                GlfwInterop.VideoMode* mode = GlfwInterop.GetVideoMode(monitor);
                width = mode->Width;
                height = mode->Height;
                GlfwInterop.WindowHint(GlfwInterop.RefreshRate, mode->RefreshRate);
            }
            window = GlfwWindows.Create(width, height, options.Title, visible: true, transparent: options.Background.A < 1, monitor, out GlInterop gl);
            GlfwInterop.SwapInterval(options.VSync ? 1 : 0);
            var view = new VisualiserWindow(options, window, gl);
            view._windowedWidth = options.Width;
            view._windowedHeight = options.Height;
            view._self = GCHandle.Alloc(view);
            GlfwInterop.SetWindowUserPointer(window, GCHandle.ToIntPtr(view._self));
            GlfwInterop.SetKeyCallback(window, &OnKey);
            return view;
        }
        catch
        {
            if (window != IntPtr.Zero)
            {
                GlfwInterop.DestroyWindow(window);
            }
            GlfwSession.Release();
            throw;
        }
    }

    /// <summary>The monitors GLFW sees, in the numbering <see cref="ViewOptions.Monitor"/> uses.</summary>
    public static unsafe IReadOnlyList<string> Monitors()
    {
        GlfwSession.Acquire();
        try
        {
            IntPtr* monitors = GlfwInterop.GetMonitors(out int count);
            var names = new string[count];
            for (int i = 0; i < count; i++)
            {
                GlfwInterop.VideoMode* mode = GlfwInterop.GetVideoMode(monitors[i]);
                names[i] = $"{GlfwInterop.MonitorName(monitors[i]) ?? "monitor"} {mode->Width}x{mode->Height} @ {mode->RefreshRate} Hz";
            }
            return names;
        }
        finally
        {
            GlfwSession.Release();
        }
    }

    /// <summary>
    /// Draws the feed until the window is closed or <paramref name="cancellation"/> fires, one frame per
    /// display refresh. What was fed stays in <paramref name="feed"/> whatever way it ends.
    /// </summary>
    public ViewExit Run(ViewFeed feed, CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(feed);
        var clock = Stopwatch.StartNew();
        while (true)
        {
            PollEvents();
            if (CloseRequested)
            {
                return ViewExit.WindowClosed;
            }
            if (cancellation.IsCancellationRequested)
            {
                return ViewExit.Cancelled;
            }
            RenderFrame(feed, clock.Elapsed.TotalSeconds);
            Present();
        }
    }

    /// <summary>Processes window events and the keys pressed since the last call; rethrows an error raised inside a GLFW callback.</summary>
    public void PollEvents()
    {
        CheckThread();
        GlfwInterop.PollEvents();
        if (_callbackError is Exception error)
        {
            _callbackError = null;
            ExceptionDispatchInfo.Capture(error).Throw();
        }
        for (int i = 0; i < _pendingKeyCount; i++)
        {
            Execute(KeyBindings.ActionFor(_pendingKeys[i]));
        }
        _pendingKeyCount = 0;
    }

    /// <summary>Draws the feed as it stands at render time <paramref name="now"/> (seconds) into the back buffer.</summary>
    public void RenderFrame(ViewFeed feed, double now)
    {
        ArgumentNullException.ThrowIfNull(feed);
        CheckThread();
        _follower.Update(feed, now);
        (int width, int height) = FramebufferSize;
        _renderer.Render(_follower.Scene(now, Settings, feed.Status, feed.Suggestions), width, height);
    }

    /// <summary>Shows the frame drawn (waits for vertical sync when it is on).</summary>
    public void Present()
    {
        CheckThread();
        GlfwInterop.SwapBuffers(Handle);
    }

    /// <summary>Reads back the frame drawn last, before <see cref="Present"/>: what a person would see.</summary>
    public RgbaImage Capture()
    {
        CheckThread();
        (int width, int height) = FramebufferSize;
        var pixels = new byte[width * height * 4];
        _gl.Finish();
        _gl.ReadBuffer(GlInterop.Back);
        _gl.PixelStore(GlInterop.PackAlignment, 1);
        _gl.ReadPixels(0, 0, width, height, pixels);
        return RgbaImage.FromFramebuffer(width, height, pixels);
    }

    /// <summary>Carries out what a key asks for.</summary>
    public void Execute(ViewAction action)
    {
        CheckThread();
        switch (action)
        {
            case ViewAction.ToggleFullscreen:
                ToggleFullscreen();
                break;
            case ViewAction.Close:
                RequestClose();
                break;
            default:
                Settings = KeyBindings.Apply(Settings, action);
                break;
        }
    }

    /// <summary>Asks the render loop to end after the current frame. Safe from any thread.</summary>
    public void RequestClose() => GlfwInterop.SetWindowShouldClose(Handle, GlfwInterop.True);

    /// <summary>Resizes the window (in screen coordinates); the next frame lays out for the new size.</summary>
    public void Resize(int width, int height)
    {
        CheckThread();
        GlfwInterop.SetWindowSize(Handle, width, height);
        GlfwInterop.PollEvents();
    }

    /// <summary>Switches between a window and full screen on the configured monitor (F11).</summary>
    public unsafe void ToggleFullscreen()
    {
        CheckThread();
        if (IsFullscreen)
        {
            GlfwInterop.SetWindowMonitor(Handle, IntPtr.Zero, _windowedX, _windowedY, _windowedWidth, _windowedHeight, GlfwInterop.DontCare);
        }
        else
        {
            GlfwInterop.GetWindowPos(Handle, out _windowedX, out _windowedY);
            GlfwInterop.GetWindowSize(Handle, out _windowedWidth, out _windowedHeight);
            IntPtr monitor = PickMonitor(_options.Monitor);
            GlfwInterop.VideoMode* mode = GlfwInterop.GetVideoMode(monitor);
            GlfwInterop.SetWindowMonitor(Handle, monitor, 0, 0, mode->Width, mode->Height, mode->RefreshRate);
        }
        GlfwInterop.PollEvents();
    }

    public unsafe void Dispose()
    {
        if (_window == IntPtr.Zero)
        {
            return;
        }
        CheckThread();
        GlfwInterop.MakeContextCurrent(_window);
        _renderer.Dispose();
        GlfwInterop.SetKeyCallback(_window, null);
        GlfwInterop.DestroyWindow(_window);
        _window = IntPtr.Zero;
        if (_self.IsAllocated)
        {
            _self.Free();
        }
        GlfwSession.Release();
    }

    private static unsafe IntPtr PickMonitor(int index)
    {
        IntPtr* monitors = GlfwInterop.GetMonitors(out int count);
        if (count == 0 || monitors is null)
        {
            throw new DisplayUnavailableException("the display reports no monitor to go full screen on");
        }
        if (index >= count)
        {
            throw new ArgumentOutOfRangeException(
                nameof(index), index, $"monitor {index} does not exist: this display has {count} (numbered from 0)");
        }
        return monitors[index];
    }

    private void CheckThread()
    {
        if (Environment.CurrentManagedThreadId != _renderThread)
        {
            throw new InvalidOperationException("the view's OpenGL context belongs to the thread that opened it: call this from that thread");
        }
    }

    /// <summary>
    /// GLFW's key callback, called from inside glfwPollEvents. It only queues the key; anything that goes
    /// wrong is kept and rethrown by <see cref="PollEvents"/>, because an exception must never unwind
    /// through GLFW's native frames.
    /// </summary>
    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    private static void OnKey(IntPtr window, int key, int scancode, int action, int mods)
    {
        try
        {
            var view = GCHandle.FromIntPtr(GlfwInterop.GetWindowUserPointer(window)).Target as VisualiserWindow;
            if (view is not null && action == GlfwInterop.Press && view._pendingKeyCount < KeyQueueLength)
            {
                view._pendingKeys[view._pendingKeyCount++] = key;
            }
        }
        catch (Exception e)
        {
            _callbackError ??= e;
        }
    }
}
