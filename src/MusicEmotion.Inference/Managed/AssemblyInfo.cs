using System.Runtime.CompilerServices;

// The tests check the kernels' building blocks (activations, packing) directly, not only through the engine.
[assembly: InternalsVisibleTo("MusicEmotion.Tests")]
