using MusicEmotion.Audio;
using MusicEmotion.Audio.Capture;
using MusicEmotion.Native.PortAudio;

namespace MusicEmotion.Tests.Audio.Capture;

/// <summary>Device selection over device lists shaped like PortAudio's on a desktop: ALSA cards, pulse and an output.</summary>
public sealed class CaptureDeviceSelectorTests
{
    private static readonly PortAudioDevice[] Desktop =
    [
        Device(0, "HDA Intel PCH: ALC257 Analog (hw:0,0)", inputs: 2),
        Device(1, "HDA Intel PCH: HDMI 0 (hw:0,3)", inputs: 0),
        Device(2, "USB Audio CODEC: Audio (hw:1,0)", inputs: 2),
        Device(3, "pulse", inputs: 32),
        Device(4, "default", inputs: 32, isDefault: true),
    ];

    [Theory]
    [InlineData(null, 4)]
    [InlineData("", 4)]
    [InlineData("2", 2)]
    [InlineData("usb", 2)]
    [InlineData("ALC257", 0)]
    [InlineData(" PULSE ", 3)]
    public void PicksByDefaultIndexOrName(string? request, int expected) =>
        Assert.Equal(expected, CaptureDeviceSelector.Select(Desktop, request).Index);

    [Fact]
    public void AnExactNameWinsOverNamesThatContainIt()
    {
        PortAudioDevice[] devices = [Device(0, "pulse monitor helper", 2), Device(1, "pulse", 2)];
        Assert.Equal(1, CaptureDeviceSelector.Select(devices, "pulse").Index);
    }

    [Fact]
    public void ANameMatchingNoneListsTheInputs()
    {
        var error = Assert.Throws<AudioInputException>(() => CaptureDeviceSelector.Select(Desktop, "focusrite"));
        Assert.Equal(
            "audio input: no input device matches 'focusrite'; input devices: 0 'HDA Intel PCH: ALC257 Analog (hw:0,0)' (ALSA),"
            + " 2 'USB Audio CODEC: Audio (hw:1,0)' (ALSA), 3 'pulse' (ALSA), 4 'default' (ALSA)",
            error.Message);
    }

    [Fact]
    public void ANameMatchingSeveralListsThemAndAsksForMore()
    {
        var error = Assert.Throws<AudioInputException>(() => CaptureDeviceSelector.Select(Desktop, "hw:"));
        Assert.Equal(
            "audio input: 'hw:' matches several input devices: 0 'HDA Intel PCH: ALC257 Analog (hw:0,0)' (ALSA),"
            + " 2 'USB Audio CODEC: Audio (hw:1,0)' (ALSA); give the index or more of the name",
            error.Message);
    }

    [Theory]
    [InlineData("9", "device 9: no such device; input devices: ")]
    [InlineData("1", "device 1 'HDA Intel PCH: HDMI 0 (hw:0,3)': has no input channels (it is an output); input devices: ")]
    public void AnIndexThatIsNoInputSaysWhy(string request, string start)
    {
        var error = Assert.Throws<AudioInputException>(() => CaptureDeviceSelector.Select(Desktop, request));
        Assert.StartsWith(start, error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', error.Message);
    }

    [Fact]
    public void NoInputDeviceAtAllSaysWhatToDo()
    {
        var error = Assert.Throws<AudioInputException>(() => CaptureDeviceSelector.Select([Device(0, "HDMI", inputs: 0)], null));
        Assert.StartsWith("audio input: no input device found", error.Message, StringComparison.Ordinal);
        Assert.Contains("--input FILE", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void InputsWithoutADefaultAskForAChoice()
    {
        var error = Assert.Throws<AudioInputException>(() => CaptureDeviceSelector.Select([Device(0, "hw:0,0", inputs: 2)], null));
        Assert.Equal("audio input: there is no default input device; choose one with --device (input devices: 0 'hw:0,0' (ALSA))", error.Message);
    }

    private static PortAudioDevice Device(int index, string name, int inputs, bool isDefault = false) =>
        new(index, name, 0, "ALSA", inputs, 2, 48_000, 0.0087, isDefault);
}
