namespace MusicEmotion.Outputs.MessagePack;

/// <summary>The types of the MessagePack type system; every format maps to exactly one.</summary>
public enum MessagePackType
{
    /// <summary>The byte 0xc1, which the specification never uses: no value starts with it.</summary>
    Invalid,
    Nil,
    Boolean,
    Integer,
    Float,
    String,
    Binary,
    Array,
    Map,
    Extension,
}
