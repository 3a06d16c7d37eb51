using System.Diagnostics;
using System.Globalization;
using MusicEmotion.Tests.Support;

namespace MusicEmotion.Tests.Inference.OnnxRuntime;

/// <summary>
/// Small, valid ONNX models that break the model contract, written by the real onnx package (Debian's
/// /usr/bin/python3 with python3-onnx), so the tests feed ORT files an independent writer produced.
/// </summary>
internal static class PythonOnnxModelWriter
{
    private const string Python = "/usr/bin/python3";

    // An Identity graph from one float input to output 'av' of the same shape, opset 14, IR 7 (as the
    // reference models): it loads in ORT, so only the engine's own contract check can reject it.
    private const string IdentityScript = """
        import sys, onnx
        from onnx import helper, TensorProto
        path, name, dims = sys.argv[1], sys.argv[2], [int(d) for d in sys.argv[3:]]
        graph = helper.make_graph(
            [helper.make_node('Identity', [name], ['av'])], 'contract_breaker',
            [helper.make_tensor_value_info(name, TensorProto.FLOAT, dims)],
            [helper.make_tensor_value_info('av', TensorProto.FLOAT, dims)])
        model = helper.make_model(graph, opset_imports=[helper.make_opsetid('', 14)])
        model.ir_version = 7
        onnx.checker.check_model(model)
        onnx.save(model, path)
        """;

    // A forecaster of the project's own shape, history [1,T,2] -> next [1,S,2], whose forecast is simply the last S
    // readings (a Slice): what it must return is known exactly.
    private const string LastReadingsScript = """
        import sys, onnx
        from onnx import helper, TensorProto
        path, length, steps = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
        constant = lambda name, value: helper.make_tensor(name, TensorProto.INT64, [1], [value])
        graph = helper.make_graph(
            [helper.make_node('Slice', ['history', 'starts', 'ends', 'axes'], ['next'])], 'last_readings',
            [helper.make_tensor_value_info('history', TensorProto.FLOAT, [1, length, 2])],
            [helper.make_tensor_value_info('next', TensorProto.FLOAT, [1, steps, 2])],
            [constant('starts', length - steps), constant('ends', length), constant('axes', 1)])
        model = helper.make_model(graph, opset_imports=[helper.make_opsetid('', 14)])
        model.ir_version = 7
        onnx.checker.check_model(model)
        onnx.save(model, path)
        """;

    private static readonly Lazy<bool> Available = new(() => Run("-c", "import onnx").ExitCode == 0);

    /// <summary>Writes a model whose only input is <paramref name="input"/> with <paramref name="shape"/>.</summary>
    public static void WriteIdentity(string path, string input, long[] shape) =>
        Write(path, IdentityScript, [input, .. shape.Select(d => d.ToString(CultureInfo.InvariantCulture))]);

    /// <summary>Writes a forecaster whose <paramref name="steps"/> predicted points are the last readings it was given.</summary>
    public static void WriteLastReadings(string path, int historyLength, int steps) =>
        Write(path, LastReadingsScript, historyLength.ToString(CultureInfo.InvariantCulture), steps.ToString(CultureInfo.InvariantCulture));

    private static void Write(string path, string script, params string[] arguments)
    {
        Requires.That(Available.Value, $"Python 3 with the onnx package ({Python}, Debian python3-onnx)");
        var (exitCode, errors) = Run(["-c", script, path, .. arguments]);
        Assert.True(exitCode == 0, $"writing {path} failed: {errors}");
    }

    private static (int ExitCode, string Errors) Run(params string[] arguments)
    {
        if (!File.Exists(Python))
        {
            return (-1, $"{Python} not found");
        }
        var start = new ProcessStartInfo(Python) { RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (string argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }
        using var process = Process.Start(start)!;
        string errors = process.StandardError.ReadToEnd();
        process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        return (process.ExitCode, errors);
    }
}
