using MusicEmotion.Outputs.Osc;

namespace MusicEmotion.Tests.Outputs;

/// <summary>The bundle the OSC sink will send for each reading: seven messages under /emotion.</summary>
internal static class OscBundles
{
    public static readonly OscTimeTag Time = OscTimeTag.FromDateTimeOffset(new DateTimeOffset(2025, 11, 22, 10, 15, 30, 250, TimeSpan.Zero));

    public static float Arousal(int i) => 0.25f + (i % 7 * 0.01f);

    public static float Valence(int i) => -0.5f - (i % 5 * 0.01f);

    public static float Forecast(int i, int step) => (step * 0.125f) - 0.375f + (i % 3 * 0.001f);

    public static ReadOnlySpan<byte> WriteReading(Span<byte> buffer, int i)
    {
        var packet = new OscPacketWriter(buffer);
        packet.BeginBundle(Time);
        packet.BeginMessage("/emotion/arousal", "f");
        packet.Write(Arousal(i));
        packet.BeginMessage("/emotion/valence", "f");
        packet.Write(Valence(i));
        packet.BeginMessage("/emotion/av", "ff");
        packet.Write(Arousal(i));
        packet.Write(Valence(i));
        packet.BeginMessage("/emotion/quadrant", "s");
        packet.Write("passive-negative");
        packet.BeginMessage("/emotion/label", "s");
        packet.Write("sad");
        packet.BeginMessage("/emotion/forecast", "ffffffff");
        for (int step = 0; step < 8; step++)
        {
            packet.Write(Forecast(i, step));
        }
        packet.BeginMessage("/emotion/level", "f");
        packet.Write(0.56f);
        return packet.Finish();
    }
}
