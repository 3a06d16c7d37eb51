using System.Runtime.InteropServices;
using System.Text;

namespace MusicEmotion.Native.Gl;

/// <summary>
/// The OpenGL 3.3 core functions the view calls, looked up once through the current context's loader
/// (<c>glfwGetProcAddress</c> or <c>eglGetProcAddress</c>) into function pointers. A context's functions
/// belong to that context: use an instance only on the thread where its context is current.
/// </summary>
public sealed unsafe class GlInterop
{
    public const uint ColorBufferBit = 0x00004000;
    public const uint Blend = 0x0BE2;
    public const uint DepthTest = 0x0B71;
    public const uint CullFace = 0x0B44;
    public const uint One = 1;
    public const uint OneMinusSrcAlpha = 0x0303;
    public const uint ArrayBuffer = 0x8892;
    public const uint DynamicDraw = 0x88E8;
    public const uint Float = 0x1406;
    public const uint UnsignedByte = 0x1401;
    public const uint Triangles = 0x0004;
    public const uint VertexShader = 0x8B31;
    public const uint FragmentShader = 0x8B30;
    public const uint CompileStatus = 0x8B81;
    public const uint LinkStatus = 0x8B82;
    public const uint InfoLogLength = 0x8B84;
    public const uint Texture2D = 0x0DE1;
    public const uint Texture0 = 0x84C0;
    public const uint R8 = 0x8229;
    public const uint Red = 0x1903;
    public const uint Rgba = 0x1908;
    public const uint Rgba8 = 0x8058;
    public const uint TextureMinFilter = 0x2801;
    public const uint TextureMagFilter = 0x2800;
    public const uint TextureWrapS = 0x2802;
    public const uint TextureWrapT = 0x2803;
    public const int Nearest = 0x2600;
    public const int ClampToEdge = 0x812F;
    public const uint UnpackAlignment = 0x0CF5;
    public const uint PackAlignment = 0x0D05;
    public const uint Framebuffer = 0x8D40;
    public const uint ReadFramebuffer = 0x8CA8;
    public const uint DrawFramebuffer = 0x8CA9;
    public const uint DrawFramebufferBinding = 0x8CA6;
    public const uint Renderbuffer = 0x8D41;
    public const uint ColorAttachment0 = 0x8CE0;
    public const uint FramebufferComplete = 0x8CD5;
    public const uint Back = 0x0405;
    public const uint Renderer = 0x1F01;
    public const uint Version = 0x1F02;
    public const uint MajorVersion = 0x821B;
    public const uint MinorVersion = 0x821C;

