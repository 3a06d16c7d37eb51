namespace MusicEmotion.Tests.Inference.OnnxRuntime;

/// <summary>A fresh temporary folder for files a test writes, removed with everything in it on dispose.</summary>
internal sealed class ScratchFolder : IDisposable
{
    private readonly DirectoryInfo _directory = Directory.CreateTempSubdirectory("musicemotion-ort-");

    public string Path => _directory.FullName;

    public string File(string name) => System.IO.Path.Combine(_directory.FullName, name);

    public void Dispose() => _directory.Delete(recursive: true);
}
