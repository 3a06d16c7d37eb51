using Silk.NET.OpenGL;

namespace MusicEmotion.Visualiser.Rendering;

/// <summary>
/// A linked GLSL program built from <c>NAME.vert</c> and <c>NAME.frag</c> in the shader folder. A missing,
/// unreadable, failing or unlinkable source throws <see cref="ShaderException"/> naming the file and
/// carrying the driver's info log.
/// </summary>
public sealed class GlProgram : GlObject
{
    private GlProgram(GL gl, uint name, string programName)
        : base(gl, name, "program") => ProgramName = programName;

    public string ProgramName { get; }

    public static GlProgram Load(GL gl, string shaderDirectory, string name)
    {
        ArgumentNullException.ThrowIfNull(gl);
        string vertexPath = Path.Combine(shaderDirectory, name + ".vert");
        string fragmentPath = Path.Combine(shaderDirectory, name + ".frag");
        uint vertex = Compile(gl, ShaderType.VertexShader, vertexPath);
        uint fragment;
        try
        {
            fragment = Compile(gl, ShaderType.FragmentShader, fragmentPath);
        }
        catch
        {
            gl.DeleteShader(vertex);
            throw;
        }
        uint program = gl.CreateProgram();
        gl.AttachShader(program, vertex);
        gl.AttachShader(program, fragment);
        gl.LinkProgram(program);
        bool linked = gl.GetProgram(program, ProgramPropertyARB.LinkStatus) != 0;
        string log = linked ? "" : gl.GetProgramInfoLog(program).Trim();
        gl.DetachShader(program, vertex);
        gl.DetachShader(program, fragment);
        gl.DeleteShader(vertex);
        gl.DeleteShader(fragment);
        if (!linked)
        {
            gl.DeleteProgram(program);
            throw new ShaderException($"{vertexPath} + {fragmentPath}", "link", log);
        }
        return new GlProgram(gl, program, name);
    }

    public void Use() => Gl.UseProgram(Name);

    /// <summary>The location of a uniform the program must have; throws if the shader lacks it.</summary>
    public int Uniform(string name)
    {
        int location = Gl.GetUniformLocation(Name, name);
        if (location < 0)
        {
            throw new ShaderException(ProgramName, "look up", $"no active uniform '{name}'");
        }
        return location;
    }

    protected override void Delete() => Gl.DeleteProgram(Name);

    private static uint Compile(GL gl, ShaderType type, string path)
    {
        string source;
        try
        {
            source = File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ShaderException(path, "read", e.Message, e);
        }
        uint shader = gl.CreateShader(type);
        gl.ShaderSource(shader, source);
        gl.CompileShader(shader);
        if (gl.GetShader(shader, ShaderParameterName.CompileStatus) == 0)
        {
            string log = gl.GetShaderInfoLog(shader).Trim();
            gl.DeleteShader(shader);
            throw new ShaderException(path, "compile", log);
        }
        return shader;
    }
}

/// <summary>A GLSL source could not be read, compiled or linked; the message names the file and quotes the driver.</summary>
public sealed class ShaderException : Exception
{
    public ShaderException(string file, string stage, string log, Exception? inner = null)
        : base($"shader {file}: failed to {stage}: {(log.Length == 0 ? "the driver gave no log" : log)}", inner)
    {
        File = file;
        InfoLog = log;
    }

    public ShaderException()
    {
        File = "";
        InfoLog = "";
    }

    public ShaderException(string message)
        : base(message)
    {
        File = "";
        InfoLog = "";
    }

    public ShaderException(string message, Exception inner)
        : base(message, inner)
    {
        File = "";
        InfoLog = "";
    }

    /// <summary>The shader file (or files, for a link failure).</summary>
    public string File { get; }

    /// <summary>The driver's compile or link log.</summary>
    public string InfoLog { get; }
}