    private readonly delegate* unmanaged<uint, byte*> _getString;
    private readonly delegate* unmanaged<uint, int*, void> _getIntegerv;
    private readonly delegate* unmanaged<int, int, int, int, void> _viewport;
    private readonly delegate* unmanaged<float, float, float, float, void> _clearColor;
    private readonly delegate* unmanaged<uint, void> _clear;
    private readonly delegate* unmanaged<uint, void> _enable;
    private readonly delegate* unmanaged<uint, void> _disable;
    private readonly delegate* unmanaged<uint, uint, void> _blendFunc;
    private readonly delegate* unmanaged<void> _finish;
    private readonly delegate* unmanaged<uint, int, void> _pixelStorei;
    private readonly delegate* unmanaged<int, int, int, int, uint, uint, void*, void> _readPixels;
    private readonly delegate* unmanaged<uint, void> _readBuffer;
    private readonly delegate* unmanaged<int, uint*, void> _genVertexArrays;
    private readonly delegate* unmanaged<int, uint*, void> _deleteVertexArrays;
    private readonly delegate* unmanaged<uint, void> _bindVertexArray;
    private readonly delegate* unmanaged<int, uint*, void> _genBuffers;
    private readonly delegate* unmanaged<int, uint*, void> _deleteBuffers;
    private readonly delegate* unmanaged<uint, uint, void> _bindBuffer;
    private readonly delegate* unmanaged<uint, nint, void*, uint, void> _bufferData;
    private readonly delegate* unmanaged<uint, nint, nint, void*, void> _bufferSubData;
    private readonly delegate* unmanaged<uint, int, uint, byte, int, void*, void> _vertexAttribPointer;
    private readonly delegate* unmanaged<uint, void> _enableVertexAttribArray;
    private readonly delegate* unmanaged<uint, uint> _createShader;
    private readonly delegate* unmanaged<uint, int, byte**, int*, void> _shaderSource;
    private readonly delegate* unmanaged<uint, void> _compileShader;
    private readonly delegate* unmanaged<uint, uint, int*, void> _getShaderiv;
    private readonly delegate* unmanaged<uint, int, int*, byte*, void> _getShaderInfoLog;
    private readonly delegate* unmanaged<uint, void> _deleteShader;
    private readonly delegate* unmanaged<uint> _createProgram;
    private readonly delegate* unmanaged<uint, uint, void> _attachShader;
    private readonly delegate* unmanaged<uint, uint, void> _detachShader;
    private readonly delegate* unmanaged<uint, void> _linkProgram;
    private readonly delegate* unmanaged<uint, uint, int*, void> _getProgramiv;
    private readonly delegate* unmanaged<uint, int, int*, byte*, void> _getProgramInfoLog;
    private readonly delegate* unmanaged<uint, void> _deleteProgram;
    private readonly delegate* unmanaged<uint, void> _useProgram;
    private readonly delegate* unmanaged<uint, byte*, int> _getUniformLocation;
    private readonly delegate* unmanaged<int, int, void> _uniform1i;
    private readonly delegate* unmanaged<int, float, void> _uniform1f;
    private readonly delegate* unmanaged<int, float, float, void> _uniform2f;
    private readonly delegate* unmanaged<int, float, float, float, float, void> _uniform4f;
    private readonly delegate* unmanaged<uint, int, int, void> _drawArrays;
    private readonly delegate* unmanaged<int, uint*, void> _genTextures;
    private readonly delegate* unmanaged<int, uint*, void> _deleteTextures;
    private readonly delegate* unmanaged<uint, uint, void> _bindTexture;
    private readonly delegate* unmanaged<uint, void> _activeTexture;
    private readonly delegate* unmanaged<uint, int, int, int, int, int, uint, uint, void*, void> _texImage2D;
    private readonly delegate* unmanaged<uint, uint, int, void> _texParameteri;
    private readonly delegate* unmanaged<int, uint*, void> _genFramebuffers;
    private readonly delegate* unmanaged<int, uint*, void> _deleteFramebuffers;
    private readonly delegate* unmanaged<uint, uint, void> _bindFramebuffer;
    private readonly delegate* unmanaged<uint, uint> _checkFramebufferStatus;
    private readonly delegate* unmanaged<uint, uint, uint, uint, void> _framebufferRenderbuffer;
    private readonly delegate* unmanaged<int, uint*, void> _genRenderbuffers;
    private readonly delegate* unmanaged<int, uint*, void> _deleteRenderbuffers;
    private readonly delegate* unmanaged<uint, uint, void> _bindRenderbuffer;
    private readonly delegate* unmanaged<uint, uint, int, int, void> _renderbufferStorage;
    private readonly delegate* unmanaged<int, int, int, int, int, int, int, int, uint, uint, void> _blitFramebuffer;

