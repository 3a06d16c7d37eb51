namespace MusicEmotion.Tests.Outputs;

/// <summary>
/// The edits a fuzz corpus is made of, as storage and transport damage files: bits flipped, bytes set, inserted
/// or deleted, the tail cut, a slice repeated, a length or count byte gone wild. One to four per mutant.
/// </summary>
internal static class ByteMutations
{
    public static byte[] Mutate(byte[] original, Random random)
    {
        var bytes = new List<byte>(original);
        for (int edits = random.Next(1, 5); edits > 0 && bytes.Count > 0; edits--)
        {
            int at = random.Next(bytes.Count);
            switch (random.Next(7))
            {
                case 0:
                    bytes[at] ^= (byte)(1 << random.Next(8));
                    break;
                case 1:
                    bytes[at] = (byte)random.Next(256);
                    break;
                case 2:
                    bytes.Insert(at, (byte)random.Next(256));
                    break;
                case 3:
                    bytes.RemoveRange(at, Math.Min(random.Next(1, 4), bytes.Count - at));
                    break;
                case 4:
                    bytes.RemoveRange(at, bytes.Count - at);
                    break;
                case 5:
                    bytes.InsertRange(at, bytes.GetRange(at, Math.Min(random.Next(1, 16), bytes.Count - at)));
                    break;
                default:
                    // A length or count field gone wild.
                    bytes[at] = random.Next(2) == 0 ? (byte)0xff : (byte)0x7f;
                    break;
            }
        }
        return [.. bytes];
    }
}
