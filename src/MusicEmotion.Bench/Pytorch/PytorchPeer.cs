using System.Diagnostics;
using System.Text.Json;

namespace MusicEmotion.Bench.Pytorch;

/// <summary>
/// tools/bench/pytorch_bench.py running beside the bench as a child process: it loads the model once, then times
/// K frames each time it is asked (<c>run K</c>), answering one JSON line of per-frame microseconds.
/// </summary>
internal sealed class PytorchPeer : IDisposable
{
    public const string Python = "/usr/bin/python3";
    public const string ScriptPath = "tools/bench/pytorch_bench.py";
    private const string Install = "apt-get install python3-torch python3-numpy python3-scipy python3-onnx";

    private readonly Process _process;

    private PytorchPeer(Process process, string torch)
    {
        _process = process;
        Torch = torch;
    }

    /// <summary>The peer's PyTorch version and thread count, from its ready line.</summary>
    public string Torch { get; }

    /// <summary>
    /// Starts the script on <paramref name="framesNpy"/> with the same model and forecaster, and waits until it has
    /// loaded them. A missing interpreter, module or script is a one-line <see cref="PytorchUnavailableException"/>.
    /// </summary>
    public static PytorchPeer Start(string framesNpy, string modelPath, string forecaster)
    {
        if (!File.Exists(Python))
        {
            throw new PytorchUnavailableException($"--against-pytorch needs {Python} with PyTorch; it is missing: {Install}");
        }
        string script = FindScript();
        var start = new ProcessStartInfo(Python)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (string argument in new[] { script, "--frames", framesNpy, "--model", modelPath, "--forecaster", forecaster, "--serve" })
        {
            start.ArgumentList.Add(argument);
        }
        // One thread for the interpreter's numeric libraries too, so neither side gets more than one core.
        start.Environment["OMP_NUM_THREADS"] = "1";
        start.Environment["MKL_NUM_THREADS"] = "1";
        start.Environment["OPENBLAS_NUM_THREADS"] = "1";
        var process = Process.Start(start) ?? throw new PytorchUnavailableException($"could not start {Python} {script}");
        // Python reports a crash as a traceback on stderr; its last line says what went wrong.
        string lastError = "";
        process.ErrorDataReceived += (_, line) =>
        {
            if (!string.IsNullOrWhiteSpace(line.Data))
            {
                lastError = line.Data.Trim();
            }
        };
        process.BeginErrorReadLine();
        string? ready = process.StandardOutput.ReadLine();
        if (ready is null || !ready.StartsWith("ready ", StringComparison.Ordinal))
        {
            process.WaitForExit(5000);
            process.Dispose();
            string why = ready is null
                ? $"it exited before loading the model{(lastError.Length > 0 ? ": " + lastError : "")}"
                : ready.StartsWith("error ", StringComparison.Ordinal) ? ready[6..] : ready;
            throw new PytorchUnavailableException($"{script}: {why}");
        }
        using JsonDocument info = JsonDocument.Parse(ready[6..]);
        string torch = $"torch {info.RootElement.GetProperty("torch").GetString()}, {info.RootElement.GetProperty("threads").GetInt32()} thread(s)";
        return new PytorchPeer(process, torch);
    }

    /// <summary>Times the next <paramref name="frames"/> frames in Python.</summary>
    public PythonBlock Run(int frames)
    {
        _process.StandardInput.WriteLine($"run {frames}");
        _process.StandardInput.Flush();
        string line = _process.StandardOutput.ReadLine() ?? throw new PytorchUnavailableException($"{ScriptPath} stopped while timing frames");
        if (line.StartsWith("error ", StringComparison.Ordinal))
        {
            throw new PytorchUnavailableException($"{ScriptPath}: {line[6..]}");
        }
        using JsonDocument answer = JsonDocument.Parse(line);
        double[] Column(string name) => answer.RootElement.GetProperty(name).EnumerateArray().Select(v => v.GetDouble()).ToArray();
        return new PythonBlock(Column("features_us"), Column("inference_us"), Column("forecast_us"), Column("total_us"));
    }

    public void Dispose()
    {
        try
        {
            _process.StandardInput.WriteLine("quit");
            _process.StandardInput.Close();
            if (!_process.WaitForExit(5000))
            {
                _process.Kill();
            }
        }
        catch (IOException)
        {
            // It already exited; nothing to stop.
        }
        _process.Dispose();
    }

    /// <summary>The script in the checkout the command was built from (or run in): it uses the project's Python tools beside it.</summary>
    private static string FindScript()
    {
        foreach (string origin in new[] { AppContext.BaseDirectory, Environment.CurrentDirectory })
        {
            for (var dir = new DirectoryInfo(origin); dir is not null; dir = dir.Parent)
            {
                string candidate = Path.Combine(dir.FullName, ScriptPath);
                if (File.Exists(candidate))
                {
                    return candidate;
                }
            }
        }
        throw new PytorchUnavailableException(
            $"--against-pytorch needs {ScriptPath} from a MusicEmotion checkout; none above {AppContext.BaseDirectory} or {Environment.CurrentDirectory}");
    }
}

/// <summary>One block of frames timed in Python, per frame in microseconds.</summary>
internal sealed record PythonBlock(double[] FeaturesUs, double[] InferenceUs, double[] ForecastUs, double[] TotalUs);

/// <summary>The PyTorch side cannot run: no interpreter, no torch, no script, or it failed. The message says what to install.</summary>
public sealed class PytorchUnavailableException : Exception
{
    public PytorchUnavailableException(string message) : base(message)
    {
    }

    public PytorchUnavailableException()
    {
    }

    public PytorchUnavailableException(string message, Exception inner) : base(message, inner)
    {
    }
}