    /// <param name="getProcAddress">The context's loader; returns zero for a function it does not have.</param>
    public GlInterop(Func<string, IntPtr> getProcAddress)
    {
        ArgumentNullException.ThrowIfNull(getProcAddress);
        var missing = new List<string>();
        IntPtr Load(string name)
        {
            IntPtr address = getProcAddress(name);
            if (address == IntPtr.Zero)
            {
                missing.Add(name);
            }
            return address;
        }

        _getString = (delegate* unmanaged<uint, byte*>)Load("glGetString");
        _getIntegerv = (delegate* unmanaged<uint, int*, void>)Load("glGetIntegerv");
        _viewport = (delegate* unmanaged<int, int, int, int, void>)Load("glViewport");
        _clearColor = (delegate* unmanaged<float, float, float, float, void>)Load("glClearColor");
        _clear = (delegate* unmanaged<uint, void>)Load("glClear");
        _enable = (delegate* unmanaged<uint, void>)Load("glEnable");
        _disable = (delegate* unmanaged<uint, void>)Load("glDisable");
        _blendFunc = (delegate* unmanaged<uint, uint, void>)Load("glBlendFunc");
        _finish = (delegate* unmanaged<void>)Load("glFinish");
        _pixelStorei = (delegate* unmanaged<uint, int, void>)Load("glPixelStorei");
        _readPixels = (delegate* unmanaged<int, int, int, int, uint, uint, void*, void>)Load("glReadPixels");
        _readBuffer = (delegate* unmanaged<uint, void>)Load("glReadBuffer");
        _genVertexArrays = (delegate* unmanaged<int, uint*, void>)Load("glGenVertexArrays");
        _deleteVertexArrays = (delegate* unmanaged<int, uint*, void>)Load("glDeleteVertexArrays");
        _bindVertexArray = (delegate* unmanaged<uint, void>)Load("glBindVertexArray");
        _genBuffers = (delegate* unmanaged<int, uint*, void>)Load("glGenBuffers");
        _deleteBuffers = (delegate* unmanaged<int, uint*, void>)Load("glDeleteBuffers");
        _bindBuffer = (delegate* unmanaged<uint, uint, void>)Load("glBindBuffer");
        _bufferData = (delegate* unmanaged<uint, nint, void*, uint, void>)Load("glBufferData");
        _bufferSubData = (delegate* unmanaged<uint, nint, nint, void*, void>)Load("glBufferSubData");
        _vertexAttribPointer = (delegate* unmanaged<uint, int, uint, byte, int, void*, void>)Load("glVertexAttribPointer");
        _enableVertexAttribArray = (delegate* unmanaged<uint, void>)Load("glEnableVertexAttribArray");
        _createShader = (delegate* unmanaged<uint, uint>)Load("glCreateShader");
        _shaderSource = (delegate* unmanaged<uint, int, byte**, int*, void>)Load("glShaderSource");
        _compileShader = (delegate* unmanaged<uint, void>)Load("glCompileShader");
        _getShaderiv = (delegate* unmanaged<uint, uint, int*, void>)Load("glGetShaderiv");
        _getShaderInfoLog = (delegate* unmanaged<uint, int, int*, byte*, void>)Load("glGetShaderInfoLog");
        _deleteShader = (delegate* unmanaged<uint, void>)Load("glDeleteShader");
        _createProgram = (delegate* unmanaged<uint>)Load("glCreateProgram");
        _attachShader = (delegate* unmanaged<uint, uint, void>)Load("glAttachShader");
        _detachShader = (delegate* unmanaged<uint, uint, void>)Load("glDetachShader");
        _linkProgram = (delegate* unmanaged<uint, void>)Load("glLinkProgram");
        _getProgramiv = (delegate* unmanaged<uint, uint, int*, void>)Load("glGetProgramiv");
        _getProgramInfoLog = (delegate* unmanaged<uint, int, int*, byte*, void>)Load("glGetProgramInfoLog");
        _deleteProgram = (delegate* unmanaged<uint, void>)Load("glDeleteProgram");
        _useProgram = (delegate* unmanaged<uint, void>)Load("glUseProgram");
        _getUniformLocation = (delegate* unmanaged<uint, byte*, int>)Load("glGetUniformLocation");
        _uniform1i = (delegate* unmanaged<int, int, void>)Load("glUniform1i");
        _uniform1f = (delegate* unmanaged<int, float, void>)Load("glUniform1f");
        _uniform2f = (delegate* unmanaged<int, float, float, void>)Load("glUniform2f");
        _uniform4f = (delegate* unmanaged<int, float, float, float, float, void>)Load("glUniform4f");
        _drawArrays = (delegate* unmanaged<uint, int, int, void>)Load("glDrawArrays");
        _genTextures = (delegate* unmanaged<int, uint*, void>)Load("glGenTextures");
        _deleteTextures = (delegate* unmanaged<int, uint*, void>)Load("glDeleteTextures");
        _bindTexture = (delegate* unmanaged<uint, uint, void>)Load("glBindTexture");
        _activeTexture = (delegate* unmanaged<uint, void>)Load("glActiveTexture");
        _texImage2D = (delegate* unmanaged<uint, int, int, int, int, int, uint, uint, void*, void>)Load("glTexImage2D");
        _texParameteri = (delegate* unmanaged<uint, uint, int, void>)Load("glTexParameteri");
        _genFramebuffers = (delegate* unmanaged<int, uint*, void>)Load("glGenFramebuffers");
        _deleteFramebuffers = (delegate* unmanaged<int, uint*, void>)Load("glDeleteFramebuffers");
        _bindFramebuffer = (delegate* unmanaged<uint, uint, void>)Load("glBindFramebuffer");
        _checkFramebufferStatus = (delegate* unmanaged<uint, uint>)Load("glCheckFramebufferStatus");
        _framebufferRenderbuffer = (delegate* unmanaged<uint, uint, uint, uint, void>)Load("glFramebufferRenderbuffer");
        _genRenderbuffers = (delegate* unmanaged<int, uint*, void>)Load("glGenRenderbuffers");
        _deleteRenderbuffers = (delegate* unmanaged<int, uint*, void>)Load("glDeleteRenderbuffers");
        _bindRenderbuffer = (delegate* unmanaged<uint, uint, void>)Load("glBindRenderbuffer");
        _renderbufferStorage = (delegate* unmanaged<uint, uint, int, int, void>)Load("glRenderbufferStorage");
        _blitFramebuffer = (delegate* unmanaged<int, int, int, int, int, int, int, int, uint, uint, void>)Load("glBlitFramebuffer");

        if (missing.Count > 0)
        {
            throw new EntryPointNotFoundException(
                $"the OpenGL context lacks {string.Join(", ", missing)}: it is not an OpenGL 3.3 core context");
        }
    }

