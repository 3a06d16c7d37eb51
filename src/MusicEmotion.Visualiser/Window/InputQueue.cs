namespace MusicEmotion.Visualiser.Window;

/// <summary>What kind of input a GLFW callback reported.</summary>
internal enum InputKind
{
    Key,
    MouseButton,
    CursorMove,
}

/// <summary>One input event as a GLFW callback saw it; the cursor position is in screen coordinates.</summary>
internal readonly record struct InputEvent(InputKind Kind, int Code, int Action, double X, double Y);

/// <summary>
/// The input events of one <c>glfwPollEvents</c>, in the order GLFW reported them, so a key and a stroke sent
/// together are carried out in that order after the poll returns (outside GLFW's native frames). Fixed capacity and
/// no allocation: when full, a cursor move replaces the move before it (only the path's detail is lost), and
/// anything else is dropped, as keys pressed faster than a frame always were.
/// </summary>
internal sealed class InputQueue(int capacity)
{
    private readonly InputEvent[] _events = new InputEvent[capacity];

    public int Count { get; private set; }

    public InputEvent this[int index] => _events[index];

    public void Add(in InputEvent input)
    {
        if (Count < _events.Length)
        {
            _events[Count++] = input;
        }
        else if (input.Kind == InputKind.CursorMove && _events[Count - 1].Kind == InputKind.CursorMove)
        {
            _events[Count - 1] = input;
        }
    }

    public void Clear() => Count = 0;
}
