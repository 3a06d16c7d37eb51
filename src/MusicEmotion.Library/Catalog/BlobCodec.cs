using System.Buffers.Binary;
using MusicEmotion.Audio;
using MusicEmotion.Inference;

namespace MusicEmotion.Library.Catalog;

/// <summary>
/// The binary columns of the catalog: little-endian float32 runs, the same bytes in SQLite and PostgreSQL. Reading
/// checks length and finiteness, so a damaged row is reported by name instead of turning into NaN in a search.
/// </summary>
public static class BlobCodec
{
    private const int TrajectoryPointBytes = 20;

    public static byte[] EncodePoints(IReadOnlyList<AffectPoint> points)
    {
        ArgumentNullException.ThrowIfNull(points);
        var bytes = new byte[points.Count * 8];
        for (int i = 0; i < points.Count; i++)
        {
            BinaryPrimitives.WriteSingleLittleEndian(bytes.AsSpan(i * 8), points[i].Arousal);
            BinaryPrimitives.WriteSingleLittleEndian(bytes.AsSpan(i * 8 + 4), points[i].Valence);
        }
        return bytes;
    }

    /// <summary>The points in <paramref name="bytes"/>; <paramref name="what"/> names the column and row in the error.</summary>
    public static AffectPoint[] DecodePoints(byte[] bytes, string what, int? expectedCount = null)
    {
        ArgumentNullException.ThrowIfNull(bytes);
        if (bytes.Length % 8 != 0 || bytes.Length == 0 || (expectedCount is { } count && bytes.Length != count * 8))
        {
            string expected = expectedCount is { } n ? $"{n * 8}" : "a non-zero multiple of 8";
            throw new InvalidDataException($"{what} is corrupt: {bytes.Length} bytes, expected {expected} (arousal, valence float pairs)");
        }
        var points = new AffectPoint[bytes.Length / 8];
        for (int i = 0; i < points.Length; i++)
        {
            points[i] = new AffectPoint(
                Finite(BinaryPrimitives.ReadSingleLittleEndian(bytes.AsSpan(i * 8)), what),
                Finite(BinaryPrimitives.ReadSingleLittleEndian(bytes.AsSpan(i * 8 + 4)), what));
        }
        return points;
    }

    public static byte[] EncodeTrajectory(IReadOnlyList<TrajectoryPoint> trajectory)
    {
        ArgumentNullException.ThrowIfNull(trajectory);
        var bytes = new byte[trajectory.Count * TrajectoryPointBytes];
        for (int i = 0; i < trajectory.Count; i++)
        {
            Span<byte> at = bytes.AsSpan(i * TrajectoryPointBytes);
            BinaryPrimitives.WriteSingleLittleEndian(at, trajectory[i].Time);
            BinaryPrimitives.WriteSingleLittleEndian(at[4..], trajectory[i].Arousal);
            BinaryPrimitives.WriteSingleLittleEndian(at[8..], trajectory[i].Valence);
            BinaryPrimitives.WriteSingleLittleEndian(at[12..], trajectory[i].Level);
            BinaryPrimitives.WriteInt32LittleEndian(at[16..], (int)trajectory[i].Flags);
        }
        return bytes;
    }

    /// <summary>The trajectory in <paramref name="bytes"/> (arousal and valence may be NaN: frames without a reading).</summary>
    public static TrajectoryPoint[] DecodeTrajectory(byte[] bytes, string what)
    {
        ArgumentNullException.ThrowIfNull(bytes);
        if (bytes.Length % TrajectoryPointBytes != 0)
        {
            throw new InvalidDataException(
                $"{what} is corrupt: {bytes.Length} bytes, expected a multiple of {TrajectoryPointBytes} (time, arousal, valence, level, flags)");
        }
        var points = new TrajectoryPoint[bytes.Length / TrajectoryPointBytes];
        for (int i = 0; i < points.Length; i++)
        {
            ReadOnlySpan<byte> at = bytes.AsSpan(i * TrajectoryPointBytes);
            points[i] = new TrajectoryPoint(
                Finite(BinaryPrimitives.ReadSingleLittleEndian(at), what),
                BinaryPrimitives.ReadSingleLittleEndian(at[4..]),
                BinaryPrimitives.ReadSingleLittleEndian(at[8..]),
                Finite(BinaryPrimitives.ReadSingleLittleEndian(at[12..]), what),
                (FrameFlags)BinaryPrimitives.ReadInt32LittleEndian(at[16..]));
        }
        return points;
    }

    /// <summary>Opening then ending: point, slope (each two floats) and level.</summary>
    public static byte[] EncodeEnds(TrackEnds ends)
    {
        ArgumentNullException.ThrowIfNull(ends);
        return EncodePoints(
        [
            ends.Opening.Point, ends.Opening.Slope, new AffectPoint(ends.Opening.LevelDb, 0),
            ends.Ending.Point, ends.Ending.Slope, new AffectPoint(ends.Ending.LevelDb, 0),
        ]);
    }

    public static TrackEnds DecodeEnds(byte[] bytes, string what)
    {
        AffectPoint[] p = DecodePoints(bytes, what, expectedCount: 6);
        return new TrackEnds(new EndShape(p[0], p[1], p[2].Arousal), new EndShape(p[3], p[4], p[5].Arousal));
    }

    private static float Finite(float value, string what) =>
        float.IsFinite(value) ? value : throw new InvalidDataException($"{what} is corrupt: it holds {value}, expected finite numbers");
}