    public string GetString(uint name) => Marshal.PtrToStringUTF8((IntPtr)_getString(name)) ?? "";

    public int GetInteger(uint name)
    {
        int value = 0;
        _getIntegerv(name, &value);
        return value;
    }

    public void Viewport(int x, int y, int width, int height) => _viewport(x, y, width, height);

    public void ClearColor(float r, float g, float b, float a) => _clearColor(r, g, b, a);

    public void Clear(uint mask) => _clear(mask);

    public void Enable(uint capability) => _enable(capability);

    public void Disable(uint capability) => _disable(capability);

    public void BlendFunc(uint source, uint destination) => _blendFunc(source, destination);

    public void Finish() => _finish();

    public void PixelStore(uint name, int value) => _pixelStorei(name, value);

    /// <summary>Reads RGBA8 pixels, bottom row first, as GL stores them.</summary>
    public void ReadPixels(int x, int y, int width, int height, Span<byte> rgba)
    {
        if (rgba.Length < checked(width * height * 4))
        {
            throw new ArgumentException($"{width}x{height} RGBA needs {width * height * 4} bytes, got {rgba.Length}", nameof(rgba));
        }
        fixed (byte* p = rgba)
        {
            _readPixels(x, y, width, height, Rgba, UnsignedByte, p);
        }
    }

    public void ReadBuffer(uint mode) => _readBuffer(mode);

    public uint GenVertexArray() => Generate(_genVertexArrays);

    public void DeleteVertexArray(uint name) => Delete(_deleteVertexArrays, name);

    public void BindVertexArray(uint name) => _bindVertexArray(name);

    public uint GenBuffer() => Generate(_genBuffers);

    public void DeleteBuffer(uint name) => Delete(_deleteBuffers, name);

    public void BindBuffer(uint target, uint name) => _bindBuffer(target, name);

    /// <summary>Allocates <paramref name="bytes"/> of storage, contents undefined.</summary>
    public void BufferStorage(uint target, nint bytes, uint usage) => _bufferData(target, bytes, null, usage);

    /// <summary>Overwrites part of a buffer in place.</summary>
    public void BufferSubData<T>(uint target, nint offsetBytes, ReadOnlySpan<T> data)
        where T : unmanaged
    {
        fixed (T* p = data)
        {
            _bufferSubData(target, offsetBytes, data.Length * sizeof(T), p);
        }
    }

    public void VertexAttribPointer(uint index, int components, uint type, bool normalized, int strideBytes, int offsetBytes) =>
        _vertexAttribPointer(index, components, type, normalized ? (byte)1 : (byte)0, strideBytes, (void*)offsetBytes);

    public void EnableVertexAttribArray(uint index) => _enableVertexAttribArray(index);

    public uint CreateShader(uint type) => _createShader(type);

    public void ShaderSource(uint shader, string source)
    {
        byte[] utf8 = Encoding.UTF8.GetBytes(source);
        fixed (byte* p = utf8)
        {
            byte* text = p;
            int length = utf8.Length;
            _shaderSource(shader, 1, &text, &length);
        }
    }

    public void CompileShader(uint shader) => _compileShader(shader);

    public int GetShader(uint shader, uint parameter)
    {
        int value = 0;
        _getShaderiv(shader, parameter, &value);
        return value;
    }

    public string GetShaderInfoLog(uint shader) =>
        ReadInfoLog(GetShader(shader, InfoLogLength), (int capacity, int* length, byte* log) => _getShaderInfoLog(shader, capacity, length, log));

