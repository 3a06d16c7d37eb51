using Silk.NET.OpenGL;

namespace MusicEmotion.Visualiser.Rendering;

/// <summary>
/// Vertices built on the CPU each frame and drawn as triangles: a managed array that grows only when a frame
/// needs more than any before, and a GPU buffer overwritten in place. After the first frames it allocates
/// nothing.
/// </summary>
public sealed class VertexStream<TVertex> : IDisposable
    where TVertex : unmanaged, IVertexLayout
{
    private readonly GL _gl;
    private readonly GlBuffer _buffer;
    private readonly GlVertexArray _vertexArray;
    private TVertex[] _vertices;

    public VertexStream(GL gl, int initialCapacity)
    {
        _gl = gl;
        _vertices = new TVertex[Math.Max(initialCapacity, 6)];
        _buffer = new GlBuffer(gl);
        _vertexArray = new GlVertexArray(gl);
        _vertexArray.Bind();
        _buffer.Write<TVertex>(_vertices);
        TVertex.DescribeAttributes(gl);
        gl.BindVertexArray(0);
    }

    public int Count { get; private set; }

    /// <summary>The vertices added so far this frame.</summary>
    public ReadOnlySpan<TVertex> Vertices => _vertices.AsSpan(0, Count);

    public void Clear() => Count = 0;

    public void Add(in TVertex vertex)
    {
        if (Count == _vertices.Length)
        {
            Array.Resize(ref _vertices, _vertices.Length * 2);
        }
        _vertices[Count++] = vertex;
    }

    /// <summary>Two triangles over the corners a, b, c, d given in order around the quad.</summary>
    public void AddQuad(in TVertex a, in TVertex b, in TVertex c, in TVertex d)
    {
        Add(a);
        Add(b);
        Add(c);
        Add(a);
        Add(c);
        Add(d);
    }

    /// <summary>Uploads this frame's vertices and draws them with the program in use.</summary>
    public void Draw()
    {
        if (Count == 0)
        {
            return;
        }
        _vertexArray.Bind();
        _buffer.Write<TVertex>(Vertices);
        _gl.DrawArrays(PrimitiveType.Triangles, 0, (uint)Count);
        _gl.BindVertexArray(0);
    }

    public void Dispose()
    {
        _vertexArray.Dispose();
        _buffer.Dispose();
    }
}
