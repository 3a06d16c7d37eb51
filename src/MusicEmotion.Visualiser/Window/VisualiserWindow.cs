using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Runtime.ExceptionServices;
using System.Runtime.InteropServices;
using MusicEmotion.Inference;
using MusicEmotion.Native.Glfw;
using MusicEmotion.Visualiser.Drawing;
using MusicEmotion.Visualiser.Feed;
using MusicEmotion.Visualiser.Imaging;
using MusicEmotion.Visualiser.Rendering;
using Silk.NET.OpenGL;

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
    /// <summary>Input events kept between two polls: keys, buttons and a stroke's cursor moves.</summary>
    private const int InputQueueLength = 128;

    /// <summary>An error raised inside a GLFW callback on this thread, waiting to be rethrown.</summary>
    [ThreadStatic]
    private static Exception? _callbackError;

    private readonly int _renderThread;
    private readonly ViewOptions _options;
    private readonly GL _gl;
    private readonly CircumplexRenderer _renderer;
    private readonly FeedFollower _follower;
    private readonly InputQueue _input = new(InputQueueLength);
    private readonly ProfileDrawing _drawing = new();
    private ProfileSearchRunner _profileSearch = new(search: null);
    private FeelingCapture _feeling = new(store: null);
    private IntPtr _window;
    private GCHandle _self;
    private double _cursorX = double.NaN;
    private double _cursorY = double.NaN;
    private int _windowedX;
    private int _windowedY;
    private int _windowedWidth;
    private int _windowedHeight;

    private VisualiserWindow(ViewOptions options, IntPtr window, GL gl)
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
    public string GlDescription => OpenGlFunctions.Describe(_gl);

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

    /// <summary>Where drawing a profile with the mouse stands (P starts it).</summary>
    public DrawingPhase Drawing => _drawing.Phase;

    /// <summary>The profile drawn or being drawn, oldest point first; empty when none is shown.</summary>
    public ReadOnlySpan<AffectPoint> DrawnProfile => _drawing.Line;

    /// <summary>What the strip says about the drawn profile (its note or matches); null when nothing.</summary>
    public ProfileStatus? ProfileStatus => _profileSearch.Status;

    /// <summary>The profile search started last; completed when none runs.</summary>
    public Task ProfileSearchTask => _profileSearch.Running;

    /// <summary>True after E until the listener answers or cancels: the point is held still.</summary>
    public bool FeelingFrozen => _feeling.IsFrozen;

    /// <summary>The label stored last; completed when none is being stored.</summary>
    public Task FeelingTask => _feeling.Storing;

    /// <summary>
    /// How a cursor position maps onto the circumplex now: the layout the next frame is drawn with (the painters'
    /// own geometry) at the framebuffer's size, scaled from the window's screen coordinates.
    /// </summary>
    public CursorMapping Cursor
    {
        get
        {
            (int width, int height) = FramebufferSize;
            GlfwInterop.GetWindowSize(Handle, out int windowWidth, out int windowHeight);
            return new CursorMapping(ViewLayout.For(Math.Max(width, 1), Math.Max(height, 1), Settings.Shows(ViewOverlays.Strip)), windowWidth, windowHeight);
        }
    }

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
            window = GlfwWindows.Create(width, height, options.Title, visible: true, transparent: options.Background.A < 1, monitor, out GL gl);
            GlfwInterop.SwapInterval(options.VSync ? 1 : 0);
            var view = new VisualiserWindow(options, window, gl);
            view._windowedWidth = options.Width;
            view._windowedHeight = options.Height;
            view._self = GCHandle.Alloc(view);
            GlfwInterop.SetWindowUserPointer(window, GCHandle.ToIntPtr(view._self));
            GlfwInterop.SetKeyCallback(window, &OnKey);
            GlfwInterop.SetMouseButtonCallback(window, &OnMouseButton);
            GlfwInterop.SetCursorPosCallback(window, &OnCursorMove);
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

    /// <summary>
    /// Once a library search is given, P draws a profile with the mouse and searches for it; without one, P only says
    /// that a library is needed. <paramref name="notice"/> also receives each note the strip shows (for the console).
    /// </summary>
    public void UseProfileSearch(ProfileSearchHandler? search, Action<string>? notice = null)
    {
        CheckThread();
        _drawing.Cancel();
        _profileSearch = new ProfileSearchRunner(search, notice);
    }

    /// <summary>
    /// Once <paramref name="store"/> is given, E freezes the point and the listener's answer is stored as a label;
    /// without one, E only says that a library is needed. Notes go where the profile search's go (strip and console).
    /// </summary>
    public void UseFeelingLabels(FeelingHandler? store)
    {
        CheckThread();
        _feeling.Cancel();
        _feeling = new FeelingCapture(store);
    }

    /// <summary>
    /// Processes window events and the keys and mouse input since the last call, in the order they came; rethrows an
    /// error raised inside a GLFW callback.
    /// </summary>
    public void PollEvents()
    {
        CheckThread();
        GlfwInterop.PollEvents();
        if (_callbackError is Exception error)
        {
            _callbackError = null;
            _input.Clear();
            ExceptionDispatchInfo.Capture(error).Throw();
        }
        for (int i = 0; i < _input.Count; i++)
        {
            HandleInput(_input[i]);
        }
        _input.Clear();
    }

    /// <summary>Draws the feed as it stands at render time <paramref name="now"/> (seconds) into the back buffer.</summary>
    public void RenderFrame(ViewFeed feed, double now)
    {
        ArgumentNullException.ThrowIfNull(feed);
        CheckThread();
        // While a label is taken the point holds still at the moment it is about.
        if (!_feeling.IsFrozen)
        {
            _follower.Update(feed, now);
        }
        (int width, int height) = FramebufferSize;
        var profile = new ProfileScene(_drawing.Line, _profileSearch.Status);
        _renderer.Render(_follower.Scene(now, Settings, feed.Status, feed.Suggestions, profile), width, height);
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
        _gl.ReadBuffer(ReadBufferMode.Back);
        return FramebufferCapture.Read(_gl, width, height);
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
            case ViewAction.DrawProfile:
                DrawProfile();
                break;
            case ViewAction.LabelFeeling:
                LabelFeeling();
                break;
            case ViewAction.CancelOrClose when _feeling.IsFrozen:
                _feeling.Cancel();
                _profileSearch.Show(FeelingCapture.CancelledNote);
                break;
            case ViewAction.CancelOrClose when _drawing.IsDrawing:
                _drawing.Cancel();
                _profileSearch.Clear();
                break;
            case ViewAction.CancelOrClose:
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
        GlfwInterop.SetMouseButtonCallback(_window, null);
        GlfwInterop.SetCursorPosCallback(_window, null);
        GlfwInterop.DestroyWindow(_window);
        _gl.Dispose();
        _window = IntPtr.Zero;
        if (_self.IsAllocated)
        {
            _self.Free();
        }
        GlfwSession.Release();
    }

    /// <summary>P: arms the mouse for a stroke, or says why it cannot.</summary>
    private void DrawProfile()
    {
        if (!_profileSearch.CanSearch)
        {
            _profileSearch.Show(ProfileSearchRunner.NoLibraryNote);
            return;
        }
        _drawing.Arm();
        _profileSearch.Show(ProfileSearchRunner.ArmedNote);
    }

    /// <summary>E: holds the point at the latest reading and asks what the listener feels there, or says why it cannot.</summary>
    private void LabelFeeling()
    {
        if (!_feeling.CanStore)
        {
            _profileSearch.Show(FeelingCapture.NoLibraryNote);
            return;
        }
        if (_follower.Readings.IsEmpty)
        {
            return;
        }
        _drawing.Cancel();
        _feeling.Freeze(_follower.Readings[^1].StreamSeconds);
        _profileSearch.Show(FeelingCapture.FrozenNote);
    }

    /// <summary>One input event, on the render thread after the poll: a key's action, a label's answer, or a step of the stroke.</summary>
    private void HandleInput(in InputEvent input)
    {
        if (input.Kind == InputKind.Key)
        {
            if (_feeling.IsFrozen && KeyBindings.FeelingFor(input.Code) is { } feeling)
            {
                _feeling.Take(null, feeling, _profileSearch.Show);
                return;
            }
            Execute(KeyBindings.ActionFor(input.Code));
            return;
        }
        if (_feeling.IsFrozen && input.Kind == InputKind.MouseButton && input.Code == GlfwInterop.MouseButtonLeft && input.Action == GlfwInterop.Press)
        {
            AffectPoint clicked = Cursor.ToCircumplex(input.X, input.Y);
            // A click beyond the circle's square still means the edge it is nearest.
            _feeling.Take(new AffectPoint(Math.Clamp(clicked.Arousal, -1f, 1f), Math.Clamp(clicked.Valence, -1f, 1f)), null, _profileSearch.Show);
            return;
        }
        // The mouse only matters while a profile is being drawn: otherwise nothing below runs, so moving it costs nothing.
        if (!_drawing.IsDrawing || (input.Kind == InputKind.MouseButton && input.Code != GlfwInterop.MouseButtonLeft))
        {
            return;
        }
        AffectPoint at = Cursor.ToCircumplex(input.X, input.Y);
        switch (input.Kind)
        {
            case InputKind.CursorMove:
                _drawing.Move(at);
                break;
            case InputKind.MouseButton when input.Action == GlfwInterop.Press:
                _drawing.Press(at);
                break;
            case InputKind.MouseButton when input.Action == GlfwInterop.Release:
                AffectPoint[]? profile = _drawing.Release(at, out bool tooShort);
                if (profile is not null)
                {
                    _profileSearch.Start(profile);
                }
                else if (tooShort)
                {
                    _profileSearch.Show(ProfileSearchRunner.TooShortNote);
                }
                break;
        }
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
    /// through GLFW's native frames. The callbacks are static functions handed to GLFW as function pointers:
    /// there is no delegate for the garbage collector to move or collect, and calling one allocates nothing.
    /// </summary>
    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    private static void OnKey(IntPtr window, int key, int scancode, int action, int mods)
    {
        if (action == GlfwInterop.Press)
        {
            Enqueue(window, new InputEvent(InputKind.Key, key, action, 0, 0));
        }
    }

    /// <summary>
    /// GLFW's mouse button callback: queues the button, like <see cref="OnKey"/>, at the cursor position of the last move
    /// GLFW reported before it. glfwGetCursorPos would give where the pointer is now, which after a slow frame can be
    /// well along the stroke; it is only asked when no move has been seen yet.
    /// </summary>
    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    private static void OnMouseButton(IntPtr window, int button, int action, int mods)
    {
        try
        {
            if (View(window) is { } view)
            {
                if (double.IsNaN(view._cursorX))
                {
                    GlfwInterop.GetCursorPos(window, out view._cursorX, out view._cursorY);
                }
                view._input.Add(new InputEvent(InputKind.MouseButton, button, action, view._cursorX, view._cursorY));
            }
        }
        catch (Exception e)
        {
            _callbackError ??= e;
        }
    }

    /// <summary>GLFW's cursor position callback: remembers the position and queues the move, like <see cref="OnKey"/>.</summary>
    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    private static void OnCursorMove(IntPtr window, double x, double y)
    {
        try
        {
            if (View(window) is { } view)
            {
                (view._cursorX, view._cursorY) = (x, y);
                view._input.Add(new InputEvent(InputKind.CursorMove, 0, 0, x, y));
            }
        }
        catch (Exception e)
        {
            _callbackError ??= e;
        }
    }

    /// <summary>Queues an event for the window behind a GLFW handle; an error is kept for <see cref="PollEvents"/> to rethrow.</summary>
    private static void Enqueue(IntPtr window, in InputEvent input)
    {
        try
        {
            View(window)?._input.Add(input);
        }
        catch (Exception e)
        {
            _callbackError ??= e;
        }
    }

    /// <summary>The view a GLFW window belongs to, through the user pointer set when it opened.</summary>
    private static VisualiserWindow? View(IntPtr window) => GCHandle.FromIntPtr(GlfwInterop.GetWindowUserPointer(window)).Target as VisualiserWindow;
}
