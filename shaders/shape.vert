#version 330 core
// Anti-aliased strokes and fills in window pixels (origin top left, y down).
layout(location = 0) in vec2 aPosition;
layout(location = 1) in vec4 aColour;
// x: signed distance from the stroke's centre line in pixels; y: the stroke's half width.
layout(location = 2) in vec2 aEdge;

uniform vec2 uViewport;

out vec4 vColour;
out vec2 vEdge;

void main()
{
    vec2 ndc = vec2(aPosition.x / uViewport.x * 2.0 - 1.0, 1.0 - aPosition.y / uViewport.y * 2.0);
    gl_Position = vec4(ndc, 0.0, 1.0);
    vColour = aColour;
    vEdge = aEdge;
}
