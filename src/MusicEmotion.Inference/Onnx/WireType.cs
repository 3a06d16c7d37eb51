namespace MusicEmotion.Inference.Onnx;

/// <summary>The protobuf wire types: how the bytes after a field's tag are laid out.</summary>
public enum WireType
{
    Varint = 0,
    Fixed64 = 1,
    LengthDelimited = 2,
    StartGroup = 3,
    EndGroup = 4,
    Fixed32 = 5,
}