    public void DeleteShader(uint shader) => _deleteShader(shader);

    public uint CreateProgram() => _createProgram();

    public void AttachShader(uint program, uint shader) => _attachShader(program, shader);

    public void DetachShader(uint program, uint shader) => _detachShader(program, shader);

    public void LinkProgram(uint program) => _linkProgram(program);

    public int GetProgram(uint program, uint parameter)
    {
        int value = 0;
        _getProgramiv(program, parameter, &value);
        return value;
    }

    public string GetProgramInfoLog(uint program) =>
        ReadInfoLog(GetProgram(program, InfoLogLength), (int capacity, int* length, byte* log) => _getProgramInfoLog(program, capacity, length, log));

    public void DeleteProgram(uint program) => _deleteProgram(program);

    public void UseProgram(uint program) => _useProgram(program);

    /// <summary>-1 when the program has no active uniform of that name.</summary>
    public int GetUniformLocation(uint program, string name)
    {
        byte[] utf8 = Encoding.UTF8.GetBytes(name + "\0");
        fixed (byte* p = utf8)
        {
            return _getUniformLocation(program, p);
        }
    }

    public void Uniform1(int location, int value) => _uniform1i(location, value);

    public void Uniform1(int location, float value) => _uniform1f(location, value);

    public void Uniform2(int location, float x, float y) => _uniform2f(location, x, y);

    public void Uniform4(int location, float x, float y, float z, float w) => _uniform4f(location, x, y, z, w);

    public void DrawArrays(uint mode, int first, int count) => _drawArrays(mode, first, count);

    public uint GenTexture() => Generate(_genTextures);

    public void DeleteTexture(uint name) => Delete(_deleteTextures, name);

    public void BindTexture(uint target, uint name) => _bindTexture(target, name);

    public void ActiveTexture(uint unit) => _activeTexture(unit);

    public void TexImage2D(uint target, int level, uint internalFormat, int width, int height, uint format, uint type, ReadOnlySpan<byte> pixels)
    {
        fixed (byte* p = pixels)
        {
            _texImage2D(target, level, (int)internalFormat, width, height, 0, format, type, p);
        }
    }

    public void TexParameter(uint target, uint name, int value) => _texParameteri(target, name, value);

    public uint GenFramebuffer() => Generate(_genFramebuffers);

    public void DeleteFramebuffer(uint name) => Delete(_deleteFramebuffers, name);

    public void BindFramebuffer(uint target, uint name) => _bindFramebuffer(target, name);

    public uint CheckFramebufferStatus(uint target) => _checkFramebufferStatus(target);

    public void FramebufferRenderbuffer(uint target, uint attachment, uint renderbufferTarget, uint renderbuffer) =>
        _framebufferRenderbuffer(target, attachment, renderbufferTarget, renderbuffer);

    public uint GenRenderbuffer() => Generate(_genRenderbuffers);

    public void DeleteRenderbuffer(uint name) => Delete(_deleteRenderbuffers, name);

    public void BindRenderbuffer(uint target, uint name) => _bindRenderbuffer(target, name);

    public void RenderbufferStorage(uint target, uint internalFormat, int width, int height) =>
        _renderbufferStorage(target, internalFormat, width, height);

    /// <summary>One new object name from a glGen* function.</summary>
    private static uint Generate(delegate* unmanaged<int, uint*, void> generate)
    {
        uint name = 0;
        generate(1, &name);
        return name;
    }

    private static void Delete(delegate* unmanaged<int, uint*, void> delete, uint name) => delete(1, &name);

    /// <summary>Copies a rectangle from the read framebuffer to the draw framebuffer (colour, same size: a plain copy).</summary>
    public void BlitFramebuffer(int width, int height) =>
        _blitFramebuffer(0, 0, width, height, 0, 0, width, height, ColorBufferBit, (uint)Nearest);

    private delegate void InfoLogReader(int capacity, int* length, byte* log);

    private static string ReadInfoLog(int capacity, InfoLogReader read)
    {
        if (capacity <= 1)
        {
            return "";
        }
        byte[] log = new byte[capacity];
        int length = 0;
        fixed (byte* p = log)
        {
            read(capacity, &length, p);
        }
        return Encoding.UTF8.GetString(log, 0, Math.Clamp(length, 0, capacity)).Trim();
    }
}
