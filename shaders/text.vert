#version 330 core
// Glyph quads in window pixels, textured from the FreeType atlas.
layout(location = 0) in vec4 aPositionTexel; // xy: position in pixels; zw: position in the atlas, in texels
layout(location = 1) in vec4 aColour;

uniform vec2 uViewport;
uniform vec2 uAtlasSize;

out vec2 vTexCoord;
out vec4 vColour;

void main()
{
    vec2 p = aPositionTexel.xy;
    gl_Position = vec4(p.x / uViewport.x * 2.0 - 1.0, 1.0 - p.y / uViewport.y * 2.0, 0.0, 1.0);
    vTexCoord = aPositionTexel.zw / uAtlasSize;
    vColour = aColour;
}
