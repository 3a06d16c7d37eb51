using MusicEmotion.Native.Glfw;
using MusicEmotion.Visualiser;
using MusicEmotion.Visualiser.Style;

namespace MusicEmotion.Tests.Visualiser;

public sealed class KeyBindingsTests
{
    [Theory]
    [InlineData('T', ViewOverlays.Trail)]
    [InlineData('F', ViewOverlays.Forecast)]
    [InlineData('L', ViewOverlays.Terms)]
    [InlineData('S', ViewOverlays.Strip)]
    public void EachOverlayHasAKeyThatTogglesItAndBack(int key, ViewOverlays overlay)
    {
        ViewAction command = KeyBindings.ActionFor(key);
        ViewSettings once = KeyBindings.Apply(ViewSettings.Default, command);
        Assert.False(once.Shows(overlay));
        Assert.Equal(ViewSettings.Default.Overlays & ~overlay, once.Overlays);
        Assert.Equal(ViewSettings.Default, KeyBindings.Apply(once, command));
    }

    [Fact]
    public void ColourAndPaletteKeysSwitchModes()
    {
        ViewSettings valence = KeyBindings.Apply(ViewSettings.Default, KeyBindings.ActionFor('C'));
        Assert.Equal(ColourMode.Valence, valence.ColourMode);
        ViewSettings safe = KeyBindings.Apply(ViewSettings.Default, KeyBindings.ActionFor('B'));
        Assert.Equal(PaletteKind.ColourBlindSafe, safe.Palette);
    }

    [Fact]
    public void WindowKeysAreBoundAndOthersAreNot()
    {
        Assert.Equal(ViewAction.ToggleFullscreen, KeyBindings.ActionFor(GlfwInterop.KeyF11));
        Assert.Equal(ViewAction.CancelOrClose, KeyBindings.ActionFor(GlfwInterop.KeyEscape));
        Assert.Equal(ViewAction.Close, KeyBindings.ActionFor('Q'));
        Assert.Equal(ViewAction.DrawProfile, KeyBindings.ActionFor('P'));
        Assert.Equal(ViewAction.None, KeyBindings.ActionFor('Z'));
        Assert.Equal(ViewSettings.Default, KeyBindings.Apply(ViewSettings.Default, ViewAction.ToggleFullscreen));
    }
}
