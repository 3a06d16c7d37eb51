using MusicEmotion.Inference;

namespace MusicEmotion.Visualiser.Drawing;

/// <summary>Where drawing a search profile stands.</summary>
public enum DrawingPhase
{
    /// <summary>Nothing drawn; the mouse does nothing.</summary>
    Off,

    /// <summary>P was pressed: the next press of the left button starts the stroke.</summary>
    Armed,

    /// <summary>The left button is held: the cursor's path is being collected.</summary>
    Stroking,

    /// <summary>The stroke ended; its line stays shown until the next P or Esc.</summary>
    Drawn,
}

/// <summary>
/// Drawing a profile with the mouse, as a state machine the window drives with the cursor already mapped to the
/// circumplex: P arms it, the left button's press starts the stroke, moves extend it, the release ends it and hands
/// back the profile to search. Esc while armed or stroking cancels. Render-thread only; no GLFW in it, so it is
/// tested without a window.
/// </summary>
public sealed class ProfileDrawing
{
    private readonly StrokeCollector _stroke = new();

    public DrawingPhase Phase { get; private set; }

    /// <summary>Armed or stroking: Esc cancels the drawing instead of closing the view.</summary>
    public bool IsDrawing => Phase is DrawingPhase.Armed or DrawingPhase.Stroking;

    /// <summary>The line to show: the stroke so far, or the finished one; empty when off.</summary>
    public ReadOnlySpan<AffectPoint> Line => Phase == DrawingPhase.Off ? [] : _stroke.Points;

    /// <summary>P: forgets any earlier line and waits for the button.</summary>
    public void Arm()
    {
        _stroke.Clear();
        Phase = DrawingPhase.Armed;
    }

    /// <summary>Esc while drawing: the line goes, nothing is searched.</summary>
    public void Cancel()
    {
        _stroke.Clear();
        Phase = DrawingPhase.Off;
    }

    /// <summary>The left button went down at <paramref name="at"/>; starts the stroke when armed.</summary>
    public void Press(AffectPoint at)
    {
        if (Phase == DrawingPhase.Armed)
        {
            Phase = DrawingPhase.Stroking;
            _stroke.Add(at);
        }
    }

    /// <summary>The cursor moved to <paramref name="at"/>; extends the stroke while the button is held.</summary>
    public void Move(AffectPoint at)
    {
        if (Phase == DrawingPhase.Stroking)
        {
            _stroke.Add(at);
        }
    }

    /// <summary>
    /// The left button came up at <paramref name="at"/>: ends the stroke and returns its profile, or null when no
    /// stroke was being drawn or it was too short to search (then nothing is left drawn), as <paramref name="tooShort"/> says.
    /// </summary>
    public AffectPoint[]? Release(AffectPoint at, out bool tooShort)
    {
        tooShort = false;
        if (Phase != DrawingPhase.Stroking)
        {
            return null;
        }
        _stroke.Add(at);
        AffectPoint[]? profile = _stroke.ToProfile();
        if (profile is null)
        {
            tooShort = true;
            Cancel();
            return null;
        }
        Phase = DrawingPhase.Drawn;
        return profile;
    }
}
