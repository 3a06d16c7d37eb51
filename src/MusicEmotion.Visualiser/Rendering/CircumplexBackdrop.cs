using MusicEmotion.Inference;
using MusicEmotion.Visualiser.Style;
using Silk.NET.OpenGL;

namespace MusicEmotion.Visualiser.Rendering;

/// <summary>
/// The disc under everything: quadrant tints (or the valence gradient), quarter rings, axes and rim,
/// computed per pixel in backdrop.frag from one quad.
/// </summary>
public sealed class CircumplexBackdrop : IDisposable
{
    private readonly GL _gl;
    private readonly GlProgram _program;
    private readonly VertexStream<SpriteVertex> _quad;
    private readonly int _viewport;
    private readonly int _radius;
    private readonly int _colourMode;
    private readonly int _activePositive;
    private readonly int _activeNegative;
    private readonly int _passivePositive;
    private readonly int _passiveNegative;
    private readonly int _valenceNegative;
    private readonly int _valenceNeutral;
    private readonly int _valencePositive;
    private readonly int _grid;
    private readonly int _axis;
    private readonly int _rim;

    public CircumplexBackdrop(GL gl, string shaderDirectory)
    {
        _gl = gl;
        _program = GlProgram.Load(gl, shaderDirectory, "backdrop");
        _quad = new VertexStream<SpriteVertex>(gl, 6);
        _viewport = _program.Uniform("uViewport");
        _radius = _program.Uniform("uRadius");
        _colourMode = _program.Uniform("uColourMode");
        _activePositive = _program.Uniform("uActivePositive");
        _activeNegative = _program.Uniform("uActiveNegative");
        _passivePositive = _program.Uniform("uPassivePositive");
        _passiveNegative = _program.Uniform("uPassiveNegative");
        _valenceNegative = _program.Uniform("uValenceNegative");
        _valenceNeutral = _program.Uniform("uValenceNeutral");
        _valencePositive = _program.Uniform("uValencePositive");
        _grid = _program.Uniform("uGrid");
        _axis = _program.Uniform("uAxis");
        _rim = _program.Uniform("uRim");
    }

    public void Draw(in ViewLayout layout, ViewPalette palette, ColourMode mode)
    {
        ArgumentNullException.ThrowIfNull(palette);
        float extent = layout.Radius + 3;
        float cx = layout.CentreX, cy = layout.CentreY;
        _quad.Clear();
        _quad.AddQuad(
            new SpriteVertex(cx - extent, cy - extent, -extent, -extent, default, 0, 0, 0),
            new SpriteVertex(cx + extent, cy - extent, extent, -extent, default, 0, 0, 0),
            new SpriteVertex(cx + extent, cy + extent, extent, extent, default, 0, 0, 0),
            new SpriteVertex(cx - extent, cy + extent, -extent, extent, default, 0, 0, 0));
        _program.Use();
        _gl.Uniform2(_viewport, (float)layout.Width, layout.Height);
        _gl.Uniform1(_radius, layout.Radius);
        _gl.Uniform1(_colourMode, mode == ColourMode.Valence ? 1 : 0);
        Set(_activePositive, palette.QuadrantColour(Quadrant.ActivePositive));
        Set(_activeNegative, palette.QuadrantColour(Quadrant.ActiveNegative));
        Set(_passivePositive, palette.QuadrantColour(Quadrant.PassivePositive));
        Set(_passiveNegative, palette.QuadrantColour(Quadrant.PassiveNegative));
        Set(_valenceNegative, palette.ValenceColour(-1));
        Set(_valenceNeutral, palette.ValenceColour(0));
        Set(_valencePositive, palette.ValenceColour(1));
        Set(_grid, palette.Grid);
        Set(_axis, palette.Axis);
        Set(_rim, palette.Rim);
        _quad.Draw();
    }

    public void Dispose()
    {
        _quad.Dispose();
        _program.Dispose();
    }

    private void Set(int location, Rgba colour) => _gl.Uniform4(location, colour.R, colour.G, colour.B, colour.A);
}
